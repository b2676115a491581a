"""LEOSAR Doppler: A/B mirror solutions, probabilities, ambiguity, honest ellipse under wander."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest

from sarsat.errors import MeasurementError
from sarsat.locate.crb import crb_r95_m, doppler_crb
from sarsat.locate.doppler import locate_pass, split_passes
from sarsat.orbit import leo
from sarsat.orbit.frames import horizontal_error_m
from sarsat.sim.measurements import (
    BeaconTruth,
    LeoScenario,
    cross_track_point,
    simulate_leosar,
)

EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)


def one_pass(cross_track_m: float, sigma_hz: float = 0.2, wander: float = 0.0, seed: int = 0, t_c: float = 20_000.0):  # type: ignore[no-untyped-def]
    sat = leo()
    lat, lon = cross_track_point(sat, EPOCH, t_c, cross_track_m)
    b = BeaconTruth("LEO", lat, lon, wander_frac=wander, first_burst_s=t_c - 900.0, f0_hz=406.028e6)
    ms, _ = simulate_leosar(LeoScenario(EPOCH, sat, (b,), duration_s=t_c + 900.0, sigma_freq_hz=sigma_hz), seed=seed)
    passes = split_passes(ms)
    assert len(passes) == 1
    return passes[0], b


def err(lat: float, lon: float, b: BeaconTruth) -> float:
    return float(np.hypot(*horizontal_error_m(lat, lon, b.lat_deg, b.lon_deg)))


@pytest.mark.parametrize("cross_track_m", [300e3, -800e3, 1500e3])
def test_pass_gives_the_true_side_and_its_mirror(cross_track_m: float) -> None:
    ms, b = one_pass(cross_track_m, sigma_hz=0.01)
    sol = locate_pass(ms, wander_frac=0.0)
    a, mirror = sol.sides
    assert err(a.lat_deg, a.lon_deg, b) < 50.0
    assert err(mirror.lat_deg, mirror.lon_deg, b) > abs(cross_track_m)  # the other side of the track
    assert a.probability > 0.999 and sol.ambiguity_resolved
    assert sol.f0_hz == pytest.approx(406.028e6, abs=0.05)


def test_ambiguity_not_resolved_when_the_test_has_no_power() -> None:
    # near the track with a badly wandering oscillator: both sides fit about equally well
    ms, _ = one_pass(30e3, sigma_hz=1.5, wander=3e-9, seed=1)
    sol = locate_pass(ms, wander_frac=3e-9, min_probability=0.999999)
    assert len(sol.sides) == 2 and not sol.ambiguity_resolved
    assert any("AMBIGUITY IS NOT RESOLVED" in w for w in sol.warnings)
    assert sol.sides[0].probability + sol.sides[1].probability == pytest.approx(1.0)


def test_wander_model_keeps_the_ellipse_honest() -> None:
    hits_model, hits_white = 0, 0
    for seed in range(12):
        ms, b = one_pass(600e3, wander=3e-9, seed=seed, t_c=20_000.0 + 7000 * seed)
        for wander in (3e-9, 0.0):
            sol = locate_pass(ms, wander_frac=wander)
            ee = horizontal_error_m(sol.lat_deg, sol.lon_deg, b.lat_deg, b.lon_deg)
            inside = float(ee @ np.linalg.solve(np.array(sol.cov_en_m2), ee)) <= 5.991
            if wander:
                hits_model += inside
            else:
                hits_white += inside
    assert hits_model >= 10  # ~95 % of 12
    assert hits_model > hits_white


def test_crb_of_a_pass_matches_the_reported_covariance() -> None:
    ms, b = one_pass(500e3, sigma_hz=0.2)
    sol = locate_pass(ms, wander_frac=0.0)
    crb = crb_r95_m(doppler_crb(ms, b.lat_deg, b.lon_deg, b.f0_hz))
    inflation = np.sqrt(max(1.0, sol.chi2 / sol.dof))  # reported covariance inflated by chi2/dof
    assert sol.ehe_m == pytest.approx(crb * inflation, rel=0.1)
    assert 20.0 < crb < 500.0  # location note §3.6: 0.05 km 1-sigma at 500 km


def test_bad_passes() -> None:
    ms, _ = one_pass(500e3)
    with pytest.raises(MeasurementError, match=">= 4 bursts"):
        locate_pass(ms[:3])
    with pytest.raises(MeasurementError, match="one beacon seen by one satellite"):
        locate_pass(ms[:4] + [dataclasses.replace(ms[5], sat_id=99)])
    with pytest.raises(MeasurementError, match="share a time"):
        locate_pass(ms[:4] + [ms[0]])


def test_frequency_outside_the_band_is_rejected() -> None:
    ms, _ = one_pass(500e3)
    sol = locate_pass([dataclasses.replace(m, freq_hz=m.freq_hz + 100e3) for m in ms])
    assert not sol.valid and any("outside 406.0-406.1 MHz" in w for w in sol.warnings)
