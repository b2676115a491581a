"""Look angles and visibility of satellites from sites on the Earth."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sarsat.orbit.frames import ecef_to_geodetic, enu_basis


def elevation_deg(site_ecef_m: ArrayLike, sat_ecef_m: ArrayLike) -> NDArray[np.float64]:
    """Elevation (deg) of satellites (..., 3) seen from sites (..., 3), geodetic vertical."""
    site = np.asarray(site_ecef_m, dtype=np.float64)
    sat = np.asarray(sat_ecef_m, dtype=np.float64)
    lat, lon, _ = ecef_to_geodetic(site)
    up = enu_basis(lat, lon)[..., 2, :]
    d = sat - site
    sin_el = np.sum(d * up, axis=-1) / np.linalg.norm(d, axis=-1)
    return np.degrees(np.arcsin(np.clip(sin_el, -1.0, 1.0)))


def azimuth_elevation_deg(site_ecef_m: ArrayLike, sat_ecef_m: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Azimuth (deg from north, clockwise, 0-360) and elevation (deg)."""
    site = np.asarray(site_ecef_m, dtype=np.float64)
    lat, lon, _ = ecef_to_geodetic(site)
    basis = enu_basis(lat, lon)
    d = np.asarray(sat_ecef_m, dtype=np.float64) - site
    enu = np.einsum("...ij,...j->...i", basis, d)
    az = np.degrees(np.arctan2(enu[..., 0], enu[..., 1])) % 360.0
    az = np.where(az >= 360.0, 0.0, az)  # -0.0 % 360 is 360.0
    el = np.degrees(np.arctan2(enu[..., 2], np.hypot(enu[..., 0], enu[..., 1])))
    return az, el


def visible(site_ecef_m: ArrayLike, sat_ecef_m: ArrayLike, mask_deg: float = 5.0) -> NDArray[np.bool_]:
    """True where the satellite is above the elevation mask (deg) at the site."""
    return elevation_deg(site_ecef_m, sat_ecef_m) >= mask_deg
