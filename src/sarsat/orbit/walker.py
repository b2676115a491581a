"""Walker-delta constellations on circular orbits: GNSS-like MEOSAR and LEO test sets.

Walker i:T/P/F (Walker 1984): T satellites in P equally spaced planes, phase offset
F·360°/T between adjacent planes. Two-body circular motion, rotated into ECEF with GMST.

>>> from datetime import datetime, timezone
>>> g = galileo()
>>> pos, vel = g.state_ecef(datetime(2024, 8, 14, tzinfo=timezone.utc), 0.0)
>>> pos.shape, round(float(np.linalg.norm(pos[0])) / 1e3)
((24, 3), 29600)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sarsat.orbit.ephemeris import Satellite, julian_date
from sarsat.orbit.frames import MU_M3_S2, OMEGA_E_RAD_S, gmst_rad


@dataclass(frozen=True)
class WalkerConstellation:
    """A Walker-delta constellation i:T/P/F with circular orbits of radius ``semi_major_axis_m``.

    ``first_sat_id`` numbers the satellites in the Cospas-Sarsat style (e.g. 401 for Galileo).
    """

    name: str
    n_sats: int
    n_planes: int
    phasing: int
    semi_major_axis_m: float
    inclination_deg: float
    raan0_deg: float = 0.0
    first_sat_id: int = 0
    satellites: tuple[Satellite, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.n_sats % self.n_planes:
            raise ValueError(f"{self.n_sats} satellites do not split into {self.n_planes} planes")
        sats = tuple(
            Satellite(self.first_sat_id + k if self.first_sat_id else 0, f"{self.name}-{k + 1:02d}", self.name)
            for k in range(self.n_sats)
        )
        object.__setattr__(self, "satellites", sats)

    @property
    def elements_rad(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per-satellite RAAN and argument of latitude at the reference epoch (rad)."""
        k = np.arange(self.n_sats)
        per_plane = self.n_sats // self.n_planes
        plane, slot = k // per_plane, k % per_plane
        raan = np.radians(self.raan0_deg + 360.0 * plane / self.n_planes)
        u0 = np.radians(360.0 * slot / per_plane + 360.0 * self.phasing * plane / self.n_sats)
        return raan, u0

    def state_ecef(self, epoch_utc: datetime, t_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """ECEF position (m) and velocity (m/s), (..., n_sat, 3); ``t_s`` broadcasts to (..., n_sat).

        The orbits are phased against J2000 (2000-01-01T12:00 UTC), so any epoch gives a
        well-defined geometry.
        """
        jd, fr = julian_date(epoch_utc)
        t = np.asarray(t_s, dtype=np.float64)
        t = np.broadcast_to(t, np.broadcast_shapes(t.shape, (self.n_sats,)))
        a = self.semi_major_axis_m
        n_rad_s = np.sqrt(MU_M3_S2 / a**3)
        raan, u0 = self.elements_rad
        t_j2000_s = ((jd - 2451545.0) + fr) * 86400.0 + t
        u = u0 + n_rad_s * np.mod(t_j2000_s, 2 * np.pi / n_rad_s)
        inc = np.radians(self.inclination_deg)
        cu, su, co, so = np.cos(u), np.sin(u), np.cos(raan), np.sin(raan)
        ci, si = np.cos(inc), np.sin(inc)
        r_eci = a * np.stack([cu * co - su * ci * so, cu * so + su * ci * co, su * si * np.ones_like(co)], axis=-1)
        v_eci = a * n_rad_s * np.stack([-su * co - cu * ci * so, -su * so + cu * ci * co, cu * si * np.ones_like(co)], axis=-1)
        theta = gmst_rad(jd, fr + t / 86400.0)
        c, s = np.cos(theta), np.sin(theta)
        # ECI -> ECEF: rotate by -theta about z; velocity relative to the rotating Earth
        r = np.stack([c * r_eci[..., 0] + s * r_eci[..., 1], -s * r_eci[..., 0] + c * r_eci[..., 1], r_eci[..., 2]], axis=-1)
        v_rot = np.stack([c * v_eci[..., 0] + s * v_eci[..., 1], -s * v_eci[..., 0] + c * v_eci[..., 1], v_eci[..., 2]], axis=-1)
        v = v_rot - OMEGA_E_RAD_S * np.stack([-r[..., 1], r[..., 0], np.zeros_like(r[..., 0])], axis=-1)
        return r, v


# Nominal constellations (location note §6 [own] CRB method; BeiDou MEO and LEO nominal).
def galileo() -> WalkerConstellation:
    """Galileo-like Walker 56°:24/3/1 at a = 29 600 km, IDs 401-424."""
    return WalkerConstellation("Galileo", 24, 3, 1, 29_600e3, 56.0, 0.0, 401)


def gps() -> WalkerConstellation:
    """GPS-like 24 satellites in 6 planes, a = 26 560 km, i = 55°, IDs 301-324."""
    return WalkerConstellation("GPS", 24, 6, 1, 26_560e3, 55.0, 10.0, 301)


def glonass() -> WalkerConstellation:
    """GLONASS-like Walker 64.8°:24/3/1 at a = 25 510 km, IDs 501-524."""
    return WalkerConstellation("GLONASS", 24, 3, 1, 25_510e3, 64.8, 20.0, 501)


def beidou() -> WalkerConstellation:
    """BeiDou-3 MEO-like Walker 55°:24/3/1 at a = 27 906 km, IDs 601-624."""
    return WalkerConstellation("BeiDou", 24, 3, 1, 27_906e3, 55.0, 30.0, 601)


def leo(n_sats: int = 1, n_planes: int = 1, raan0_deg: float = 0.0) -> WalkerConstellation:
    """A LEOSAR-like set on 850 km, 98.7° near-polar circular orbits, IDs 1, 2, ..."""
    return WalkerConstellation("LEO", n_sats, n_planes, 0, 6_378_137.0 + 850e3, 98.7, raan0_deg, 1)


CONSTELLATIONS = {"galileo": galileo, "gps": gps, "glonass": glonass, "beidou": beidou}
