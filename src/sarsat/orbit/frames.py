"""WGS-84 frames: geodetic <-> ECEF, local east/north/up, TEME -> ECEF, Earth rotation.

Arrays of 3-vectors keep xyz on the last axis, ``(..., 3)``. Angles are degrees at the
interface; heights and coordinates in metres.

>>> import numpy as np
>>> xyz = geodetic_to_ecef(0.0, 0.0, 0.0)
>>> float(xyz[0])
6378137.0
>>> [round(float(v), 9) for v in ecef_to_geodetic(xyz)]
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

# WGS-84 defining constants (NIMA TR8350.2, table 3.1) and derived values.
A_M = 6378137.0
F = 1.0 / 298.257223563
B_M = A_M * (1.0 - F)
E2 = F * (2.0 - F)
EP2 = E2 / (1.0 - E2)
OMEGA_E_RAD_S = 7.292115e-5  # Earth rotation rate (WGS-84)
C_M_S = 299_792_458.0
MU_M3_S2 = 3.986004418e14  # WGS-84 GM

F64 = NDArray[np.float64]


def geodetic_to_ecef(lat_deg: ArrayLike, lon_deg: ArrayLike, h_m: ArrayLike = 0.0) -> F64:
    """WGS-84 geodetic latitude/longitude (deg) and ellipsoidal height (m) -> ECEF (..., 3) m."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(h_m, dtype=np.float64)
    sl, cl = np.sin(lat), np.cos(lat)
    n = A_M / np.sqrt(1.0 - E2 * sl * sl)  # prime-vertical radius of curvature
    x = (n + h) * cl * np.cos(lon)
    y = (n + h) * cl * np.sin(lon)
    z = (n * (1.0 - E2) + h) * sl
    return np.stack(np.broadcast_arrays(x, y, z), axis=-1)


def ecef_to_geodetic(xyz_m: ArrayLike) -> tuple[F64, F64, F64]:
    """ECEF (..., 3) m -> (lat_deg, lon_deg, h_m) on WGS-84.

    Bowring's parametric-latitude start, then three fixed-point refinements: far below
    a micrometre anywhere from the Earth's centre region (> 1 km) to beyond GEO.
    """
    p_xyz = np.asarray(xyz_m, dtype=np.float64)
    x, y, z = p_xyz[..., 0], p_xyz[..., 1], p_xyz[..., 2]
    p = np.hypot(x, y)
    lon = np.arctan2(y, x)
    beta = np.arctan2(z * A_M, p * B_M)  # Bowring 1976 start
    lat = np.arctan2(z + EP2 * B_M * np.sin(beta) ** 3, p - E2 * A_M * np.cos(beta) ** 3)
    for _ in range(3):
        beta = np.arctan2((1.0 - F) * np.sin(lat), np.cos(lat))
        lat = np.arctan2(z + EP2 * B_M * np.sin(beta) ** 3, p - E2 * A_M * np.cos(beta) ** 3)
    sl, cl = np.sin(lat), np.cos(lat)
    n = A_M / np.sqrt(1.0 - E2 * sl * sl)
    # height along the normal; the two forms are each well conditioned in their half
    h = np.where(np.abs(cl) > 0.5, p / np.where(cl == 0, 1.0, cl) - n, z / np.where(sl == 0, 1.0, sl) - n * (1.0 - E2))
    return np.degrees(lat), np.degrees(lon), h


def enu_basis(lat_deg: ArrayLike, lon_deg: ArrayLike) -> F64:
    """Local east, north, up unit vectors in ECEF: (..., 3, 3), rows e, n, u."""
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
    zero = np.zeros_like(sl * so)
    e = np.stack(np.broadcast_arrays(-so, co, zero), axis=-1)
    n = np.stack(np.broadcast_arrays(-sl * co, -sl * so, cl), axis=-1)
    u = np.stack(np.broadcast_arrays(cl * co, cl * so, sl), axis=-1)
    return np.stack([e, n, u], axis=-2)


