"""LEOSAR Doppler location of one satellite pass, with both mirror solutions (location note §3).

Model (ECEF, static beacon on the ellipsoid): f_k = f0 (1 - rhodot_k / c) + fdot (t_k - t_ref),
rhodot_k = u_k . v_sat,k. Unknowns east/north, f0 and (with >= 6 bursts) fdot. The beacon
frequency wanders (T.001 medium-term stability: <= 3e-9 RMS): it is modelled as a random walk
whose covariance q·min(t_i, t_j) adds to the white measurement noise (generalised least
squares), so the reported ellipse covers the wander; the covariance is further inflated by
chi2/dof when the residuals are larger than modelled. A and B come from the best grid start
on each side of the ground track; P(A) = 1 / (1 + exp(-(chi2_B - chi2_A) / 2)) is the
likelihood-ratio (Argentiero-Marini) choice. Below ``min_probability`` the ambiguity is
reported as not resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import MeasurementError
from sarsat.locate.measurements import LeoMeasurement
from sarsat.locate.meosar import F0_MAX_HZ, F0_MIN_HZ
from sarsat.locate.quality import chi2_threshold, ellipse95, horizontal_radius_m
from sarsat.locate.solution import DopplerSide, Solution
from sarsat.locate.start import fibonacci_grid
from sarsat.orbit.frames import C_M_S, enu_basis, geodetic_to_ecef, radii_of_curvature_m

F64 = NDArray[np.float64]
MIN_BURSTS = 4  # T.012 via the location note §3.1
DEFAULT_WANDER_FRAC = 3e-9  # RMS over 900 s, fraction of f0 (T.001 medium-term stability)

_GRID_LAT, _GRID_LON = fibonacci_grid(40_000)  # ~110 km spacing
_GRID_XYZ = geodetic_to_ecef(np.degrees(_GRID_LAT), np.degrees(_GRID_LON), 0.0)


def _noise_cov(t_s: F64, sigma_hz: F64, f0_hz: float, wander_frac: float) -> F64:
    """White noise plus a frequency random walk started at the first burst: (n, n) Hz^2."""
    q = (wander_frac * f0_hz) ** 2 / 900.0
    tt = t_s - t_s.min()
    return np.diag(sigma_hz**2) + q * np.minimum.outer(tt, tt)


def _design(rb: F64, s: F64, v: F64) -> tuple[F64, F64]:
    """Range rate and range (G, n) from positions rb (G, 3) to the satellite states (n, 3)."""
    d = s[None] - rb[:, None]
    rho = np.linalg.norm(d, axis=-1)
    rhodot = np.einsum("gni,ni->gn", d, v) / rho
    return rhodot, rho


def _lin_fit(a: F64, z: F64, t_rel: F64, W: F64, drift: bool) -> tuple[F64, F64]:
    """GLS of z = df * a + fd * t (W = R^-1); returns params (G, p) and cost (G,)."""
    cols = [a] + ([np.broadcast_to(t_rel, a.shape)] if drift else [])
    X = np.stack(cols, axis=-1)  # (G, n, p)
    XW = np.einsum("gnp,nm->gpm", X, W)
    N = np.einsum("gpm,gmq->gpq", XW, X)
    rhs = np.einsum("gpm,gm->gp", XW, z)
    beta = np.linalg.solve(N, rhs[..., None])[..., 0]
    r = z - np.einsum("gnp,gp->gn", X, beta)
    return beta, np.einsum("gn,nm,gm->g", r, W, r)


def _refine(lat: float, lon: float, s: F64, v: F64, t_rel: F64, f: F64, L_inv: F64, drift: bool, height_m: float, f_nom: float):
    """Gauss-Newton (with halving) on (east, north, f0, fdot); returns lat, lon, f0, fd, chi2, cov."""

    def resid(la: float, lo: float) -> tuple[F64, F64, F64, F64]:
        rb = geodetic_to_ecef(np.degrees(la), np.degrees(lo), height_m)
        d = s - rb
        rho = np.linalg.norm(d, axis=-1)
        u = d / rho[:, None]
        rhodot = np.sum(u * v, axis=-1)
        return rb, u, rho, rhodot

    def lin(rhodot: F64) -> tuple[F64, float]:
        a = 1.0 - rhodot / C_M_S
        z = f - f_nom * a
        X = np.stack([a, t_rel], axis=-1) if drift else a[:, None]
        Xw, zw = L_inv @ X, L_inv @ z
        beta, *_ = np.linalg.lstsq(Xw, zw, rcond=None)
        return beta, float(np.sum((zw - Xw @ beta) ** 2))

    la, lo = lat, lon
    _, _, _, rd = resid(la, lo)
    beta, cost = lin(rd)
    for _ in range(30):
        _, u, rho, rhodot = resid(la, lo)
        basis = enu_basis(np.degrees(la), np.degrees(lo))
        f0 = f_nom + beta[0]
        a = 1.0 - rhodot / C_M_S
        pred = f0 * a + (beta[1] * t_rel if drift else 0.0)
        cols = []
        for g in basis[:2]:
            ug, vg = u @ g, v @ g
            cols.append(f0 / C_M_S * (vg - rhodot * ug) / rho)  # d f / d r . g (§3.4)
        cols.append(a)
        if drift:
            cols.append(t_rel)
        J = L_inv @ np.stack(cols, axis=-1)
        r = L_inv @ (f - pred)
        delta, *_ = np.linalg.lstsq(J, r, rcond=None)
        mer, pv = radii_of_curvature_m(np.degrees(la))
        step = 1.0
        for _ in range(8):
            la2 = la + step * delta[1] / (mer + height_m)
            lo2 = lo + step * delta[0] / ((pv + height_m) * np.cos(la))
            _, _, _, rd2 = resid(la2, lo2)
            beta2, cost2 = lin(rd2)
            if cost2 <= cost * (1 + 1e-12):
                break
            step /= 2
        else:
            break
        la, lo, beta, done = la2, lo2, beta2, abs(step * np.hypot(delta[0], delta[1])) < 1e-2
        cost = cost2
        if done:
            break
    _, u, rho, rhodot = resid(la, lo)
    basis = enu_basis(np.degrees(la), np.degrees(lo))
    f0 = f_nom + beta[0]
    cols = [f0 / C_M_S * ((v @ g) - rhodot * (u @ g)) / rho for g in basis[:2]] + [1.0 - rhodot / C_M_S] + ([t_rel] if drift else [])
    J = L_inv @ np.stack(cols, axis=-1)
    cov = np.linalg.pinv(J.T @ J)
    return la, lo, f0, (beta[1] if drift else 0.0), cost, cov


def locate_pass(
    measurements: Sequence[LeoMeasurement],
    *,
    wander_frac: float = DEFAULT_WANDER_FRAC,
    height_m: float = 0.0,
    min_probability: float = 0.95,
) -> Solution:
    """Doppler solution (A and B) of one pass of one satellite over one beacon."""
    ms = sorted(measurements, key=lambda m: m.time_utc)
    if len(ms) < MIN_BURSTS:
        raise MeasurementError(f"a Doppler pass needs >= {MIN_BURSTS} bursts, got {len(ms)}")
    if len({m.beacon_id for m in ms}) > 1 or len({m.sat_id for m in ms}) > 1:
        raise MeasurementError("a Doppler pass must hold one beacon seen by one satellite")
    t_ref_utc = ms[0].time_utc
    t = np.array([(m.time_utc - t_ref_utc) / timedelta(seconds=1) for m in ms])
    if np.any(np.diff(t) <= 0):
        raise MeasurementError("two Doppler records of a pass share a time")
    f = np.array([m.freq_hz for m in ms])
    sig = np.array([m.sigma_freq_hz for m in ms])
    s = np.array([m.sat_pos_m for m in ms], dtype=np.float64)
    v = np.array([m.sat_vel_mps for m in ms], dtype=np.float64)
    t_rel = t - 0.5 * (t[0] + t[-1])
    drift = len(ms) >= 6
    f_nom = float(np.median(f))
    R = _noise_cov(t, sig, f_nom, wander_frac)
    L = np.linalg.cholesky(R)
    L_inv = np.linalg.inv(L)
    W = L_inv.T @ L_inv
    # grid: points seeing the satellite above 0 deg at every burst, closed-form f0/fdot
    up = _GRID_XYZ / np.linalg.norm(_GRID_XYZ, axis=-1, keepdims=True)
    vis = np.all(np.einsum("gi,ni->gn", up, s) - np.sum(up * _GRID_XYZ, axis=-1)[:, None] > 0, axis=1)
    if not vis.any():
        raise MeasurementError(f"beacon {ms[0].beacon_id}: no place on Earth sees satellite {ms[0].sat_id} at all {len(ms)} bursts")
    gx = _GRID_XYZ[vis]
    rhodot, _ = _design(gx, s, v)
    a = 1.0 - rhodot / C_M_S
    _, cost = _lin_fit(a, f[None] - f_nom * a, t_rel, W, drift)
    # sides of the ground track: sign of the position along the orbit normal at mid-pass
    mid = len(ms) // 2
    normal = np.cross(s[mid], v[mid])
    side = np.sign(gx @ normal)
    starts = []
    for sgn in (1.0, -1.0):
        c = np.where(side == sgn, cost, np.inf)
        if np.isfinite(c).any():
            starts.append(int(np.argmin(c)))
    glat, glon = _GRID_LAT[vis], _GRID_LON[vis]
    fits = [_refine(glat[i], glon[i], s, v, t_rel, f, L_inv, drift, height_m, f_nom) for i in starts]
    n_par = 4 if drift else 3
    dof = len(ms) - n_par
    fits.sort(key=lambda x: x[4])
    chi2s = np.array([x[4] for x in fits])
    # distinct mirror solutions?
    warnings: list[str] = []
    if len(fits) == 2:
        d = np.linalg.norm(geodetic_to_ecef(np.degrees(fits[0][0]), np.degrees(fits[0][1])) - geodetic_to_ecef(np.degrees(fits[1][0]), np.degrees(fits[1][1])))
        if d < 1e3:
            fits = fits[:1]
    if len(fits) == 2:
        pa = 1.0 / (1.0 + np.exp(-min((chi2s[1] - chi2s[0]) / 2.0, 700.0)))
    else:
        pa = 1.0
        warnings.append("only one Doppler solution converged (beacon near the ground track or one side invisible)")
    probs = [pa, 1.0 - pa]
    inflate = max(1.0, chi2s[0] / dof) if dof > 0 else 1.0
    sides = []
    for name, fit, p in zip(("A", "B"), fits, probs, strict=False):
        la, lo, f0, _, chi2_v, cov = fit
        cov_en = cov[:2, :2] * (max(1.0, chi2_v / dof) if dof > 0 else 1.0)
        sides.append(DopplerSide(name, float(np.degrees(la)), float(np.degrees(lo)), float(p), ellipse95(cov_en), float(horizontal_radius_m(cov_en)), float(f0), float(chi2_v)))
    resolved = bool(pa >= min_probability)
    if not resolved:
        warnings.append(f"AMBIGUITY IS NOT RESOLVED: P(A) = {pa:.2f}; both positions reported")
    valid = True
    if dof > 0 and chi2s[0] > float(chi2_threshold(dof)):
        warnings.append(f"integrity: chi2 {chi2s[0]:.1f} exceeds the {dof}-dof threshold; covariance inflated by {inflate:.1f}")
    a_f0 = sides[0].f0_hz
    if not F0_MIN_HZ <= a_f0 <= F0_MAX_HZ:
        warnings.append(f"transmit frequency {a_f0 / 1e6:.6f} MHz outside 406.0-406.1 MHz: solution rejected")
        valid = False
    best = fits[0]
    cov_en = best[5][:2, :2] * inflate
    return Solution(
        beacon_id=ms[0].beacon_id,
        mode="doppler",
        lat_deg=sides[0].lat_deg,
        lon_deg=sides[0].lon_deg,
        alt_m=height_m,
        ellipse95=sides[0].ellipse95,
        ehe_m=sides[0].ehe_m,
        n_sat=1,
        f0_hz=a_f0,
        warnings=tuple(warnings),
        window_start_utc=ms[0].time_utc,
        window_end_utc=ms[-1].time_utc,
        time_utc=t_ref_utc + timedelta(seconds=0.5 * float(t[0] + t[-1])),
        n_bursts=len(ms),
        sat_ids=(ms[0].sat_id,),
        chi2=float(chi2s[0]),
        dof=dof,
        cov_en_m2=((float(cov_en[0, 0]), float(cov_en[0, 1])), (float(cov_en[1, 0]), float(cov_en[1, 1]))),
        sides=tuple(sides),
        ambiguity_resolved=resolved,
        valid=valid,
    )


def split_passes(ms: Sequence[LeoMeasurement], gap_s: float = 1200.0) -> list[list[LeoMeasurement]]:
    """Group LEOSAR records by (beacon, satellite) and split where bursts are > gap_s apart."""
    groups: dict[tuple[str, int], list[LeoMeasurement]] = {}
    for m in ms:
        groups.setdefault((m.beacon_id, m.sat_id), []).append(m)
    out: list[list[LeoMeasurement]] = []
    for g in groups.values():
        g.sort(key=lambda m: m.time_utc)
        cur = [g[0]]
        for m in g[1:]:
            if (m.time_utc - cur[-1].time_utc) / timedelta(seconds=1) > gap_s:
                out.append(cur)
                cur = []
            cur.append(m)
        out.append(cur)
    return out
