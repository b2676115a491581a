"""Every input form of a first-generation message, sync handling and bad input."""

from __future__ import annotations

import pytest

from sarsat.beacon import CONTRACT_KEYS, decode
from sarsat.errors import HexError, HexLengthError, MessageError

LONG = "8E3E0425A72AC0626AE5B716C2DB8E"  # moricef 406discri, standard location test
SHORT = "56E6804002202009655250"  # T.001 Annex B1


def bits_of(hex_text: str) -> str:
    return format(int(hex_text, 16), f"0{len(hex_text) * 4}b")


@pytest.mark.parametrize("text", [
    LONG, "FFFE2F" + LONG, bits_of(LONG), bits_of("FFFE2F" + LONG), f"  {LONG.lower()}\n", "0x" + LONG,
    LONG[:10] + " " + LONG[10:],
])
def test_long_forms_decode_alike(text: str) -> None:
    msg = decode(text)
    assert msg.message_hex == LONG and msg.valid and msg.format == "long"
    assert msg.hex_id == "1C7C084B4EFFBFF"


@pytest.mark.parametrize("text", [SHORT, "FFFE2F" + SHORT, bits_of(SHORT), bits_of("FFFE2F" + SHORT)])
def test_short_forms_decode_alike(text: str) -> None:
    msg = decode(text)
    assert msg.message_hex == SHORT and msg.valid and msg.format == "short"


@pytest.mark.parametrize("pad", ["00000000", "FFFFFFFF"])
def test_short_message_padded_to_30_hex(pad: str) -> None:
    msg = decode(SHORT + pad)
    assert msg.message_hex == SHORT and msg.format == "short"
    assert msg.bch["bch2"] is None and msg.valid


def test_long_message_with_padded_pdf2_keeps_coarse_position() -> None:
    """A location beacon's truncated long message: PDF-2 absent, coarse position only."""
    msg = decode(LONG[:22] + "FFFFFFFF")
    assert msg.format == "long" and msg.bch["bch2"] is None
    assert msg.position is not None and msg.position.resolution == "coarse"
    assert msg.position.latitude_deg == 42.75 and msg.position.longitude_deg == 3.0
    assert any("PDF-2 absent" in w for w in msg.warnings)


def test_long_message_truncated_at_112() -> None:
    msg = decode(LONG[:22])
    assert msg.format == "long" and msg.bch["bch2"] is None
    assert any("truncated" in w for w in msg.warnings)


def test_sync_and_self_test() -> None:
    assert decode("FFFE2F" + SHORT).self_test is False
    assert decode("FFFED0" + SHORT).self_test is True
    assert decode(SHORT).self_test is None


@pytest.mark.parametrize("prefix", ["7FFE2F", "002E2F", "AFFE2F"])
def test_damaged_preamble_is_tolerated(prefix: str) -> None:
    msg = decode(prefix + LONG)
    assert msg.self_test is False and msg.valid
    assert any("bit-sync" in w for w in msg.warnings)


@pytest.mark.parametrize(("prefix", "self_test"), [("FFFE3F", False), ("FFFE2E", False), ("FFFED1", True),
                                                   ("FFFEF0", True)])
def test_frame_sync_with_one_bit_error(prefix: str, self_test: bool) -> None:
    msg = decode(prefix + LONG)
    assert msg.self_test is self_test
    assert "frame sync has 1 bit error" in msg.warnings


@pytest.mark.parametrize("prefix", ["FFFE00", "FFFFFF", "FFFE3E"])
def test_no_frame_sync_is_an_error(prefix: str) -> None:
    with pytest.raises(MessageError, match="not a frame sync"):
        decode(prefix + LONG)


@pytest.mark.parametrize(("text", "error"), [
    ("", MessageError), ("   ", MessageError), ("XYZ", HexError), ("8E3E0425A72AC0626AE5B716C2DB8", HexLengthError),
    ("12345", HexLengthError), ("8E3E0425A72AC0626AE5B716C2DB8G", HexError),
])
def test_bad_input_one_line_errors(text: str, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        decode(text)
    assert "\n" not in str(info.value) and str(info.value)


def test_json_has_exactly_the_contract_keys() -> None:
    for text in (LONG, SHORT, "ADCD00800440401"):
        assert set(decode(text).to_json()) == CONTRACT_KEYS


@pytest.mark.parametrize(("hex_id", "family"), [
    ("ADCD00800440401", "user"),
    ("2024F72524FFBFF", "standard-location"),
    ("3EF613523F81FE0", "national-location"),
    ("1C1A132002BFDFF", "rls"),
    ("193BFCE031BFDFF", "rls"),
])
def test_15_hex_ids(hex_id: str, family: str) -> None:
    """Example IDs of ../shared/reference/fgb-spec-and-anchors.md §1.7 with their defaults."""
    msg = decode(hex_id)
    assert msg.format == "id" and msg.hex_id == hex_id and msg.protocol.family == family
    assert msg.bch == {} and msg.message_hex is None
    assert not any("not a valid 15-hex ID" in w for w in msg.warnings)


def test_15_hex_id_with_location_bits_set_is_flagged() -> None:
    msg = decode("2024F72524FFB00")
    assert any("not a valid 15-hex ID" in w for w in msg.warnings)


def test_message_hex_id_equals_id_decode() -> None:
    msg = decode(LONG)
    assert decode(msg.hex_id).hex_id == msg.hex_id
    assert decode(msg.hex_id).protocol == msg.protocol
