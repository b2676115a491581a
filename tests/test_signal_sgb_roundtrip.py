"""SGB round trips: modulator → channel (offset, Doppler, chip-rate error, AWGN) → demodulator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarsat.beacon.sgb import bch_encode
from sarsat.errors import SignalError
from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.sgb_demod import SgbConfig, demodulate_sgb
from sarsat.signal.sgb_modulator import modulate_sgb

FS_HZ = 250_000.0


def burst_capture(cw: int, mode: str, start_s: float, f_hz: float, cn0_dbhz: float,
                  rng: np.random.Generator, *, rate_hz_s: float = 0.0,
                  chip_rate_hz: float = 38_400.0, duration_s: float = 1.2,
                  fs_hz: float = FS_HZ) -> np.ndarray:
    """One burst, first I chip at ``start_s``, carrier ``f_hz`` at the burst middle."""
    b = modulate_sgb(cw, fs_hz, mode=mode, chip_rate_hz=chip_rate_hz)
    i0 = round(start_s * fs_hz)
    em = Emission(b, i0, f_hz, rate_hz_s, float(rng.uniform(0, 2 * np.pi)),
                  t_ref_s=i0 / fs_hz + 0.5)
    return compose(round(duration_s * fs_hz), fs_hz, [em], n0_for(cn0_dbhz), rng)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(info=st.integers(0, 2**202 - 1), f_hz=st.floats(-1200.0, 1200.0),
       self_test=st.booleans(), seed=st.integers(0, 2**31))
def test_random_messages_and_offsets_decode_exactly(info: int, f_hz: float, self_test: bool,
                                                    seed: int) -> None:
    rng = np.random.default_rng(seed)
    cw = bch_encode(info)
    mode = "self_test" if self_test else "normal"
    start_s = 0.05 + rng.uniform(0, 0.01)
    chip_rate = 38_400.0 + rng.uniform(-0.6, 0.6)  # T.018 §2.3.1.2 tolerance
    x = burst_capture(cw, mode, start_s, f_hz, 40.0, rng, chip_rate_hz=chip_rate)
    (b,) = demodulate_sgb(x, FS_HZ, start_range_s=(0.0, 0.1))
    assert int(b.bits_hex, 16) & ((1 << 250) - 1) == cw
    assert int(b.bits_hex, 16) >> 250 == (0b10 if self_test else 0)  # 63-hex pad, as encoded
    assert b.sync == mode and b.message.self_test is self_test
    assert b.message.bch["bch"].valid
    t_true = round(start_s * FS_HZ) / FS_HZ
    assert b.time_s == pytest.approx(t_true, abs=1e-6)          # sub-microsecond at 40 dB-Hz
    assert b.extra["time_mid_s"] == pytest.approx(t_true + 19_200 / chip_rate, abs=0.3e-6)
    assert b.frequency_hz == pytest.approx(f_hz, abs=0.1)
    assert b.cn0_dbhz == pytest.approx(40.0, abs=1.5)


def test_leo_doppler_offset_and_rate() -> None:
    """LEO: ~8 kHz Doppler falling at 60 Hz/s; chip rate scaled by the same Doppler factor."""
    rng = np.random.default_rng(7)
    cw = bch_encode(int(rng.integers(0, 2**62)) << 140 | 0xABCDEF)
    f_hz = 1000.0 + 8000.0
    chip_rate = 38_400.0 * (1 + 8000.0 / 406.05e6)
    x = burst_capture(cw, "normal", 0.02, f_hz, 36.0, rng, rate_hz_s=-60.0,
                      chip_rate_hz=chip_rate)
    cfg = SgbConfig(center_hz=9000.0, span_hz=1500.0)
    (b,) = demodulate_sgb(x, FS_HZ, cfg, start_range_s=(0.0, 0.05))
    assert int(b.bits_hex, 16) == cw
    assert b.frequency_hz == pytest.approx(f_hz, abs=0.2)
    assert b.frequency_rate_hz_s == pytest.approx(-60.0, abs=1.0)
    assert b.extra["chip_rate_hz"] == pytest.approx(chip_rate, abs=0.05)


def test_bit_errors_are_corrected_at_low_cn0() -> None:
    """At 30 dB-Hz a burst decodes, the BCH (t = 6) mending what the bits got wrong."""
    rng = np.random.default_rng(11)
    cw = bch_encode(int(rng.integers(0, 2**62)) << 100)
    x = burst_capture(cw, "normal", 0.04, -700.0, 30.0, rng)
    (b,) = demodulate_sgb(x, FS_HZ, start_range_s=(0.0, 0.08))
    raw = int(b.bits_hex, 16)
    assert bin(raw ^ cw).count("1") == b.message.bch["bch"].errors_corrected
    assert b.message.bch["bch"].valid


def test_noise_alone_gives_no_burst() -> None:
    rng = np.random.default_rng(3)
    x = compose(round(0.8 * FS_HZ), FS_HZ, [], n0_for(30.0), rng)
    assert demodulate_sgb(x, FS_HZ) == []


def test_too_low_sample_rate_is_a_signal_error() -> None:
    with pytest.raises(SignalError, match="too low for second-generation"):
        demodulate_sgb(np.zeros(48_000, np.complex64), 48_000.0)
