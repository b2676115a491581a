"""Discriminator-audio receiver on synthetic FM-discriminator output."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal
from signal_helpers import capture, random_frame

from sarsat.signal.audio import demodulate_audio

FS_HZ = 22_050.0


def discriminator(x: np.ndarray, fs_hz: float, deemphasis: bool) -> np.ndarray:
    """An FM receiver's audio: phase difference per sample, 3 kHz low-pass; with
    ``deemphasis`` a 300 Hz one-pole integrator turns the pulses into phase-like levels."""
    a = np.angle(x[1:] * np.conj(x[:-1]))
    b, c = signal.butter(4, 3000, fs=fs_hz)
    a = signal.lfilter(b, c, a)
    if deemphasis:
        p = np.exp(-2 * np.pi * 300 / fs_hz)
        a = signal.lfilter([1 - p], [1, -p], a)
    return (a / np.max(np.abs(a)) * 0.5).astype(np.float32)


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), deemphasis=st.booleans(), polarity=st.sampled_from([1, -1]),
       short=st.booleans(), self_test=st.booleans())
def test_audio_round_trip(seed: int, deemphasis: bool, polarity: int, short: bool, self_test: bool) -> None:
    rng = np.random.default_rng(seed)
    hx = random_frame(rng, short=short, self_test=self_test)
    x = capture([(hx, 0.3, 150.0)], FS_HZ, 1.0, 50.0, rng, polarity=polarity,
                bit_rate_bps=float(rng.uniform(396, 404)))
    bursts = demodulate_audio(discriminator(x, FS_HZ, deemphasis), FS_HZ)
    assert len(bursts) == 1
    b = bursts[0]
    assert b.message.message_hex[:20] == hx[6:26]  # bits 25-104: BCH-1 protected part
    assert b.sync == ("self_test" if self_test else "normal")
    assert b.time_s == pytest.approx(0.46, abs=1e-3)  # the audio filters delay it a little
    assert b.frequency_hz is None and b.cn0_dbhz is None


def test_noise_audio_gives_nothing() -> None:
    rng = np.random.default_rng(0)
    assert demodulate_audio(rng.standard_normal(int(5 * FS_HZ)).astype(np.float32), FS_HZ) == []
    assert demodulate_audio(np.zeros(1000, np.float32), FS_HZ) == []
