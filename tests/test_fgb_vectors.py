"""Real messages: the expected decodes listed in ../shared/recordings/*/SOURCE.md (the hex
strings and the positions, MIDs and protocols stated there), the T.001 Annex B example and
the RLS example of ../shared/reference/fgb-spec-and-anchors.md."""

from __future__ import annotations

import pytest

from sarsat.beacon import decode


def dms(deg: int, minutes: int, seconds: int, hemisphere: str) -> float:
    value = deg + minutes / 60 + seconds / 3600
    return -value if hemisphere in "SW" else value


ONE_ARCSEC_DEG = 1 / 3600

# (frame hex, MID, protocol family, protocol code, self-test, (lat, lon) or None)
VECTORS = [
    # Comski8_sarsat-gui/SOURCE.md
    ("FFFED08E372D02292FE0775E9C778103D3AF", 227, "standard-location", "0111", True,
     (dms(47, 45, 16, "N"), dms(3, 26, 8, "W"))),
    ("FFFED08E3F33EBDFC0FF039F6B379F3C0010", 227, "national-location", "1111", True, None),
    ("FFFE2F8E2E3258697FDFFD1F79F783E0F66C", 226, "standard-location", "1110", False, None),
    ("FFFE2FCE96E8014A4162A87BF8F44E8A7318", 233, "user-location", "011", False,
     (dms(34, 28, 0, "S"), dms(138, 28, 0, "E"))),
    # moricef_Decode_sarsat_406_v1g_v2g/SOURCE.md
    ("FFFE2F8E3E0425A72AC0626AE5B716C2DB8E", 227, "standard-location", "1110", False,
     (dms(42, 39, 16, "N"), dms(2, 57, 8, "E"))),
    ("FFFE2F8E3E0425A8318074FE44B735CD7B46", 227, "standard-location", "1110", False,
     (dms(49, 16, 32, "N"), dms(3, 16, 32, "E"))),
    ("FFFED08E3F33EBCBEF034F439A7709380E08", 227, "national-location", "1111", True,
     (dms(47, 45, 44, "N"), dms(3, 18, 56, "W"))),  # longitude per BCH-clean bits (SOURCE note)
    ("FFFED0901A0A804AE001769AC9B4028AA140", 257, "national-location", "1010", True,
     (dms(43, 31, 56, "N"), dms(1, 25, 52, "E"))),
    ("FFFED090127B92922BC02B4968F50450220B", 257, "standard-location", "0010", True,
     (dms(43, 43, 56, "N"), dms(0, 58, 52, "E"))),
    ("FFFED0DDD6AF7252000C8C236CA570017151", 477, "user-location", "011", True,
     (dms(43, 32, 0, "N"), dms(1, 28, 0, "E"))),
    # TomMladenov_opssat-sar/SOURCE.md (our cross-check decodes, BCH-clean)
    ("FFFE2F5011A5FC5399AE857D5D80", 257, "user", "000", False, None),
    ("FFFE2F4E3FF6155669AC86E79580", 227, "user", "111", False, None),
    ("FFFE2FD0215F14B1878C81A4204E5A2ECAF0", 258, "user", "000", False, None),
    ("FFFE2F4DB10CBE5381A802EECCC0", 219, "user", "000", False, None),
    ("FFFE2F56E1C4DC550DCE801D130F", 366, "user", "000", False, None),
    ("FFFED0D6E1347C7069C186A0C78000000000", 366, "user", "000", True, None),
    ("FFFE2FCD115F14B187808685C44E5A5EC899", 209, "user", "000", False, None),
    ("FFFE2F99C26E0CA07FDFFE677BB783E0F66C", 412, "standard-location", "0010", False, None),
    ("FFFE2F99D23534007FDFFF480AB783E0F66C", 413, "standard-location", "0010", False, None),
    ("FFFED056E68145F160A00A35DBD0", 366, "user", "011", True, None),
    ("FFFED0A59E34D34D9A03843A857682F6E103", 601, "standard-location", "1110", True,
     (dms(26, 0, 44, "S"), dms(28, 22, 56, "E"))),
    ("FFFE2F61A469AC98506689F62390", 538, "user", "010", False, None),
    ("FFFE2F4E8FE7D3D586CC81536140", 232, "user", "111", False, None),
    ("FFFE2FD9C453882A1B268DC66662586ECBE8", 412, "user-location", "010", False, None),
]


