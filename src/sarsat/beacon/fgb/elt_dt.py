"""ELT(DT) location protocol (F = 1, P = 0, code 1001), T.001 A3.3.8, with the cancellation
message (A3.3.8.5).

Bits 41–42 give the identity type (24-bit address, operator 3LD + serial, TAC + serial);
bits 43–66 all 0 or all 1 make it the ELT(DT) location test protocol. Position to 30′ in
67–85. PDF-2: 107–108 activation, 109–112 altitude code, 113–114 location freshness or
(00) the rotating field, then offsets to 4″ or (rotating field type 000) the operator 3LD.
"""

from __future__ import annotations

from typing import Any

from sarsat.beacon import baudot
from sarsat.beacon.bits import field, set_field
from sarsat.beacon.message import Protocol
from sarsat.beacon.fgb import position
from sarsat.beacon.fgb.common import Fields, Layout, bits_text, position_from, require
from sarsat.errors import EncodeError

CODE = "1001"
LAYOUT = position.HALF_DEGREE
IDENTITY_TYPES = {0b00: "aircraft-address", 0b01: "operator", 0b10: "tac", 0b11: "reserved"}
ACTIVATION = {0b00: "manual", 0b01: "automatic-beacon", 0b10: "automatic-external", 0b11: "spare"}
# A3.3.8.3 b): altitude code → (above m, up to and including m); None = open bound.
ALTITUDE_M: dict[int, tuple[int | None, int | None]] = {
    0b0000: (None, 400), 0b0001: (400, 800), 0b0010: (800, 1200), 0b0011: (1200, 1600),
    0b0100: (1600, 2200), 0b0101: (2200, 2800), 0b0110: (2800, 3400), 0b0111: (3400, 4000),
    0b1000: (4000, 4800), 0b1001: (4800, 5600), 0b1010: (5600, 6600), 0b1011: (6600, 7600),
    0b1100: (7600, 8800), 0b1101: (8800, 10000), 0b1110: (10000, None),
}  # fmt: skip
FRESHNESS = {0b00: "rotating-field", 0b01: "older-than-60s-or-default", 0b10: "2-60s", 0b11: "current"}

# A3.3.8.5 cancellation message: fixed bits (first, last, value).
CANCELLATION = (
    (67, 75, 0b111111010),
    (76, 85, 0b1111111010),
    (107, 114, 0b00111100),
    (115, 123, 0b011110000),
    (124, 132, 0b011110000),
)


def is_cancellation(msg: int, pdf2: bool) -> bool:
    """True when every fixed field of the A3.3.8.5 cancellation message is present."""
    return all(field(msg, a, b) == v for a, b, v in CANCELLATION if pdf2 or b <= 112)


def decode(msg: int, country_code: int, layout: Layout) -> Fields:
    kind = IDENTITY_TYPES[field(msg, 41, 42)]
    data = field(msg, 43, 66)
    test = data in (0, (1 << 24) - 1)  # A3.3.8.1: ELT(DT) location test protocol
    ident: dict[str, Any] = {"identity_type": kind}
    p1: list[str] = []
    if kind == "aircraft-address":
        ident["aircraft_address"] = format(data, "06X")
    elif kind == "operator":
        ident["operator"] = baudot.decode_chars(field(msg, 43, 57), 3, bits_per_char=5)
        ident["operator_serial"] = field(msg, 58, 66)
        if not test:
            require("?" not in ident["operator"], p1, "invalid Baudot letter in operator designator bits 43-57")
    elif kind == "tac":
        ident["tac"] = field(msg, 43, 52)
        ident["serial_number"] = field(msg, 53, 66)
    else:
        ident["data_bits"] = bits_text(msg, 43, 66)
        if not test:
            p1.append("ELT(DT) identity type 11 is reserved (T.001 A3.3.8.1)")
    name = "ELT(DT) location" + (" test" if test else "")
    out = Fields(Protocol("elt-dt", name, CODE, test=test), identity=ident, problems_pdf1=p1)
    cancel = is_cancellation(msg, layout.pdf2)
    out.details["cancellation"] = cancel
    if cancel:
        out.protocol = Protocol("elt-dt", name + " cancellation", CODE, test=test)
        return out
    altitude = field(msg, 109, 112)
    low, high = ALTITUDE_M.get(altitude, (None, None))
    out.details["activation"] = ACTIVATION[field(msg, 107, 108)]
    out.details["altitude"] = {
        "code": format(altitude, "04b"),
        "above_m": low,
        "up_to_m": high,
        "known": altitude != 0b1111,
    }
    offsets = False
    if layout.pdf2:
        fresh = field(msg, 113, 114)
        out.details["location_freshness"] = FRESHNESS[fresh]
        if fresh == 0b00:  # A3.3.8.3 f-g: rotating field instead of offsets
            rtype = field(msg, 115, 117)
            rotating: dict[str, Any] = {"type": format(rtype, "03b")}
            if rtype == 0:
                rotating["operator_3ld"] = baudot.decode_chars(field(msg, 118, 132), 3, bits_per_char=5)
                require("?" not in rotating["operator_3ld"], out.problems_pdf2, "invalid Baudot letter in 3LD bits 118-132")
            else:
                rotating["data_bits"] = bits_text(msg, 118, 132)
            out.details["rotating_field"] = rotating
        else:
            offsets = True
    reading = position.read(msg, LAYOUT, offsets_present=offsets)
    position_from(reading, None, out, pdf2_problem=any("offset" in p for p in reading.problems))
    return out


