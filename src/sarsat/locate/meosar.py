"""MEOSAR location from TOA/FOA: single bursts (batch-vectorised) and the shared front end.

Single burst (location note §4.4): unknowns east/north on the ellipsoid (3-D for ELT(DT)
with >= 4 satellites), emission time t0 and transmit frequency f0; >= 3 satellites
("independent location"). Integrity: chi-square test at 1e-3 false alarm, then single-
satellite exclusion when >= 5 satellites (>= 4 left); f0 must lie in 406.0-406.1 MHz.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import MeasurementError
from sarsat.locate import engine
from sarsat.locate.engine import Channels, Options, Result
from sarsat.locate.measurements import MeoMeasurement
from sarsat.locate.quality import Ellipse
from sarsat.locate.solution import Solution

F0_MIN_HZ, F0_MAX_HZ = 406.0e6, 406.1e6  # 406 MHz band (T.001 / T.018)


@dataclass(frozen=True)
class Calibration:
    """Per-satellite transponder delay (s) and frequency offset (Hz), subtracted from TOA/FOA.

    Estimated by the LUT from reference beacons (location note §4.7).
    """

    delay_s: Mapping[int, float] = field(default_factory=dict)
    freq_offset_hz: Mapping[int, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"delay_s": {str(k): v for k, v in self.delay_s.items()}, "freq_offset_hz": {str(k): v for k, v in self.freq_offset_hz.items()}}

    @classmethod
    def from_json(cls, d: Any) -> Calibration:
        if not isinstance(d, dict):
            raise MeasurementError("calibration must be a JSON object with delay_s and freq_offset_hz maps")
        try:
            return cls({int(k): float(v) for k, v in d.get("delay_s", {}).items()}, {int(k): float(v) for k, v in d.get("freq_offset_hz", {}).items()})
        except (TypeError, ValueError, AttributeError) as e:
            raise MeasurementError(f"calibration maps must be {{sat_id: number}}: {e}") from e


NO_CALIBRATION = Calibration()


@dataclass
class Problem:
    """Channels of one location problem plus the bookkeeping to report it."""

    beacon_id: str
    ref_epoch: datetime
    sat_ids: NDArray[np.int64]  # (M,)
    burst_ids: tuple[int, ...]  # burst_index of each burst slot 0..K-1
    tau: NDArray[np.float64]
    freq: NDArray[np.float64]
    wt: NDArray[np.float64]
    wf: NDArray[np.float64]
    s: NDArray[np.float64]
    vs: NDArray[np.float64]
    k: NDArray[np.int64]


def build_problem(ms: Sequence[MeoMeasurement], cal: Calibration = NO_CALIBRATION) -> Problem:
    """Arrays of one beacon's channels, times in s after the earliest record epoch."""
    if not ms:
        raise MeasurementError("no measurements to locate")
    ids = {m.beacon_id for m in ms}
    if len(ids) > 1:
        raise MeasurementError(f"measurements of several beacons mixed in one solution: {sorted(ids)}")
    seen: set[tuple[int, int]] = set()
    for m in ms:
        key = (m.burst_index, m.sat_id)
        if key in seen:
            raise MeasurementError(f"beacon {m.beacon_id} burst {m.burst_index}: satellite {m.sat_id} appears twice")
        seen.add(key)
    ref = min(m.epoch_utc for m in ms)
    bursts = tuple(sorted({m.burst_index for m in ms}))
    slot = {b: i for i, b in enumerate(bursts)}
    tau = np.array([(m.epoch_utc - ref) / timedelta(seconds=1) + m.toa_s - cal.delay_s.get(m.sat_id, 0.0) for m in ms])
    freq = np.array([m.foa_hz - cal.freq_offset_hz.get(m.sat_id, 0.0) for m in ms])
    return Problem(
        next(iter(ids)), ref, np.array([m.sat_id for m in ms]), bursts, tau, freq,
        np.array([1.0 / m.sigma_toa_s for m in ms]), np.array([1.0 / m.sigma_foa_hz for m in ms]),
        np.array([m.sat_pos_m for m in ms], dtype=np.float64), np.array([m.sat_vel_mps for m in ms], dtype=np.float64),
        np.array([slot[m.burst_index] for m in ms]),
    )


