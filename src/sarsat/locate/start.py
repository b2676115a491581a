"""Initial guess for TOA/FOA location: a global grid with the linear unknowns in closed form.

At every grid point on the ellipsoid that sees all the relaying satellites, the emission
times (one per burst), f0 and the drift enter the model linearly and are solved in closed form
(variable projection); the best few well-separated points start Levenberg-Marquardt
(:func:`sarsat.locate.engine.solve`). This is what keeps a crude t0/f0 from dragging the
solver into a false minimum thousands of km away.
"""

from __future__ import annotations

import numpy as np

from sarsat.locate.engine import F64, I64, Channels, Options, State, geometry
from sarsat.orbit.frames import C_M_S, enu_basis, geodetic_to_ecef


def fibonacci_grid(n: int) -> tuple[F64, F64]:
    """n nearly uniform points on the sphere: (lat_rad, lon_rad)."""
    i = np.arange(n) + 0.5
    lat = np.arcsin(1.0 - 2.0 * i / n)
    lon = (np.pi * (1.0 + 5**0.5) * i) % (2 * np.pi) - np.pi
    return lat, lon


_GRID_N = 800  # ~800 km spacing; 3 separated starts (benchmarks: no false minimum)
_GRID_MAX_BURSTS = 6  # bursts of a window used on the grid
_GRID = fibonacci_grid(_GRID_N)
_GRID_XYZ = geodetic_to_ecef(np.degrees(_GRID[0]), np.degrees(_GRID[1]), 0.0)
_GRID_UP = enu_basis(np.degrees(_GRID[0]), np.degrees(_GRID[1]))[:, 2]
_GRID_R2 = np.sum(_GRID_XYZ**2, axis=-1)
_GRID_UP_P = np.sum(_GRID_UP * _GRID_XYZ, axis=-1)


def _linear_unknowns(ch: Channels, rho: F64, rhodot: F64, drift: bool) -> tuple[F64, F64, F64, F64]:
    """Closed-form t0 per burst, f0 and fdot at fixed positions; rho (B, G, M). Returns cost too."""
    wt2 = (ch.wt**2)[:, None, :]
    wf2 = (ch.wf**2)[:, None, :]
    y = ch.tau[:, None, :] - rho / C_M_S
    if ch.n_bursts == 1:
        den1 = np.sum(wt2, axis=-1)
        t0 = (np.sum(wt2 * y, axis=-1) / np.where(den1 > 0, den1, 1.0))[..., None]
        ry = y - t0
    else:
        onehot = (ch.k[..., None] == np.arange(ch.n_bursts)).astype(np.float64)  # (B, M, K)
        wy = wt2 * y
        # per-problem 2-D products: numpy's stacked matmul is ~50x slower for these shapes
        num = np.stack([wy[b] @ onehot[b] for b in range(onehot.shape[0])])
        den = np.stack([wt2[b] @ onehot[b] for b in range(onehot.shape[0])])
        t0 = num / np.where(den > 0, den, 1.0)
        ry = y - np.stack([t0[b] @ onehot[b].T for b in range(onehot.shape[0])])
    a = 1.0 - rhodot / C_M_S
    wsum = np.sum(ch.wf**2, axis=1)
    f_nom = np.sum(ch.wf**2 * ch.freq, axis=1) / np.where(wsum > 0, wsum, 1.0)  # (B,)
    z = ch.freq[:, None, :] - f_nom[:, None, None] * a  # small, well conditioned
    wa = wf2 * a
    saa = np.sum(wa * a, axis=-1)
    saz = np.sum(wa * z, axis=-1)
    if drift:
        dt = (ch.tau - ch.t_ref[:, None])[:, None, :]
        sat = np.sum(wa * dt, axis=-1)
        stt = np.sum(wf2 * dt * dt, axis=-1)
        stz = np.sum(wf2 * dt * z, axis=-1)
        det = saa * stt - sat**2
        det = np.where(np.abs(det) > 0, det, 1.0)
        df = (stt * saz - sat * stz) / det
        fd = (saa * stz - sat * saz) / det
        rf = z - df[..., None] * a - fd[..., None] * dt
    else:
        df = saz / np.where(saa > 0, saa, 1.0)
        fd = np.zeros_like(df)
        rf = z - df[..., None] * a
    cost = np.sum(wt2 * ry**2, axis=-1) + np.sum(wf2 * rf**2, axis=-1)
    return t0, f_nom[:, None] + df, fd, cost


