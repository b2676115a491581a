"""MEOSAR multi-burst window: joint batch, thin bursts, moving beacons."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest

from sarsat.errors import MeasurementError
from sarsat.locate.crb import crb_r95_m, meosar_crb
from sarsat.locate.window import locate_window
from sarsat.orbit import galileo
from sarsat.orbit.frames import horizontal_error_m
from sarsat.sim.measurements import BeaconTruth, MeoScenario, simulate_meosar
from sarsat.sim.noise import FGB_FIXED, NoiseModel

EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)
QUIET = NoiseModel("fgb", 1e-9, 1e-3)


def window(k: int = 4, noise: NoiseModel = QUIET, speed_mps: float = 0.0, seed: int = 0, drift: float = 0.0):  # type: ignore[no-untyped-def]
    b = BeaconTruth("WIN", 47.0, 8.0, velocity_en_mps=(speed_mps, 0.0), drift_hz_per_s=drift)
    return simulate_meosar(MeoScenario(EPOCH, galileo(), (b,), max_sats=k, noise=noise, duration_s=600.0), seed=seed)


def mid_truth(truth):  # type: ignore[no-untyped-def]
    t_mid = 0.5 * (truth[0].t_emit_s + truth[-1].t_emit_s)
    return min(truth, key=lambda t: abs(t.t_emit_s - t_mid))


def err(sol, t) -> float:  # type: ignore[no-untyped-def]
    return float(np.hypot(*horizontal_error_m(sol.lat_deg, sol.lon_deg, t.lat_deg, t.lon_deg)))


def test_noise_free_window_with_drift() -> None:
    ms, truth = window(4, drift=2e-3)
    sol = locate_window(ms)
    assert sol.mode == "window" and sol.n_bursts == len(truth) >= 11
    assert err(sol, truth[0]) < 2.0
    assert sol.f0_hz == pytest.approx(truth[0].f_emit_hz + 2e-3 * 0.5 * (truth[-1].t_emit_s - truth[0].t_emit_s), abs=0.05)
    assert sol.valid and sol.velocity_en_mps is None


def test_window_beats_single_bursts_and_respects_its_crb() -> None:
    ms, truth = window(4, FGB_FIXED, seed=5)
    sol = locate_window(ms)
    crb = crb_r95_m(meosar_crb(ms, truth[0].lat_deg, truth[0].lon_deg, truth[0].f_emit_hz))
    single = crb_r95_m(meosar_crb([m for m in ms if m.burst_index == 0], truth[0].lat_deg, truth[0].lon_deg, truth[0].f_emit_hz))
    assert crb < 0.5 * single
    assert err(sol, truth[0]) < 2 * crb and sol.ehe_m == pytest.approx(crb, rel=0.2)


def test_bursts_through_one_or_two_satellites_still_count() -> None:
    ms, truth = window(4)
    # keep 2 satellites for every burst, 4 only for the first: a 2-satellite burst cannot fix alone
    first = [m for m in ms if m.burst_index == 0]
    thin = [m for m in ms if m.burst_index > 0 and m.sat_id in {first[0].sat_id, first[1].sat_id}]
    sol = locate_window(first + thin)
    assert err(sol, truth[0]) < 20.0
    full = locate_window(first)
    assert sol.ehe_m < full.ehe_m


def test_moving_beacon_gets_a_velocity_or_a_warning() -> None:
    ms, truth = window(5, FGB_FIXED, speed_mps=1.0, seed=2)
    sol = locate_window(ms)
    assert sol.velocity_en_mps is not None and any("moving" in w for w in sol.warnings)
    assert sol.velocity_en_mps[0] == pytest.approx(1.0, abs=0.3)
    assert err(sol, mid_truth(truth)) < sol.ehe_m * 1.5
    static = locate_window(ms, velocity="never")
    assert not static.valid or err(static, mid_truth(truth)) < static.ehe_m


def test_window_exclusion_of_a_biased_satellite() -> None:
    ms, _ = window(6, FGB_FIXED, seed=4)
    bad = ms[0].sat_id
    ms = [dataclasses.replace(m, toa_s=m.toa_s + 200e-6) if m.sat_id == bad else m for m in ms]
    sol = locate_window(ms, velocity="never")
    assert sol.excluded_sat_ids == (bad,) and sol.valid


def test_window_needs_enough_channels() -> None:
    ms, _ = window(4)
    one_sat = [m for m in ms if m.sat_id == ms[0].sat_id]
    with pytest.raises(MeasurementError, match="cannot fix"):
        locate_window(one_sat)
    with pytest.raises(MeasurementError, match="velocity must be"):
        locate_window(ms, velocity="sometimes")


def test_auto_mode_prefers_exclusion_over_a_fake_velocity() -> None:
    # a constant FOA bias on one satellite can be partly absorbed by a velocity; the exclusion
    # hypothesis leaves the more plausible residuals and must win
    ms, truth = window(6, FGB_FIXED, seed=41)
    bad = ms[1].sat_id
    ms = [dataclasses.replace(m, foa_hz=m.foa_hz + 3.0) if m.sat_id == bad else m for m in ms]
    sol = locate_window(ms)
    assert sol.excluded_sat_ids == (bad,) and sol.velocity_en_mps is None
    assert err(sol, truth[0]) < sol.ehe_m * 1.5
