"""Rotating fields, message bits 155–202 (T.018 Rev. 12 §3.3, Tables 3.3–3.9).

The 4-bit identifier (bits 155–158) selects one of 16 contents. Each is a frozen dataclass
holding the sub-fields as sent (codes, or values in the unit of the spec where the coding is
a plain number), with ``to_bits()`` giving bits 159–202 (44 bits) and ``to_json()`` the
human-readable decode. :func:`decode_rotating` returns the dataclass and warnings about
reserved or spare content.

==  ==========================================  ========
id  content                                     table
==  ==========================================  ========
0   C/S G.008 objective requirements            3.3
1   ELT(DT) in-flight emergency                 3.4
2   RLS Type 1 / Type 2 acknowledgement         3.5
3   national use                                3.6
4   RLS Type 3 two-way communication (Rev. 12)  3.7
5+  spare (5–14)                                3.8
15  cancellation                                3.9
==  ==========================================  ========
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sarsat.beacon.sgb.codes import CodeTable, check_fits
from sarsat.beacon.sgb.rls import (
    RlsAcknowledgement,
    TwoWayCommunication,
    decode_rls_acknowledgement,
    decode_two_way_communication,
)
from sarsat.errors import EncodeError

CONTENT_BITS = 44  # bits 159-202

ALTITUDE_NOT_AVAILABLE = 0x3FF  # all 1s (Tables 3.3, 3.4)
TIME_OF_DAY_NOT_AVAILABLE = 0x1FFFF  # all 1s, 17 bits (Table 3.4)
NO_LOCATION_MINUTES = 2047  # Table 3.3: no location yet, or no capability

#: Table 3.3 DOP codes: (lower, upper] bounds
DOP = CodeTable(
    4,
    {
        0: "<=1", 1: ">1 and <=2", 2: ">2 and <=3", 3: ">3 and <=4", 4: ">4 and <=5",
        5: ">5 and <=6", 6: ">6 and <=7", 7: ">7 and <=8", 8: ">8 and <=10", 9: ">10 and <=12",
        10: ">12 and <=15", 11: ">15 and <=20", 12: ">20 and <=30", 13: ">30 and <=50",
        14: ">50", 15: "not available",
    },
)  # fmt: skip
#: Table 3.3 activation notification
ACTIVATION = CodeTable(
    2,
    {
        0: "manual activation by user",
        1: "automatic activation by the beacon",
        2: "automatic activation by external means",
    },
)
#: Table 3.3 remaining battery capacity
BATTERY_G008 = CodeTable(
    3,
    {
        0: "<=5%", 1: ">5% and <=10%", 2: ">10% and <=25%", 3: ">25% and <=50%",
        4: ">50% and <=75%", 5: ">75% and <=100%", 7: "not available",
    },
    other="reserved",
)  # fmt: skip
#: Table 3.3 GNSS status
GNSS_G008 = CodeTable(
    2, {0: "no fix or not available", 1: "2D location", 2: "3D location"}, other="reserved"
)
#: Table 3.4 GNSS status and battery
GNSS_ELT = CodeTable(2, {0: "no fix", 1: "2D location", 2: "3D location"})
BATTERY_ELT = CodeTable(2, {0: "<=33%", 1: ">33% and <=66%", 2: ">66%", 3: "not available"})
#: Table 3.4 triggering event
TRIGGER = CodeTable(
    4,
    {
        0b0001: "manual activation by the crew",
        0b0100: "G-switch / deformation activation",
        0b1000: "automatic activation from avionics or triggering system (ED-237)",
    },
)
#: Table 3.9 method of deactivation
DEACTIVATION = CodeTable(
    2, {0b10: "manual de-activation by user", 0b01: "automatic de-activation by external means"}
)


def altitude_m(code: int) -> int | None:
    """Altitude of a 10-bit code (Table 3.3): -400 + 16 m per step; all 1s: not available.

    Code 0 means "-400 m or lower".

    >>> altitude_m(0b0000011001), altitude_m(0b1111111110), altitude_m(0x3FF)
    (0, 15952, None)
    """
    return None if code == ALTITUDE_NOT_AVAILABLE else -400 + 16 * code


def altitude_code(altitude_m: float | None) -> int:
    """10-bit code of an altitude, rounded to the nearest 16 m step and clamped to
    -400..15952 m (Table 3.3); ``None`` (no fix or 2D fix) gives all 1s.

    >>> altitude_code(430.24), altitude_code(-1000), altitude_code(20000)
    (52, 0, 1022)
    """
    if altitude_m is None:
        return ALTITUDE_NOT_AVAILABLE
    steps = int((altitude_m + 400.0) / 16.0 + 0.5) if altitude_m > -400 else 0
    return min(max(steps, 0), 0x3FE)


def _altitude_json(code: int) -> dict[str, Any]:
    alt = altitude_m(code)
    out: dict[str, Any] = {"altitude_m": alt}
    if code == 0:
        out["altitude_note"] = "-400 m or lower"
    elif code == 0x3FE:
        out["altitude_note"] = "15952 m or higher"
    return out


@dataclass(frozen=True)
class G008Objective:
    """#0, Table 3.3. ``time_since_location_min`` 2047 = no location yet or no capability."""

    elapsed_time_h: int  # 0..63, truncated, saturates at 63
    time_since_location_min: int  # 0..2046; 2047 = none
    altitude_code: int  # see altitude_m()
    hdop_code: int
    vdop_code: int
    activation_code: int
    battery_code: int
    gnss_status_code: int
    identifier = 0
    name = "G.008 objective requirements"

    def to_bits(self) -> int:
        for n, v, w in (
            ("elapsed time", self.elapsed_time_h, 6),
            ("time since location", self.time_since_location_min, 11),
            ("altitude code", self.altitude_code, 10),
            ("HDOP code", self.hdop_code, 4),
            ("VDOP code", self.vdop_code, 4),
            ("activation code", self.activation_code, 2),
            ("battery code", self.battery_code, 3),
            ("GNSS status code", self.gnss_status_code, 2),
        ):
            check_fits(n, v, w)
        return (
            self.elapsed_time_h << 38
            | self.time_since_location_min << 27
            | self.altitude_code << 17
            | self.hdop_code << 13
            | self.vdop_code << 9
            | self.activation_code << 7
            | self.battery_code << 4
            | self.gnss_status_code << 2
        )  # bits 201-202 spare = 00

    def to_json(self) -> dict[str, Any]:
        t = self.time_since_location_min
        return {
            "elapsed_time_since_activation_h": self.elapsed_time_h,
            "time_since_last_location_min": None if t == NO_LOCATION_MINUTES else t,
            **_altitude_json(self.altitude_code),
            "hdop": DOP.label(self.hdop_code),
            "vdop": DOP.label(self.vdop_code),
            "activation": ACTIVATION.label(self.activation_code),
            "battery": BATTERY_G008.label(self.battery_code),
            "gnss_status": GNSS_G008.label(self.gnss_status_code),
        }


