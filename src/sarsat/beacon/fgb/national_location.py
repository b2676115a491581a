"""National location protocols (F = 1, P = 0), T.001 A3.3.6 and the test variant A3.3.3.

Bits 41–58 hold an 18-bit national serial number, 59–85 the position to 2′, PDF-2 bits
107–109 are fixed ``110``, 110 says whether 113–126 hold offsets (1) or national data (0),
111 is the position source, 112 the 121.5 MHz homing flag, 127–132 national use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sarsat.beacon.bits import bit, field, set_field
from sarsat.beacon.message import Protocol
from sarsat.beacon.fgb import position
from sarsat.beacon.fgb.common import Fields, Layout, bits_text, position_from, source_name
from sarsat.errors import EncodeError

# T.001 Table A2-B (bits 37-40).
NAMES = {"1000": "ELT", "1010": "EPIRB", "1011": "PLB", "1111": "test"}
LAYOUT = position.NATIONAL
_FIXED_PDF2 = 0b110  # bits 107-109, A3.3.6.3 a)


@cache
def protocol_of(code: str) -> Protocol:
    return Protocol("national-location", f"National location: {NAMES[code]}", code, test=(code == "1111"))


def decode(msg: int, country_code: int, layout: Layout) -> Fields:
    code = format(field(msg, 37, 40), "04b")
    out = Fields(protocol_of(code), identity={"national_id": field(msg, 41, 58)})
    source = source_name(bit(msg, 111))
    additional = bool(bit(msg, 110))
    out.details.update(
        position_source=source,
        homing_121_5=bool(bit(msg, 112)),
        additional_data=additional,
    )
    if field(msg, 107, 109) != _FIXED_PDF2:
        out.problems_pdf2.append(f"bits 107-109 are {bits_text(msg, 107, 109)}, not the fixed 110 (T.001 A3.3.6.3)")
    if layout.pdf2:
        if not additional:
            out.details["national_use_113_126"] = bits_text(msg, 113, 126)
        out.details["national_use_127_132"] = bits_text(msg, 127, 132)
    reading = position.read(msg, LAYOUT, offsets_present=layout.pdf2 and additional)
    position_from(reading, source, out, pdf2_problem=any("offset" in p for p in reading.problems))
    return out


def encode(msg: int, code: str, country_code: int, identity: dict[str, Any], details: dict[str, Any],
           pos: dict[str, Any] | None) -> int:
    if code not in NAMES:
        raise EncodeError(f"unknown national location code {code!r}; expected one of {sorted(NAMES)}")
    msg = set_field(msg, 37, 40, int(code, 2))
    msg = set_field(msg, 41, 58, int(identity["national_id"]))
    additional = bool(details.get("additional_data", True))
    msg = set_field(msg, 107, 109, _FIXED_PDF2)
    msg = set_field(msg, 110, 110, int(additional))
    msg = set_field(msg, 111, 111, int(details.get("position_source", "internal") == "internal"))
    msg = set_field(msg, 112, 112, int(bool(details.get("homing_121_5", False))))
    msg = set_field(msg, 127, 132, int(details.get("national_use_127_132", "000000"), 2))
    lat = None if pos is None else pos["latitude_deg"]
    lon = None if pos is None else pos["longitude_deg"]
    msg = position.write(msg, LAYOUT, lat, lon)
    if not additional:
        msg = set_field(msg, 113, 126, int(details.get("national_use_113_126", "0" * 14), 2))
    return msg
