"""SGB main field, rotating fields and IDs against T.018 App. B and public vectors."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from sarsat.beacon.sgb import (
    AircraftOperator,
    AircraftRegistration,
    Aviation24BitAddress,
    BeaconType,
    Cancellation,
    EltDtInFlight,
    EncodedLocation,
    G008Objective,
    Mmsi,
    NationalUse,
    NoVesselId,
    RadioCallSign,
    RlsAcknowledgement,
    SgbFields,
    SpareRotating,
    TwoWayCommunication,
    altitude_code,
    altitude_m,
    decode_fields,
    decode_sgb,
    encode_sgb,
    hex_id_23,
)
from sarsat.beacon.baudot import decode_chars, encode_chars
from sarsat.errors import EncodeError

# T.018 App. B: ground-segment representation (2 leading 0 bits + bits 1-202).
APP_B = "0039823D32618658622811F0000000000003FFF004030680258"
APP_B_INFO = int(APP_B, 16)


@pytest.fixture(scope="module")
def app_b() -> dict[str, Any]:
    out: dict[str, Any] = decode_sgb(APP_B).to_json()
    return out


@pytest.mark.parametrize(
    ("path", "value"),
    [
        # App. B main-field table
        (("identity", "tac"), 230),
        (("identity", "serial_number"), 573),
        (("country_code",), 201),
        (("details", "homing"), True),
        (("details", "rls_function"), False),
        (("details", "test_protocol"), False),
        (("identity", "vessel_id_type"), "none"),
        (("details", "beacon_type"), "ELT"),
        # App. B rotating-field table (#0)
        (("details", "rotating_field", "identifier"), 0),
        (("details", "rotating_field", "elapsed_time_since_activation_h"), 1),  # 1 h 27 min
        (("details", "rotating_field", "time_since_last_location_min"), 6),  # 6 min 24 s
        (("details", "rotating_field", "altitude_m"), 432),  # 430.24 m -> 0000110100
        (("details", "rotating_field", "hdop"), "<=1"),
        (("details", "rotating_field", "vdop"), ">1 and <=2"),
        (("details", "rotating_field", "activation"), "manual activation by user"),
        (("details", "rotating_field", "battery"), ">75% and <=100%"),
        (("details", "rotating_field", "gnss_status"), "3D location"),
        # App. B.2 IDs
        (("hex_id",), "9934039823D000000000000"),
        (("details", "hex_id_15"), "9934039823D0000"),
        (("details", "bch_hex"), "492A4FC57A49"),
    ],
)
def test_app_b_worked_example_field_by_field(
    app_b: dict[str, Any], path: tuple[str, ...], value: object
) -> None:
    node: Any = app_b
    for key in path:
        node = node[key]
    assert node == value


def test_app_b_position() -> None:
    # App. B: 48.793153539336956 N, 69.00875866413116 E encoded to 2^-15 degree; the bits
    # decode to exactly these values (also AMSA compliance kit).
    pos = decode_sgb(APP_B).position
    assert pos is not None
    assert pos.latitude_deg == 48.79315185546875
    assert pos.longitude_deg == 69.00875854492188
    assert abs(pos.latitude_deg - 48.793153539336956) < 2**-16
    assert abs(pos.longitude_deg - 69.00875866413116) < 2**-16
    assert pos.resolution == "fine"


def test_app_b_location_bits_and_encoding() -> None:
    loc = EncodedLocation.from_degrees(48.793153539336956, 69.00875866413116)
    # App. B: "0 0110000 110010110000110" and "0 01000101 000000100011111"
    assert f"{loc.to_bits():047b}" == "00110000110010110000110001000101000000100011111"


def test_app_c_fraction_rounding_example() -> None:
    # App. C.5: 35 deg 46.295' N -> 0.77158 deg -> 25283 = 110001011000011
    assert EncodedLocation.from_degrees(35.77158, 0.0).latitude_fraction == 0b110001011000011


def test_fraction_rounding_carries_into_degrees() -> None:
    loc = EncodedLocation.from_degrees(10.99999, -20.999999)
    assert (loc.latitude_whole_deg, loc.latitude_fraction) == (11, 0)
    assert (loc.west, loc.longitude_whole_deg, loc.longitude_fraction) == (True, 21, 0)


@pytest.mark.parametrize(
    ("loc", "status"),
    [
        (EncodedLocation.no_fix(), "no-fix"),
        (EncodedLocation.no_capability(), "no-capability"),
        (EncodedLocation(True, 0x7F, 0b000001111100000, False, 0xFF, 0b111110000011111), "invalid"),
        (EncodedLocation(False, 91, 0, False, 10, 0), "invalid"),
        (EncodedLocation(False, 90, 0, True, 180, 0), "fix"),
    ],
)
def test_location_status(loc: EncodedLocation, status: str) -> None:
    assert loc.status() == status


def test_default_location_patterns_are_the_spec_bits() -> None:
    # Table 3.1 / App. C.3
    assert f"{EncodedLocation.no_fix().to_bits():047b}" == (
        "01111111000001111100000011111111111110000011111"
    )
    assert f"{EncodedLocation.no_capability().to_bits():047b}" == (
        "11111111000001111100000111111111111110000011111"
    )


@pytest.mark.parametrize("default", [EncodedLocation.no_fix(), EncodedLocation.no_capability()])
def test_default_location_decodes_to_no_position(default: EncodedLocation) -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    f2 = replace(fields, location=default)
    m = decode_sgb(encode_sgb(f2))
    assert m.position is None
    assert m.details["location_status"].startswith("default")
    assert m.warnings == ()


# AMSA sgb-decoder compliance kit (src/test/resources/compliance-kit/tests.csv and JSON):
# App. B message with other vessel IDs, and 23-hex IDs AMSA took from C/S G.005.
@pytest.mark.parametrize(
    ("hex51", "hex23", "identity"),
    [
        (
            "0039823D32618658622811F23ADE68AA17E3FFF004030680258",
            "9934039823D11D6F34550BF",
            # only the last 4 AIS digits are sent; AMSA's 974454287 is a reconstruction
            {"vessel_id_type": "mmsi", "mmsi": "123456789", "epirb_ais_last_4_digits": "4287"},
        ),
        (
            "0039823D32618658622811F725F2B1C67703FFF004030680258",
            "9934039823D392F958E33B8",
            {"vessel_id_type": "aircraft-registration", "aircraft_registration": "VH-ABC"},
        ),
        (
            "0039823D32618658622811FB7AC403C00003FFF004030680258",
            "9934039823D5BD6201E0000",
            {
                "vessel_id_type": "aircraft-operator-and-serial",
                "aircraft_operator_3ld": "XYZ",
                "aircraft_operator_serial": 15,
            },
        ),
    ],
)
def test_amsa_detection_vectors(hex51: str, hex23: str, identity: dict[str, object]) -> None:
    m = decode_sgb(hex51)
    assert m.hex_id == hex23
    assert m.details["hex_id_15"] == hex23[:15]
    assert m.identity == {"tac": 230, "serial_number": 573, **identity}


def test_amsa_operator_example_spare_bits_are_flagged() -> None:
    # the AMSA B-2 operator example has 17 zero spare bits where T.018 wants 1s
    m = decode_sgb("0039823D32618658622811FB7AC403C00003FFF004030680258")
    assert any("spare bits 121-137" in w for w in m.warnings)


@pytest.mark.parametrize(
    ("hex23", "country", "tac", "serial", "identity"),
    [
        ("9934039823D000000000000", 201, 230, 573, {"vessel_id_type": "none"}),  # T.018 App. B.2
        ("9977DA6D709000000000000", 203, 63131, 5897, {"vessel_id_type": "none"}),
        (
            "ADF587AA62B157AE36DC552",
            367,
            25066,
            9771,
            {"vessel_id_type": "mmsi", "mmsi": "367758775", "epirb_ais_last_4_digits": "1362"},
        ),
        (
            "A2F669AB2D930E18709B40C",
            279,
            39530,
            13017,
            {"vessel_id_type": "aircraft-registration", "aircraft_registration": "9TTENS9"},
        ),
        (
            "ADF68E50F4B47C5D5700000",
            367,
            41876,
            3915,
            {
                "vessel_id_type": "aviation-24-bit-address",
                "aviation_24_bit_address": "7C5D57",
                "aircraft_operator_3ld": None,
            },
        ),
        (
            "A794B4C00872E33B9D64A04",
            316,
            11568,
            135,
            {"vessel_id_type": "radio-call-sign", "radio_call_sign": "ABC1245"},
        ),
        (
            "9A749FFF0395CB3D62BBFFF",
            211,
            10239,
            12345,
            {
                "vessel_id_type": "aircraft-operator-and-serial",
                "aircraft_operator_3ld": "WIK",
                "aircraft_operator_serial": 2837,
            },
        ),
        (
            "9C55E7DC0172F33D7E75974",
            226,
            31223,
            23,
            {"vessel_id_type": "radio-call-sign", "radio_call_sign": "UBYK121"},
        ),
        (
            "CF54D901AF93FA6EAD72B90",
            634,
            13888,
            6905,
            {"vessel_id_type": "aircraft-registration", "aircraft_registration": "KNJP7G"},
        ),
        (
            "99B49C6B4E9444914B00000",
            205,
            10010,
            13545,
            {
                "vessel_id_type": "aviation-24-bit-address",
                "aviation_24_bit_address": "44914B",
                "aircraft_operator_3ld": None,
            },
        ),
        (
            "A794CEE960B2C2C54DA6AB8",
            316,
            13242,
            5643,
            {"vessel_id_type": "radio-call-sign", "radio_call_sign": "EI60LRC"},
        ),
        ("BB34CB138F5000000000000", 473, 12996, 14581, {"vessel_id_type": "none"}),
    ],
)
def test_23_hex_id_examples(
    hex23: str, country: int, tac: int, serial: int, identity: dict[str, object]
) -> None:
    m = decode_sgb(hex23)
    assert m.format == "id" and m.message_hex is None and m.bch == {}
    assert (m.country_code, m.identity["tac"], m.identity["serial_number"]) == (
        country,
        tac,
        serial,
    )
    assert m.identity == {"tac": tac, "serial_number": serial, **identity}
    assert m.details["hex_id_15"] == hex23[:15]
    assert m.hex_id == hex23


def test_23_hex_id_non_conformant_examples_warn() -> None:
    # G.005 "KNJP7G" breaks right justification; "WIK" has a 0 in the all-ones spare
    assert any("right-justified" in w for w in decode_sgb("CF54D901AF93FA6EAD72B90").warnings)
    assert any("spare bits 121-137" in w for w in decode_sgb("9A749FFF0395CB3D62BBFFF").warnings)


def test_hex_id_from_message_equals_hex_id_decoded_alone() -> None:
    m = decode_sgb("0039823D32618658622811F725F2B1C67703FFF004030680258")
    alone = decode_sgb(m.hex_id)
    assert {k: alone.identity[k] for k in m.identity} == m.identity


def test_15_hex_sgb_id() -> None:
    m = decode_sgb("9934039823D11D6")
    assert m.format == "id" and m.details["input_form"] == "15-hex ID"
    assert (m.country_code, m.identity["tac"], m.identity["serial_number"]) == (201, 230, 573)
    assert m.identity["vessel_id_type"] == "mmsi"


def test_rev7_note3_drops_the_3ld_only_on_request() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    f2 = replace(fields, vessel_id=Aviation24BitAddress(0x7C5D57, "QFA"))
    info = f2.info_bits()
    rev12, rev7 = hex_id_23(info), hex_id_23(info, rev7_note3=True)
    assert rev12 != rev7
    assert rev7.endswith("7C5D5700000")  # 24-bit address then 20 zero bits
    assert int(rev12, 16) >> 20 == int(rev7, 16) >> 20


@pytest.mark.parametrize(
    ("code", "metres"),
    [(0, -400), (1, -384), (0b0000011001, 0), (0b1111111110, 15952), (1023, None)],
)
def test_altitude_codes_table_3_3(code: int, metres: int | None) -> None:
    assert altitude_m(code) == metres


@pytest.mark.parametrize(
    ("metres", "code"), [(430.24, 52), (-1000.0, 0), (7.99, 25), (8.0, 26), (None, 1023)]
)
def test_altitude_encoding_rounds_to_16_m(metres: float | None, code: int) -> None:
    assert altitude_code(metres) == code


def test_baudot_round_trip_and_unknown_code() -> None:
    text = "AZ09 -/"
    assert decode_chars(encode_chars(text), 7) == text
    assert decode_chars(0b000000, 1) == "?"
    assert decode_chars(0b00100, 1, bits_per_char=5) == "?"  # space is not a 3LD letter
    with pytest.raises(EncodeError):
        encode_chars("*")


def test_zga_means_no_3ld() -> None:
    # Rev. 12: no 3LD is coded "ZGA", bits 118-137 = 10001 01011 11000 00000
    assert Aviation24BitAddress(0xABCDEF, "ZGA").to_bits() & 0xFFFFF == 0b10001010111100000000
    j = Aviation24BitAddress(0xABCDEF, "ZGA").to_json()
    assert j["aircraft_operator_3ld"] == "ZGA" and "no 3LD" in j["aircraft_operator_3ld_note"]


@pytest.mark.parametrize(
    ("vid", "bits"),
    [
        (Mmsi(None, None), 111111 << 14 | 0b10101010101010),  # both defaults
        (RadioCallSign(None), int("100100" * 7 + "00", 2)),  # 7 spaces
        (AircraftRegistration("AB"), int("100100" * 5 + "111000110011" + "00", 2)),
        (RadioCallSign("AB"), int("111000110011" + "100100" * 5 + "00", 2)),
        (AircraftOperator("AAA", 1), int("11000" * 3 + "000000000001" + "1" * 17, 2)),
        (NoVesselId(), 0),
    ],
)
def test_vessel_id_bits(vid: Any, bits: int) -> None:
    assert vid.to_bits() == bits


def test_cancellation_spare_bits_are_zero() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    cancel = replace(fields, rotating=Cancellation(0b10))
    info = cancel.info_bits()
    assert info >> 48 & 0x3FFF == 0  # bits 141-154 all 0 (Table 3.1)
    assert info & ((1 << 44) - 1) == ((1 << 42) - 1) << 2 | 0b10  # Table 3.9
    assert decode_fields(info)[1] == []
    # the same rotating field with spare bits 1 is flagged
    _, warnings = decode_fields(info | 0x3FFF << 48)
    assert any("spare bits 141-154" in w for w in warnings)


def test_beacon_type_and_tac_range() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    f2 = replace(fields, beacon_type=BeaconType.EPIRB, tac=12001)
    m = decode_sgb(encode_sgb(f2))
    assert m.details["beacon_type"] == "EPIRB" and m.details["tac_range"] == "EPIRB"
    assert m.protocol.name == "second-generation EPIRB" and m.protocol.code == "001"


def test_elt_dt_rotating_field_on_an_epirb_is_flagged() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    f2 = replace(fields, rotating=EltDtInFlight(3600, 100, 0b0001, 2, 2))
    m = decode_sgb(encode_sgb(f2))
    assert m.details["rotating_field"]["time_of_last_location_utc"] == "01:00:00"
    assert any("ELT(DT) in-flight" in w for w in m.warnings)


def test_g008_round_trip_of_app_b_rotating_field() -> None:
    rf = SgbFields.from_info_bits(APP_B_INFO).rotating
    assert rf == G008Objective(1, 6, 52, 0b0000, 0b0001, 0b00, 0b101, 0b10)


_G008 = G008Objective(1, 6, 52, 0, 1, 0, 5, 2)


@pytest.mark.parametrize(
    ("beacon_type", "rls", "rotating", "expected"),
    [
        (BeaconType.ELT_DT, False, _G008, "sends rotating field #1, not #0"),
        (BeaconType.ELT_DT, True, Cancellation(), "cannot include RLS"),
        (BeaconType.EPIRB, False, RlsAcknowledgement(True, False, 1), "RLS function bit 42 = 0"),
        (BeaconType.PLB, True, RlsAcknowledgement(False, False, 1), "neither Type-1 nor Type-2"),
        (BeaconType.PLB, True, RlsAcknowledgement(True, False, 4), "provider 100 is spare"),
        (BeaconType.PLB, True, RlsAcknowledgement(True, True, 1, False, True), "Type-2 RLM"),
        (BeaconType.EPIRB, False, G008Objective(1, 6, 52, 0, 1, 3, 6, 3), "activation code 11"),
        (BeaconType.EPIRB, False, SpareRotating(9), "#9 is spare"),
        (BeaconType.EPIRB, False, Cancellation(0b11), "deactivation method 11"),
        (BeaconType.SPARE_101, False, _G008, "beacon type 101 is spare"),
        (BeaconType.ELT_DT, False, EltDtInFlight(86399, 1023, 0b0010, 3, 0), "triggering event"),
    ],
)
def test_spec_departures_are_warned(
    beacon_type: BeaconType, rls: bool, rotating: Any, expected: str
) -> None:
    fields = replace(
        SgbFields.from_info_bits(APP_B_INFO), beacon_type=beacon_type, rls=rls, rotating=rotating
    )
    _, warnings = decode_fields(fields.info_bits())
    assert any(expected in w for w in warnings), warnings


@pytest.mark.parametrize(
    "rotating",
    [
        RlsAcknowledgement(True, True, 1, True, False, 0xABCDE),
        TwoWayCommunication(3, 2, True, 1, 2, 3, 4, 5, 6),
        NationalUse(0x123456789AB),
    ],
)
def test_rls_twc_national_fields_decode_without_warnings(rotating: Any) -> None:
    fields = replace(SgbFields.from_info_bits(APP_B_INFO), rls=True, rotating=rotating)
    m = decode_sgb(encode_sgb(fields))
    assert m.warnings == ()
    rf = m.details["rotating_field"]
    assert rf["identifier"] == rotating.identifier
    if isinstance(rotating, RlsAcknowledgement):
        assert rf["rls_provider"] == "Galileo"
        assert rf["galileo_short_rlm_bits_61_80"] == f"{0xABCDE:020b}"
    elif isinstance(rotating, TwoWayCommunication):
        assert rf["twc_provider"] == "BDS" and rf["twc_acknowledgement_received"] is True
        assert rf["twc_c"] == {"question": 5, "answer": 6}
    else:
        assert rf["national_use_bits_hex"] == "123456789AB"


def test_invalid_location_gives_no_position_and_a_warning() -> None:
    bad = EncodedLocation(False, 95, 0, False, 10, 0)  # 95 degrees north
    m = decode_sgb(encode_sgb(replace(SgbFields.from_info_bits(APP_B_INFO), location=bad)))
    assert m.position is None
    assert m.details["location_status"] == "invalid"
    assert any("encoded location is invalid" in w for w in m.warnings)


@pytest.mark.parametrize(
    ("tac", "description"),
    [
        # AMSA tac-descriptions (from C/S T.021) and the compliance-kit IDs above
        (63131, "reserved"),
        (10010, "PLB"),
        (13888, "EPIRB"),
        (15000, "ELT"),
        (16500, "ELT(DT)"),
        (65521, "system beacon"),
        (9999, "type-approval testing"),
        (230, "not in a T.021 range"),  # T.018 App. B
    ],
)
def test_tac_ranges(tac: int, description: str) -> None:
    from sarsat.beacon.sgb import tac_range

    assert tac_range(tac) == description
