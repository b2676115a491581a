"""Field readers of the SIT 185 parser: each numbered field or section into the parsed
structure; whatever a reader cannot place goes to ``unparsed``."""

from __future__ import annotations

import re
from typing import Any

from sarsat.mcc.sit185_model import (
    _COORD,
    _NIL,
    _POS_LABEL,
    _POS_TYPE,
    _UPDATE_TIME,
    ParsedPosition,
    parse_datetime,
)


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

    def frequency(self, line: str, keep_rest: bool = False) -> bool:
        m = re.search(r"DETECTION FREQUENCY:?\s*(\d{3}\.\d+)\s*(?:MHZ)?", line)
        if m is None:
            return False
        self.f["detection_frequency_mhz"] = float(m.group(1))
        rest = re.sub(r"\s+", " ", line[: m.start()] + " " + line[m.end():]).strip()
        if keep_rest and rest:
            self.unparsed.append(rest)
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
        if m is not None:
            self.f["homing_signal"] = m.group(1) or None
        elif self.f.get("homing_signal"):  # the homing text folded onto the next line
            self.f["homing_signal"] = f"{self.f['homing_signal']} {s}"
        else:
            self.unparsed.append(s)

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
        m = re.search(r"ALTITUDE(?: OF (?:GNSS|ENCODED) LOCATION)?\s+(.*?METRES(?: \([^)]*FEET\))?)", rest)
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
