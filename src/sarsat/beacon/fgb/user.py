"""User and user-location protocols (P = 1), T.001 A2 and A3.3.4.

PDF-1 bits 37–39 select the protocol (Table A2-A), bits 40–83 identify the beacon and bits
84–85 give the auxiliary radio-locating device (not for orbitography, national and test
protocols, whose bits 40–85 are all data). A short message ends with the unprotected field
107–112 (A2.9); a long message is a user-location message whose PDF-2 holds a 4′ position
(A3.3.4), except for the national user protocol (national use, A2.8) and orbitography
(undefined, A2.7).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sarsat.beacon import baudot
from sarsat.beacon.bits import bit, field, set_field
from sarsat.beacon.message import Protocol
from sarsat.beacon.fgb import position
from sarsat.beacon.fgb.common import Fields, Layout, bits_text, position_from, require, source_name
from sarsat.errors import EncodeError

# T.001 Table A2-A, bits 37-39.
NAMES = {
    "010": "maritime",
    "110": "radio call sign",
    "001": "aviation",
    "011": "serial",
    "111": "test",
    "000": "orbitography",
    "100": "national",
    "101": "spare (reserved for SGB)",
}

# T.001 A2.5 / Figure A3 note, bits 40-42 of the serial user protocol.
SERIAL_TYPES = {
    "000": "elt-serial",
    "001": "elt-operator",
    "011": "elt-aircraft-address",
    "010": "epirb-float-free",
    "100": "epirb-non-float-free",
    "110": "plb",
    "101": "spare",
    "111": "spare",
}
_SERIAL_CODES = {name: code for code, name in SERIAL_TYPES.items() if name != "spare"}

# T.001 A2.1, bits 84-85 (also A3.3.2.2 for user-location).
AUX_DEVICES = {0b00: "none", 0b01: "121.5 MHz", 0b10: "9 GHz SART", 0b11: "other"}
_AUX_CODES = {name: code for code, name in AUX_DEVICES.items()}

# T.001 Table A4 (maritime emergency codes, bits 109-112).
MARITIME_EMERGENCY = {
    0b0001: "fire/explosion",
    0b0010: "flooding",
    0b0011: "collision",
    0b0100: "grounding",
    0b0101: "listing, in danger of capsizing",
    0b0110: "sinking",
    0b0111: "disabled and adrift",
    0b0000: "unspecified distress",
    0b1000: "abandoning ship",
}
# T.001 Table A5 (non-maritime emergency codes): one flag per bit 109-111, 112 spare.
NON_MARITIME_FLAGS = ((109, "fire"), (110, "medical help required"), (111, "disabled"))

# US national serial convention (country codes of the United States; AMSA UserSerial, T.001
# Annex B1 example): manufacturer 44-51, sequence 52-63, model 64-67, run 68-75, national 76-83.
US_MIDS = frozenset({338, 366, 367, 368, 369})

_DATA_ONLY = {"111", "000", "100", "101"}  # bits 40-85 are all data (A2.6-A2.8)


@cache
def protocol_of(code: str, long: bool) -> Protocol:
    """Protocol object for user code ``code`` (bits 37-39) and the format flag."""
    name = NAMES[code]
    location = long and code not in ("000", "100")
    family = "user-location" if location else "user"
    title = f"User-location: {name}" if location else f"User: {name}"
    return Protocol(family, title, code, test=(code == "111"))


def is_maritime(msg: int) -> bool:
    """Maritime protocols use the Table A4 emergency codes (T.001 A2.9.1)."""
    code = field(msg, 37, 39)
    if code in (0b010, 0b110):
        return True
    return code == 0b011 and field(msg, 40, 42) in (0b010, 0b100)


def decode(msg: int, country_code: int, layout: Layout) -> Fields:
    code = format(field(msg, 37, 39), "03b")
    long = not layout.short
    out = Fields(protocol_of(code, long), identity={})
    ident, p1 = out.identity, out.problems_pdf1
    if code == "101":
        p1.append("protocol code 101 is reserved for second-generation beacons (T.001 Table A2-A)")
    if code in _DATA_ONLY:
        key = "national_use_bits" if code in ("111", "100") else "data_bits"
        ident[key] = bits_text(msg, 40, 85)
    else:
        _decode_identity(msg, code, country_code, ident, p1)
        out.details["auxiliary_device"] = AUX_DEVICES[field(msg, 84, 85)]

    if code == "000":
        if long:
            out.details["pdf2_bits"] = bits_text(msg, 107, 132)  # A2.7: not defined
        return out
    if code == "100":
        last = 132 if layout.pdf2 else 112
        out.details["national_use_pdf2_bits" if long else "national_use_107_112"] = bits_text(msg, 107, last)
        return out
    if layout.short:
        out.details["unprotected"] = _decode_unprotected(msg)
        return out
    # User-location PDF-2 (A3.3.4.3).
    out.details["position_source"] = source_name(bit(msg, 107))
    if layout.pdf2:
        reading = position.read(msg, position.USER_LOCATION, offsets_present=False)
        position_from(reading, out.details["position_source"], out, pdf2_problem=True)
    else:
        out.warnings.append("PDF-2 absent: user-location position not available")
    return out


def _decode_identity(msg: int, code: str, country_code: int, ident: dict[str, Any], p1: list[str]) -> None:
    if code == "010":  # A2.2 maritime: MMSI or radio call sign, 6 Baudot characters
        text = baudot.decode_chars(field(msg, 40, 75), 6)
        stripped = text.lstrip(" ")
        if len(stripped) == 6 and stripped.isdigit():
            ident["mmsi_last6"] = stripped
            ident["mmsi"] = f"{country_code:03d}{stripped}"
        else:
            ident["radio_call_sign"] = stripped
        ident["specific_beacon"] = baudot.decode_chars(field(msg, 76, 81), 1)
        require("?" not in text + ident["specific_beacon"], p1, "invalid modified-Baudot character in bits 40-81")
        require(field(msg, 82, 83) == 0, p1, "spare bits 82-83 are not 00 (T.001 A2.2)")
    elif code == "110":  # A2.3 radio call sign: 4 Baudot + 3 BCD
        text = baudot.decode_chars(field(msg, 40, 63), 4) + baudot.decode_bcd(field(msg, 64, 75), 3)
        ident["radio_call_sign"] = text.rstrip(" ")
        ident["specific_beacon"] = baudot.decode_chars(field(msg, 76, 81), 1)
        require("?" not in text + ident["specific_beacon"], p1, "invalid character in radio call sign bits 40-81")
        require(field(msg, 82, 83) == 0, p1, "spare bits 82-83 are not 00 (T.001 A2.3)")
    elif code == "001":  # A2.4 aviation: registration marking, 7 Baudot characters
        text = baudot.decode_chars(field(msg, 40, 81), 7)
        ident["aircraft_registration"] = text.lstrip(" ")
        ident["specific_elt"] = field(msg, 82, 83)
        require("?" not in text, p1, "invalid modified-Baudot character in registration bits 40-81")
    elif code == "011":  # A2.5 serial user
        _decode_serial(msg, country_code, ident, p1)


def _decode_serial(msg: int, country_code: int, ident: dict[str, Any], p1: list[str]) -> None:
    kind = SERIAL_TYPES[format(field(msg, 40, 42), "03b")]
    ident["beacon_type"] = kind
    tac_flag = bool(bit(msg, 43))
    ident["tac_flag"] = tac_flag
    require(kind != "spare", p1, "serial user beacon type bits 40-42 are spare (T.001 A2.5)")
    if kind == "elt-aircraft-address":  # A2.5.2
        ident["aircraft_address"] = format(field(msg, 44, 67), "06X")
        ident["specific_elt"] = field(msg, 68, 73)
    elif kind == "elt-operator":  # A2.5.3
        ident["operator"] = baudot.decode_chars(field(msg, 44, 61), 3)
        ident["operator_serial"] = field(msg, 62, 73)
        require("?" not in ident["operator"], p1, "invalid Baudot character in operator designator bits 44-61")
    else:  # A2.5.1 serial number
        ident["serial_number"] = field(msg, 44, 63)
        ident["national_use_64_73"] = bits_text(msg, 64, 73)
    if tac_flag:
        ident["tac"] = field(msg, 74, 83)  # C/S type approval certificate number
    else:
        ident["national_use_74_83"] = bits_text(msg, 74, 83)
    if country_code in US_MIDS and kind not in ("elt-aircraft-address", "elt-operator", "spare") and not tac_flag:
        ident["us_national_serial"] = {
            "manufacturer": field(msg, 44, 51),
            "sequence": field(msg, 52, 63),
            "model": field(msg, 64, 67),
            "run": field(msg, 68, 75),
            "national_use_bits": bits_text(msg, 76, 83),
        }


def _decode_unprotected(msg: int) -> dict[str, Any]:
    """Short-message bits 107-112 (T.001 A2.9): not protected by any BCH."""
    entered = bool(bit(msg, 107))
    code = field(msg, 109, 112)
    out: dict[str, Any] = {
        "bits": "107-112",
        "protected": False,
        "emergency_code_entered": entered,
        "activation": "manual-or-automatic" if bit(msg, 108) else "manual",  # A2.9 bit 108
        "code_bits": format(code, "04b"),
    }
    if not entered:
        out["nature_of_distress"] = None
        out["national_use"] = code != 0  # A2.9.3
    elif is_maritime(msg):
        out["nature_of_distress"] = MARITIME_EMERGENCY.get(code, "spare")
    else:
        out["nature_of_distress"] = [name for b, name in NON_MARITIME_FLAGS if bit(msg, b)]
    return out


# ---------------------------------------------------------------------------------------
# Encoding


def encode(msg: int, code: str, country_code: int, identity: dict[str, Any], details: dict[str, Any],
           pos: dict[str, Any] | None, short: bool) -> int:
    """Write PDF-1 bits 37–85 and bits 107–132 of a user or user-location message."""
    if code not in NAMES:
        raise EncodeError(f"unknown user protocol code {code!r}; expected one of {sorted(NAMES)}")
    msg = set_field(msg, 37, 39, int(code, 2))
    if code in _DATA_ONLY:
        key = "national_use_bits" if code in ("111", "100") else "data_bits"
        msg = set_field(msg, 40, 85, _bits(identity.get(key, "0" * 46), 46, key))
    else:
        msg = _encode_identity(msg, code, country_code, identity)
        aux = details.get("auxiliary_device", "none")
        if aux not in _AUX_CODES:
            raise EncodeError(f"auxiliary_device {aux!r}; expected one of {sorted(_AUX_CODES)}")
        msg = set_field(msg, 84, 85, _AUX_CODES[aux])
    if code == "000":
        return set_field(msg, 107, 132, _bits(details.get("pdf2_bits", "0" * 26), 26, "pdf2_bits")) if not short else msg
    if code == "100":
        if short:
            return set_field(msg, 107, 112, _bits(details.get("national_use_107_112", "000000"), 6, "national_use_107_112"))
        return set_field(msg, 107, 132, _bits(details.get("national_use_pdf2_bits", "0" * 26), 26, "national_use_pdf2_bits"))
    if short:
        un = details.get("unprotected", {})
        msg = set_field(msg, 107, 107, int(bool(un.get("emergency_code_entered", False))))
        msg = set_field(msg, 108, 108, int(un.get("activation", "manual") == "manual-or-automatic"))
        return set_field(msg, 109, 112, _bits(un.get("code_bits", "0000"), 4, "code_bits"))
    msg = set_field(msg, 107, 107, int(details.get("position_source", "internal") == "internal"))
    lat = None if pos is None else pos["latitude_deg"]
    lon = None if pos is None else pos["longitude_deg"]
    return position.write(msg, position.USER_LOCATION, lat, lon)


def _bits(text: str, width: int, name: str) -> int:
    if len(text) != width or set(text) - {"0", "1"}:
        raise EncodeError(f"{name} must be {width} bits of 0/1, got {text!r}")
    return int(text, 2)


def _number(identity: dict[str, Any], key: str, width: int, low: int = 0) -> int:
    value = identity.get(key)
    if value is None:
        raise EncodeError(f"identity needs {key!r}")
    value = int(value)
    if not low <= value < (1 << width):
        raise EncodeError(f"{key} = {value} does not fit in {width} bits")
    return value


def _encode_identity(msg: int, code: str, country_code: int, ident: dict[str, Any]) -> int:
    if code == "010":
        if "mmsi" in ident or "mmsi_last6" in ident:
            digits = str(ident.get("mmsi_last6") or str(ident["mmsi"])[-6:])
            if len(digits) != 6 or not digits.isdigit():
                raise EncodeError(f"MMSI must end in 6 digits, got {digits!r}")
            text = digits
        else:
            text = str(ident.get("radio_call_sign", ""))
            if not 1 <= len(text) <= 6:
                raise EncodeError("maritime user protocol needs an MMSI or a radio call sign of 1-6 characters")
        msg = set_field(msg, 40, 75, baudot.encode_chars(text.rjust(6)))
        msg = set_field(msg, 76, 81, baudot.encode_chars(str(ident.get("specific_beacon", "0"))[:1]))
        return set_field(msg, 82, 83, 0)
    if code == "110":
        text = str(ident.get("radio_call_sign", ""))
        if not 1 <= len(text) <= 7:
            raise EncodeError("radio call sign protocol needs a call sign of 1-7 characters")
        text = text.ljust(7)
        msg = set_field(msg, 40, 63, baudot.encode_chars(text[:4]))
        msg = set_field(msg, 64, 75, baudot.encode_bcd(text[4:]))
        msg = set_field(msg, 76, 81, baudot.encode_chars(str(ident.get("specific_beacon", "0"))[:1]))
        return set_field(msg, 82, 83, 0)
    if code == "001":
        text = str(ident.get("aircraft_registration", ""))
        if not 1 <= len(text) <= 7:
            raise EncodeError("aviation user protocol needs a registration marking of 1-7 characters")
        msg = set_field(msg, 40, 81, baudot.encode_chars(text.rjust(7)))
        return set_field(msg, 82, 83, _number(ident, "specific_elt", 2) if "specific_elt" in ident else 0)
    # code == "011": serial user
    kind = ident.get("beacon_type", "")
    if kind not in _SERIAL_CODES:
        raise EncodeError(f"beacon_type {kind!r}; expected one of {sorted(_SERIAL_CODES)}")
    msg = set_field(msg, 40, 42, int(_SERIAL_CODES[kind], 2))
    tac_flag = bool(ident.get("tac_flag", "tac" in ident))
    msg = set_field(msg, 43, 43, int(tac_flag))
    if kind == "elt-aircraft-address":
        msg = set_field(msg, 44, 67, int(str(ident["aircraft_address"]), 16))
        msg = set_field(msg, 68, 73, _number(ident, "specific_elt", 6) if "specific_elt" in ident else 0)
    elif kind == "elt-operator":
        op = str(ident.get("operator", ""))
        if len(op) != 3:
            raise EncodeError("operator designator must be 3 letters")
        msg = set_field(msg, 44, 61, baudot.encode_chars(op))
        msg = set_field(msg, 62, 73, _number(ident, "operator_serial", 12))
    else:
        msg = set_field(msg, 44, 63, _number(ident, "serial_number", 20))
        msg = set_field(msg, 64, 73, _bits(ident.get("national_use_64_73", "0" * 10), 10, "national_use_64_73"))
    if tac_flag:
        return set_field(msg, 74, 83, _number(ident, "tac", 10))
    return set_field(msg, 74, 83, _bits(ident.get("national_use_74_83", "0" * 10), 10, "national_use_74_83"))
