"""The 202 information bits of an SGB message as typed fields (T.018 §3.2 Table 3.1, §3.3).

================  =======  ===========================================================
bits              width    content
================  =======  ===========================================================
1–16              16       TAC number
17–30             14       serial number
31–40             10       country code (ITU MID)
41                1        homing device status
42                1        RLS function
43                1        test protocol
44–90             47       encoded GNSS location (:mod:`.location`)
91–93, 94–137     3 + 44   vessel ID type and ID (:mod:`.vessel_id`)
138–140           3        beacon type
141–154           14       spare: all 1, all 0 in a cancellation message
155–202           48       rotating field (:mod:`.rotating`)
================  =======  ===========================================================

:func:`decode_fields` reads any 202-bit pattern (it never raises) and lists every departure
from the spec as a warning; :meth:`SgbFields.info_bits` is its exact inverse for conforming
messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from sarsat.beacon.sgb.location import EncodedLocation
from sarsat.beacon.sgb.rls import RlsAcknowledgement, TwoWayCommunication
from sarsat.beacon.sgb.rotating import (
    Cancellation,
    EltDtInFlight,
    G008Objective,
    RotatingField,
    decode_rotating,
    rotating_bits,
)
from sarsat.beacon.sgb.vessel_id import VesselId, decode_vessel_id
from sarsat.errors import EncodeError

INFO_BITS = 202
SPARE_ONES = (1 << 14) - 1
ID_MASK = (1 << 44) - 1
ROTATING_MASK = (1 << 48) - 1
LOCATION_MASK = (1 << 47) - 1


class BeaconType(IntEnum):
    """Bits 138–140 (Table 3.1): the beacon type as certified."""

    ELT = 0b000  # excludes ELT(DT)
    EPIRB = 0b001
    PLB = 0b010
    ELT_DT = 0b011
    SPARE_100 = 0b100
    SPARE_101 = 0b101
    SPARE_110 = 0b110
    SYSTEM = 0b111

    @property
    def label(self) -> str:
        """Human-readable name: ``"ELT(DT)"``, ``"EPIRB"``, ``"spare (100)"``, ..."""
        return _BEACON_TYPE_LABELS[int(self)]


_BEACON_TYPE_LABELS = ["ELT", "EPIRB", "PLB", "ELT(DT)", "spare (100)", "spare (101)",
                       "spare (110)", "system beacon"]  # fmt: skip
_BEACON_TYPES = list(BeaconType)


def tac_range(tac: int) -> str:
    """The C/S T.021 range a TAC number falls in (T.018 Table 3.1 note †, App. I).

    >>> tac_range(12001), tac_range(65534)
    ('EPIRB', 'system beacon')
    """
    if 10000 <= tac <= 11999:
        return "PLB"
    if 12000 <= tac <= 13999:
        return "EPIRB"
    if 14000 <= tac <= 15999:
        return "ELT"
    if 16000 <= tac <= 17999:
        return "ELT(DT)"
    if tac >= 65521:
        return "system beacon"
    if tac in (9998, 9999):
        return "type-approval testing"
    if tac >= 18000:
        return "reserved"
    return "not in a T.021 range"


@dataclass(frozen=True)
class SgbFields:
    """Every field of the 202 information bits (main field and rotating field).

    The main-field spare bits 141–154 are implied: all 1, or all 0 when ``rotating`` is a
    :class:`~.rotating.Cancellation` (Table 3.1).
    """

    tac: int
    serial_number: int
    country_code: int
    homing: bool
    rls: bool
    test_protocol: bool
    location: EncodedLocation
    vessel_id: VesselId
    beacon_type: BeaconType
    rotating: RotatingField

    def info_bits(self) -> int:
        """The 202 information bits as an int, bit 1 at the top."""
        for name, value, width in (
            ("TAC", self.tac, 16),
            ("serial number", self.serial_number, 14),
            ("country code", self.country_code, 10),
        ):
            if not 0 <= value < (1 << width):
                raise EncodeError(f"{name} {value} does not fit in {width} bits")
        if self.country_code > 999:
            raise EncodeError(f"country code {self.country_code} is not a 3-digit MID")
        loc = self.location.to_bits()
        if loc >> 47:
            raise EncodeError("location sub-fields overflow their bits")
        spare = 0 if isinstance(self.rotating, Cancellation) else SPARE_ONES
        main = (
            self.tac << 138
            | self.serial_number << 124
            | self.country_code << 114
            | int(self.homing) << 113
            | int(self.rls) << 112
            | int(self.test_protocol) << 111
            | loc << 64
            | self.vessel_id.type_code << 61
            | self.vessel_id.to_bits() << 17
            | int(self.beacon_type) << 14
            | spare
        )
        return main << 48 | rotating_bits(self.rotating)

    @classmethod
    def from_info_bits(cls, info: int) -> SgbFields:
        """Fields of 202 information bits (see :func:`decode_fields` for the warnings)."""
        return decode_fields(info)[0]

    @classmethod
    def from_message_hex(cls, message_hex: str) -> SgbFields:
        """Fields of a 51-hex ground-segment representation (2 leading 0 bits + 202 bits)."""
        return decode_fields(int(message_hex, 16) & ((1 << INFO_BITS) - 1))[0]


def decode_fields(info: int) -> tuple[SgbFields, list[str]]:
    """Typed fields of 202 information bits and the list of spec departures found."""
    # bit b of the 202 is (info >> (202 - b)) & 1: shifts below are 202 - last bit
    warnings: list[str] = []
    test_protocol = bool(info >> 159 & 1)  # bit 43
    vessel_id, w = decode_vessel_id(info >> 109 & 0b111, info >> 65 & ID_MASK, test_protocol)
    warnings += w
    rotating, w = decode_rotating(info & ROTATING_MASK)  # bits 155-202
    warnings += w
    fields = SgbFields(
        tac=info >> 186,  # bits 1-16
        serial_number=info >> 172 & 0x3FFF,  # 17-30
        country_code=info >> 162 & 0x3FF,  # 31-40
        homing=bool(info >> 161 & 1),  # 41
        rls=bool(info >> 160 & 1),  # 42
        test_protocol=test_protocol,
        location=EncodedLocation.from_bits(info >> 112 & LOCATION_MASK),  # 44-90
        vessel_id=vessel_id,
        beacon_type=_BEACON_TYPES[info >> 62 & 0b111],  # 138-140
        rotating=rotating,
    )
    if fields.country_code > 999:
        warnings.append(f"country code {fields.country_code} is not a 3-digit number (0-999)")
    if fields.beacon_type in (BeaconType.SPARE_100, BeaconType.SPARE_101, BeaconType.SPARE_110):
        warnings.append(f"beacon type {fields.beacon_type.value:03b} is spare (T.018 Table 3.1)")
    if fields.location.status() == "invalid":
        loc = fields.location
        warnings.append(
            f"encoded location is invalid: latitude {loc.latitude_whole_deg} deg, "
            f"longitude {loc.longitude_whole_deg} deg (max 90 / 180), flags not a default"
        )
    spare = info >> 48 & SPARE_ONES  # bits 141-154
    cancel = isinstance(rotating, Cancellation)
    expected = 0 if cancel else SPARE_ONES
    if spare != expected:
        what = "all 0 in a cancellation message" if cancel else "all 1"
        warnings.append(f"main-field spare bits 141-154 are {spare:014b}, expected {what}")
    warnings += _schedule_checks(fields)
    return fields, warnings


def _schedule_checks(f: SgbFields) -> list[str]:
    """Rotating field against beacon type and RLS flag (Table 3.10 and its notes)."""
    out = []
    rf = f.rotating
    rls_field = isinstance(rf, (RlsAcknowledgement, TwoWayCommunication))
    elt_dt = f.beacon_type is BeaconType.ELT_DT
    if isinstance(rf, EltDtInFlight) and not elt_dt:
        out.append(f"rotating field #1 (ELT(DT) in-flight) sent by a {f.beacon_type.label}")
    if elt_dt and isinstance(rf, G008Objective):
        out.append("an ELT(DT) sends rotating field #1, not #0 (Table 3.10)")
    if elt_dt and (f.rls or rls_field):
        out.append("an ELT(DT) cannot include RLS functions (Table 3.10 note 2)")
    if rls_field and not f.rls:
        out.append(f"rotating field #{rf.identifier} (RLS) with the RLS function bit 42 = 0")
    return out
