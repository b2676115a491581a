"""SGB input forms, padding side, JSON contract, errors and encode/decode round trips."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon.countries import is_assigned
from sarsat.beacon.message import CONTRACT_KEYS
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
    OtherVesselId,
    RadioCallSign,
    RlsAcknowledgement,
    SgbFields,
    SpareRotating,
    TwoWayCommunication,
    decode_sgb,
    encode_sgb,
    encode_sgb_bits,
)
from sarsat.beacon.baudot import ALPHABET, LETTERS
from sarsat.errors import EncodeError, HexLengthError, MessageError, SarsatError

# T.018 App. B in its two 51-hex forms, and the 63-hex codeword (2 leading pad bits)
APP_B_LEADING = "0039823D32618658622811F0000000000003FFF004030680258"
APP_B_TRAILING = "00E608F4C986196188A047C000000000000FFFC0100C1A00960"
APP_B_CODEWORD = "0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49"
APP_B_INFO = int(APP_B_LEADING, 16)


def test_json_has_exactly_the_contract_keys() -> None:
    j = decode_sgb(APP_B_CODEWORD).to_json()
    assert set(j) == CONTRACT_KEYS
    assert j["generation"] == "second" and j["format"] == "sgb"
    assert j["protocol"]["family"] == "sgb"
    assert set(j["bch"]) == {"bch"}
    assert j["bch"]["bch"] == {"valid": True, "errors_corrected": 0, "corrected_bits": []}
    assert {"tac", "serial_number"} <= set(j["identity"])
    assert j["message_hex"] == APP_B_LEADING


def test_both_51_hex_forms_give_the_same_message() -> None:
    lead = decode_sgb(APP_B_LEADING, layout="leading")
    trail = decode_sgb(APP_B_TRAILING, layout="trailing")
    assert lead.message_hex == trail.message_hex == APP_B_LEADING
    assert lead.identity == trail.identity
    assert trail.details["layout"] == "trailing"


def test_trailing_form_given_without_layout_warns_about_padding_side() -> None:
    m = decode_sgb(APP_B_TRAILING)  # both pads 00: read as the standard leading form
    assert m.identity["tac"] == 920  # the plausible junk of pitfall 1
    hint = [w for w in m.warnings if "likely wrong padding side" in w]
    assert hint and "TAC 230" in hint[0] and "layout='trailing'" in hint[0]


def test_first_two_bits_not_a_pad_means_trailing_form() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    f2 = replace(fields, tac=0xC000)  # bits 1-2 = 11
    text = f"{f2.info_bits() << 2:051X}"
    m = decode_sgb(text)
    assert m.identity["tac"] == 0xC000
    assert m.details["layout"] == "trailing"
    assert any("trailing" in w for w in m.warnings)


def test_63_hex_pad_gives_self_test() -> None:
    normal = decode_sgb(APP_B_CODEWORD)
    test_pad = decode_sgb("8" + APP_B_CODEWORD[1:])  # pad 10
    assert normal.self_test is False
    assert test_pad.self_test is True
    assert test_pad.valid and test_pad.identity == normal.identity
    assert decode_sgb(APP_B_LEADING).self_test is None


def test_63_hex_trailing_layout() -> None:
    value = int(APP_B_CODEWORD, 16) << 2
    m = decode_sgb(f"{value:063X}", layout="trailing")
    assert m.valid and m.identity["tac"] == 230


@pytest.mark.parametrize("tac", [230, 12001])
def test_63_hex_wrong_side_warns(tac: int) -> None:
    fields = replace(SgbFields.from_info_bits(APP_B_INFO), tac=tac)
    value = encode_sgb_bits(fields) << 2  # right-padded; TAC < 16384 so both pads are 00
    m = decode_sgb(f"{value:063X}")
    assert m.valid  # pitfall 2: the shifted codeword is still a codeword ...
    assert m.identity["tac"] == 4 * tac
    hint = [w for w in m.warnings if "likely wrong padding side" in w]
    assert hint and f"TAC {tac}," in hint[0]  # ... but the format checks expose it


@pytest.mark.parametrize("n_bits", [202, 250])
def test_bit_strings(n_bits: int) -> None:
    value = APP_B_INFO if n_bits == 202 else int(APP_B_CODEWORD, 16)
    m = decode_sgb(format(value, f"0{n_bits}b"))
    assert m.message_hex == APP_B_LEADING
    assert (m.bch["bch"] is None) == (n_bits == 202)


def test_white_space_and_prefix_are_ignored() -> None:
    spaced = "0x " + " ".join(APP_B_CODEWORD[i : i + 8] for i in range(0, 63, 8))
    assert decode_sgb(spaced).message_hex == APP_B_LEADING


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("0039823D", HexLengthError),
        ("G039823D32618658622811F0000000000003FFF004030680258", MessageError),
        ("F039823D32618658622811F0000000000003FFF004030680259", MessageError),  # no pad side
        ("9924039823D000000000000", MessageError),  # not an SGB 23-hex ID (bit 12 = 0)
        ("0034039823D0000", MessageError),  # an FGB-shaped 15-hex ID
    ],
)
def test_bad_input_raises_a_one_line_sarsat_error(text: str, error: type[SarsatError]) -> None:
    with pytest.raises(error) as info:
        decode_sgb(text)
    assert isinstance(info.value, SarsatError)
    assert "\n" not in str(info.value)


def test_explicit_layout_that_cannot_fit_raises() -> None:
    with pytest.raises(MessageError):
        decode_sgb(APP_B_LEADING[:-1] + "1", layout="trailing")
    with pytest.raises(MessageError):
        decode_sgb("4" + APP_B_LEADING[1:], layout="leading")
    with pytest.raises(MessageError):
        decode_sgb(APP_B_LEADING, layout="middle")  # type: ignore[arg-type, unused-ignore]


def test_encode_out_of_range_raises_encode_error() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    for bad in (
        replace(fields, tac=1 << 16),
        replace(fields, vessel_id=Mmsi(1_000_000_000)),
        replace(fields, vessel_id=RadioCallSign("TOOLONG1")),
        replace(fields, vessel_id=AircraftOperator("AB1", 5)),
        replace(fields, rotating=G008Objective(64, 0, 0, 0, 0, 0, 0, 0)),
    ):
        with pytest.raises(EncodeError):
            encode_sgb(bad)


def test_encode_message_form_is_ground_segment_hex() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    assert encode_sgb(fields, form="message") == APP_B_LEADING
    assert encode_sgb(fields) == APP_B_CODEWORD
    assert encode_sgb(fields, self_test=True) == "8" + APP_B_CODEWORD[1:]


def test_uncountried_and_test_protocol() -> None:
    fields = SgbFields.from_info_bits(APP_B_INFO)
    m = decode_sgb(encode_sgb(replace(fields, country_code=199, test_protocol=True)))
    assert m.country is None and any("199" in w for w in m.warnings)
    assert m.protocol.test is True
    assert m.hex_id[11] == "8"  # ID bit 45 (test flag) is the top bit of hex digit 12


# --- round trips: decode(encode(x)) == x for every vessel-ID type and rotating field ---

_MIDS = [m for m in range(201, 776) if is_assigned(m)]
_CHARS = ALPHABET


def _text(right: bool) -> st.SearchStrategy[str | None]:
    body = st.text(alphabet=_CHARS, min_size=1, max_size=7).filter(lambda t: t == t.strip(" "))
    return st.none() | body


_3LD = st.text(alphabet="".join(sorted(LETTERS)), min_size=3, max_size=3)

VESSEL_ID_KINDS: dict[str, st.SearchStrategy[Any]] = {
    "none": st.builds(NoVesselId, st.integers(0, 2**44 - 1)),
    "mmsi": st.builds(
        Mmsi,
        st.none() | st.integers(0, 999_999_999).filter(lambda v: v != 111111),
        st.none() | st.integers(0, 9999),
    ),
    "call-sign": st.builds(RadioCallSign, _text(False)),
    "registration": st.builds(AircraftRegistration, _text(True)),
    "24-bit-address": st.builds(Aviation24BitAddress, st.integers(0, 2**24 - 1), st.none() | _3LD),
    "operator": st.builds(AircraftOperator, _3LD, st.integers(1, 4095)),
    "system-testing": st.builds(OtherVesselId, st.just(0b111), st.integers(0, 2**44 - 1)),
}
VESSEL_IDS = st.one_of(*VESSEL_ID_KINDS.values())

_ALT = st.integers(0, 1023)
ROTATING_KINDS: dict[str, st.SearchStrategy[Any]] = {
    "#0": st.builds(
        G008Objective,
        st.integers(0, 63),
        st.integers(0, 2047),
        _ALT,
        st.integers(0, 15),
        st.integers(0, 15),
        st.integers(0, 2),
        st.sampled_from([0, 1, 2, 3, 4, 5, 7]),
        st.integers(0, 2),
    ),
    "#1": st.builds(
        EltDtInFlight,
        st.integers(0, 86399) | st.just(2**17 - 1),
        _ALT,
        st.sampled_from([1, 4, 8]),
        st.integers(0, 2),
        st.integers(0, 3),
    ),
    "#2": st.one_of(
        st.builds(
            RlsAcknowledgement,
            st.just(True),
            st.booleans(),
            st.just(1),
            st.just(True),
            st.just(False),
            st.integers(0, 2**20 - 1),
        ),
        st.builds(RlsAcknowledgement, st.booleans(), st.just(True), st.integers(1, 3)),
    ),
    "#3": st.builds(NationalUse, st.integers(0, 2**44 - 1)),
    "#4": st.builds(
        TwoWayCommunication,
        st.integers(1, 3),
        st.integers(0, 31),
        st.booleans(),
        *([st.integers(0, 127), st.integers(0, 15)] * 3),
    ),
    "#5-14": st.builds(SpareRotating, st.integers(5, 14), st.integers(0, 2**44 - 1)),
    "#15": st.builds(Cancellation, st.sampled_from([0b01, 0b10])),
}
ROTATING = st.one_of(*ROTATING_KINDS.values())

LOCATIONS = st.one_of(
    st.just(EncodedLocation.no_fix()),
    st.just(EncodedLocation.no_capability()),
    st.builds(
        EncodedLocation,
        st.booleans(),
        st.integers(0, 89),
        st.integers(0, 2**15 - 1),
        st.booleans(),
        st.integers(0, 179),
        st.integers(0, 2**15 - 1),
    ).filter(  # a south/west flag on a zero magnitude ("-0") has no degrees form to come back from
        lambda loc: not (loc.south and loc.latitude_whole_deg == loc.latitude_fraction == 0)
        and not (loc.west and loc.longitude_whole_deg == loc.longitude_fraction == 0)
    ),
)


@st.composite
def sgb_fields(
    draw: st.DrawFn,
    vessel_ids: st.SearchStrategy[Any] = VESSEL_IDS,
    rotatings: st.SearchStrategy[Any] = ROTATING,
) -> SgbFields:
    """Conforming fields: the rotating field fits the beacon type and RLS flag (Table 3.10)."""
    rotating = draw(rotatings)
    vessel_id = draw(vessel_ids)
    others = [BeaconType.ELT, BeaconType.EPIRB, BeaconType.PLB, BeaconType.SYSTEM]
    if isinstance(rotating, EltDtInFlight):
        beacon_type, rls = BeaconType.ELT_DT, False
    elif isinstance(rotating, (RlsAcknowledgement, TwoWayCommunication)):
        beacon_type, rls = draw(st.sampled_from(others)), True
    else:
        national = isinstance(rotating, (NationalUse, Cancellation))
        beacon_type = draw(st.sampled_from(others + [BeaconType.ELT_DT] * national))
        rls = beacon_type is not BeaconType.ELT_DT and draw(st.booleans())
    return SgbFields(
        tac=draw(st.integers(0, 2**16 - 1)),
        serial_number=draw(st.integers(0, 2**14 - 1)),
        country_code=draw(st.sampled_from(_MIDS)),
        homing=draw(st.booleans()),
        rls=rls,
        test_protocol=isinstance(vessel_id, OtherVesselId) or draw(st.booleans()),
        location=draw(LOCATIONS),
        vessel_id=vessel_id,
        beacon_type=beacon_type,
        rotating=rotating,
    )


def _check_round_trip(fields: SgbFields, self_test: bool) -> None:
    m = decode_sgb(encode_sgb(fields, self_test=self_test))
    assert SgbFields.from_message_hex(m.message_hex) == fields
    assert m.valid and m.self_test is self_test
    assert (m.identity["tac"], m.identity["serial_number"]) == (fields.tac, fields.serial_number)
    assert m.identity["vessel_id_type"] == fields.vessel_id.type_name
    assert m.details["rotating_field"]["identifier"] == fields.rotating.identifier
    assert m.country_code == fields.country_code
    if isinstance(fields.rotating, SpareRotating):
        assert any("spare" in w for w in m.warnings)
    else:
        assert m.warnings == ()  # a conforming message decodes without a single warning
    assert decode_sgb(m.hex_id).identity == m.identity  # the 23-hex ID alone gives the identity


@pytest.mark.parametrize("kind", VESSEL_ID_KINDS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_round_trip_every_vessel_id_type(kind: str, data: st.DataObject) -> None:
    fields = data.draw(sgb_fields(vessel_ids=VESSEL_ID_KINDS[kind]))
    _check_round_trip(fields, data.draw(st.booleans()))


@pytest.mark.parametrize("kind", ROTATING_KINDS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_round_trip_every_rotating_field(kind: str, data: st.DataObject) -> None:
    fields = data.draw(sgb_fields(rotatings=ROTATING_KINDS[kind]))
    _check_round_trip(fields, data.draw(st.booleans()))


@settings(max_examples=40, deadline=None)
@given(sgb_fields(), st.lists(st.integers(1, 250), min_size=1, max_size=6, unique=True))
def test_round_trip_through_errors(fields: SgbFields, bits: list[int]) -> None:
    cw = encode_sgb_bits(fields)
    for b in bits:
        cw ^= 1 << (250 - b)
    m = decode_sgb(f"{cw:063X}")
    assert SgbFields.from_message_hex(m.message_hex) == fields
    block = m.bch["bch"]
    assert block is not None and block.corrected_bits == tuple(sorted(bits))


@settings(max_examples=40, deadline=None)
@given(st.floats(-90, 90), st.floats(-180, 180))
def test_location_encoding_within_half_a_step(lat: float, lon: float) -> None:
    loc = EncodedLocation.from_degrees(lat, lon)
    assert loc.status() == "fix"
    assert abs(loc.latitude_deg - lat) <= 2**-16 + 1e-12
    assert abs(loc.longitude_deg - lon) <= 2**-16 + 1e-12
    assert EncodedLocation.from_bits(loc.to_bits()) == loc


@pytest.mark.parametrize("self_test", [True, False, None])
def test_codeword_from_a_demodulator(self_test: bool | None) -> None:
    from sarsat.beacon.sgb import decode_sgb_codeword

    cw = int(APP_B_CODEWORD, 16)
    m = decode_sgb_codeword(cw ^ (1 << 7), self_test=self_test)
    assert m.self_test is self_test
    assert m.message_hex == APP_B_LEADING and m.input == f"{cw ^ (1 << 7):063X}"
    assert m.bch["bch"] is not None and m.bch["bch"].corrected_bits == (243,)
    with pytest.raises(MessageError):
        decode_sgb_codeword(1 << 250)


@pytest.mark.parametrize(
    ("text", "sgb"),
    [
        (APP_B_LEADING, True),
        (APP_B_CODEWORD, True),
        ("9934039823D000000000000", True),
        ("9934039823D0000", True),  # SGB 15-hex ID (marker 1, 101)
        ("ADCD00800440401", False),  # FGB 15-hex ID, T.001 Annex B1
        ("56E6804002202009655250", False),  # FGB short message
        ("0" * 202, True),
        ("0" * 144, False),
        ("XYZ", False),
    ],
)
def test_is_sgb_text_for_dispatch(text: str, sgb: bool) -> None:
    from sarsat.beacon.sgb import is_sgb_text

    assert is_sgb_text(text) is sgb


@pytest.mark.parametrize("kind", ROTATING_KINDS)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_decoded_json_encodes_back(kind: str, data: st.DataObject) -> None:
    import json

    from sarsat.beacon.sgb import encode_sgb_json, fields_from_json

    fields = data.draw(sgb_fields(rotatings=ROTATING_KINDS[kind]))
    text = encode_sgb(fields, self_test=data.draw(st.booleans()))
    j = json.loads(json.dumps(decode_sgb(text).to_json()))
    assert fields_from_json(j) == fields
    assert encode_sgb_json(j) == text


@pytest.mark.parametrize(
    "rotating",
    [
        G008Objective(63, 2046, 0, 14, 15, 3, 6, 3),  # spare / reserved codes
        EltDtInFlight(0, 1022, 0b0010, 3, 3),
        RlsAcknowledgement(True, False, 5),
        Cancellation(0b00),
    ],
)
def test_spare_codes_survive_the_json_round_trip(rotating: Any) -> None:
    from sarsat.beacon.sgb import fields_from_json

    fields = replace(SgbFields.from_info_bits(APP_B_INFO), rotating=rotating)
    j = decode_sgb(encode_sgb(fields)).to_json()
    assert fields_from_json(j) == fields


def test_hand_written_json_takes_defaults_and_bad_keys_raise() -> None:
    from sarsat.beacon.sgb import fields_from_json

    f = fields_from_json(
        {
            "country_code": 227,
            "identity": {
                "tac": 12001,
                "serial_number": 5,
                "vessel_id_type": "mmsi",
                "mmsi": "227123456",
            },
            "details": {"beacon_type": "EPIRB"},
            "position": {"latitude_deg": 48.5, "longitude_deg": -4.25},
        }
    )
    m = decode_sgb(encode_sgb(f))
    assert m.identity["mmsi"] == "227123456" and m.identity["epirb_ais_last_4_digits"] is None
    assert m.position is not None and (m.position.latitude_deg, m.position.longitude_deg) == (
        48.5,
        -4.25,
    )
    assert m.details["rotating_field"]["gnss_status"] == "no fix or not available"
    for bad in (
        {"country_code": 227, "identity": {"serial_number": 5}},
        {
            "country_code": 227,
            "identity": {"tac": 1, "serial_number": 5},
            "details": {"beacon_type": "rocket"},
        },
        {
            "country_code": 227,
            "identity": {"tac": 1, "serial_number": 5},
            "details": {"rotating_field": {"identifier": 0, "hdop": "tiny"}},
        },
    ):
        with pytest.raises(EncodeError):
            fields_from_json(bad)
