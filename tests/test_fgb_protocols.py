"""Protocol details that round trips alone do not pin down: spec bit patterns, defaults,
cancellation, emergency codes, legacy short location messages, range checks."""

from __future__ import annotations

from typing import Any

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon import decode, encode_fgb
from sarsat.beacon.bits import field, set_field
from sarsat.beacon.fgb import bch


def bits_of(hex_msg: str) -> int:
    """Message hex from bit 25 → 144-bit spec-numbered int."""
    n = len(hex_msg) * 4
    return int(hex_msg, 16) << (144 - 24 - n)


def to_hex(msg: int, last: int = 144) -> str:
    msg = set_field(msg, 86, 106, bch.parity(bch.BCH1, field(msg, 25, 85)))
    if last == 144:
        msg = set_field(msg, 133, 144, bch.parity(bch.BCH2, field(msg, 107, 132)))
    return format(field(msg, 25, last), f"0{(last - 24) // 4}X")


ELT_DT = {"family": "elt-dt", "country_code": 227,
          "identity": {"identity_type": "aircraft-address", "aircraft_address": "39C6B2"}}


def test_elt_dt_cancellation_bit_pattern() -> None:
    """T.001 A3.3.8.5: fixed bits 67-85 and 107-132; identity unchanged; both BCH valid."""
    hex_msg = encode_fgb({**ELT_DT, "details": {"cancellation": True}, "position": None})
    msg = bits_of(hex_msg)
    assert format(field(msg, 67, 75), "09b") == "111111010"
    assert format(field(msg, 76, 85), "010b") == "1111111010"
    assert format(field(msg, 107, 114), "08b") == "00111100"
    assert format(field(msg, 115, 123), "09b") == "011110000"
    assert format(field(msg, 124, 132), "09b") == "011110000"
    decoded = decode(hex_msg)
    assert decoded.valid and decoded.details["cancellation"] is True
    assert "cancellation" in decoded.protocol.name and decoded.position is None
    assert decoded.identity["aircraft_address"] == "39C6B2"
    normal = decode(encode_fgb({**ELT_DT, "position": None}))
    assert normal.hex_id == decoded.hex_id  # the ID does not change (§4.5.10.2)


def test_elt_dt_rotating_field_zga() -> None:
    """A3.3.8.3 g): no 3LD is coded "ZGA", bits 115-132 = 000 10001 01011 11000."""
    hex_msg = encode_fgb({**ELT_DT, "details": {"rotating_field": {"type": "000", "operator_3ld": "ZGA"}},
                          "position": {"latitude_deg": 45.2, "longitude_deg": 5.7}})
    assert format(field(bits_of(hex_msg), 113, 132), "020b") == "00" + "000" + "10001" + "01011" + "11000"
    msg = decode(hex_msg)
    assert msg.details["rotating_field"] == {"type": "000", "operator_3ld": "ZGA"}
    assert msg.details["location_freshness"] == "rotating-field"
    assert msg.position is not None and msg.position.resolution == "coarse"


@pytest.mark.parametrize(("data", "test"), [(0, True), ((1 << 24) - 1, True), (0x39C6B2, False)])
def test_elt_dt_test_protocol(data: int, test: bool) -> None:
    """A3.3.8.1: bits 43-66 all 0 or all 1 make the ELT(DT) location test protocol."""
    msg = decode(encode_fgb({**ELT_DT, "identity": {"identity_type": "aircraft-address",
                                                    "aircraft_address": f"{data:06X}"}, "position": None}))
    assert msg.protocol.test is test


@pytest.mark.parametrize(("code", "expected"), [("0000", (None, 400)), ("1110", (10000, None)), ("0111", (3400, 4000))])
def test_elt_dt_altitude(code: str, expected: tuple[Any, Any]) -> None:
    msg = decode(encode_fgb({**ELT_DT, "details": {"altitude": {"code": code}}, "position": None}))
    assert (msg.details["altitude"]["above_m"], msg.details["altitude"]["up_to_m"]) == expected


def short_user(code_bits: str, emergency: bool, **identity: Any) -> dict[str, Any]:
    return {"family": "user", "country_code": 227, "position": None, "identity": identity,
            "details": {"unprotected": {"emergency_code_entered": emergency, "activation": "manual-or-automatic",
                                        "code_bits": code_bits}}}


