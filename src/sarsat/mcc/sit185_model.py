"""The parsed SIT 185 structure and the vocabulary the parser recognises (reference
mcc-and-distribution.md §3.4-3.7)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: Known label that starts each numbered field, both layouts (§3.4 table, §3.5 table).
_LABELS = {
    1: r"(?:DISTRESS|SHIP\s+SECURITY|COSPAS)",
    2: r"MSG\s*NO",
    3: r"(?:DETECTED|BEACON\s+MESSAGE)",
    4: r"(?:DETECTION\s+FREQ|ALERT\s+POSITION)",
    5: r"(?:COUNTRY|OTHER\s+INFO)",
    6: r"(?:USER\s+CLASS|REMARKS)",
    7: r"EMERGENCY",
    8: r"POSITIONS",
    9: r"ENCODED\s+POSITION\s+PROV",
    10: r"NEXT\s+PASS",
    11: r"(?:HEX\s*ID|30-HEX)",
    12: r"ACTIVATION",
    13: r"BEACON\s+NUMBER",
    14: r"OTHER\s+ENCODED",
    15: r"OPERATIONAL",
    16: r"REMARKS",
}

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)}

# dd MMM yy[yy] hhmm[ss] UTC (4- or 6-digit times, 2- or 4-digit years: §3.7)
_DATE = r"(\d{1,2})\s+([A-Z]{3})\s+(\d{4}|\d{2})\s+(\d{6}|\d{4})\s*(?:UTC|Z)"
_HEADER = re.compile(r"^/\s*(\d{5})\s+(\d{5})\s*/\s*(\w{4})\s*/\s*(\d{2})\s+(\d{3})\s+(\d{4})\s*$")
_COORD = re.compile(
    r"(\d{1,2})\s+(\d{1,2}(?:\.\d+)?)\s*([NS])\s*-?\s*(\d{1,3})\s+(\d{1,2}(?:\.\d+)?)\s*([EW])\b"
)
# Position labels of field 8 (legacy) and section 4 (CSC-66); RESOLVED is Russia's CONFIRMED.
_POS_LABEL = re.compile(
    r"(?<![A-Z])(CONFIRMED|RESOLVED|MCC\s+REFERENCE|DOPPLER\s+A|DOPPLER\s+B|DOA(?:/ALTITUDE)?|"
    r"ENCODED|GNSS)\s*-(?![A-Z0-9])"
)
_POS_TYPE = {"CONFIRMED": "confirmed", "RESOLVED": "confirmed", "MCC REFERENCE": "mcc_reference",
             "DOPPLER A": "doppler_a", "DOPPLER B": "doppler_b", "DOA": "doa",
             "DOA/ALTITUDE": "doa", "ENCODED": "encoded", "GNSS": "encoded"}
_UPDATE_TIME = re.compile(
    r"(UPDATE TIME WITHIN [0-9]+ HOURS OF DETECTION TIME|UPDATE TIME (?:MORE THAN|WITHIN) [A-Z0-9 ]*?"
    r"DETECTION TIME|TIME OF UPDATE UNKNOWN|UPDATE TIME UNKNOWN)"
)
_NIL = {"", "NIL", "NONE"}


@dataclass(frozen=True)
class ParsedPosition:
    """One position line of a SIT 185 (WGS-84 degrees, north and east positive)."""

    type: str  # confirmed, mcc_reference, doppler_a, doppler_b, doa, encoded
    latitude_deg: float
    longitude_deg: float
    probability_pct: int | None = None
    estimated_error: str | None = None  # as stated: "03 NMS", "2 NM", "UNKNOWN"
    estimated_error_nm: float | None = None
    altitude: str | None = None  # as stated: "45 METRES", "LESS THAN 400 METRES (1300 FEET)"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "latitude_deg": self.latitude_deg,
                               "longitude_deg": self.longitude_deg}
        for key in ("probability_pct", "estimated_error", "estimated_error_nm", "altitude"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class ParsedSit185:
    """A SIT 185 read into one structure, whatever the sender's layout (README "SIT 185 JSON")."""

    layout: str  # "legacy" (16 fields) or "csc66" (6 sections)
    title: str | None
    msg_no: int | None
    mcc: str | None  # the sending MCC's name in field 2 (AUMCC, USMCC, CMC, ...)
    mcc_ref: str | None
    hex_id: str | None
    country_code: int | None
    country: str | None
    detected_at: datetime | None
    detected_by: str | None
    last_detected_at: datetime | None
    detection_frequency_mhz: float | None
    positions: tuple[ParsedPosition, ...]
    encoded_update_time: str | None
    encoded_position_source: str | None
    activation: str | None
    beacon_data_reliable: bool
    beacon_message_hex: str | None
    lut_id: str | None
    beacon_information: tuple[str, ...]  # field 6 (+13) legacy, section 3 CSC-66
    next_pass_times: tuple[tuple[str, str], ...]
    other_encoded_information: tuple[str, ...]
    operational_information: tuple[str, ...]  # field 15 legacy, section 5 CSC-66
    remarks: tuple[str, ...]
    sit_header: dict[str, Any] | None
    sit915_destination: str | None
    preamble: tuple[str, ...]
    unparsed: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict; times as UTC ISO 8601."""
        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t is not None else None
        return {
            "layout": self.layout,
            "title": self.title,
            "msg_no": self.msg_no,
            "mcc": self.mcc,
            "mcc_ref": self.mcc_ref,
            "hex_id": self.hex_id,
            "country_code": self.country_code,
            "country": self.country,
            "detected_at": iso(self.detected_at),
            "detected_by": self.detected_by,
            "last_detected_at": iso(self.last_detected_at),
            "detection_frequency_mhz": self.detection_frequency_mhz,
            "positions": [p.to_json() for p in self.positions],
            "encoded_update_time": self.encoded_update_time,
            "encoded_position_source": self.encoded_position_source,
            "activation": self.activation,
            "beacon_data_reliable": self.beacon_data_reliable,
            "beacon_message_hex": self.beacon_message_hex,
            "lut_id": self.lut_id,
            "beacon_information": list(self.beacon_information),
            "next_pass_times": [{"type": t, "text": x} for t, x in self.next_pass_times],
            "other_encoded_information": list(self.other_encoded_information),
            "operational_information": list(self.operational_information),
            "remarks": list(self.remarks),
            "sit_header": self.sit_header,
            "sit915_destination": self.sit915_destination,
            "preamble": list(self.preamble),
            "unparsed": list(self.unparsed),
            "warnings": list(self.warnings),
            **self.extra,
        }


def parse_datetime(text: str) -> datetime | None:
    """The first ``dd MMM yy hhmm[ss] UTC`` in ``text`` as an aware UTC datetime, else None.

    >>> parse_datetime("DETECTED AT 28 JUL 2016 2338 UTC BY GOES 15").isoformat()
    '2016-07-28T23:38:00+00:00'
    """
    m = re.search(_DATE, text)
    if m is None or m.group(2) not in _MONTHS:
        return None
    day, mon, year, hms = int(m.group(1)), _MONTHS[m.group(2)], m.group(3), m.group(4)
    y = int(year) if len(year) == 4 else 2000 + int(year)
    sec = int(hms[4:6]) if len(hms) == 6 else 0
    try:
        return datetime(y, mon, day, int(hms[:2]), int(hms[2:4]), sec, tzinfo=UTC)
    except ValueError:
        return None
