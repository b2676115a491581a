"""SGB beacon identifiers: the 23-hex ID (92 bits) and the 15-hex ID (T.018 §3.6, App. B.2).

=========  ====  =========================================
ID bits    n     content (message bits)
=========  ====  =========================================
1          1     fixed 1
2–11       10    country code (31–40)
12–14      3     fixed 101
15–30      16    TAC (1–16)
31–44      14    serial number (17–30)
45         1     test protocol flag (43)
46–48      3     vessel ID type (91–93)
49–92      44    vessel ID (94–137)
=========  ====  =========================================

Bits 1 and 12–14 (1, 101) keep an SGB ID apart from every first-generation 15-hex ID
(Table 3.11 note 1). The SGB 15-hex ID is the first 60 bits, i.e. the 23-hex ID truncated
(note 2).

Rev. 12 builds the ID from bits 94–137 as sent. Rev. 7 had a note 3 that zeroed bits
118–137 (the 3LD) for a type-100 vessel ID; it is gone in Rev. 12 and applied here only on
request (``rev7_note3=True``).

>>> hex_id_23(0x0039823D32618658622811F0000000000003FFF004030680258)
'9934039823D000000000000'
"""

from __future__ import annotations

from typing import Any

from sarsat.beacon.bits import field, parse_hex
from sarsat.beacon.countries import country_name
from sarsat.beacon.message import BeaconMessage, Protocol
from sarsat.beacon.sgb.fields import tac_range
from sarsat.beacon.sgb.vessel_id import decode_vessel_id, vessel_id_json
from sarsat.errors import MessageError

HEX23_BITS = 92


def hex_id_23(info: int, rev7_note3: bool = False) -> str:
    """The 23-hex ID of 202 information bits (Table 3.11)."""

    # message bit b of the 202 is (info >> (202 - b)) & 1
    vessel_type, vessel = info >> 109 & 0b111, info >> 65 & 0xFFFFFFFFFFF  # 91-93, 94-137
    if rev7_note3 and vessel_type == 0b100:
        vessel &= ~0xFFFFF  # Rev. 7 note 3: bits 118-137 taken as 0
    v = (
        1 << 91
        | (info >> 162 & 0x3FF) << 81  # country code, bits 31-40
        | 0b101 << 78
        | (info >> 186) << 62  # TAC, bits 1-16
        | (info >> 172 & 0x3FFF) << 48  # serial number, bits 17-30
        | (info >> 159 & 1) << 47  # test protocol, bit 43
        | vessel_type << 44
        | vessel
    )
    return f"{v:023X}"


def hex_id_15(hex23: str) -> str:
    """The SGB 15-hex ID: the first 15 characters of the 23-hex ID (Table 3.11 note 2).

    >>> hex_id_15("9934039823D000000000000")
    '9934039823D0000'
    """
    return hex23[:15]


def is_sgb_id(value: int, n_bits: int) -> bool:
    """True when ID bits 1 and 12–14 are 1 and 101, the SGB marker (Table 3.11 note 1)."""
    return field(value, 1, 1, n_bits) == 1 and field(value, 12, 14, n_bits) == 0b101


def decode_hex_id(text: str, t: str) -> BeaconMessage:
    """A 23-hex ID, or a 15-hex ID carrying the SGB marker bits, as a message without
    message bits: ``format`` "id", ``message_hex`` null and ``bch`` empty, as for FGB IDs.
    ``t`` is ``text`` cleaned of white space; :class:`MessageError` without the marker."""
    n_bits = 4 * len(t)
    value = parse_hex(t)
    if not is_sgb_id(value, n_bits):
        raise MessageError(
            f"{text!r}: not an SGB {len(t)}-hex ID (ID bit 1 and bits 12-14 must be 1 and 101)"
        )

    def f(first: int, last: int) -> int:
        return (value >> (n_bits - last)) & ((1 << (last - first + 1)) - 1)

    warnings: list[str] = []
    cc, test = f(2, 11), bool(f(45, 45))
    vessel_type = f(46, 48)
    identity: dict[str, Any] = {"tac": f(15, 30), "serial_number": f(31, 44)}
    if len(t) == 23:
        vid, w = decode_vessel_id(vessel_type, f(49, 92), test)
        warnings += w
        identity.update(vessel_id_json(vid))
        hex23 = t.upper()
    else:
        vid, _ = decode_vessel_id(vessel_type, 0, test)
        identity["vessel_id_type"] = vid.type_name
        identity["vessel_id_first_12_bits"] = f"{f(49, 60):03X}"
        hex23 = ""
    country = country_name(cc)
    if country is None:
        warnings.append(f"country code {cc} is not an assigned ITU MID")
    return BeaconMessage(
        input=text,
        generation="second",
        message_hex=None,  # contract: null for an ID
        hex_id=hex23 or t.upper(),
        country_code=cc,
        country=country,
        protocol=Protocol("sgb", f"second-generation {len(t)}-hex ID", "", test),
        self_test=None,
        format="id",
        bch={},
        position=None,
        identity=identity,
        details={
            "input_form": f"{len(t)}-hex ID",
            "test_protocol": test,
            "tac_range": tac_range(identity["tac"]),
            "hex_id_15": t[:15].upper(),
        },
        warnings=tuple(warnings),
    )
