"""Vessel / aircraft ID of the SGB main field: type in bits 91–93, ID in bits 94–137
(T.018 Table 3.1, Appendix I).

Each type is a frozen dataclass with ``to_bits()`` (the 44 ID bits) and a JSON form;
:func:`decode_vessel_id` reads the 47 bits 91–137 and returns the dataclass plus warnings for
content the spec does not allow (kept visible, never guessed).

======  ================================  ==============================================
type    content (message bits)            default when absent
======  ================================  ==============================================
000     none; national use allowed        all 0
001     MMSI (94–123), EPIRB-AIS last 4   MMSI 000111111; AIS 10101010101010 (10922)
        digits Y6..Y9 (124–137)
010     radio call sign, 7 Baudot chars,  7 spaces; bits 136–137 = 00
        left-justified
011     aircraft registration marking,    7 spaces; bits 136–137 = 00
        right-justified
100     aviation 24-bit address (94–117)  3LD "ZGA" (Rev. 12) or 20 zero bits
        + 3LD (118–132) + 5 zero bits
101     3LD (94–108), serial 1–4095       —
        (109–120), 17 spare 1s
110     spare                             —
111     reserved for system testing       all 0 (valid only with the test flag)
======  ================================  ==============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sarsat.beacon.baudot import UNKNOWN, decode_chars, encode_chars
from sarsat.errors import EncodeError

def _short_encode(letters: str) -> int:
    """5-bit short Baudot (T.018 Table 3.1 note: the leading 1 of each letter dropped)."""
    return encode_chars(letters, bits_per_char=5)


def _short_decode(bits: int, n_chars: int) -> str:
    return decode_chars(bits, n_chars, bits_per_char=5)


ID_BITS = 44
NO_MMSI = 111111  # "default decimal number 000111111" (Table 3.1)
NO_EPIRB_AIS = 0b10101010101010  # 10922 (Table 3.1)
NO_3LD = "ZGA"  # Rev. 12: bits 118-137 = 10001 01011 11000 00000 when no 3LD
_MAX_CHARS = 7


def _check_width(name: str, value: int, bits: int) -> None:
    if not 0 <= value < (1 << bits):
        raise EncodeError(f"{name} {value} does not fit in {bits} bits")


@dataclass(frozen=True)
class NoVesselId:
    """Type 000: no aircraft or maritime identity; ``bits`` may hold national-use content."""

    bits: int = 0
    type_code = 0b000
    type_name = "none"

    def to_bits(self) -> int:
        _check_width("vessel ID bits", self.bits, ID_BITS)
        return self.bits

    def to_json(self) -> dict[str, Any]:
        return {"vessel_id_bits_hex": f"{self.bits:011X}"} if self.bits else {}


@dataclass(frozen=True)
class Mmsi:
    """Type 001: ship MMSI (``None``: none, coded 000111111) and the last four digits of the
    EPIRB-AIS identity 974xxYYYY (``None``: no AIS, coded 10922). Only Y6..Y9 are sent:
    the full AIS identity is *not* in the message and is never reconstructed here."""

    mmsi: int | None
    epirb_ais_last_digits: int | None = None
    type_code = 0b001
    type_name = "mmsi"

    def to_bits(self) -> int:
        mmsi, ais = self.mmsi, self.epirb_ais_last_digits
        if mmsi is not None and not 0 <= mmsi <= 999_999_999:
            raise EncodeError(f"MMSI {mmsi} is not a 9-digit number")
        if ais is not None and not 0 <= ais <= 9999:
            raise EncodeError(f"EPIRB-AIS digits {ais} are not 4 decimal digits (Y6..Y9)")
        return (NO_MMSI if mmsi is None else mmsi) << 14 | (NO_EPIRB_AIS if ais is None else ais)

    def to_json(self) -> dict[str, Any]:
        return {
            "mmsi": None if self.mmsi is None else f"{self.mmsi:09d}",
            "epirb_ais_last_4_digits": (
                None if self.epirb_ais_last_digits is None else f"{self.epirb_ais_last_digits:04d}"
            ),
        }


def _baudot_text(text: str | None, right: bool) -> int:
    t = "" if text is None else text
    if len(t) > _MAX_CHARS:
        raise EncodeError(f"{t!r} is longer than 7 characters")
    if t != t.strip(" ") or (text is not None and not t):
        raise EncodeError(f"{t!r}: leading/trailing spaces cannot be coded; use None for none")
    padded = t.rjust(_MAX_CHARS) if right else t.ljust(_MAX_CHARS)
    return encode_chars(padded) << 2  # bits 136-137 spare = 00


@dataclass(frozen=True)
class RadioCallSign:
    """Type 010: radio call sign, up to 7 characters, left-justified (``None``: none)."""

    call_sign: str | None
    type_code = 0b010
    type_name = "radio-call-sign"

    def to_bits(self) -> int:
        return _baudot_text(self.call_sign, right=False)

    def to_json(self) -> dict[str, Any]:
        return {"radio_call_sign": self.call_sign}


@dataclass(frozen=True)
class AircraftRegistration:
    """Type 011: aircraft registration marking (tail number), right-justified (``None``: none)."""

    registration: str | None
    type_code = 0b011
    type_name = "aircraft-registration"

    def to_bits(self) -> int:
        return _baudot_text(self.registration, right=True)

    def to_json(self) -> dict[str, Any]:
        return {"aircraft_registration": self.registration}


@dataclass(frozen=True)
class Aviation24BitAddress:
    """Type 100: ICAO 24-bit address and the operator's 3-letter designator (3LD).

    ``operator_3ld=None`` codes 20 zero bits; Rev. 12 prefers "ZGA" for "no 3LD", which is
    kept as the letters "ZGA" (the JSON adds a note)."""

    address: int
    operator_3ld: str | None = NO_3LD
    type_code = 0b100
    type_name = "aviation-24-bit-address"

    def to_bits(self) -> int:
        _check_width("24-bit address", self.address, 24)
        if self.operator_3ld is None:
            return self.address << 20
        if len(self.operator_3ld) != 3:
            raise EncodeError(f"3LD {self.operator_3ld!r} must be 3 letters")
        return self.address << 20 | _short_encode(self.operator_3ld) << 5

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "aviation_24_bit_address": f"{self.address:06X}",
            "aircraft_operator_3ld": self.operator_3ld,
        }
        if self.operator_3ld == NO_3LD:
            out["aircraft_operator_3ld_note"] = "ZGA: no 3LD assigned (T.018 Table 3.1)"
        return out


@dataclass(frozen=True)
class AircraftOperator:
    """Type 101: operator 3LD and a serial number 1–4095 set by the operator."""

    operator_3ld: str
    serial: int
    type_code = 0b101
    type_name = "aircraft-operator-and-serial"

    def to_bits(self) -> int:
        if len(self.operator_3ld) != 3:
            raise EncodeError(f"3LD {self.operator_3ld!r} must be 3 letters")
        if not 1 <= self.serial <= 4095:
            raise EncodeError(f"operator serial {self.serial} is outside 1..4095")
        return _short_encode(self.operator_3ld) << 29 | self.serial << 17 | 0x1FFFF

    def to_json(self) -> dict[str, Any]:
        return {"aircraft_operator_3ld": self.operator_3ld, "aircraft_operator_serial": self.serial}


@dataclass(frozen=True)
class OtherVesselId:
    """Type 110 (spare) or 111 (reserved for system testing): raw 44 bits kept visible."""

    type_code: int
    bits: int = 0

    @property
    def type_name(self) -> str:
        return "system-testing" if self.type_code == 0b111 else "spare"

    def to_bits(self) -> int:
        if self.type_code not in (0b110, 0b111):
            raise EncodeError(f"vessel ID type {self.type_code:03b} has its own class")
        _check_width("vessel ID bits", self.bits, ID_BITS)
        return self.bits

    def to_json(self) -> dict[str, Any]:
        return {"vessel_id_bits_hex": f"{self.bits:011X}"}


VesselId = (
    NoVesselId
    | Mmsi
    | RadioCallSign
    | AircraftRegistration
    | Aviation24BitAddress
    | AircraftOperator
    | OtherVesselId
)


def _decode_text(bits44: int, right: bool, what: str, warnings: list[str]) -> str | None:
    raw = decode_chars(bits44 >> 2, _MAX_CHARS)
    if bits44 & 0b11:
        warnings.append(f"{what}: spare bits 136-137 are {bits44 & 3:02b}, expected 00")
    if UNKNOWN in raw:
        warnings.append(f"{what}: {raw!r} holds codes that are not modified-Baudot ('?')")
    text = raw.strip(" ")
    if not text:
        return None
    if (right and raw.endswith(" ")) or (not right and raw.startswith(" ")):
        side = "right" if right else "left"
        warnings.append(f"{what} {raw!r} is not {side}-justified (T.018 Table 3.1)")
    return text


def decode_vessel_id(
    type_code: int, bits44: int, test_protocol: bool
) -> tuple[VesselId, list[str]]:
    """The vessel ID of type ``type_code`` (bits 91–93) from bits 94–137, and warnings."""
    warnings: list[str] = []
    vid: VesselId
    if type_code == 0b000:
        vid = NoVesselId(bits44)
    elif type_code == 0b001:
        mmsi, ais = bits44 >> 14, bits44 & 0x3FFF
        if mmsi > 999_999_999:
            warnings.append(f"MMSI field {mmsi} has more than 9 digits")
        if ais > 9999 and ais != NO_EPIRB_AIS:
            warnings.append(f"EPIRB-AIS field {ais} is neither 4 digits nor the default 10922")
        vid = Mmsi(None if mmsi == NO_MMSI else mmsi, None if ais == NO_EPIRB_AIS else ais)
    elif type_code == 0b010:
        vid = RadioCallSign(_decode_text(bits44, False, "radio call sign", warnings))
    elif type_code == 0b011:
        vid = AircraftRegistration(_decode_text(bits44, True, "aircraft registration", warnings))
    elif type_code == 0b100:
        address, tail = bits44 >> 20, bits44 & 0xFFFFF
        if tail == 0:
            vid = Aviation24BitAddress(address, None)
        else:
            letters = _short_decode(tail >> 5, 3)
            if tail & 0x1F:
                warnings.append(
                    f"24-bit address: spare bits 133-137 are {tail & 0x1F:05b}, expected 0"
                )
            if UNKNOWN in letters:
                warnings.append(f"24-bit address: 3LD {letters!r} holds non-letter codes")
            vid = Aviation24BitAddress(address, letters)
    elif type_code == 0b101:
        letters = _short_decode(bits44 >> 29, 3)
        serial, spare = bits44 >> 17 & 0xFFF, bits44 & 0x1FFFF
        if UNKNOWN in letters:
            warnings.append(f"aircraft operator: 3LD {letters!r} holds non-letter codes")
        if serial == 0:
            warnings.append("aircraft operator serial is 0; T.018 allows 1..4095")
        if spare != 0x1FFFF:
            warnings.append(
                f"aircraft operator: spare bits 121-137 are {spare:017b}, expected all 1"
            )
        vid = AircraftOperator(letters, serial)
    else:
        if type_code == 0b110:
            warnings.append("vessel ID type 110 is spare (T.018 Table 3.1)")
        elif not test_protocol:
            warnings.append(
                "vessel ID type 111 (system testing) is invalid without the test flag (bit 43)"
            )
        vid = OtherVesselId(type_code, bits44)
    return vid, warnings


def vessel_id_json(vid: VesselId) -> dict[str, Any]:
    """Identity keys for a vessel ID: ``vessel_id_type`` plus the type's own fields."""
    return {"vessel_id_type": vid.type_name, **vid.to_json()}