def grid_starts(ch: Channels, opt: Options) -> tuple[State, I64]:
    """Best separated grid points with closed-form linear unknowns: (B*n_starts) states, problem index."""
    full = ch
    if ch.tau.shape[0] == 1 and ch.n_bursts > _GRID_MAX_BURSTS:
        # a window: a few bursts spread over it are plenty to find the basin
        keep_bursts = np.unique(np.linspace(0, ch.n_bursts - 1, _GRID_MAX_BURSTS).round().astype(np.int64))
        sel = np.flatnonzero(np.isin(ch.k[0], keep_bursts))
        remap = np.full(ch.n_bursts, -1)
        remap[keep_bursts] = np.arange(keep_bursts.size)
        ch = Channels(ch.s[:, sel], ch.vs[:, sel], ch.tau[:, sel], ch.freq[:, sel], ch.wt[:, sel], ch.wf[:, sel], remap[ch.k[:, sel]], keep_bursts.size, ch.t_ref)
    B, M = ch.tau.shape
    G = _GRID_N
    used = (ch.wt > 0) | (ch.wf > 0)
    chunk = max(1, int(2e5 // (G * M)))
    best = np.zeros((B, opt.n_starts), dtype=np.int64)
    for b0 in range(0, B, chunk):
        sl = slice(b0, min(B, b0 + chunk))
        sub = ch.take(np.arange(sl.start, sl.stop))
        u_sub = used[sl]
        # 1. cheap superset of the points that see every used satellite (height above the
        #    local horizon plane > -0.02 * (a bound on the range)), gathered first
        height = np.swapaxes(sub.s @ _GRID_UP.T, 1, 2) - _GRID_UP_P[None, :, None]  # (b, G, M)
        bound = 0.02 * (np.linalg.norm(sub.s, axis=-1) + 6.4e6)[:, None, :]
        maybe = np.all((height > -bound) | ~u_sub[:, None, :], axis=-1)  # (b, G)
        n_keep = max(int(maybe.sum(axis=1).max()), 1)
        gi = np.argsort(~maybe, axis=1, kind="stable")[:, :n_keep]  # grid indices, visible first
        ok = np.take_along_axis(maybe, gi, axis=1)
        gx, gu = _GRID_XYZ[gi], _GRID_UP[gi]  # (b, g, 3)
        # 2. rho^2 = |s|^2 + |p|^2 - 2 p.s through batched products (no (b, g, M, 3) arrays)
        ps = np.einsum("bgi,bmi->bgm", gx, sub.s)
        s2 = np.sum(sub.s**2, axis=-1)[:, None, :]
        rho = np.sqrt(np.maximum(s2 + _GRID_R2[gi][..., None] - 2 * ps, 1.0))
        pv = np.einsum("bgi,bmi->bgm", gx, sub.vs)
        sv = np.sum(sub.s * sub.vs, axis=-1)[:, None, :]
        rhodot = (sv - pv) / rho
        up = np.take_along_axis(height, gi[..., None], axis=1) / rho
        _, _, _, cost = _linear_unknowns(sub, rho, rhodot, opt.drift)
        hidden = np.any((up < -0.02) & u_sub[:, None, :], axis=-1) | ~ok  # satellite below ~-1 deg
        cost = np.where(hidden, np.inf, cost)
        chosen = []
        for _ in range(opt.n_starts):
            i = np.argmin(cost, axis=1)
            chosen.append(np.take_along_axis(gi, i[:, None], axis=1)[:, 0])
            cosang = np.einsum("bgi,bi->bg", gu, gu[np.arange(i.size), i])
            cost = np.where(cosang > np.cos(opt.start_separation_m / 6371e3), np.inf, cost)
        best[sl] = np.stack(chosen, axis=1)
    idx = best.ravel()
    prob = np.repeat(np.arange(B), opt.n_starts)
    chs = full.take(prob)
    lat, lon = _GRID[0][idx], _GRID[1][idx]
    h = np.full(idx.shape, opt.height_m)
    # closed-form linear unknowns at the exact start positions
    st = State(lat, lon, h, np.zeros_like(lat), np.zeros_like(lat), np.zeros((idx.size, 2)), np.zeros((idx.size, full.n_bursts)))
    rho, rhodot, *_ = geometry(chs, st, opt)
    t0, f0, fd, _ = _linear_unknowns(chs, rho[:, None, :], rhodot[:, None, :], opt.drift)
    return State(lat, lon, h, f0[:, 0], fd[:, 0], st.vel, t0[:, 0, :]), prob
