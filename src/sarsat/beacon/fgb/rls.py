"""Return Link Service location protocol (F = 1, P = 0, code 1101), T.001 A3.3.7.

Bits 41–42 give the beacon type; bits 43–52 the truncated RLS type-approval (TAC) or
national RLS number and 53–66 the serial number — or, when 43–46 are ``1111``, bits
47–66 carry the trailing six MMSI digits. Position to 30′ in 67–85, PDF-2: 107 source,
108 homing, 109–114 RLS data, 115–132 offsets to 4″. Moffset (§4.5.7.2.2) is derived
from the 15-hex ID.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sarsat.beacon.bits import bit, field, set_field
from sarsat.beacon.message import Protocol
from sarsat.beacon.fgb import position
from sarsat.beacon.fgb.common import Fields, Layout, mmsi, position_from, require, source_name
from sarsat.errors import EncodeError

CODE = "1101"
LAYOUT = position.HALF_DEGREE
# A3.3.7.1 bits 41-42: beacon type, and the TAC series of each (footnote *).
BEACON_TYPES = {0b00: "elt", 0b01: "epirb", 0b10: "plb", 0b11: "test"}
MMSI_BEACON_TYPES = {0b00: "first-epirb", 0b01: "second-epirb", 0b10: "plb", 0b11: "test"}
TAC_SERIES = {"epirb": 1000, "elt": 2000, "plb": 3000}
# A3.3.7.2 b(3), bits 113-114.
PROVIDERS = {0b01: "Galileo", 0b10: "GLONASS", 0b11: "BDS", 0b00: "spare"}
_PROTOCOLS = {test: Protocol("rls", "RLS location" + (" test" if test else ""), CODE, test=test)
              for test in (False, True)}


def _crc16_bits(value: int, n_bits: int) -> int:
    """CRC-16 (polynomial 0x8005, initial 0, no reflection) of ``n_bits`` bits, MSB first."""
    crc = 0
    full, rest = divmod(n_bits, 8)
    for k in range(full):
        byte = (value >> (n_bits - 8 * (k + 1))) & 0xFF
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[((crc >> 8) ^ byte) & 0xFF]
    for i in range(rest - 1, -1, -1):
        top = ((crc >> 15) & 1) ^ ((value >> i) & 1)
        crc = ((crc << 1) & 0xFFFF) ^ (0x8005 if top else 0)
    return crc


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc_table()


@lru_cache(maxsize=4096)
def moffset(hex_id: str) -> int:
    """Minutes past the hour of an RLS beacon's GNSS schedule, T.001 §4.5.7.2.2 and Fig. B3:
    CRC-16 (x^16+x^15+x^2+1, initial value 0) of the 60 ID bits, modulo 60.

    >>> moffset("193BFCE031BFDFF")
    52
    """
    return _crc16_bits(int(hex_id, 16), 60) % 60


def decode(msg: int, country_code: int, layout: Layout) -> Fields:
    type_bits = field(msg, 41, 42)
    ident: dict[str, Any] = {}
    p1: list[str] = []
    if field(msg, 43, 46) == 0b1111:  # MMSI variant
        last6 = field(msg, 47, 66)
        full = mmsi(country_code, last6)
        if full is None:
            p1.append(f"MMSI digits {last6} out of range (bits 47-66)")
        ident.update(beacon_type=MMSI_BEACON_TYPES[type_bits], mmsi=full,
                     mmsi_last6=f"{last6:06d}" if full else None)
    else:
        kind = BEACON_TYPES[type_bits]
        truncated = field(msg, 43, 52)
        ident.update(beacon_type=kind, tac_truncated=truncated,
                     tac=TAC_SERIES[kind] + truncated if kind in TAC_SERIES else None,
                     serial_number=field(msg, 53, 66))
        if not 1 <= truncated <= 949:
            p1.append(f"RLS TAC number {truncated} out of range 1-949 (bits 43-52)")
    test = type_bits == 0b11
    out = Fields(_PROTOCOLS[test], identity=ident, problems_pdf1=p1)
    source = source_name(bit(msg, 107))
    out.details.update(position_source=source, homing_121_5=bool(bit(msg, 108)))
    out.details["rlm_request"] = {"type1_auto_ack": bool(bit(msg, 109)), "type2_manual": bool(bit(msg, 110))}
    out.details["beacon_feedback"] = {"type1_received": bool(bit(msg, 111)), "type2_received": bool(bit(msg, 112))}
    require(field(msg, 109, 110) != 0, out.problems_pdf2,
            "RLM request bits 109-110 are 00, an invalid condition (T.001 A3.3.7.2 b)")
    if not layout.short or layout.pdf2:
        out.details["rls_provider"] = PROVIDERS[field(msg, 113, 114)] if layout.pdf2 else None
    reading = position.read(msg, LAYOUT, offsets_present=layout.pdf2)
    position_from(reading, source, out, pdf2_problem=any("offset" in p for p in reading.problems))
    return out


def encode(msg: int, identity: dict[str, Any], details: dict[str, Any], pos: dict[str, Any] | None,
           country_code: int) -> int:
    msg = set_field(msg, 37, 40, int(CODE, 2))
    kind = identity.get("beacon_type", "")
    if "mmsi" in identity or "mmsi_last6" in identity:
        codes = {v: k for k, v in MMSI_BEACON_TYPES.items()}
        if kind not in codes:
            raise EncodeError(f"RLS MMSI beacon_type {kind!r}; expected one of {sorted(codes)}")
        digits = str(identity.get("mmsi_last6") or str(identity["mmsi"])[-6:])
        msg = set_field(msg, 41, 42, codes[kind])
        msg = set_field(msg, 43, 46, 0b1111)
        msg = set_field(msg, 47, 66, int(digits))
    else:
        codes = {v: k for k, v in BEACON_TYPES.items()}
        if kind not in codes:
            raise EncodeError(f"RLS beacon_type {kind!r}; expected one of {sorted(codes)}")
        truncated = identity.get("tac_truncated")
        if truncated is None:
            truncated = int(identity["tac"]) % 1000
        if field(int(truncated), 1, 4, n_bits=10) == 0b1111:
            raise EncodeError(f"RLS TAC number {truncated} collides with the MMSI marker 1111 in bits 43-46")
        msg = set_field(msg, 41, 42, codes[kind])
        msg = set_field(msg, 43, 52, int(truncated))
        msg = set_field(msg, 53, 66, int(identity["serial_number"]))
    rlm = details.get("rlm_request", {"type1_auto_ack": True, "type2_manual": False})
    feedback = details.get("beacon_feedback", {})
    providers = {v: k for k, v in PROVIDERS.items()}
    msg = set_field(msg, 107, 107, int(details.get("position_source", "internal") == "internal"))
    msg = set_field(msg, 108, 108, int(bool(details.get("homing_121_5", False))))
    msg = set_field(msg, 109, 109, int(bool(rlm.get("type1_auto_ack"))))
    msg = set_field(msg, 110, 110, int(bool(rlm.get("type2_manual"))))
    msg = set_field(msg, 111, 111, int(bool(feedback.get("type1_received"))))
    msg = set_field(msg, 112, 112, int(bool(feedback.get("type2_received"))))
    msg = set_field(msg, 113, 114, providers[details.get("rls_provider") or "Galileo"])
    lat = None if pos is None else pos["latitude_deg"]
    lon = None if pos is None else pos["longitude_deg"]
    return position.write(msg, LAYOUT, lat, lon)