def test_maritime_emergency_code() -> None:
    msg = decode(encode_fgb({**short_user("0110", True, mmsi_last6="123456", specific_beacon="0"), "code": "010"}))
    assert msg.details["unprotected"]["nature_of_distress"] == "sinking"  # Table A4
    assert msg.identity["mmsi"] == "227123456"


def test_non_maritime_emergency_flags() -> None:
    spec = {**short_user("1100", True, aircraft_registration="FGABC", specific_elt=0), "code": "001"}
    msg = decode(encode_fgb(spec))
    assert msg.details["unprotected"]["nature_of_distress"] == ["fire", "medical help required"]  # Table A5


def test_unprotected_national_use_codes() -> None:
    spec = {**short_user("0101", False, aircraft_registration="FGABC"), "code": "001"}
    un = decode(encode_fgb(spec)).details["unprotected"]
    assert un["national_use"] is True and un["nature_of_distress"] is None and un["protected"] is False


def test_legacy_short_standard_location() -> None:
    """F = 0, P = 0: withdrawn short location format, read as the first 112 bits of the long one."""
    long_hex = encode_fgb({"family": "standard-location", "code": "0111", "country_code": 227,
                           "identity": {"tac": 180, "serial_number": 553},
                           "details": {"position_source": "internal", "homing_121_5": True},
                           "position": {"latitude_deg": 47.754, "longitude_deg": -3.4355}})
    msg = set_field(bits_of(long_hex), 25, 25, 0)
    short_hex = to_hex(msg, last=112)
    decoded = decode(short_hex)
    assert decoded.valid and decoded.format == "short" and decoded.protocol.family == "standard-location"
    assert decoded.position is not None and decoded.position.resolution == "coarse"
    assert (decoded.position.latitude_deg, decoded.position.longitude_deg) == (47.75, -3.5)
    assert decoded.details["homing_121_5"] is True and decoded.details["position_source"] == "internal"
    assert any("withdrawn" in w for w in decoded.warnings)


def test_default_position_is_null_and_partial_default_warns() -> None:
    spec = {"family": "standard-location", "code": "0011", "country_code": 227,
            "identity": {"aircraft_address": "39C6B2"}, "position": None}
    assert decode(encode_fgb(spec)).position is None
    msg = bits_of(encode_fgb({**spec, "position": {"latitude_deg": 10.0, "longitude_deg": 20.0}}))
    msg = set_field(msg, 65, 74, 0b0111111111)  # latitude back to its default, longitude kept
    decoded = decode(to_hex(msg))
    assert decoded.position is None and any("default" in w for w in decoded.warnings)


def test_out_of_range_coarse_latitude_is_null_with_warning() -> None:
    spec = {"family": "standard-location", "code": "0011", "country_code": 227,
            "identity": {"aircraft_address": "39C6B2"}, "position": {"latitude_deg": 10.0, "longitude_deg": 20.0}}
    msg = set_field(bits_of(encode_fgb(spec)), 66, 74, 400)  # 100°
    decoded = decode(to_hex(msg))
    assert decoded.valid and decoded.position is None
    assert any("out of range" in w for w in decoded.warnings)


def test_standard_location_fixed_bits_and_ssas_homing() -> None:
    spec = {"family": "standard-location", "code": "1100", "country_code": 227,
            "identity": {"mmsi_last6": "123456"}, "details": {"homing_121_5": True}, "position": None}
    decoded = decode(encode_fgb(spec))
    assert any("SSAS" in w for w in decoded.warnings)
    msg = set_field(bits_of(encode_fgb({**spec, "details": {}})), 107, 110, 0b0000)
    assert any("fixed 1101" in w for w in decode(to_hex(msg)).warnings)


def test_national_location_without_additional_data() -> None:
    spec = {"family": "national-location", "code": "1010", "country_code": 257, "identity": {"national_id": 10753},
            "details": {"additional_data": False, "national_use_113_126": "10101010101010"},
            "position": {"latitude_deg": 43.5322, "longitude_deg": 1.4311}}
    msg = decode(encode_fgb(spec))
    assert msg.details["national_use_113_126"] == "10101010101010"
    assert msg.position is not None and msg.position.resolution == "coarse"


