"""Standard location protocols (F = 1, P = 0), T.001 A3.3.5 and the test variant A3.3.3.

Bits 41–64 identify the beacon (by protocol code, Table A2-B), 65–85 carry the position to
15′ (1/4°), PDF-2 bits 107–110 are fixed ``1101``, 111 the position source, 112 the
121.5 MHz homing flag and 113–132 the offsets to 4″.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sarsat.beacon import baudot
from sarsat.beacon.bits import bit, field, set_field
from sarsat.beacon.message import Protocol
from sarsat.beacon.fgb import position
from sarsat.beacon.fgb.common import Fields, Layout, bits_text, mmsi, position_from, require, source_name
from sarsat.errors import EncodeError

# T.001 Table A2-B and A3.3.5.2 (bits 37-40).
NAMES = {
    "0010": "EPIRB (MMSI)",
    "0011": "ELT (24-bit aircraft address)",
    "0100": "ELT (serial)",
    "0101": "ELT (aircraft operator designator)",
    "0110": "EPIRB (serial)",
    "0111": "PLB (serial)",
    "1100": "ship security alert system (SSAS)",
    "1110": "test",
}
LAYOUT = position.STANDARD
_FIXED_PDF2 = 0b1101  # bits 107-110, A3.3.5.4 a-b


@cache
def protocol_of(code: str) -> Protocol:
    return Protocol("standard-location", f"Standard location: {NAMES[code]}", code, test=(code == "1110"))


def decode(msg: int, country_code: int, layout: Layout) -> Fields:
    code = format(field(msg, 37, 40), "04b")
    out = Fields(protocol_of(code), identity={})
    ident, p1, p2 = out.identity, out.problems_pdf1, out.problems_pdf2
    if code in ("0010", "1100"):  # A3.3.5.2 a), d): MMSI trailing 6 digits + beacon number
        last6 = field(msg, 41, 60)
        full = mmsi(country_code, last6)
        if full is None:
            p1.append(f"MMSI digits {last6} out of range (bits 41-60)")
        ident["mmsi"] = full
        ident["mmsi_last6"] = f"{last6:06d}" if full else None
        if code == "0010":
            ident["specific_beacon"] = field(msg, 61, 64)
        else:
            require(field(msg, 61, 64) == 0, p1, "SSAS bits 61-64 are not 0000 (T.001 A3.3.5.2 d)")
    elif code == "0011":
        ident["aircraft_address"] = format(field(msg, 41, 64), "06X")
    elif code == "0101":
        ident["operator"] = baudot.decode_chars(field(msg, 41, 55), 3, bits_per_char=5)
        ident["operator_serial"] = field(msg, 56, 64)
        require("?" not in ident["operator"], p1, "invalid Baudot letter in operator designator bits 41-55")
        require(ident["operator_serial"] >= 1, p1, "operator serial number 0 (range 1-511)")
    elif code == "1110":
        ident["data_bits"] = bits_text(msg, 41, 64)
    else:  # 0100, 0110, 0111: C/S type approval number + serial number
        ident["tac"] = field(msg, 41, 50)
        ident["serial_number"] = field(msg, 51, 64)
        require(ident["tac"] >= 1, p1, "type approval number 0 (range 1-1023, bits 41-50)")
        require(ident["serial_number"] >= 1, p1, "serial number 0 (range 1-16383, bits 51-64)")

    source = source_name(bit(msg, 111))
    out.details["position_source"] = source
    out.details["homing_121_5"] = bool(bit(msg, 112))
    if field(msg, 107, 110) != _FIXED_PDF2:
        p2.append(f"bits 107-110 are {bits_text(msg, 107, 110)}, not the fixed 1101 (T.001 A3.3.5.4)")
    if code == "1100" and out.details["homing_121_5"]:
        p2.append("121.5 MHz homing is not authorised for SSAS (T.001 A3.3.5.4 d)")
    reading = position.read(msg, LAYOUT, offsets_present=layout.pdf2)
    position_from(reading, source, out, pdf2_problem=any("offset" in p for p in reading.problems))
    return out


def encode(msg: int, code: str, country_code: int, identity: dict[str, Any], details: dict[str, Any],
           pos: dict[str, Any] | None) -> int:
    if code not in NAMES:
        raise EncodeError(f"unknown standard location code {code!r}; expected one of {sorted(NAMES)}")
    msg = set_field(msg, 37, 40, int(code, 2))
    if code in ("0010", "1100"):
        digits = str(identity.get("mmsi_last6") or str(identity.get("mmsi", ""))[-6:])
        if len(digits) != 6 or not digits.isdigit():
            raise EncodeError(f"MMSI must end in 6 digits, got {digits!r}")
        msg = set_field(msg, 41, 60, int(digits))
        msg = set_field(msg, 61, 64, int(identity.get("specific_beacon", 0)) if code == "0010" else 0)
    elif code == "0011":
        msg = set_field(msg, 41, 64, int(str(identity["aircraft_address"]), 16))
    elif code == "0101":
        msg = set_field(msg, 41, 55, baudot.encode_chars(str(identity["operator"]), bits_per_char=5))
        msg = set_field(msg, 56, 64, int(identity["operator_serial"]))
    elif code == "1110":
        msg = set_field(msg, 41, 64, int(identity.get("data_bits", "0" * 24), 2))
    else:
        msg = set_field(msg, 41, 50, int(identity["tac"]))
        msg = set_field(msg, 51, 64, int(identity["serial_number"]))
    msg = set_field(msg, 107, 110, _FIXED_PDF2)
    msg = set_field(msg, 111, 111, int(details.get("position_source", "internal") == "internal"))
    msg = set_field(msg, 112, 112, int(bool(details.get("homing_121_5", False))))
    lat = None if pos is None else pos["latitude_deg"]
    lon = None if pos is None else pos["longitude_deg"]
    return position.write(msg, LAYOUT, lat, lon)