def stack(problems: Sequence[Problem], n_bursts: int) -> Channels:
    """Pad problems to a common channel count (zero weights) and stack them."""
    M = max(p.tau.size for p in problems)
    B = len(problems)

    def pad(name: str, fill: float) -> NDArray[np.float64]:
        first = getattr(problems[0], name)
        out = np.full((B, M) + first.shape[1:], fill, dtype=first.dtype)
        for i, p in enumerate(problems):
            a = getattr(p, name)
            out[i, : a.shape[0]] = a
            if a.shape[0] < M:  # padding repeats a real channel (finite geometry, zero weight)
                out[i, a.shape[0] :] = a[0]
        return out

    wt, wf = pad("wt", 0.0), pad("wf", 0.0)
    for i, p in enumerate(problems):
        wt[i, p.tau.size :] = 0.0
        wf[i, p.tau.size :] = 0.0
    tau = pad("tau", 0.0)
    t_ref = np.array([0.5 * (p.tau.min() + p.tau.max()) for p in problems])
    return Channels(pad("s", 0.0), pad("vs", 0.0), tau, pad("freq", 0.0), wt, wf, pad("k", 0).astype(np.int64), n_bursts, t_ref)


def _sat_mask(p: Problem, drop: int | None) -> NDArray[np.float64]:
    return np.ones(p.tau.size) if drop is None else (p.sat_ids != drop).astype(np.float64)


def to_solution(p: Problem, r: Result, i: int, opt: Options, mode: str, warnings: list[str], excluded: tuple[int, ...] = ()) -> Solution:
    """Build the Solution of problem slot ``i`` of a Result."""
    st = r.state
    cov_en = r.cov[i, :2, :2]
    f0 = float(st.f0[i])
    used = sorted({int(s) for s in p.sat_ids} - set(excluded))
    chi2_v, dof, limit = float(r.chi2[i]), int(r.dof[i]), float(r.chi2_limit[i])
    valid = True
    if dof > 0 and chi2_v > limit:
        warnings.append(f"integrity: chi2 {chi2_v:.1f} exceeds the {dof}-dof threshold {limit:.1f}; position unreliable")
        valid = False
    if not F0_MIN_HZ <= f0 <= F0_MAX_HZ:
        warnings.append(f"transmit frequency {f0 / 1e6:.6f} MHz outside 406.0-406.1 MHz: solution rejected")
        valid = False
    if not bool(r.converged[i]):
        warnings.append("solver did not converge")
        valid = False
    if dof == 0:
        warnings.append("no redundancy (dof 0): integrity not tested")
    t0 = st.t0[i]
    times = [p.ref_epoch + timedelta(seconds=float(x)) for x in t0]
    vel = (float(st.vel[i, 0]), float(st.vel[i, 1])) if opt.velocity else None
    return Solution(
        beacon_id=p.beacon_id,
        mode=mode,
        lat_deg=float(np.degrees(st.lat[i])),
        lon_deg=float(np.degrees(st.lon[i])),
        alt_m=float(st.h[i]),
        ellipse95=Ellipse(float(r.semi_major_m[i]), float(r.semi_minor_m[i]), float(r.orientation_deg[i])),
        ehe_m=float(r.ehe_m[i]),
        n_sat=len(used),
        f0_hz=f0,
        warnings=tuple(warnings),
        burst_index=p.burst_ids[0] if mode == "single" else None,
        window_start_utc=min(times) if mode == "window" else None,
        window_end_utc=max(times) if mode == "window" else None,
        time_utc=times[0] if mode == "single" else p.ref_epoch + timedelta(seconds=0.5 * float(p.tau.min() + p.tau.max())),
        n_bursts=len(p.burst_ids),
        sat_ids=tuple(used),
        excluded_sat_ids=excluded,
        chi2=chi2_v,
        dof=dof,
        cov_en_m2=((float(cov_en[0, 0]), float(cov_en[0, 1])), (float(cov_en[1, 0]), float(cov_en[1, 1]))),
        velocity_en_mps=vel,
        valid=valid,
    )