@dataclass(frozen=True)
class EltDtInFlight:
    """#1, Table 3.4: ELT(DT) in-flight emergency."""

    time_of_location_s: int  # UTC seconds of day 0..86399; 131071 (all 1s) = not available
    altitude_code: int
    trigger_code: int
    gnss_status_code: int
    battery_code: int
    identifier = 1
    name = "ELT(DT) in-flight emergency"

    def to_bits(self) -> int:
        for n, v, w in (
            ("time of location", self.time_of_location_s, 17),
            ("altitude code", self.altitude_code, 10),
            ("trigger code", self.trigger_code, 4),
            ("GNSS status code", self.gnss_status_code, 2),
            ("battery code", self.battery_code, 2),
        ):
            check_fits(n, v, w)
        return (
            self.time_of_location_s << 27
            | self.altitude_code << 17
            | self.trigger_code << 13
            | self.gnss_status_code << 11
            | self.battery_code << 9
        )  # bits 194-202 spare = 0

    def to_json(self) -> dict[str, Any]:
        t = self.time_of_location_s
        utc = None
        if t != TIME_OF_DAY_NOT_AVAILABLE:
            utc = f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"
        return {
            "time_of_last_location_s": None if t == TIME_OF_DAY_NOT_AVAILABLE else t,
            "time_of_last_location_utc": utc,
            **_altitude_json(self.altitude_code),
            "triggering_event": TRIGGER.label(self.trigger_code),
            "gnss_status": GNSS_ELT.label(self.gnss_status_code),
            "battery": BATTERY_ELT.label(self.battery_code),
        }


@dataclass(frozen=True)
class NationalUse:
    """#3, Table 3.6: 44 bits defined by national administrations (default all 0)."""

    bits: int = 0
    identifier = 3
    name = "national use"

    def to_bits(self) -> int:
        check_fits("national-use bits", self.bits, CONTENT_BITS)
        return self.bits

    def to_json(self) -> dict[str, Any]:
        return {"national_use_bits_hex": f"{self.bits:011X}"}


