"""Turn a :class:`sarsat.locate.Solution` (or a GEOSAR :class:`GeoDetection`) into the MCC's
:class:`SolutionRecord`.

The locator gives the position (MEOSAR ``single``/``window`` -> DOA with EHE; LEOSAR ``doppler``
-> Doppler A and B with their probabilities; ``geosar`` -> the encoded position it passed
through); the LUT adds the decoded beacon, its own id and, for LEOSAR, the pass. A solution that
failed its integrity checks (``valid`` false) contributes no position: the detection still
counts (unlocated), its position is not trusted. The LUT may pass the positions of the satellites
it used (``satellite_ecef_m``, e.g. the measurements' ``sat_pos_m``): the MCC then checks the
encoded position against their footprints itself (reference §4.1 item 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sarsat.errors import MccError
from sarsat.locate.geosar import pass_through
from sarsat.locate.measurements import GeoDetection
from sarsat.locate.solution import Solution
from sarsat.mcc.ingest import BeaconInfo, Fix, SolutionRecord

_SYSTEM = {"single": "meosar", "window": "meosar", "doppler": "leosar", "geosar": "geosar"}


def record_from_solution(sol: Solution, beacon: BeaconInfo, lut_id: str, *, solution_id: str | None = None,
                         pass_id: str | None = None, detected_at: datetime | None = None,
                         satellite_ecef_m: Sequence[Sequence[float]] = ()) -> SolutionRecord:
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
            ellipse = sol.ellipse95.to_json() if kind == "doa" and sol.ellipse95 is not None else None
            fixes.append(Fix(kind, sol.lat_deg, sol.lon_deg, ehe_m=sol.ehe_m if kind == "doa" else None,
                             altitude_m=sol.alt_m if kind == "doa" else None, ellipse95=ellipse))
    freq = sol.f0_hz if sol.f0_hz is not None and 405.9e6 <= sol.f0_hz <= 406.2e6 else None
    sid = solution_id or f"{lut_id}-{beacon.hex_id}-{first:%Y%m%dT%H%M%S.%f}-{sol.mode}"
    return SolutionRecord(
        solution_id=sid, beacon=beacon, detected_at=first, last_detected_at=max(last, first), lut_id=lut_id,
        system=system, satellites=tuple(str(s) for s in sol.sat_ids), fixes=tuple(fixes), pass_id=pass_id,
        frequency_hz=freq, num_bursts=sol.n_bursts,
        satellite_ecef_m=_sat_positions(satellite_ecef_m),
    )


def record_from_detection(det: GeoDetection, beacon: BeaconInfo, lut_id: str, *, solution_id: str | None = None,
                          satellite_ecef_m: Sequence[Sequence[float]] = ()) -> SolutionRecord:
    """The MCC input record for a GEOSAR detection (its encoded position, if any, or unlocated)."""
    return record_from_solution(pass_through(det), beacon, lut_id, solution_id=solution_id,
                                satellite_ecef_m=satellite_ecef_m)


def _sat_positions(values: Sequence[Sequence[float]]) -> tuple[tuple[float, float, float], ...]:
    out = []
    for v in values:
        if len(v) != 3:
            raise MccError(f"satellite position {list(v)!r}: expected [x, y, z] ECEF metres")
        out.append((float(v[0]), float(v[1]), float(v[2])))
    return tuple(out)
