"""SGB acquisition (``sarsat.signal.sgb_acquire``): the screen + confirm search against the
truth (code phase, carrier, mode, statistic) and its noise statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarsat.beacon.sgb import bch_encode
from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.sgb_acquire import (
    ACQ_RATE_HZ,
    PREAMBLE_SAMPLES,
    SEGMENTS,
    acquire,
    search,
    to_acquisition_rate,
)
from sarsat.signal.sgb_modulator import modulate_sgb
from sarsat.signal.sgb_prn import CHIP_RATE_HZ

FS_HZ = 153_600.0  #: the receiver's working rate: no resampling before the acquisition


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frac=st.floats(0.0, 1.0, exclude_max=True), f_hz=st.floats(-1450.0, 1450.0),
       self_test=st.booleans(), seed=st.integers(0, 2**31))
def test_burst_found_at_its_code_phase_carrier_and_mode(frac: float, f_hz: float, self_test: bool,
                                                        seed: int) -> None:
    """Any start (a fraction of a chip included) and carrier within the span: the candidate is
    within ¼ chip and 5 Hz of the truth, in the right mode, and its statistic loses at most
    3.5 dB against the ideal 2 + C/N0 × 0.1667 s: up to 1.3 dB for a carrier 1.45 kHz off (the
    208 µs blocks), 0.9 dB between carrier bins, 0.6 dB for a code phase ⅛ chip from the
    nearest searched one, 0.1 dB of chip filter, and the noise of the statistic itself."""
    rng = np.random.default_rng(seed)
    mode = "self_test" if self_test else "normal"
    start_s = 0.02 + frac / CHIP_RATE_HZ
    cn0 = 35.0
    i0 = int(np.floor(start_s * FS_HZ + 1e-6))  # whole samples, then the fraction in the burst
    b = modulate_sgb(bch_encode(int(rng.integers(0, 2**62))), FS_HZ, mode=mode,
                     start_s=max(0.0, start_s - i0 / FS_HZ))
    x = compose(round(0.4 * FS_HZ), FS_HZ, [Emission(b, i0, f_hz, 0.0, float(rng.uniform(0, 6.3)))],
                n0_for(cn0), rng)
    cands = acquire(to_acquisition_rate(x), start_range_s=(0.0, 0.05))
    assert len(cands) == 1
    (c,) = cands
    assert c.mode == mode
    # on a grid of half samples at 76.8 kHz (¼ chip): the nearer point, or with noise near the
    # middle between two, the other one
    assert abs(c.start_s - start_s) * CHIP_RATE_HZ <= 0.25 + 1e-6
    assert c.frequency_hz == pytest.approx(f_hz, abs=5.0)
    ideal = SEGMENTS + 10 ** (cn0 / 10) * PREAMBLE_SAMPLES / ACQ_RATE_HZ
    assert ideal * 10 ** (-3.5 / 10) <= c.score <= ideal * 1.3


def test_noise_statistic_is_screened_and_below_its_gamma_model() -> None:
    """2 s of noise: the screen lets few code phases through to the confirm, and the confirmed
    statistic's tail stays at or below the exhaustive Gamma(2) model (every code phase, both
    PRN pairs, both sub-sample phases, every kept carrier bin)."""
    rng = np.random.default_rng(3)
    n = round(2.0 * ACQ_RATE_HZ) + PREAMBLE_SAMPLES
    a = ((rng.standard_normal(n) + 1j * rng.standard_normal(n)) * math.sqrt(0.5)).astype(np.complex64)
    best, _, _, _ = search(a, 1500.0)
    assert len(best) == n - PREAMBLE_SAMPLES + 1
    confirmed = np.count_nonzero(best)
    assert 0 < confirmed < 0.05 * len(best)
    n_bins = int(np.sum(np.abs(np.fft.fftfreq(512, 1 / 4800.0)) <= 1500.0))
    cells = 2 * 2 * n_bins
    for x in (14.0, 18.0):
        model = len(best) * (1 - (1 - (1 + x) * math.exp(-x)) ** cells)
        assert np.count_nonzero(best > x) <= 1.5 * model + 3
    assert best.max() < 28.0  # the default threshold: no candidate in 2 s of noise


def test_short_input_gives_empty_arrays() -> None:
    best, best_f, best_m, best_h = search(np.zeros(PREAMBLE_SAMPLES - 1, np.complex64))
    assert len(best) == len(best_f) == len(best_m) == len(best_h) == 0
    assert acquire(np.zeros(100, np.complex64)) == []