def test_rls_mmsi_variant_and_invalid_rlm() -> None:
    spec = {"family": "rls", "country_code": 227, "identity": {"beacon_type": "second-epirb", "mmsi_last6": "654321"},
            "details": {"rlm_request": {"type1_auto_ack": True, "type2_manual": False}}, "position": None}
    msg = decode(encode_fgb(spec))
    assert msg.identity == {"beacon_type": "second-epirb", "mmsi": "227654321", "mmsi_last6": "654321"}
    assert field(bits_of(encode_fgb(spec)), 43, 46) == 0b1111
    bad = set_field(bits_of(encode_fgb(spec)), 109, 110, 0)
    assert any("RLM request" in w for w in decode(to_hex(bad)).warnings)


def test_rls_tac_series() -> None:
    spec = {"family": "rls", "country_code": 227, "identity": {"beacon_type": "epirb", "tac": 1042, "serial_number": 7},
            "position": None}
    msg = decode(encode_fgb(spec))
    assert msg.identity["tac_truncated"] == 42 and msg.identity["tac"] == 1042  # A3.3.7.1 footnote example


def test_position_offsets_act_on_magnitude() -> None:
    """A3.3.1: 100°W + 30′ = 100°30′W (standard location offsets up to 30′)."""
    spec = {"family": "standard-location", "code": "0011", "country_code": 227,
            "identity": {"aircraft_address": "39C6B2"}, "position": {"latitude_deg": 0.0, "longitude_deg": -100.0}}
    msg = bits_of(encode_fgb(spec))
    msg = set_field(msg, 123, 132, 0b1_11110_0000)  # +30′ 00″
    decoded = decode(to_hex(msg))
    assert decoded.position is not None and decoded.position.longitude_deg == pytest.approx(-100.5)
    msg = set_field(msg, 123, 132, 0b0_11110_0000)  # −30′
    assert decode(to_hex(msg)).position.longitude_deg == pytest.approx(-99.5)  # type: ignore[union-attr]


def test_encoder_rounds_to_nearest_four_seconds() -> None:
    """A3.3.1: 0.000–1.999 s rounds down, 2.000–3.999 s rounds up (resolution 4 s)."""
    base = {"family": "standard-location", "code": "0011", "country_code": 227, "identity": {"aircraft_address": "000001"}}
    lat = 10 + 1 / 60 + 2.0 / 3600  # 10°01′02″ → 10°01′04″
    msg = decode(encode_fgb({**base, "position": {"latitude_deg": lat, "longitude_deg": 0.0}}))
    assert msg.position is not None and msg.position.latitude_deg == pytest.approx(10 + 1 / 60 + 4 / 3600)
    lat = 10 + 1 / 60 + 1.9 / 3600  # → 10°01′00″
    msg = decode(encode_fgb({**base, "position": {"latitude_deg": lat, "longitude_deg": 0.0}}))
    assert msg.position is not None and msg.position.latitude_deg == pytest.approx(10 + 1 / 60)


@pytest.mark.parametrize("bad", [
    {"family": "nope"},
    {"family": "standard-location", "code": "9999", "country_code": 227},
    {"family": "user", "code": "010", "country_code": 227, "identity": {"radio_call_sign": "ABCDEFGH"}},
    {"family": "user", "code": "010", "country_code": 227, "identity": {"radio_call_sign": "AB*"}},
    {"family": "standard-location", "code": "0011", "country_code": 227, "identity": {}},
    {"family": "standard-location", "code": "0011", "country_code": 227, "identity": {"aircraft_address": "39C6B2"},
     "position": {"latitude_deg": 91.0, "longitude_deg": 0.0}},
])
def test_encoder_rejects_bad_fields(bad: dict[str, Any]) -> None:
    from sarsat.errors import EncodeError

    with pytest.raises(EncodeError):
        encode_fgb(bad)


@settings(max_examples=3000)
@given(st.integers(0, 2**144 - 1), st.sampled_from(["STANDARD", "NATIONAL", "HALF_DEGREE", "USER_LOCATION"]),
       st.booleans(), st.data())
def test_fast_position_path_agrees_with_careful_path(msg: int, name: str, offsets: bool, data: st.DataObject) -> None:
    from sarsat.beacon.fgb import position

    layout = getattr(position, name)
    if data.draw(st.booleans()):  # in-range coarse values are the interesting case
        for axis, top in ((layout.lat, 90 * 3600), (layout.lon, 180 * 3600)):
            arcsec = data.draw(st.integers(0, top)) // axis.unit_arcsec * axis.unit_arcsec
            rest = arcsec
            for first, last, unit in axis.fields:
                msg = set_field(msg, first, last, rest // unit)
                rest %= unit
    assert position.read(msg, layout, offsets) == position.read_careful(msg, layout, offsets)
