"""Footprint check (reference §4.1 item 3, test 12-3-1): is an encoded position inside the
footprint of at least one satellite that relayed the bursts?

A position is inside a satellite's footprint when the satellite is at or above
:attr:`~sarsat.mcc.rules.Thresholds.footprint_elevation_deg` seen from it (``sarsat.orbit``
visibility, WGS-84 geodetic vertical). The relaying satellites' positions come from the record
(``satellite_ecef_m``, ECEF metres at detection time, as a LUT that tracked them knows them) or,
failing that, from an orbit model (TLE set or Walker constellation) for the record's satellite
ids (C/S numbers, e.g. ``419``), evaluated at the first and the last burst; a TLE older than
:attr:`~sarsat.mcc.rules.Thresholds.footprint_max_tle_age_s` (7 days, the test tables) is not
used. When neither gives a position the answer is ``None`` and the MCC falls back to the LUT's
``footprint_ok`` flag.

>>> from datetime import UTC, datetime
>>> from sarsat.mcc.ingest import SolutionRecord
>>> rec = SolutionRecord.from_json({"lut_id": "2276", "system": "meosar",
...     "detected_at": "2025-06-12T14:02:11Z", "satellites": ["419"],
...     "satellite_ecef_m": [[23222000.0, 0.0, 0.0]],  # over 0N 0E at MEO height
...     "beacon": {"hex_id": "1C64000000FFBFF"}, "positions": []})
>>> inside_footprint(rec, 5.0, 10.0), inside_footprint(rec, 0.0, 180.0)
(True, False)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.rules import THRESHOLDS


def tle_epoch(line1: str) -> datetime:
    """Epoch of a TLE line 1 (columns 19-32: YYDDD.DDDDDDDD; years 57-99 are 19xx).

    >>> tle_epoch("1 28474U 04045A   24226.50000000  .00000000  00000-0  00000-0 0  9990").isoformat()
    '2024-08-13T12:00:00+00:00'
    """
    yy, day = int(line1[18:20]), float(line1[20:32])
    return datetime(1900 + yy if yy >= 57 else 2000 + yy, 1, 1, tzinfo=UTC) + timedelta(days=day - 1)


def _current(ephemeris: Any, i: int, t: datetime, max_age_s: float) -> bool:
    """Is satellite ``i``'s element set within ``max_age_s`` of ``t``? (Walker models: always.)"""
    lines = getattr(ephemeris, "lines", None)
    if not lines:
        return True
    return abs((t - tle_epoch(lines[i][0])).total_seconds()) <= max_age_s


def _from_ephemeris(rec: SolutionRecord, ephemeris: Any,
                    max_age_s: float = THRESHOLDS.footprint_max_tle_age_s) -> list[tuple[float, float, float]]:
    """Positions of the record's satellites found in ``ephemeris`` (by C/S satellite id, element
    set current within ``max_age_s``) at the first and last burst; [] when none qualifies."""
    import numpy as np

    wanted = {int(s) for s in rec.satellites if s.isdigit() and int(s) > 0}
    idx = [i for i, sat in enumerate(ephemeris.satellites)
           if sat.sat_id in wanted and _current(ephemeris, i, rec.detected_at, max_age_s)]
    if not idx:
        return []
    times: list[datetime] = sorted({rec.detected_at, rec.last_detected_at})
    out: list[tuple[float, float, float]] = []
    for t in times:
        r, _ = ephemeris.state_ecef(t, np.zeros(len(ephemeris.satellites)))
        out += [tuple(float(x) for x in r[i]) for i in idx]  # type: ignore[misc]
    return out


def inside_footprint(rec: SolutionRecord, lat_deg: float, lon_deg: float, ephemeris: Any = None,
                     elevation_deg: float = THRESHOLDS.footprint_elevation_deg,
                     max_tle_age_s: float = THRESHOLDS.footprint_max_tle_age_s) -> bool | None:
    """True if (lat, lon) sees a relaying satellite at ``elevation_deg`` or more, False if it sees
    none, None if no satellite position is known (record, or a current ``ephemeris``)."""
    sats: list[tuple[float, float, float]] = list(rec.satellite_ecef_m)
    if not sats and ephemeris is not None:
        sats = _from_ephemeris(rec, ephemeris, max_tle_age_s)
    if not sats:
        return None
    import numpy as np

    from sarsat.orbit.frames import geodetic_to_ecef
    from sarsat.orbit.visibility import elevation_deg as elevation

    site = geodetic_to_ecef(lat_deg, lon_deg, 0.0)
    el = elevation(np.broadcast_to(site, (len(sats), 3)), np.asarray(sats, dtype=np.float64))
    return bool(np.any(el >= elevation_deg))
