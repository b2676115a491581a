"""A tolerant SIT 185 parser: every public variant into one structure.

Reads both layouts (reference mcc-and-distribution.md §3.4 legacy 16 fields, §3.5 CSC-66
six sections) and the variations of §3.7: ``MSG NO: 51479  CMC REF:`` vs ``MSG NO 00042
AUMCC REF NO 00890``; ``36 36.20S`` vs ``36 36.20 S`` vs ``55 45.00 N`` newline
``- 037 45.00 E``; en dashes; ``DOA/ALTITUDE`` vs ``DOA``; 4- or 6-digit times and 2- or
4-digit years; ``HEX ID1C04...``; blank lines; stray spaces in the SIT header; titles
wrapped over lines; two fields on one line (``13. ... NO: 14. OTHER ...``); the Russian
``RCC406E`` preamble, ``RESOLVED`` and ``30-HEX MSG``; a SIT 915 envelope. Text it cannot
place is returned in ``unparsed``, never dropped.

>>> msg = parse_sit185('''1. DISTRESS COSPAS-SARSAT INITIAL ALERT
... 2. MSG NO 00141 SPMCC REF 12345
... 3. DETECTED AT 21 FEB 07 0646 UTC BY MSG-2
... 11. HEX ID 331000033F81FE0 HOMING SIGNAL 121.5 MHZ
... END OF MESSAGE''')
>>> msg.title, msg.msg_no, msg.hex_id, msg.detected_at.isoformat()
('DISTRESS COSPAS-SARSAT INITIAL ALERT', 141, '331000033F81FE0', '2007-02-21T06:46:00+00:00')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sarsat.errors import SitParseError

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
        iso = (lambda t: t.isoformat() if t is not None else None)
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


def _normalise(text: str) -> str:
    """Unify dashes, tabs and line ends; strip trailing blanks (§3.7)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return "\n".join(line.rstrip() for line in text.upper().split("\n"))


def split_messages(text: str) -> list[str]:
    """Split a file holding several SIT 185s after each ``END OF MESSAGE`` line.

    Envelope lines (``QQQQ``, ``/LASSIT``, ``/ENDMSG``, an ``RCC406E.FMT`` trailer) that follow an
    end line stay with that message.
    """
    parts: list[str] = []
    current: list[str] = []
    ended = False
    for line in text.splitlines():
        s = line.strip().upper()
        if ended and s and not re.fullmatch(r"QQQQ|/LASSIT|/ENDMSG|\S+\.FMT", s):
            parts.append("\n".join(current))
            current, ended = [], False
        current.append(line)
        if s.startswith("END OF MESSAGE"):
            ended = True
    if any(x.strip() for x in current):
        parts.append("\n".join(current))
    return parts


