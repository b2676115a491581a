"""MEOSAR multi-burst window: one joint batch over all bursts of a beacon (location note §4.5).

Shared position, f0 and drift; one emission time per burst; bursts seen by only 1-2
satellites still count through the shared f0. A moving beacon (unmodelled speed biases FGB
solutions ~3 km per m/s, §4.6): a horizontal velocity is also fitted (nested model, started at
the static fit) and kept when the chi-square drop is significant (likelihood ratio, 2 dof, 1e-3),
or when the static fit fails and the velocity explains it better than excluding one satellite.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import chi2

from sarsat.errors import MeasurementError
from sarsat.locate import engine
from sarsat.locate.engine import Options
from sarsat.locate.measurements import MeoMeasurement
from sarsat.locate.meosar import (
    NO_CALIBRATION,
    Calibration,
    build_problem,
    solve_with_exclusion,
    stack,
    to_solution,
)
from sarsat.locate.quality import chi2_threshold
from sarsat.locate.solution import Solution

_LR_THRESHOLD = float(chi2.isf(1e-3, 2))  # velocity (2 parameters) significant at 1e-3


def locate_window(
    measurements: Sequence[MeoMeasurement],
    *,
    velocity: str = "auto",
    height_m: float = 0.0,
    calibration: Calibration = NO_CALIBRATION,
) -> Solution:
    """Joint solution over all bursts of one beacon in ``measurements``.

    ``velocity``: ``"auto"`` (kept only when significant, see the module docstring),
    ``"always"`` or ``"never"``. The position refers to the middle of the window
    (``time_utc``).
    """
    if velocity not in ("auto", "always", "never"):
        raise MeasurementError(f"velocity must be auto, always or never, not {velocity!r}")
    p = build_problem(measurements, calibration)
    K = len(p.burst_ids)
    n_sat = np.unique(p.sat_ids).size
    drift = K >= 3
    static = Options(drift=drift, height_m=height_m)
    n_meas = 2 * p.tau.size
    if n_sat < 2 or n_meas <= engine.n_params(static, K):
        raise MeasurementError(
            f"beacon {p.beacon_id}: {p.tau.size} channels from {n_sat} satellite(s) over {K} burst(s) cannot fix "
            f"{engine.n_params(static, K)} unknowns; need more channels"
        )
    moving = Options(drift=drift, velocity=True, height_m=height_m)
    if velocity == "always":
        return solve_with_exclusion([p], moving, "window", 4)[0]
    ch = stack([p], K)
    r = engine.solve(ch, static)
    fails = bool(r.dof[0] > 0 and r.chi2[0] > chi2_threshold(r.dof[0]))
    rv = None
    if velocity == "auto" and n_meas > engine.n_params(moving, K) + 2:
        rv = engine.solve(ch, moving, start=r.state)  # nested model, started at the static fit

    def moving_solution(reason: str) -> Solution:
        assert rv is not None
        ve, vn = rv.state.vel[0]
        return to_solution(p, rv, 0, moving, "window", [f"{reason}: beacon moving, velocity estimated ({ve:.2f} E, {vn:.2f} N m/s)"])

    moving_passes = rv is not None and bool(rv.chi2[0] <= chi2_threshold(rv.dof[0]))
    if not fails:
        # likelihood-ratio test of the nested static model: chi2 drop ~ chi2(2) if static
        if rv is not None and moving_passes and r.chi2[0] - rv.chi2[0] > _LR_THRESHOLD:
            return moving_solution(f"velocity significant (chi2 {r.chi2[0]:.1f} -> {rv.chi2[0]:.1f})")
        return to_solution(p, r, 0, static, "window", [])
    excluded = solve_with_exclusion([p], static, "window", 4)[0]
    if rv is not None and moving_passes:
        # two explanations of a failed static fit: a moving beacon or one faulty satellite.
        # Keep the one whose residuals are more plausible (larger chi-square tail probability).
        p_moving = float(chi2.sf(rv.chi2[0], rv.dof[0]))
        p_fault = float(chi2.sf(excluded.chi2, excluded.dof)) if excluded.excluded_sat_ids else 0.0
        if p_moving >= p_fault:
            return moving_solution(f"static fit failed (chi2 {r.chi2[0]:.1f}, {r.dof[0]} dof)")
    return excluded