def encode(msg: int, identity: dict[str, Any], details: dict[str, Any], pos: dict[str, Any] | None) -> int:
    msg = set_field(msg, 37, 40, int(CODE, 2))
    kinds = {v: k for k, v in IDENTITY_TYPES.items()}
    kind = identity.get("identity_type", "")
    if kind not in kinds:
        raise EncodeError(f"ELT(DT) identity_type {kind!r}; expected one of {sorted(kinds)}")
    msg = set_field(msg, 41, 42, kinds[kind])
    if kind == "aircraft-address":
        msg = set_field(msg, 43, 66, int(str(identity["aircraft_address"]), 16))
    elif kind == "operator":
        msg = set_field(msg, 43, 57, baudot.encode_chars(str(identity["operator"]), bits_per_char=5))
        msg = set_field(msg, 58, 66, int(identity["operator_serial"]))
    elif kind == "tac":
        msg = set_field(msg, 43, 52, int(identity["tac"]))
        msg = set_field(msg, 53, 66, int(identity["serial_number"]))
    else:
        msg = set_field(msg, 43, 66, int(identity.get("data_bits", "0" * 24), 2))
    if details.get("cancellation"):
        for first, last, value in CANCELLATION:
            msg = set_field(msg, first, last, value)
        return msg
    acts = {v: k for k, v in ACTIVATION.items()}
    msg = set_field(msg, 107, 108, acts[details.get("activation", "manual")])
    altitude = details.get("altitude", {}).get("code", "1111")
    msg = set_field(msg, 109, 112, int(altitude, 2))
    lat = None if pos is None else pos["latitude_deg"]
    lon = None if pos is None else pos["longitude_deg"]
    rotating = details.get("rotating_field")
    fresh = {v: k for k, v in FRESHNESS.items()}
    if rotating is not None:
        msg = position.write(msg, LAYOUT, lat, lon)
        msg = set_field(msg, 113, 114, 0)
        msg = set_field(msg, 115, 117, int(rotating.get("type", "000"), 2))
        if rotating.get("type", "000") == "000":
            return set_field(msg, 118, 132, baudot.encode_chars(rotating.get("operator_3ld", "ZGA"), bits_per_char=5))
        return set_field(msg, 118, 132, int(rotating.get("data_bits", "0" * 15), 2))
    default_fresh = "current" if pos is not None else "older-than-60s-or-default"
    freshness = details.get("location_freshness", default_fresh)
    if freshness not in fresh or freshness == "rotating-field":
        raise EncodeError(f"location_freshness {freshness!r} needs a rotating_field or one of {sorted(fresh)}")
    msg = set_field(msg, 113, 114, fresh[freshness])
    return position.write(msg, LAYOUT, lat, lon)
