"""MEOSAR single-burst location: exactness on noise-free data, robustness, integrity, honesty."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from sarsat.errors import MeasurementError
from sarsat.locate.crb import crb_r95_m, meosar_crb
from sarsat.locate.meosar import Calibration, locate_burst, locate_bursts
from sarsat.locate.quality import nees
from sarsat.orbit import galileo, gps
from sarsat.orbit.frames import horizontal_error_m
from sarsat.sim.measurements import BeaconTruth, MeoScenario, simulate_meosar
from sarsat.sim.noise import FGB_FIXED, SGB_FIXED, NoiseModel

EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)
QUIET = NoiseModel("fgb", 1e-9, 1e-3)  # nearly noise-free: 0.3 m, 1 mHz


def burst(lat: float, lon: float, k: int = 4, noise: NoiseModel = QUIET, seed: int = 0, hours: float = 0.0, **kw):  # type: ignore[no-untyped-def]
    b = BeaconTruth("TEST", lat, lon, f0_hz=406.04e6, alt_m=kw.pop("alt_m", 0.0))
    scn = MeoScenario(EPOCH + timedelta(hours=hours), kw.pop("eph", galileo()), (b,), max_sats=k, noise=noise, **kw)
    ms, truth = simulate_meosar(scn, seed=seed)
    return ms, truth[0]


def error_m(sol, truth) -> float:  # type: ignore[no-untyped-def]
    return float(np.hypot(*horizontal_error_m(sol.lat_deg, sol.lon_deg, truth.lat_deg, truth.lon_deg)))


@pytest.mark.parametrize(("lat", "lon", "k"), [(43.6, 1.5, 4), (60.0, 25.0, 6), (20.0, -20.0, 5), (30.0, 20.0, 3)])
def test_noise_free_burst_recovers_the_truth(lat: float, lon: float, k: int) -> None:
    ms, truth = burst(lat, lon, k)
    sol = locate_burst(ms)
    crb = crb_r95_m(meosar_crb(ms, truth.lat_deg, truth.lon_deg, truth.f_emit_hz))
    assert crb < 10.0 and error_m(sol, truth) < crb
    assert sol.f0_hz == pytest.approx(406.04e6, abs=0.01)
    assert sol.time_utc is not None and abs((sol.time_utc - EPOCH).total_seconds() - truth.t_emit_s) < 1e-7
    assert sol.valid and sol.n_sat == k and sol.mode == "single"


@pytest.mark.parametrize("hours", [0.0, 3.0, 7.0, 11.0, 17.0])
def test_three_satellite_sgb_never_lands_in_a_false_minimum(hours: float) -> None:
    # TOA-dominated 3-satellite geometry: the hyperbolae cross twice; the grid + closed-form
    # t0/f0 start must pick the true crossing (never thousands of km away)
    for lat, lon in [(50.0, 10.0), (35.0, -10.0), (60.0, 30.0)]:
        ms, truth = burst(lat, lon, 3, SGB_FIXED, seed=int(hours), hours=hours)
        sol = locate_burst(ms)
        assert error_m(sol, truth) < 5 * crb_r95_m(meosar_crb(ms, truth.lat_deg, truth.lon_deg, truth.f_emit_hz))


def test_batch_equals_one_by_one() -> None:
    bursts = [burst(40 + i, 5.0 + 3 * i, 4, FGB_FIXED, seed=i)[0] for i in range(4)]
    one = [locate_burst(b) for b in bursts]
    many = locate_bursts(bursts)
    for a, b in zip(one, many, strict=True):
        assert a.lat_deg == pytest.approx(b.lat_deg, abs=1e-9) and a.ehe_m == pytest.approx(b.ehe_m)


def test_calibration_removes_satellite_biases() -> None:
    b = BeaconTruth("CAL", 45.0, 5.0)
    biases_s = {401: 20e-6, 402: -15e-6, 415: 8e-6, 416: 30e-6, 403: 5e-6, 414: -9e-6}
    offsets_hz = {sid: 0.5 * (i + 1) for i, sid in enumerate(biases_s)}
    scn = MeoScenario(EPOCH, galileo(), (b,), max_sats=5, noise=QUIET, sat_delay_s=biases_s, sat_freq_offset_hz=offsets_hz)
    ms, truth = simulate_meosar(scn)
    raw = locate_burst(ms)
    fixed = locate_burst(ms, calibration=Calibration(biases_s, offsets_hz))
    assert error_m(fixed, truth[0]) < 5.0
    assert error_m(raw, truth[0]) > 100.0


def test_three_d_elt_dt_altitude() -> None:
    ms, truth = burst(45.0, 5.0, 6, alt_m=10_000.0)
    sol = locate_burst(ms, three_d=True)
    assert sol.alt_m == pytest.approx(10_000.0, abs=20.0) and error_m(sol, truth) < 5.0
    with pytest.raises(MeasurementError, match="needs >= 4"):
        locate_burst(burst(45.0, 5.0, 3)[0], three_d=True)


def test_corrupted_channel_is_excluded() -> None:
    ms, truth = burst(45.0, 5.0, 6, FGB_FIXED, seed=3)
    bad = ms[2].sat_id
    ms = [dataclasses.replace(m, foa_hz=m.foa_hz + 3.0) if m.sat_id == bad else m for m in ms]
    sol = locate_burst(ms)
    assert sol.excluded_sat_ids == (bad,)
    assert sol.valid and any("excluded" in w for w in sol.warnings)
    assert error_m(sol, truth) < 10e3


def test_inconsistent_burst_is_flagged_when_it_cannot_be_repaired() -> None:
    ms, _ = burst(45.0, 5.0, 4, FGB_FIXED, seed=3)  # 4 satellites: detection but no exclusion
    ms = [dataclasses.replace(m, toa_s=m.toa_s + 500e-6) if m.sat_id == ms[0].sat_id else m for m in ms]
    sol = locate_burst(ms)
    assert not sol.valid and any("integrity" in w for w in sol.warnings)


def test_frequency_outside_the_band_is_rejected() -> None:
    ms, _ = burst(45.0, 5.0, 4)
    ms = [dataclasses.replace(m, foa_hz=m.foa_hz + 200e3) for m in ms]
    sol = locate_burst(ms)
    assert not sol.valid and any("outside 406.0-406.1 MHz" in w for w in sol.warnings)


def test_bad_inputs() -> None:
    ms, _ = burst(45.0, 5.0, 4)
    with pytest.raises(MeasurementError, match="independent location needs >= 3"):
        locate_burst(ms[:2])
    with pytest.raises(MeasurementError, match="appears twice"):
        locate_burst(ms + [ms[0]])
    with pytest.raises(MeasurementError, match="several beacons"):
        locate_burst(ms[:3] + [dataclasses.replace(ms[3], beacon_id="OTHER")])
    with pytest.raises(MeasurementError, match="no measurements"):
        locate_bursts([[]])


def test_reported_covariance_is_honest_on_a_small_sample() -> None:
    # 120 noisy FGB bursts through 4 Galileo satellites, one geometry: NEES ~ chi2(2)
    ms0, truth = burst(48.0, 12.0, 4, NoiseModel("fgb", 1e-12, 1e-6), seed=0)
    rng = np.random.default_rng(7)
    bursts = []
    for _ in range(120):
        bursts.append([dataclasses.replace(m, toa_s=m.toa_s + rng.normal(0, 15e-6), foa_hz=m.foa_hz + rng.normal(0, 0.15), sigma_toa_s=15e-6, sigma_foa_hz=0.15) for m in ms0])
    ms0 = bursts[0]
    sols = locate_bursts(bursts)
    e = np.array([horizontal_error_m(s.lat_deg, s.lon_deg, truth.lat_deg, truth.lon_deg) for s in sols])
    ne = nees(e, np.array([s.cov_en_m2 for s in sols]))
    assert 1.5 < ne.mean() < 2.6  # E[chi2(2)] = 2; 120 samples: sd of the mean ~ 0.18
    crb = crb_r95_m(meosar_crb(ms0, truth.lat_deg, truth.lon_deg, truth.f_emit_hz))
    r95 = np.percentile(np.hypot(e[:, 0], e[:, 1]), 95)
    assert 0.7 < r95 / crb < 1.4


def test_other_constellation() -> None:
    ms, truth = burst(-30.0, 140.0, 5, eph=gps(), lut_lat_deg=-35.0, lut_lon_deg=149.0)
    assert error_m(locate_burst(ms), truth) < 5.0
