"""Turn a :class:`sarsat.locate.Solution` into the MCC's :class:`SolutionRecord`.

The locator gives the position (MEOSAR ``single``/``window`` -> DOA with EHE; LEOSAR ``doppler``
-> Doppler A and B with their probabilities; ``geosar`` -> the encoded position it passed
through); the LUT adds the decoded beacon, its own id and, for LEOSAR, the pass. A solution that
failed its integrity checks (``valid`` false) contributes no position: the detection still
counts (unlocated), its position is not trusted.
"""

from __future__ import annotations

from datetime import datetime

from sarsat.errors import MccError
from sarsat.locate.solution import Solution
from sarsat.mcc.ingest import BeaconInfo, Fix, SolutionRecord

_SYSTEM = {"single": "meosar", "window": "meosar", "doppler": "leosar", "geosar": "geosar"}


def record_from_solution(sol: Solution, beacon: BeaconInfo, lut_id: str, *, solution_id: str | None = None,
                         pass_id: str | None = None, detected_at: datetime | None = None) -> SolutionRecord:
    """The MCC input record for ``sol`` (see the module docstring)."""
    if sol.beacon_id.upper() != beacon.hex_id:
        raise MccError(f"solution for {sol.beacon_id} given with beacon {beacon.hex_id}")
    system = _SYSTEM.get(sol.mode)
    if system is None:
        raise MccError(f"solution mode {sol.mode!r}: expected one of {', '.join(_SYSTEM)}")
    first = detected_at or sol.window_start_utc or sol.time_utc
    if first is None:
        raise MccError(f"solution for {sol.beacon_id} has no time; give detected_at")
    last = sol.window_end_utc or sol.time_utc or first
    fixes: list[Fix] = []
    if sol.valid:
        if sol.mode == "doppler":
            for side in sol.sides:
                fixes.append(Fix(f"doppler_{side.side.lower()}", side.lat_deg, side.lon_deg,
                                 probability_pct=round(100 * side.probability, 1), ehe_m=side.ehe_m))
        elif sol.lat_deg is not None and sol.lon_deg is not None:
            kind = "encoded" if sol.position_source == "encoded" or sol.mode == "geosar" else "doa"
            fixes.append(Fix(kind, sol.lat_deg, sol.lon_deg, ehe_m=sol.ehe_m if kind == "doa" else None,
                             altitude_m=sol.alt_m if kind == "doa" else None))
    freq = sol.f0_hz if sol.f0_hz is not None and 405.9e6 <= sol.f0_hz <= 406.2e6 else None
    sid = solution_id or f"{lut_id}-{beacon.hex_id}-{first:%Y%m%dT%H%M%S.%f}-{sol.mode}"
    return SolutionRecord(
        solution_id=sid, beacon=beacon, detected_at=first, last_detected_at=max(last, first), lut_id=lut_id,
        system=system, satellites=tuple(str(s) for s in sol.sat_ids), fixes=tuple(fixes), pass_id=pass_id,
        frequency_hz=freq, num_bursts=sol.n_bursts,
    )
