"""GEOSAR: detection only. A geostationary relay gives no independent location (location note §5);
the encoded position, when the message has one, passes through labelled as such."""

from __future__ import annotations

from sarsat.locate.measurements import GeoDetection
from sarsat.locate.solution import Solution


def pass_through(det: GeoDetection) -> Solution:
    """A ``geosar`` solution: the encoded position (or none), never an independent fix."""
    has = det.encoded_lat_deg is not None
    warnings = ["GEOSAR detection: no independent location; position is the beacon's encoded position"]
    if not has:
        warnings = ["GEOSAR detection: no independent location and no encoded position"]
    return Solution(
        beacon_id=det.beacon_id,
        mode="geosar",
        lat_deg=det.encoded_lat_deg,
        lon_deg=det.encoded_lon_deg,
        ellipse95=None,
        ehe_m=None,
        n_sat=1,
        f0_hz=None,
        warnings=tuple(warnings),
        time_utc=det.time_utc,
        sat_ids=(det.sat_id,),
        position_source="encoded" if has else "none",
        valid=has,
    )
