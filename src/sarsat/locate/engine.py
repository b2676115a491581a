"""Weighted least-squares engine for TOA/FOA location, vectorised over a batch of problems.

A *problem* is a set of satellite channels (one burst through one satellite each) of one
beacon: B problems of M channels each (padded with zero weights). Model (location note §4.2):

    tau_i = t0[k_i] + rho_i / c                      TOA at the satellite, burst k_i
    F_i   = f0 (1 - rhodot_i / c) + fdot (t_i - t_ref) FOA at the satellite
    rho_i = |s_i - Rz(-w_E rho_i / c) r_b(t_i)|      Sagnac: beacon in the frame of the relay epoch
    rhodot_i = u_i . (v_i - v_b)

Unknowns: east/north (and up for 3-D) displacement of the beacon on the ellipsoid, f0,
optionally fdot and a horizontal velocity, and one emission time t0 per burst. The linear
unknowns (t0, f0, fdot) are solved in closed form on a global grid first (variable
projection), the best separated grid points start Levenberg-Marquardt, and the lowest cost
wins: a crude t0/f0 never drags the solver into a false minimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from sarsat.locate.quality import (
    EHE_PROBABILITY,
    chi2_threshold,
    ellipse_axes,
    horizontal_radius_m,
)
from sarsat.orbit.frames import (
    C_M_S,
    OMEGA_E_RAD_S,
    enu_basis,
    geodetic_to_ecef,
    radii_of_curvature_m,
)

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@dataclass(frozen=True)
class Options:
    """What to estimate: 3-D position (ELT(DT)), frequency drift, beacon velocity."""

    three_d: bool = False
    drift: bool = False
    velocity: bool = False
    height_m: float = 0.0
    n_starts: int = 3
    start_separation_m: float = 1500e3
    max_iter: int = 40


@dataclass
class Channels:
    """B problems x M channels. Times in s from a common reference epoch; weights = 1/sigma."""

    s: F64  # (B, M, 3) satellite ECEF position at relay, m
    vs: F64  # (B, M, 3) satellite ECEF velocity, m/s
    tau: F64  # (B, M) TOA at the satellite (relay time), s
    freq: F64  # (B, M) FOA at the satellite, Hz
    wt: F64  # (B, M) 1/sigma_toa (0: unused), 1/s
    wf: F64  # (B, M) 1/sigma_foa (0: unused), 1/Hz
    k: I64  # (B, M) burst index 0..K-1
    n_bursts: int
    t_ref: F64  # (B,) reference time for drift and velocity, s

    def take(self, idx: I64) -> Channels:
        return Channels(self.s[idx], self.vs[idx], self.tau[idx], self.freq[idx], self.wt[idx], self.wf[idx], self.k[idx], self.n_bursts, self.t_ref[idx])

    def with_weights(self, wt: F64, wf: F64) -> Channels:
        return replace(self, wt=wt, wf=wf)


@dataclass
class State:
    lat: F64  # (B,) rad
    lon: F64  # (B,) rad
    h: F64  # (B,) m
    f0: F64  # (B,) Hz
    fd: F64  # (B,) Hz/s
    vel: F64  # (B, 2) east/north m/s
    t0: F64  # (B, K) s

    def take(self, idx: I64) -> State:
        return State(self.lat[idx], self.lon[idx], self.h[idx], self.f0[idx], self.fd[idx], self.vel[idx], self.t0[idx])

    def where(self, mask: NDArray[np.bool_], other: State) -> State:
        m1 = mask[:, None]
        return State(
            np.where(mask, self.lat, other.lat), np.where(mask, self.lon, other.lon), np.where(mask, self.h, other.h),
            np.where(mask, self.f0, other.f0), np.where(mask, self.fd, other.fd),
            np.where(m1, self.vel, other.vel), np.where(m1, self.t0, other.t0),
        )


def n_params(opt: Options, n_bursts: int) -> int:
    return (3 if opt.three_d else 2) + 1 + int(opt.drift) + 2 * int(opt.velocity) + n_bursts


def geometry(ch: Channels, st: State, opt: Options) -> tuple[F64, F64, F64, F64, F64, F64, F64]:
    """rho, rhodot, u, vrel, dt and the ENU basis (B, 3, 3) at the state."""
    lat_deg, lon_deg = np.degrees(st.lat), np.degrees(st.lon)
    rb = geodetic_to_ecef(lat_deg, lon_deg, st.h)  # (B, 3)
    basis = enu_basis(lat_deg, lon_deg)  # (B, 3, 3)
    dt = ch.tau - ch.t_ref[:, None]
    if opt.velocity:
        vb = st.vel[:, 0, None] * basis[:, 0] + st.vel[:, 1, None] * basis[:, 1]
        rbm = rb[:, None, :] + vb[:, None, :] * dt[..., None]
    else:
        vb = np.zeros_like(rb)
        rbm = np.broadcast_to(rb[:, None, :], ch.s.shape)
    rho0 = np.linalg.norm(ch.s - rbm, axis=-1)
    theta = OMEGA_E_RAD_S * rho0 / C_M_S  # Earth rotation during the light time (Sagnac)
    rrot = rbm + theta[..., None] * np.stack([rbm[..., 1], -rbm[..., 0], np.zeros_like(rho0)], axis=-1)
    d = ch.s - rrot
    rho = np.linalg.norm(d, axis=-1)
    u = d / rho[..., None]
    vrel = ch.vs - vb[:, None, :]
    rhodot = np.sum(u * vrel, axis=-1)
    return rho, rhodot, u, vrel, dt, basis, vb


def evaluate(ch: Channels, st: State, opt: Options, jacobian: bool = True) -> tuple[F64, F64 | None]:
    """Whitened residuals (B, 2M) and Jacobian of the *prediction* (B, 2M, P), whitened."""
    rho, rhodot, u, vrel, dt, basis, _ = geometry(ch, st, opt)
    t0m = np.take_along_axis(st.t0, ch.k, axis=1)
    pred_tau = t0m + rho / C_M_S
    pred_f = st.f0[:, None] * (1.0 - rhodot / C_M_S) + st.fd[:, None] * dt
    res = np.concatenate([(ch.tau - pred_tau) * ch.wt, (ch.freq - pred_f) * ch.wf], axis=1)
    if not jacobian:
        return res, None
    B, M = rho.shape
    P = n_params(opt, ch.n_bursts)
    J = np.zeros((B, 2 * M, P))
    f0c = st.f0[:, None] / C_M_S
    n_pos = 3 if opt.three_d else 2
    drhodot_pos = []
    for j in range(n_pos):  # east, north, up displacement of the beacon
        g = basis[:, j]
        ug = np.einsum("bmi,bi->bm", u, g)
        vg = np.einsum("bmi,bi->bm", vrel, g)
        dr = -(vg - rhodot * ug) / rho  # d rhodot / d r . g  (location note §3.4)
        drhodot_pos.append((ug, dr))
        J[:, :M, j] = -ug / C_M_S * ch.wt
        J[:, M:, j] = -f0c * dr * ch.wf
    col = n_pos
    J[:, M:, col] = (1.0 - rhodot / C_M_S) * ch.wf
    col += 1
    if opt.drift:
        J[:, M:, col] = dt * ch.wf
        col += 1
    if opt.velocity:
        for j in range(2):
            ug, dr = drhodot_pos[j]
            J[:, :M, col] = -ug / C_M_S * dt * ch.wt
            J[:, M:, col] = -f0c * (dr * dt - ug) * ch.wf
            col += 1
    onehot = ch.k[..., None] == np.arange(ch.n_bursts)
    J[:, :M, col:] = onehot * ch.wt[..., None]
    return res, J


def apply_step(st: State, delta: F64, opt: Options) -> State:
    """Move the state by a parameter step (B, P): metres east/north/up, Hz, Hz/s, m/s, s."""
    mer, pv = radii_of_curvature_m(np.degrees(st.lat))
    lat = st.lat + delta[:, 1] / (mer + st.h)
    lon = st.lon + delta[:, 0] / ((pv + st.h) * np.cos(st.lat))
    col = 2
    h = st.h
    if opt.three_d:
        h = h + delta[:, 2]
        col = 3
    f0 = st.f0 + delta[:, col]
    col += 1
    fd = st.fd
    if opt.drift:
        fd = fd + delta[:, col]
        col += 1
    vel = st.vel
    if opt.velocity:
        vel = vel + delta[:, col : col + 2]
        col += 2
    t0 = st.t0 + delta[:, col:]
    lat = np.clip(lat, -np.pi / 2 + 1e-9, np.pi / 2 - 1e-9)
    lon = (lon + np.pi) % (2 * np.pi) - np.pi
    return State(lat, lon, h, f0, fd, vel, t0)


def levenberg_marquardt(ch: Channels, st: State, opt: Options, group: I64 | None = None) -> tuple[State, F64, F64, NDArray[np.bool_]]:
    """Minimise the whitened cost from ``st``; returns state, residuals, Jacobian, converged.

    ``group`` maps each row to its problem when several starts share one: after a few
    iterations a start whose cost is far above its problem's best is abandoned.
    """
    res, J = evaluate(ch, st, opt)
    assert J is not None
    cost = np.sum(res**2, axis=1)
    B, P = J.shape[0], J.shape[2]
    lam = np.full(B, 1e-6)
    done = np.zeros(B, dtype=bool)
    eye = np.eye(P)
    for it in range(opt.max_iter):
        N = np.einsum("bmp,bmq->bpq", J, J)
        g = np.einsum("bmp,bm->bp", J, res)
        D = np.sqrt(np.einsum("bpp->bp", N))
        D = np.where(D > 0, D, 1.0)
        Ns = N / (D[:, :, None] * D[:, None, :]) + lam[:, None, None] * eye
        delta = np.linalg.solve(Ns, (g / D)[..., None])[..., 0] / D
        trial = apply_step(st, delta, opt)
        res_t, J_t = evaluate(ch, trial, opt)
        assert J_t is not None
        cost_t = np.sum(res_t**2, axis=1)
        accept = np.isfinite(cost_t) & (cost_t <= cost * (1 + 1e-12) + 1e-12) & ~done
        step_m = np.linalg.norm(delta[:, : 3 if opt.three_d else 2], axis=1)
        st = trial.where(accept, st)
        res = np.where(accept[:, None], res_t, res)
        J = np.where(accept[:, None, None], J_t, J)
        # converged: an (almost undamped) step below 1 cm, accepted or not (a rejected tiny step
        # is rounding noise or the first-order Sagnac Jacobian), or a predicted chi2 decrease
        # below 1e-3 (a move of ~0.03 sigma: statistically nothing)
        small = ((step_m < 1e-2) & (lam < 1e-2)) | (np.sum(delta * g, axis=1) < 1e-3)
        rel = np.abs(cost - cost_t) <= 1e-10 * np.maximum(cost, 1.0)
        cost = np.where(accept, cost_t, cost)
        lam = np.where(accept, np.maximum(lam / 10.0, 1e-12), lam * 10.0)
        done |= small | (accept & rel) | (lam > 1e10)
        if group is not None and it >= 3:
            best = np.full(group.max() + 1, np.inf)
            np.minimum.at(best, group, cost)
            hopeless = cost > 4.0 * best[group] + 50.0
            done |= hopeless
        if done.all():
            break
    return st, res, J, done


def scaled_inverse(N: F64) -> F64:
    """Inverse of normal matrices (..., P, P) whose columns differ by many orders of magnitude.

    Jacobi scaling first (a t0 column is ~1e15 times a position column), then a
    pseudo-inverse so that an unobservable direction gives a huge, not a NaN, variance.
    """
    D = np.sqrt(np.einsum("...pp->...p", N))
    D = np.where(D > 0, D, 1.0)
    DD = D[..., :, None] * D[..., None, :]
    return np.asarray(np.linalg.pinv(N / DD) / DD)


@dataclass
class Result:
    """Per-problem solution arrays."""

    state: State
    chi2: F64  # (B,)
    dof: I64  # (B,)
    cov: F64  # (B, P, P) in the parameter units
    converged: NDArray[np.bool_]
    semi_major_m: F64 = field(init=False)  # 95 % ellipse and EHE of the east/north block, (B,)
    semi_minor_m: F64 = field(init=False)
    orientation_deg: F64 = field(init=False)
    ehe_m: F64 = field(init=False)
    chi2_limit: F64 = field(init=False)

    def __post_init__(self) -> None:
        cov_en = self.cov[:, :2, :2]
        self.semi_major_m, self.semi_minor_m, self.orientation_deg = ellipse_axes(cov_en, 0.95)
        self.ehe_m = horizontal_radius_m(cov_en, EHE_PROBABILITY)
        self.chi2_limit = chi2_threshold(self.dof)


def solve(ch: Channels, opt: Options, start: State | None = None) -> Result:
    """Grid start (or ``start``), LM from each start, keep the lowest cost per problem."""
    from sarsat.locate.start import grid_starts  # the grid start builds on this module

    B = ch.tau.shape[0]
    if start is None:
        st0, prob = grid_starts(ch, opt)
    else:
        st0, prob = start, np.arange(B)
    chs = ch.take(prob)
    st, res, J, conv = levenberg_marquardt(chs, st0, opt, prob)
    cost = np.sum(res**2, axis=1)
    n_start = len(prob) // B
    pick = np.argmin(cost.reshape(B, n_start), axis=1) + np.arange(B) * n_start
    st, res, J, conv = st.take(pick), res[pick], J[pick], conv[pick]
    cov = scaled_inverse(np.einsum("bmp,bmq->bpq", J, J))
    n_meas = np.sum(ch.wt > 0, axis=1) + np.sum(ch.wf > 0, axis=1)
    dof = n_meas - n_params(opt, ch.n_bursts)
    return Result(st, np.sum(res**2, axis=1), dof, cov, conv)