def _find_sections(body: str) -> tuple[dict[int, str], str, str]:
    """Numbered fields of ``body``: ({n: text}, text before field 1, text after the last)."""
    starts: list[tuple[int, int, int]] = []  # (n, start of marker, start of content)
    pos = 0
    for n in range(1, 17):
        label = _LABELS[n]
        cands = [
            re.compile(rf"(?m)^[ \t]*{n}\.[ \t]*"),  # "n." at a line start
            re.compile(rf"(?m)^[ \t]*{n}[ \t]+(?={label})"),  # "1 DISTRESS" (dot missing)
            re.compile(rf"(?<=[ \t]){n}\.[ \t]+(?={label})"),  # two fields on one line
        ]
        best = None
        for rx in cands:
            m = rx.search(body, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            continue
        starts.append((n, best.start(), best.end()))
        pos = best.end()
    if not starts:
        return {}, body, ""
    sections: dict[int, str] = {}
    for i, (n, _, content) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(body)
        sections[n] = body[content:end]
    return sections, body[: starts[0][1]], ""


def _lines(text: str) -> list[str]:
    """Non-blank lines, single-spaced, list markers ``A.`` removed."""
    out = []
    for line in text.split("\n"):
        s = re.sub(r"\s+", " ", line).strip()
        s = re.sub(r"^[A-Z]\.\s+", "", s)
        if s:
            out.append(s)
    return out


def _after_label(text: str, label: str) -> str:
    """Single-spaced ``text`` with its leading ``label`` (and a colon) removed; NIL -> ''."""
    s = re.sub(r"\s+", " ", text).strip()
    s = re.sub(rf"^{label}\s*:?\s*", "", s)
    return "" if s in _NIL else s


class _Builder:
    """Collects fields while reading one message."""

    def __init__(self) -> None:
        self.f: dict[str, Any] = {
            "title": None, "msg_no": None, "mcc": None, "mcc_ref": None, "hex_id": None,
            "country_code": None, "country": None, "detected_at": None, "detected_by": None,
            "last_detected_at": None, "detection_frequency_mhz": None,
            "encoded_update_time": None, "encoded_position_source": None, "activation": None,
            "beacon_data_reliable": True, "beacon_message_hex": None, "lut_id": None,
        }
        self.positions: list[ParsedPosition] = []
        self.beacon_information: list[str] = []
        self.next_pass: list[tuple[str, str]] = []
        self.other_encoded: list[str] = []
        self.operational: list[str] = []
        self.remarks: list[str] = []
        self.unparsed: list[str] = []
        self.warnings: list[str] = []

    # -- fields shared by both layouts ------------------------------------------------
    def msg_line(self, text: str) -> None:
        s = re.sub(r"\s+", " ", text).strip()
        m = re.match(r"MSG\s*NO\s*:?\s*(\d+)\s+(?:(\S+?)\s+)?REF(?:\s+NO)?\s*:?\s*(\S+)\s*(.*)$", s)
        if m is None:
            self.unparsed.append(s)
            return
        self.f["msg_no"], self.f["mcc"], self.f["mcc_ref"] = int(m.group(1)), m.group(2), m.group(3)
        if m.group(4):
            self.unparsed.append(m.group(4))

    def detected(self, line: str) -> bool:
        s = re.sub(r"\s+", " ", line).strip()
        m = re.match(r"(?:(?:MEOSAR )?ALERT )?LAST DETECTED AT:? (.*)$", s)
        if m:
            self.f["last_detected_at"] = parse_datetime(m.group(1))
            return self.f["last_detected_at"] is not None
        m = re.match(r"DETECTED AT:? (.*?)(?: BY:? (.*))?$", s)
        if m is None:
            return False
        self.f["detected_at"] = parse_datetime(m.group(1))
        self.f["detected_by"] = m.group(2)
        if self.f["detected_at"] is None:
            self.warnings.append(f"detection time not understood: {m.group(1)!r}")
        return True

    def frequency(self, line: str) -> bool:
        m = re.search(r"DETECTION FREQUENCY:?\s*(\d{3}\.\d+)\s*MHZ?", line)
        if m is None:
            return False
        self.f["detection_frequency_mhz"] = float(m.group(1))
        return True

    def country_line(self, line: str) -> bool:
        s = re.sub(r"\s+", " ", line).strip()
        m = re.match(r"COUNTRY OF BEACON REGISTRATION:?\s*(.*)$", s)
        if m is None:
            return False
        rest = m.group(1)
        m2 = re.match(r"(\d{3})\s*/\s*(.*)$", rest)
        if m2:
            self.f["country_code"], self.f["country"] = int(m2.group(1)), (m2.group(2) or None)
        elif rest not in _NIL:
            self.f["country"] = rest
        return True

    def hex_line(self, line: str) -> bool:
        s = re.sub(r"\s+", " ", line).strip()
        m = re.match(r"HEX ID:?\s*([0-9A-F]{23}|[0-9A-F]{15})\b\s*(.*)$", s)
        if m:
            self.f["hex_id"] = m.group(1)
            if m.group(2):
                self.homing(m.group(2))
            return True
        m = re.match(r"30-HEX MSG:?\s*([0-9A-F]{30})\b\s*(.*)$", s)  # Russian RCC406E (§3.7)
        if m:
            self.f["beacon_message_hex"] = m.group(1)
            if m.group(2):
                self.homing(m.group(2))
            return True
        return False

    def homing(self, text: str) -> None:
        s = re.sub(r"\s+", " ", text).strip()
        m = re.match(r"HOMING SIGNAL:?\s*(.*)$", s)
        if m is None:
            self.unparsed.append(s)
        else:
            self.f.setdefault("homing_signal", m.group(1) or None)
            self.f["homing_signal"] = m.group(1) or None

    # -- positions ------------------------------------------------------------------
    def positions_block(self, text: str) -> None:
        """Position lines (legacy field 8, CSC-66 section 4 after its DETECTED lines)."""
        flat = re.sub(r"\s+", " ", text).strip()
        marks = list(_POS_LABEL.finditer(flat))
        lead = flat[: marks[0].start()] if marks else flat
        lead = re.sub(r"^POSITIONS\s*:?\s*", "", lead).strip()
        if lead and lead not in _NIL:
            self._position_notes(lead, None)
        for i, m in enumerate(marks):
            value = flat[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(flat)].strip()
            ptype = _POS_TYPE[re.sub(r"\s+", " ", m.group(1))]
            self._position(ptype, value)

    def _position(self, ptype: str, value: str) -> None:
        coord = _COORD.search(value)
        if coord is None:
            rest = value
            if rest.startswith("NIL") or rest.startswith("UNKNOWN"):
                rest = rest.split(" ", 1)[1] if " " in rest else ""
            self._position_notes(rest, None)
            return
        latd, latm, ns, lond, lonm, ew = coord.groups()
        lat = (int(latd) + float(latm) / 60.0) * (-1 if ns == "S" else 1)
        lon = (int(lond) + float(lonm) / 60.0) * (-1 if ew == "W" else 1)
        rest = (value[: coord.start()] + " " + value[coord.end():]).strip()
        extra: dict[str, Any] = {}
        m = re.search(r"PROB\s*(\d{1,3})\s*PERCENT", rest)
        if m:
            extra["probability_pct"] = int(m.group(1))
            rest = rest.replace(m.group(0), " ")
        m = re.search(r"(?:EXPECTED ACCURACY|ESTIMATED ERROR)\s+(UNKNOWN|[\d.]+\s*(?:NMS?|KM|M)\b)", rest)
        if m:
            extra["estimated_error"] = m.group(1)
            num = re.match(r"([\d.]+)\s*NMS?", m.group(1))
            if num:
                extra["estimated_error_nm"] = float(num.group(1))
            rest = rest.replace(m.group(0), " ")
        self.positions.append(ParsedPosition(ptype, round(lat, 6), round(lon, 6), **extra))
        self._position_notes(rest.strip(), len(self.positions) - 1)

    def _position_notes(self, text: str, index: int | None) -> None:
        """Update-time, accuracy and altitude notes; the rest is ``unparsed``."""
        rest = text
        m = _UPDATE_TIME.search(rest)
        if m:
            self.f["encoded_update_time"] = m.group(1)
            rest = rest.replace(m.group(0), " ")
        m = re.search(r"(?:EXPECTED ACCURACY|ESTIMATED ERROR)\s+(UNKNOWN|[\d.]+\s*NMS?)", rest)
        if m and index is not None:
            self._amend(index, estimated_error=m.group(1))
            rest = rest.replace(m.group(0), " ")
        elif m:
            self._amend_last("doa", estimated_error=m.group(1))
            rest = rest.replace(m.group(0), " ")
        m = re.search(r"ALTITUDE(?: OF (?:GNSS|ENCODED) LOCATION)?\s+(.*?METRES(?: \(\d+ FEET\))?)", rest)
        if m:
            if index is not None:
                self._amend(index, altitude=m.group(1))
            else:
                self._amend_last("doa", altitude=m.group(1))
            rest = rest.replace(m.group(0), " ")
        rest = re.sub(r"\s+", " ", rest).strip(" -")
        if rest and rest not in _NIL:
            self.unparsed.append(rest)

    def _amend(self, index: int, **changes: Any) -> None:
        p = self.positions[index]
        if "estimated_error" in changes:
            num = re.match(r"([\d.]+)\s*NMS?", changes["estimated_error"])
            changes["estimated_error_nm"] = float(num.group(1)) if num else None
        self.positions[index] = ParsedPosition(**{**p.__dict__, **changes})

    def _amend_last(self, ptype: str, **changes: Any) -> None:
        """Attach a note on its own line to the last position (of ``ptype`` when present)."""
        for i in range(len(self.positions) - 1, -1, -1):
            if self.positions[i].type == ptype:
                self._amend(i, **changes)
                return
        if self.positions:
            self._amend(len(self.positions) - 1, **changes)
        else:
            self.unparsed.append(" ".join(str(v) for v in changes.values()))

    def next_pass_block(self, text: str) -> None:
        flat = re.sub(r"\s+", " ", text).strip()
        flat = re.sub(r"^NEXT PASS(?:/EXPECTED DATA)? TIMES(?: \(UTC\))?\s*:?\s*", "", flat)
        marks = list(_POS_LABEL.finditer(flat))
        if marks and flat[: marks[0].start()].strip():
            self.unparsed.append(flat[: marks[0].start()].strip())
        elif not marks and flat and flat not in _NIL:
            self.unparsed.append(flat)
        for i, m in enumerate(marks):
            value = flat[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(flat)].strip()
            if value not in _NIL and value != "UNKNOWN":
                self.next_pass.append((_POS_TYPE[re.sub(r"\s+", " ", m.group(1))], value))

    def info_lines(self, lines: list[str], into: list[str]) -> None:
        """Operational / other information lines; pull out LUT ID and reliability notes."""
        for s in lines:
            if s in _NIL:
                continue
            if "DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE" in s:
                self.f["beacon_data_reliable"] = False
            m = re.search(r"LUT ID:?\s*(.*?)(?:\s{2,}| NUMBER OF POINTS| BEACON REGISTRATION AT|$)", s)
            if m and self.f["lut_id"] is None:
                self.f["lut_id"] = m.group(1).strip()
            if re.match(r"(?:MEOSAR )?ALERT LAST DETECTED AT", s):
                self.detected(s)
            if self.frequency(s):
                continue
            into.append(s)


def parse_sit185(text: str) -> ParsedSit185:
    """Parse one SIT 185 message (either layout, any public variant; see the module doc).

    Raises :class:`SitParseError` when the text has no numbered SIT 185 field at all.
    """
    body = _normalise(text)
    b = _Builder()
    header: dict[str, Any] | None = None
    sit915: str | None = None
    preamble: list[str] = []
    kept: list[str] = []
    for line in body.split("\n"):
        s = line.strip()
        hm = _HEADER.match(s)
        if hm:  # A.002 line 1: /MMMMM RRRRR/OOOO/YY DDD HHMM (stray spaces tolerated, §3.7)
            msg, ref, orig, yy, ddd, hhmm = hm.groups()
            sent = datetime(2000 + int(yy), 1, 1, int(hhmm[:2]), int(hhmm[2:]), tzinfo=UTC)
            header = {"msg_no": int(msg), "ref_no": int(ref), "originator": orig,
                      "sent_at": (sent + timedelta(days=int(ddd) - 1)).isoformat()}
            continue
        m915 = re.match(r"^/\s*915\s*/\s*(\w{4})\s*$", s)
        if m915:  # SIT 915 narrative envelope (§3.1)
            sit915 = m915.group(1)
            continue
        if re.fullmatch(r"QQQQ|/LASSIT|/ENDMSG|\S+\.FMT", s):
            continue
        if re.match(r"^(DATE|FROM|TO|FORMAT FILE)\s*:", s) and not kept:  # RCC406E preamble
            preamble.append(re.sub(r"\s+", " ", s))
            continue
        if s.startswith("/") and re.match(r"^/\s*\d", s):  # SIT 915 text starts after a "/"
            line = line.replace("/", "", 1)
        kept.append(line)
    text_body = "\n".join(kept)
    end = re.search(r"(?m)^[ \t]*END OF MESSAGE[ \t]*$", text_body)
    tail = ""
    if end is not None:
        tail = text_body[end.end():]
        text_body = text_body[: end.start()]
    else:
        b.warnings.append("no END OF MESSAGE line: message may be truncated")
    sections, before, _ = _find_sections(text_body)
    if not sections:
        raise SitParseError("no numbered SIT 185 fields found (expected '1. ... ALERT', '2. MSG NO ...')")
    b.unparsed.extend(_lines(before))
    b.unparsed.extend(_lines(tail))
    s3 = re.sub(r"\s+", " ", sections.get(3, "")).strip()
    s4 = re.sub(r"\s+", " ", sections.get(4, "")).strip()
    csc66 = s3.startswith("BEACON MESSAGE INFORMATION") or s4.startswith("ALERT POSITION INFORMATION")
    title = re.sub(r"\s+", " ", sections.get(1, "")).strip()
    b.f["title"] = title or None
    if 2 in sections:
        b.msg_line(sections[2])
    if csc66:
        _parse_csc66(sections, b)
    else:
        _parse_legacy(sections, b)
    if b.f["hex_id"] is None and b.f["mcc_ref"] and re.fullmatch(r"[0-9A-F]{15}|[0-9A-F]{23}", b.f["mcc_ref"]):
        b.f["hex_id"] = b.f["mcc_ref"]
        b.warnings.append("hex_id taken from the MCC reference (no HEX ID field)")
    extra = {}
    if "homing_signal" in b.f:
        extra["homing_signal"] = b.f.pop("homing_signal")
    for key in ("emergency_code", "beacon_number"):
        if key in b.f:
            extra[key] = b.f.pop(key)
    return ParsedSit185(
        layout="csc66" if csc66 else "legacy",
        positions=tuple(b.positions),
        beacon_information=tuple(b.beacon_information),
        next_pass_times=tuple(b.next_pass),
        other_encoded_information=tuple(b.other_encoded),
        operational_information=tuple(b.operational),
        remarks=tuple(b.remarks),
        sit_header=header,
        sit915_destination=sit915,
        preamble=tuple(preamble),
        unparsed=tuple(b.unparsed),
        warnings=tuple(b.warnings),
        extra=extra,
        **b.f,
    )


def _parse_legacy(sec: dict[int, str], b: _Builder) -> None:
    """Fields 3-16 of the legacy layout (§3.4)."""
    if 3 in sec and not b.detected(sec[3]):
        b.unparsed.extend(_lines(sec[3]))
    if 4 in sec and not b.frequency(sec[4]):
        b.unparsed.extend(_lines(sec[4]))
    if 5 in sec and not b.country_line(sec[5]):
        b.unparsed.extend(_lines(sec[5]))
    if 6 in sec:
        first, *more = _lines(sec[6]) or [""]
        user = _after_label(first, "USER CLASS")
        b.beacon_information.extend(([user] if user else []) + more)
    if 7 in sec:
        b.f["emergency_code"] = _after_label(sec[7], "EMERGENCY CODE") or None
    if 8 in sec:
        b.positions_block(sec[8])
    if 9 in sec:
        src = _after_label(sec[9], "ENCODED POSITION PROVIDED BY")
        b.f["encoded_position_source"] = src or None
    if 10 in sec:
        b.next_pass_block(sec[10])
    if 11 in sec:
        lines = _lines(sec[11])
        if not lines or not b.hex_line(lines[0]):
            b.unparsed.extend(lines[:1])
        for extra in lines[1:]:
            b.homing(extra)
    if 12 in sec:
        b.f["activation"] = _after_label(sec[12], "ACTIVATION TYPE") or None
    if 13 in sec:
        b.f["beacon_number"] = _after_label(sec[13], r"BEACON NUMBER ON AIRCRAFT OR VESSEL(?: NO)?") or None
    if 14 in sec:
        lines = _lines(sec[14])
        if lines:
            lines[0] = _after_label(lines[0], "OTHER ENCODED INFORMATION")
        _fold_into(b, [x for x in lines if x], b.other_encoded)
    if 15 in sec:
        lines = _lines(sec[15])
        if lines:
            lines[0] = _after_label(lines[0], "OPERATIONAL INFORMATION")
        folded = []
        _fold_into(b, [x for x in lines if x], folded)
        b.info_lines(folded, b.operational)
    if 16 in sec:
        lines = _lines(sec[16])
        if lines:
            lines[0] = _after_label(lines[0], "REMARKS")
        b.remarks.extend(x for x in lines if x)


def _fold_into(b: _Builder, lines: list[str], into: list[str]) -> None:
    """Keep lines, re-joining a phrase folded at ~69 columns (``... OF`` / ``LATITUDE ...``)."""
    for s in lines:
        if into and (re.search(r"\b(OF|AND|IN|TO|THE|SAR|UNCERTAINTY)$", into[-1])
                     or re.match(r"(PLUS-MINUS|LATITUDE|LONGITUDE|AUTHORITIES)\b", s)):
            into[-1] = f"{into[-1]} {s}"
        else:
            into.append(s)


def _parse_csc66(sec: dict[int, str], b: _Builder) -> None:
    """Sections 3-6 of the CSC-66 layout (§3.5)."""
    for s in _lines(sec.get(3, ""))[1:] if 3 in sec else []:
        if "DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE" in s:
            b.f["beacon_data_reliable"] = False
            b.beacon_information.append(s)
        elif b.hex_line(s) or b.country_line(s):
            continue
        elif s.startswith("ACTIVATION TYPE"):
            b.f["activation"] = _after_label(s, "ACTIVATION TYPE") or None
        else:
            b.beacon_information.append(s)
    if 4 in sec:
        pos_lines = []
        for s in _lines(sec[4])[1:]:
            if not b.detected(s):
                pos_lines.append(s)
        b.positions_block("\n".join(pos_lines))
    if 5 in sec:
        lines = _lines(sec[5])[1:]
        folded: list[str] = []
        _fold_into(b, lines, folded)
        b.info_lines(folded, b.operational)
    if 6 in sec:
        lines = _lines(sec[6])
        if lines:
            lines[0] = _after_label(lines[0], "REMARKS")
        _fold_into(b, [x for x in lines if x], b.remarks)
