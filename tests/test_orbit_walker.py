"""Walker constellations, TLE propagation, visibility, satellite IDs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from sarsat.errors import SarsatError
from sarsat.orbit import TleSet, beidou, galileo, glonass, gps, leo
from sarsat.orbit.ephemeris import CombinedEphemeris, julian_date
from sarsat.orbit.frames import MU_M3_S2, OMEGA_E_RAD_S, geodetic_to_ecef
from sarsat.orbit.satellite_ids import constellation_of, read_satellite_ids
from sarsat.orbit.visibility import azimuth_elevation_deg, elevation_deg, visible

EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)


@pytest.mark.parametrize("make", [galileo, gps, glonass, beidou, leo])
def test_walker_radius_speed_and_velocity(make) -> None:  # type: ignore[no-untyped-def]
    c = make()
    r, v = c.state_ecef(EPOCH, 100.0)
    a = c.semi_major_axis_m
    assert np.allclose(np.linalg.norm(r, axis=-1), a, rtol=1e-12)
    # inertial speed sqrt(mu/a): add back the Earth-rotation term
    v_in = v + OMEGA_E_RAD_S * np.stack([-r[:, 1], r[:, 0], 0 * r[:, 0]], axis=-1)
    assert np.allclose(np.linalg.norm(v_in, axis=-1), np.sqrt(MU_M3_S2 / a), rtol=1e-9)
    r1, _ = c.state_ecef(EPOCH, 99.5)
    r2, _ = c.state_ecef(EPOCH, 100.5)
    assert np.abs((r2 - r1) - v).max() < 1e-2  # m/s, central difference


def test_walker_geometry_planes_and_inclination() -> None:
    g = galileo()
    raan, _ = g.elements_rad
    assert sorted(set(np.round(np.degrees(raan), 6))) == [0.0, 120.0, 240.0]
    r, _ = g.state_ecef(EPOCH, np.arange(0, 14 * 3600, 600.0)[:, None])
    lat_max = np.degrees(np.arcsin(np.abs(r[..., 2]) / np.linalg.norm(r, axis=-1))).max()
    assert 55.0 < lat_max <= 56.0 + 1e-9
    assert [s.sat_id for s in g.satellites][:3] == [401, 402, 403]


def test_each_satellite_at_its_own_time() -> None:
    g = gps()
    t = np.linspace(0, 1000, len(g.satellites))
    r, _ = g.state_ecef(EPOCH, t)
    r_all, _ = g.state_ecef(EPOCH, t[:, None])
    assert np.allclose(r, r_all[np.arange(t.size), np.arange(t.size)])


def test_combined_ephemeris_concatenates() -> None:
    c = CombinedEphemeris([galileo(), gps()])
    r, _ = c.state_ecef(EPOCH, 0.0)
    assert r.shape == (48, 3)
    assert np.allclose(r[24:], gps().state_ecef(EPOCH, 0.0)[0])


def test_julian_date_needs_a_time_zone() -> None:
    assert julian_date(EPOCH) == (2460536.5, 0.5)
    with pytest.raises(SarsatError, match="time zone"):
        julian_date(datetime(2024, 8, 14))


# GSAT0201 elements from the CelesTrak sarsat snapshot of 2024-08-14 (public orbital data).
GSAT0201 = """GSAT0201 (GALILEO 5)
1 40128U 14050A   24226.19143646 -.00000085  00000+0  00000+0 0  9998
2 40128  49.5434 326.5424 1670428  36.1017 331.2290  1.85519418 71624
"""


def test_tle_propagation_is_consistent() -> None:
    t = TleSet.from_text(GSAT0201, {40128: 418})
    assert t.satellites[0].sat_id == 418 and t.satellites[0].constellation == "Galileo"
    r, v = t.state_ecef(EPOCH, np.array([-0.5, 0.0, 0.5])[:, None])
    radius_km = np.linalg.norm(r, axis=-1) / 1e3
    assert np.all((radius_km > 17_000) & (radius_km < 32_000))  # eccentric orbit (e = 0.167)
    assert np.abs((r[2] - r[0]) - v[1]).max() < 0.1  # velocity = d position / dt, m/s


def test_tle_errors() -> None:
    with pytest.raises(SarsatError, match="expected a '1 ' line"):
        TleSet.from_text("NAME\n2 40128  49.5434\n")


def test_tle_snapshot_and_ids(shared_dir: Path) -> None:
    ids = read_satellite_ids(shared_dir / "orbits" / "meosar-satellites.csv")
    assert len(ids) == 64 and all(300 < v < 700 for v in ids.values())
    t = TleSet.from_file(shared_dir / "orbits" / "sarsat-group-2024-08-14.tle", ids)
    meo = [i for i, s in enumerate(t.satellites) if s.sat_id]
    assert len(meo) >= 40
    r, _ = t.select(meo).state_ecef(EPOCH, 0.0)
    assert np.all(np.linalg.norm(r, axis=-1) > 17_000e3)  # MEO (GSAT0201/0202 are eccentric)


def test_constellation_of_ids() -> None:
    assert [constellation_of(i) for i in (301, 418, 502, 633, 7, 901)] == ["GPS", "Galileo", "GLONASS", "BeiDou", "unknown", "unknown"]


def test_visibility() -> None:
    site = geodetic_to_ecef(45.0, 10.0, 0.0)
    zenith = geodetic_to_ecef(45.0, 10.0, 20_000e3)
    assert elevation_deg(site, zenith) == pytest.approx(90.0, abs=1e-9)
    north = geodetic_to_ecef(60.0, 10.0, 20_000e3)
    az, el = azimuth_elevation_deg(site, north)
    assert az == pytest.approx(0.0, abs=1e-6) and 0 < el < 90
    antipode = -site
    assert not visible(site, antipode) and visible(site, zenith)


def test_tle_same_time_path_matches_per_satellite_path(shared_dir: Path) -> None:
    t = TleSet.from_file(shared_dir / "orbits" / "sarsat-group-2024-08-14.tle")
    times = np.array([0.0, 600.0, 3600.0])
    r_same, v_same = t.state_ecef(EPOCH, times[:, None])  # one SatrecArray call
    r_each, v_each = t.state_ecef(EPOCH, np.broadcast_to(times[:, None], (3, len(t.satellites))).copy())  # per satellite
    assert r_same.shape == (3, len(t.satellites), 3)
    assert np.abs(r_same - r_each).max() < 1e-6 and np.abs(v_same - v_each).max() < 1e-9
