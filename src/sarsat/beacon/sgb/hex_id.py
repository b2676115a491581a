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

from sarsat.beacon.bits import field

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
