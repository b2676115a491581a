"""Measurement-level simulator: reproducibility, geometry, noise model."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from sarsat.orbit import galileo
from sarsat.orbit.frames import C_M_S, geodetic_to_ecef
from sarsat.orbit.visibility import elevation_deg
from sarsat.sim.measurements import (
    BeaconTruth,
    MeoScenario,
    random_beacons,
    simulate_meosar,
)
from sarsat.sim.noise import FGB_FIXED, SGB_CN0_35, fgb_sigmas, sgb_sigmas

EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)


def scenario(noise=FGB_FIXED, duration_s: float = 300.0) -> MeoScenario:  # type: ignore[no-untyped-def]
    return MeoScenario(EPOCH, galileo(), (BeaconTruth("S", 45.0, 5.0, f0_hz=406.037e6),), max_sats=5, noise=noise, duration_s=duration_s)


def test_same_seed_same_measurements_other_seed_other_noise() -> None:
    a, _ = simulate_meosar(scenario(), seed=3)
    b, _ = simulate_meosar(scenario(), seed=3)
    c, _ = simulate_meosar(scenario(), seed=4)
    assert a == b
    assert [m.toa_s for m in a] != [m.toa_s for m in c]


def test_toa_is_the_light_time_to_the_relaying_satellite() -> None:
    ms, truth = simulate_meosar(scenario(noise=SGB_CN0_35), seed=1)
    rb = geodetic_to_ecef(45.0, 5.0, 0.0)
    for m in ms:
        t = truth[m.burst_index]
        dt_s = (m.epoch_utc - EPOCH).total_seconds() + m.toa_s - t.t_emit_s
        rho_m = np.linalg.norm(np.array(m.sat_pos_m) - rb)
        assert abs(dt_s - rho_m / C_M_S) < 0.3e-6 + 6 * m.sigma_toa_s  # Sagnac <= 0.15 us
        assert abs(m.foa_hz - 406.037e6) < 406.037e6 * 4e3 / C_M_S  # |range rate| < 4 km/s
        assert elevation_deg(rb, np.array(m.sat_pos_m)) >= 5.0 - 0.01
        assert m.cn0_dbhz is not None and 35.0 <= m.cn0_dbhz <= 45.0


def test_bursts_every_50_s_with_jitter_and_at_most_k_satellites() -> None:
    _, truth = simulate_meosar(scenario(duration_s=600.0), seed=0)
    gaps = np.diff([t.t_emit_s for t in truth])
    assert np.all((gaps >= 47.5) & (gaps <= 52.5)) and len(truth) >= 11
    for t in truth:
        assert 3 <= len(t.sat_ids) <= 5


@pytest.mark.parametrize(("cn0", "fgb_toa_us", "fgb_foa_mhz", "sgb_toa_ns", "sgb_foa_mhz"), [(35, 4.8, 26, 104, 9.8), (40, 2.7, 15, 59, 5.5), (45, 1.5, 8, 33, 3.1)])
def test_noise_matches_the_reference_table(cn0: float, fgb_toa_us: float, fgb_foa_mhz: float, sgb_toa_ns: float, sgb_foa_mhz: float) -> None:
    # location note §4.3 table
    st, sf = fgb_sigmas(cn0)
    assert st * 1e6 == pytest.approx(fgb_toa_us, rel=0.05) and sf * 1e3 == pytest.approx(fgb_foa_mhz, rel=0.05)
    st, sf = sgb_sigmas(cn0)
    assert st * 1e9 == pytest.approx(sgb_toa_ns, rel=0.05) and sf * 1e3 == pytest.approx(sgb_foa_mhz, rel=0.05)


def test_random_beacons_stay_within_the_radius() -> None:
    from sarsat.orbit.frames import surface_distance_m

    bs = random_beacons(np.random.default_rng(0), 200, 43.56, 1.48, 3000e3)
    d = surface_distance_m([b.lat_deg for b in bs], [b.lon_deg for b in bs], 43.56, 1.48)
    assert d.max() <= 3000e3 + 1 and d.min() < 1000e3
    assert all(406.0e6 < b.f0_hz < 406.1e6 for b in bs)
