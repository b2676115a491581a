"""WGS-84 frames: geodetic <-> ECEF, ENU, GMST, TEME -> ECEF."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sarsat.orbit.frames import (
    A_M,
    B_M,
    ecef_to_geodetic,
    enu_basis,
    geodetic_to_ecef,
    gmst_rad,
    horizontal_error_m,
    surface_distance_m,
)


@given(st.floats(-90, 90), st.floats(-180, 180, exclude_max=True), st.floats(-5000, 4e7))
def test_geodetic_ecef_round_trip(lat_deg: float, lon_deg: float, h_m: float) -> None:
    lat2, lon2, h2 = ecef_to_geodetic(geodetic_to_ecef(lat_deg, lon_deg, h_m))
    assert abs(float(lat2) - lat_deg) < 1e-9
    assert abs(float(h2) - h_m) < 1e-4
    if abs(lat_deg) < 89.999:
        assert abs((float(lon2) - lon_deg + 180) % 360 - 180) < 1e-9


@pytest.mark.parametrize(("lat", "lon", "xyz"), [(0, 0, (A_M, 0, 0)), (0, 90, (0, A_M, 0)), (90, 0, (0, 0, B_M)), (-90, 0, (0, 0, -B_M))])
def test_defining_points(lat: float, lon: float, xyz: tuple[float, float, float]) -> None:
    assert np.allclose(geodetic_to_ecef(lat, lon, 0.0), xyz, atol=1e-6)


def test_enu_is_orthonormal_and_up_is_the_normal() -> None:
    b = enu_basis([10.0, -60.0], [20.0, 170.0])
    assert np.allclose(b @ np.swapaxes(b, -1, -2), np.eye(3), atol=1e-12)
    # up is the ellipsoid normal: a 1 m step along it changes only the height
    lat, _, h = ecef_to_geodetic(geodetic_to_ecef(-60.0, 170.0, 0.0) + b[1, 2])
    assert abs(float(h) - 1.0) < 1e-6 and abs(float(lat) + 60.0) < 1e-10


def test_horizontal_error_of_a_north_step() -> None:
    # 0.01 deg of latitude at 45 deg is 1111.5 m on WGS-84 (meridian radius 6 367 381 m)
    e = horizontal_error_m(45.01, 3.0, 45.0, 3.0)
    assert abs(e[0]) < 1e-6 and e[1] == pytest.approx(1111.35, abs=0.5)
    assert surface_distance_m(45.01, 3.0, 45.0, 3.0) == pytest.approx(1111.95, abs=1.0)


def test_gmst_at_j2000() -> None:
    # GMST at 2000-01-01 12:00 UT1 is 280.46061837 deg (Vallado 2013, eq. 3-47 at T = 0)
    assert np.degrees(gmst_rad(2451545.0, 0.0)) == pytest.approx(280.46061837, abs=1e-6)
