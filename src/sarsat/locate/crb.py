"""Cramér-Rao bounds: the Fisher information of the location model evaluated at the truth.

Uses the solvers' own measurement model and the sigmas carried by the measurements, so a
benchmark can state every accuracy figure as a ratio to the bound of its own geometry.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from sarsat.locate import engine
from sarsat.locate.doppler import _noise_cov
from sarsat.locate.engine import Options, State
from sarsat.locate.measurements import LeoMeasurement, MeoMeasurement
from sarsat.locate.meosar import build_problem, stack
from sarsat.locate.quality import horizontal_radius_m
from sarsat.orbit.frames import C_M_S, enu_basis, geodetic_to_ecef

F64 = NDArray[np.float64]


def meosar_crb(
    measurements: Sequence[MeoMeasurement],
    lat_deg: float,
    lon_deg: float,
    f0_hz: float,
    *,
    alt_m: float = 0.0,
    drift: bool | None = None,
    velocity: bool = False,
    three_d: bool = False,
) -> F64:
    """East/north covariance bound (2, 2) m^2 for a single burst or a window at the true position.

    ``drift`` defaults to what :func:`sarsat.locate.window.locate_window` estimates (>= 3 bursts).
    """
    p = build_problem(measurements)
    K = len(p.burst_ids)
    opt = Options(three_d=three_d, drift=(K >= 3) if drift is None else drift, velocity=velocity, height_m=alt_m)
    ch = stack([p], K)
    st = State(
        np.radians([lat_deg]), np.radians([lon_deg]), np.array([alt_m]), np.array([f0_hz]), np.zeros(1), np.zeros((1, 2)), np.zeros((1, K))
    )
    _, J = engine.evaluate(ch, st, opt)
    assert J is not None
    return engine.scaled_inverse(J[0].T @ J[0])[:2, :2]


def doppler_crb(
    measurements: Sequence[LeoMeasurement], lat_deg: float, lon_deg: float, f0_hz: float, *, wander_frac: float = 0.0, alt_m: float = 0.0
) -> F64:
    """East/north covariance bound (2, 2) m^2 of a Doppler pass (white noise plus frequency random walk)."""
    ms = sorted(measurements, key=lambda m: m.time_utc)
    t = np.array([(m.time_utc - ms[0].time_utc).total_seconds() for m in ms])
    s = np.array([m.sat_pos_m for m in ms], dtype=np.float64)
    v = np.array([m.sat_vel_mps for m in ms], dtype=np.float64)
    sig = np.array([m.sigma_freq_hz for m in ms])
    rb = geodetic_to_ecef(lat_deg, lon_deg, alt_m)
    d = s - rb
    rho = np.linalg.norm(d, axis=-1)
    u = d / rho[:, None]
    rhodot = np.sum(u * v, axis=-1)
    basis = enu_basis(lat_deg, lon_deg)
    cols = [f0_hz / C_M_S * ((v @ g) - rhodot * (u @ g)) / rho for g in basis[:2]] + [1.0 - rhodot / C_M_S]
    if len(ms) >= 6:
        cols.append(t - 0.5 * (t[0] + t[-1]))
    J = np.stack(cols, axis=-1)
    W = np.linalg.inv(_noise_cov(t, sig, f0_hz, wander_frac))
    return engine.scaled_inverse(J.T @ W @ J)[:2, :2]


def crb_r95_m(cov_en_m2: F64) -> float:
    """95 % horizontal error radius (m) of a covariance."""
    return float(horizontal_radius_m(cov_en_m2, 0.95))