def radii_of_curvature_m(lat_deg: ArrayLike) -> tuple[F64, F64]:
    """Meridian (M) and prime-vertical (N) radii of curvature (m) at a geodetic latitude."""
    sl = np.sin(np.radians(np.asarray(lat_deg, dtype=np.float64)))
    w2 = 1.0 - E2 * sl * sl
    return A_M * (1.0 - E2) / w2**1.5, A_M / np.sqrt(w2)


def horizontal_error_m(lat_deg: ArrayLike, lon_deg: ArrayLike, true_lat_deg: ArrayLike, true_lon_deg: ArrayLike) -> F64:
    """East/north error (..., 2) m of an estimate against the truth, in the truth's local frame."""
    d = geodetic_to_ecef(lat_deg, lon_deg, 0.0) - geodetic_to_ecef(true_lat_deg, true_lon_deg, 0.0)
    basis = enu_basis(true_lat_deg, true_lon_deg)
    return np.einsum("...ij,...j->...i", basis[..., :2, :], d)


def surface_distance_m(lat1_deg: ArrayLike, lon1_deg: ArrayLike, lat2_deg: ArrayLike, lon2_deg: ArrayLike) -> F64:
    """Great-circle distance (m) on a sphere of the WGS-84 mean radius (haversine)."""
    la1, lo1 = np.radians(np.asarray(lat1_deg, dtype=np.float64)), np.radians(np.asarray(lon1_deg, dtype=np.float64))
    la2, lo2 = np.radians(np.asarray(lat2_deg, dtype=np.float64)), np.radians(np.asarray(lon2_deg, dtype=np.float64))
    s = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2.0 * 6371008.8 * np.arcsin(np.sqrt(np.clip(s, 0.0, 1.0)))


def rotate_z(xyz_m: ArrayLike, angle_rad: ArrayLike) -> F64:
    """Rotate vectors (..., 3) by ``angle_rad`` about +z (a frame rotated by -angle)."""
    v = np.asarray(xyz_m, dtype=np.float64)
    a = np.asarray(angle_rad, dtype=np.float64)
    c, s = np.cos(a), np.sin(a)
    return np.stack([c * v[..., 0] - s * v[..., 1], s * v[..., 0] + c * v[..., 1], np.broadcast_to(v[..., 2], (c * v[..., 0]).shape)], axis=-1)


def gmst_rad(jd_ut1: ArrayLike, fr: ArrayLike = 0.0) -> F64:
    """Greenwich mean sidereal time (rad), IAU 1982 (Vallado 2013 eq. 3-47), UT1 ~ UTC.

    ``jd_ut1 + fr`` is the Julian date, split to keep precision.
    """
    t = (np.asarray(jd_ut1, dtype=np.float64) - 2451545.0 + np.asarray(fr, dtype=np.float64)) / 36525.0
    sec = (
        67310.54841
        + (876600.0 * 3600.0 + 8640184.812866) * t
        + 0.093104 * t * t
        - 6.2e-6 * t * t * t
    )
    return np.mod(np.radians(np.mod(sec, 86400.0) / 240.0), 2.0 * np.pi)


def teme_to_ecef(r_teme_m: ArrayLike, v_teme_mps: ArrayLike, jd: ArrayLike, fr: ArrayLike = 0.0) -> tuple[F64, F64]:
    """TEME (sgp4 output) -> ECEF position (m) and Earth-fixed velocity (m/s).

    Rotation by GMST about z; polar motion ignored (<= ~15 m, location note §8.2).
    """
    theta = gmst_rad(jd, fr)
    r = rotate_z(r_teme_m, -theta)
    v_rot = rotate_z(v_teme_mps, -theta)
    omega = np.array([0.0, 0.0, OMEGA_E_RAD_S])
    v = v_rot - np.cross(omega, r)
    return r, v