def _fails(r: Result) -> NDArray[np.bool_]:
    return (r.dof > 0) & (r.chi2 > r.chi2_limit)


def solve_with_exclusion(problems: Sequence[Problem], opt: Options, mode: str, min_sats_left: int) -> list[Solution]:
    """Solve a batch; problems failing the chi-square test try each single-satellite exclusion."""
    K = max(len(p.burst_ids) for p in problems)
    ch = stack(problems, K)
    r = engine.solve(ch, opt)
    fails = _fails(r)
    sols: list[Solution | None] = [None] * len(problems)
    # exclusion candidates: one variant per (failing problem, satellite)
    variants: list[tuple[int, int]] = []
    for i, p in enumerate(problems):
        sats = np.unique(p.sat_ids)
        if fails[i] and sats.size - 1 >= min_sats_left:
            variants += [(i, int(s)) for s in sats]
    if variants:
        vp = [problems[i] for i, _ in variants]
        vch = stack(vp, K)
        masks = np.zeros_like(vch.wt)
        for j, (i, sid) in enumerate(variants):
            m = _sat_mask(problems[i], sid)
            masks[j, : m.size] = m
        vr = engine.solve(vch.with_weights(vch.wt * masks, vch.wf * masks), opt)
        for i in {i for i, _ in variants}:
            js = [j for j, (ii, _) in enumerate(variants) if ii == i]
            best = min(js, key=lambda j: vr.chi2[j])
            passing = [j for j in js if not _fails(vr)[j]]
            if best in passing and len(passing) == 1 or (best in passing and vr.chi2[best] < 0.25 * min(vr.chi2[j] for j in js if j != best)):
                sid = variants[best][1]
                w = [f"satellite {sid} excluded by the integrity test (chi2 {r.chi2[i]:.1f} -> {vr.chi2[best]:.1f})"]
                sols[i] = to_solution(problems[i], vr, best, opt, mode, w, (sid,))
            else:
                w = []
                if passing:
                    w.append("integrity: several satellites could be the faulty one; none excluded")
                sols[i] = to_solution(problems[i], r, i, opt, mode, w)
    return [s if s is not None else to_solution(problems[i], r, i, opt, mode, []) for i, s in enumerate(sols)]


def _check_burst(p: Problem, three_d: bool) -> None:
    n = np.unique(p.sat_ids).size
    need = 4 if three_d else 3
    if len(p.burst_ids) != 1:
        raise MeasurementError(f"beacon {p.beacon_id}: a single-burst solution got bursts {list(p.burst_ids)}")
    if n < need:
        raise MeasurementError(f"beacon {p.beacon_id} burst {p.burst_ids[0]}: {n} satellite(s); independent location needs >= {need}")


def locate_bursts(
    bursts: Sequence[Sequence[MeoMeasurement]],
    *,
    three_d: bool = False,
    height_m: float = 0.0,
    calibration: Calibration = NO_CALIBRATION,
) -> list[Solution]:
    """Single-burst solutions of many bursts at once (each a list of channels of one burst)."""
    problems = [build_problem(b, calibration) for b in bursts]
    for p in problems:
        _check_burst(p, three_d)
    opt = Options(three_d=three_d, height_m=height_m)
    out: list[Solution] = []
    # batch by channel count so padding stays small
    order = sorted(range(len(problems)), key=lambda i: problems[i].tau.size)
    sols: dict[int, Solution] = {}
    for n in sorted({problems[i].tau.size for i in order}):
        idx = [i for i in order if problems[i].tau.size == n]
        for i, s in zip(idx, solve_with_exclusion([problems[i] for i in idx], opt, "single", 4), strict=True):
            sols[i] = s
    out = [sols[i] for i in range(len(problems))]
    return out


def locate_burst(channels: Sequence[MeoMeasurement], **kwargs: Any) -> Solution:
    """Single-burst solution from the channels (>= 3 satellites) of one burst."""
    return locate_bursts([channels], **kwargs)[0]