@pytest.mark.parametrize(("frame", "mid", "family", "code", "self_test", "position"), VECTORS,
                         ids=[v[0][:14] for v in VECTORS])
def test_recording_vectors(frame: str, mid: int, family: str, code: str, self_test: bool,
                           position: tuple[float, float] | None) -> None:
    msg = decode(frame)
    assert msg.valid
    assert msg.country_code == mid
    assert (msg.protocol.family, msg.protocol.code) == (family, code)
    assert msg.self_test is self_test
    assert msg.message_hex == frame[6:] or frame.endswith("00000000")
    assert all(b.errors_corrected == 0 for b in msg.bch.values() if b)
    if position is not None:
        assert msg.position is not None
        assert msg.position.latitude_deg == pytest.approx(position[0], abs=0.5 * ONE_ARCSEC_DEG)
        assert msg.position.longitude_deg == pytest.approx(position[1], abs=0.5 * ONE_ARCSEC_DEG)
        assert msg.position.resolution == "fine" or family == "user-location"


def test_annex_b1_example() -> None:
    """T.001 Annex B1: US float-free EPIRB, serial user, manufacturer 002, sequence 1,
    model 1, run 1, 121.5 MHz homing, manual or automatic activation."""
    msg = decode("56E6804002202009655250")
    assert msg.hex_id == "ADCD00800440401"
    assert msg.country_code == 366 and msg.country == "United States of America"
    assert msg.format == "short" and msg.bch["bch2"] is None
    assert msg.identity["beacon_type"] == "epirb-float-free"
    assert msg.identity["us_national_serial"] == {
        "manufacturer": 2, "sequence": 1, "model": 1, "run": 1, "national_use_bits": "00000000"}
    assert msg.details["auxiliary_device"] == "121.5 MHz"
    assert msg.details["unprotected"]["activation"] == "manual-or-automatic"
    assert msg.details["unprotected"]["protected"] is False


def test_rls_offsets_use_four_bit_fields() -> None:
    """The AMSA compliance-kit RLS message: 52°12′56″N 4°25′08″E per T.001 A3.3.7.2 (AMSA's
    3-bit reading gives 52.1078/4.4600)."""
    msg = decode("8F4DCBC01ACD004BB10D4E79C4DD86")
    assert msg.protocol.family == "rls"
    assert msg.position is not None
    assert msg.position.latitude_deg == pytest.approx(dms(52, 12, 56, "N"), abs=1e-9)
    assert msg.position.longitude_deg == pytest.approx(dms(4, 25, 8, "E"), abs=1e-9)


def test_rls_moffset_annex_b3() -> None:
    """T.001 Fig. B3: 15-hex ID 193BFCE031BFDFF → Moffset 52."""
    msg = decode("193BFCE031BFDFF")
    assert msg.protocol.family == "rls" and msg.format == "id"
    assert msg.details["moffset_min"] == 52


# On-board OPS-SAT log lines with bit errors (SOURCE.md), and the frames they should give.
OPSSAT_LOGGED = [
    ("4EBFF61556692C86E795A0", "4E3FF6155669AC86E795A0", (33, 73)),  # bit 107 is unprotected
    ("10215F14B1878C81A4204E5A2ECAF0", "D0215F14B1878C81A4204E5A2ECAF0", (25, 26)),
    ("1411A5FC5399AE857D5D8002002C01", "5011A5FC5399AE857D5D80", (26, 30)),
]


@pytest.mark.parametrize(("logged", "expected", "bits"), OPSSAT_LOGGED)
def test_opssat_logged_errors_are_corrected(logged: str, expected: str, bits: tuple[int, ...]) -> None:
    msg = decode(logged)
    assert msg.valid
    assert msg.message_hex == expected
    assert msg.bch["bch1"].corrected_bits == bits
    assert any("corrected" in w for w in msg.warnings)


@pytest.mark.parametrize("logged", ["1411A9FC5381AE857D5D80", "4DB10CBF08FC07F800223E"])
def test_opssat_logged_frames_beyond_correction_are_invalid(logged: str) -> None:
    msg = decode(logged)
    assert not msg.valid
    assert not msg.bch["bch1"].valid
    assert msg.message_hex == logged  # received bits kept, nothing invented