@dataclass(frozen=True)
class SpareRotating:
    """#5–#14, Table 3.8: spare, content all 0 by default."""

    identifier: int
    bits: int = 0
    name = "spare"

    def to_bits(self) -> int:
        if not 5 <= self.identifier <= 14:
            raise EncodeError(f"rotating field #{self.identifier} is not a spare (5-14)")
        check_fits("spare rotating bits", self.bits, CONTENT_BITS)
        return self.bits

    def to_json(self) -> dict[str, Any]:
        return {"spare_bits_hex": f"{self.bits:011X}"}


@dataclass(frozen=True)
class Cancellation:
    """#15, Table 3.9: cancellation message; bits 159–200 all 1, then the method."""

    method_code: int = 0b10  # 10 manual by user, 01 automatic by external means
    identifier = 15
    name = "cancellation"

    def to_bits(self) -> int:
        check_fits("deactivation method", self.method_code, 2)
        return ((1 << 42) - 1) << 2 | self.method_code

    def to_json(self) -> dict[str, Any]:
        return {"deactivation_method": DEACTIVATION.label(self.method_code)}


RotatingField = (
    G008Objective
    | EltDtInFlight
    | RlsAcknowledgement
    | NationalUse
    | TwoWayCommunication
    | SpareRotating
    | Cancellation
)


def rotating_bits(rf: RotatingField) -> int:
    """Bits 155–202 (48 bits) of a rotating field: identifier then content."""
    return rf.identifier << CONTENT_BITS | rf.to_bits()


def decode_rotating(bits48: int) -> tuple[RotatingField, list[str]]:
    """The rotating field in bits 155–202 and warnings about reserved or spare content."""
    ident, c = bits48 >> CONTENT_BITS, bits48 & ((1 << CONTENT_BITS) - 1)
    w: list[str] = []
    rf: RotatingField
    if ident == 0:
        rf = G008Objective(
            elapsed_time_h=c >> 38,
            time_since_location_min=c >> 27 & 0x7FF,
            altitude_code=c >> 17 & 0x3FF,
            hdop_code=c >> 13 & 0xF,
            vdop_code=c >> 9 & 0xF,
            activation_code=c >> 7 & 0b11,
            battery_code=c >> 4 & 0b111,
            gnss_status_code=c >> 2 & 0b11,
        )
        if c & 0b11:
            w.append(f"rotating field #0: spare bits 201-202 are {c & 3:02b}, expected 00")
        if rf.activation_code == 3:
            w.append("rotating field #0: activation code 11 is spare")
        if rf.battery_code == 6:
            w.append("rotating field #0: battery code 110 is reserved")
        if rf.gnss_status_code == 3:
            w.append("rotating field #0: GNSS status 11 is reserved")
    elif ident == 1:
        rf = EltDtInFlight(
            time_of_location_s=c >> 27,
            altitude_code=c >> 17 & 0x3FF,
            trigger_code=c >> 13 & 0xF,
            gnss_status_code=c >> 11 & 0b11,
            battery_code=c >> 9 & 0b11,
        )
        t = rf.time_of_location_s
        if t != TIME_OF_DAY_NOT_AVAILABLE and t > 86399:
            w.append(f"rotating field #1: time of last location {t} s is beyond 23:59:59")
        if not TRIGGER.defined(rf.trigger_code):
            w.append(f"rotating field #1: triggering event {rf.trigger_code:04b} is spare")
        if rf.gnss_status_code == 3:
            w.append("rotating field #1: GNSS status 11 is spare")
        if c & 0x1FF:
            w.append(f"rotating field #1: spare bits 194-202 are {c & 0x1FF:09b}, expected 0")
    elif ident == 2:
        rf, w = decode_rls_acknowledgement(c)
    elif ident == 3:
        rf = NationalUse(c)
    elif ident == 4:
        rf, w = decode_two_way_communication(c)
    elif ident == 15:
        rf = Cancellation(c & 0b11)
        if c >> 2 != (1 << 42) - 1:
            w.append("rotating field #15: bits 159-200 must all be 1")
        if not DEACTIVATION.defined(rf.method_code):
            w.append(f"rotating field #15: deactivation method {rf.method_code:02b} is spare")
    else:
        rf = SpareRotating(ident, c)
        w.append(f"rotating field #{ident} is spare (T.018 Table 3.8)")
    return rf, w


def rotating_json(rf: RotatingField) -> dict[str, Any]:
    """``details["rotating_field"]``: identifier, name, then the field's own keys."""
    return {"identifier": rf.identifier, "name": rf.name, **rf.to_json()}
