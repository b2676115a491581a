"""SIT 185 parser: every public sample of reference §3.4-3.7 read to the expected fields.

Expected values are read off the sample texts in tests/data/sit185/ (see its README for the
sources); positions are the printed degrees and minutes converted to decimal degrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sarsat.errors import SarsatError, SitParseError
from sarsat.mcc.sit185_parse import parse_sit185, split_messages

DATA = Path(__file__).parent / "data" / "sit185"
DEG_TOL = 1e-4  # 0.36 arc-seconds: far below the 0.1' print resolution


def dm(deg: int, minutes: float, hemi: str) -> float:
    """Degrees and minutes as printed in a SIT 185 to signed decimal degrees."""
    v = deg + minutes / 60.0
    return -v if hemi in "SW" else v


# file, layout, title, msg_no, mcc_ref, hex_id, country_code, detected_at, detected_by, MHz,
# positions [(type, lat, lon, probability or estimated error)], activation
CASES = [
    ("chile_2018_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 5, "01924",
     "DAA6492495805C1", None, "2018-12-12T12:01:00+00:00", "MEOSAR", 406.0278,
     [("confirmed", dm(20, 31.8, "S"), dm(70, 14.0, "W"), None),
      ("doa", dm(20, 31.8, "S"), dm(70, 14.0, "W"), "UNKNOWN"),
      ("encoded", dm(20, 32.0, "S"), dm(70, 12.0, "W"), None)], "UNKNOWN"),
    ("aumcc_dop_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 932,
     "9D064BED62EAFE1", "9D064BED62EAFE1", 232, "2007-05-10T06:54:00+00:00", "SARSAT S11", 406.0246,
     [("confirmed", dm(25, 13.1, "N"), dm(55, 22.2, "E"), None),
      ("doppler_a", dm(25, 17.1, "N"), dm(55, 23.2, "E"), None)], "MANUAL"),
    ("aumcc_dop_initial.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 1087, "ADCE402FA80028D",
     "ADCE402FA80028D", 366, "2007-05-20T16:13:00+00:00", "SARSAT S08", 406.0266,
     [("doppler_a", dm(36, 38.1, "S"), dm(168, 58.2, "E"), 50),
      ("doppler_b", dm(36, 39.1, "S"), dm(169, 1.2, "E"), 50)], "MANUAL"),
    ("aumcc_dop_conflict.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFLICT ALERT", 2698,
     "C1ADE28809C0185", "C1ADE28809C0185", 525, "2007-04-06T14:40:00+00:00", "SARSAT S11", 406.0246,
     [("doppler_a", dm(7, 0.1, "S"), dm(98, 42.2, "E"), 50),
      ("doppler_b", dm(5, 42.1, "S"), dm(107, 20.2, "E"), 50)], None),
    ("aumcc_eltdt_position.txt", "legacy", "DISTRESS TRACKING COSPAS-SARSAT ALERT", 192, "3266E2019CFFBFF",
     "3266E2019CFFBFF", 403, "2019-05-03T08:53:10+00:00", "MEOSAR", 406.0276,
     [("confirmed", dm(2, 15.1, "N"), dm(46, 0.2, "E"), None),
      ("doa", dm(2, 25.1, "N"), dm(46, 6.2, "E"), None),
      ("encoded", dm(1, 54.40, "N"), dm(45, 37.53, "E"), None)], None),
    ("aumcc_ssas_confirmed_update.txt", "legacy",
     "SHIP SECURITY COSPAS-SARSAT POSITION CONFIRMED UPDATE ALERT", 192, "2AB82AF800FFBFF",
     "2AB82AF800FFBFF", 341, "2007-05-03T08:53:00+00:00", "SARSAT S09", 406.0276,
     [("confirmed", dm(2, 15.1, "N"), dm(46, 0.2, "E"), None),
      ("doppler_a", dm(2, 25.1, "N"), dm(46, 6.2, "E"), None),
      ("encoded", dm(1, 54.40, "N"), dm(45, 37.53, "E"), None)], None),
    ("aumcc_unreliable.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 506, "12345",
     "4C4B4E007688888", None, "2007-04-01T06:10:00+00:00", "SARSAT S08", 406.0315,
     [("doppler_a", dm(7, 23.1, "S"), dm(136, 46.2, "E"), 92),
      ("doppler_b", dm(3, 0.1, "S"), dm(155, 8.2, "E"), 8)], None),
    ("usmcc_rls_conflict.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFLICT ALERT", 308, "12345",
     "1C7B000EBF81FE0", 227, "2010-12-18T16:30:00+00:00", "SARSAT S09", 406.0370,
     [("encoded", dm(17, 44.1, "N"), dm(87, 26.3, "E"), None)], None),
    ("brmcc_doa_initial.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 306, "12345",
     "278C362E3CFFBFF", 316, "2010-12-17T16:27:00+00:00", "MEOSAR", 406.0371,
     [("doa", dm(5, 10.1, "S"), dm(178, 1.4, "E"), "15 NMS")], None),
    ("aumcc_dop_initial_saudi.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 741, "3266E2019CFFBFF",
     "3266E2019CFFBFF", 403, "2007-04-22T09:12:00+00:00", "SARSAT S10", 406.0247,
     [("doppler_a", dm(32, 49.1, "N"), dm(81, 54.2, "E"), 69),
      ("doppler_b", dm(24, 18.1, "N"), dm(41, 18.2, "E"), 31)], None),
    ("aumcc_nocr_encoded.txt", "legacy",
     "DISTRESS COSPAS-SARSAT NOTIFICATION OF COUNTRY OF BEACON REGISTRATION ALERT", 1737,
     "3EF6C34FBF81FE0", "3EF6C34FBF81FE0", 503, "2007-03-20T05:04:00+00:00", "SARSAT S08", 406.0216,
     [("encoded", dm(28, 6.0, "S"), dm(153, 40.0, "E"), None)], None),
    ("brmcc_doa_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 306, "12345",
     "278C362E3CFFBFF", 316, "2010-12-17T16:30:40+00:00", "MEOSAR", 406.0371,
     [("confirmed", dm(5, 10.1, "S"), dm(178, 1.3, "E"), None),
      ("doa", dm(5, 10.2, "S"), dm(178, 1.2, "E"), "03 NMS")], None),
    ("aumcc_sgb_plb_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 812,
     "2DD747073F81FE0", "2DD747073F81FE0", 366, "2019-04-28T09:20:45+00:00", "MEOSAR", 406.0278,
     [("confirmed", dm(33, 27.1, "N"), dm(38, 56.2, "E"), None),
      ("doa", dm(33, 27.1, "N"), dm(38, 56.2, "E"), "3 NMS"),
      ("encoded", dm(33, 26.93, "N"), dm(38, 55.67, "E"), None)], "MANUAL ACTIVATION BY USER"),
    ("aumcc_pos_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 812,
     "2DD747073F81FE0", "2DD747073F81FE0", 366, "2007-04-28T09:20:00+00:00", "SARSAT S11", 406.0278,
     [("confirmed", dm(33, 27.1, "N"), dm(38, 56.2, "E"), None),
      ("doppler_a", dm(33, 27.1, "N"), dm(38, 56.2, "E"), None),
      ("encoded", dm(33, 25.93, "N"), dm(38, 55.67, "E"), None)], None),
    ("spmcc_initial_no_location.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 141, "12345",
     "331000033F81FE0", 408, "2007-02-21T06:46:00+00:00", "MSG-2", 406.0249, [], None),
    ("aumcc_encoded_initial_geo.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL ALERT", 306, "12345",
     "278C362E3CFFBFF", 316, "2007-04-17T16:27:00+00:00", "GOES 11", 406.0250,
     [("encoded", dm(5, 0.0, "S"), dm(178, 0.0, "E"), None)], None),
    ("aumcc_unresolved_doppler.txt", "legacy", "DISTRESS COSPAS-SARSAT UNRESOLVED DOPPLER POSITION MATCH",
     741, "1C04273BC0FFBFF", "1C04273BC0FFBFF", 224, "2009-03-19T05:14:00+00:00", "SARSAT S08", 406.0250,
     [("doppler_a", dm(41, 7.1, "N"), dm(1, 12.7, "E"), 69),
      ("doppler_b", dm(36, 48.4, "N"), dm(22, 20.2, "E"), 31)], None),
    ("aumcc_2017_geosar.txt", "legacy", "DISTRESS COSPAS-SARSAT ALERT", 42, "00890", "400E77A1FCFFBFF", 512,
     "2016-07-28T23:38:00+00:00", "GOES 15", 406.0399,
     [("confirmed", dm(36, 36.20, "S"), dm(174, 43.00, "E"), None),
      ("doa", dm(5, 10.2, "S"), dm(178, 1.2, "E"), "03 NMS")], "UNKNOWN"),
    ("malaysia_2019_confirmed.txt", "legacy", "DISTRESS COSPAS-SARSAT POSITION CONFIRMED ALERT", 15, "00302",
     "C2A9D40D30330D1", 533, "2019-08-15T21:05:00+00:00", "MEOSAR", 406.0280,
     [("confirmed", dm(1, 10.5, "N"), dm(104, 8.8, "E"), None),
      ("doa", dm(1, 10.5, "N"), dm(104, 8.8, "E"), "UNKNOWN")], "AUTOMATIC OR MANUAL"),
    ("russia_rcc406e.txt", "legacy", "DISTRESS COSPAS-SARSAT INITIAL (ENCODED) ALERT", 51479,
     "222E60801EFFBFF", "222E60801EFFBFF", 273, "2015-07-02T11:04:00+00:00", "MSG-3", 406.0369,
     [("encoded", dm(55, 45.0, "N"), dm(37, 45.0, "E"), None)], None),
    ("usmcc_csc66_eltdt_nocr.txt", "csc66",
     "DISTRESS TRACKING COSPAS-SARSAT NOTIFICATION OF COUNTRY OF BEACON REGISTRATION ALERT", 1094, "01020",
     "2DD3002000BFDFF", 366, "2023-12-06T18:04:00+00:00", "GEOSAR GOES 16", 406.0249,
     [("encoded", dm(52, 30.0, "N"), dm(103, 0.0, "W"), None)], "MANUAL"),
    ("usmcc_csc66_sit915_cmcc.txt", "csc66", "DISTRESS TRACKING COSPAS-SARSAT INITIAL LOCATED ALERT", 16,
     "01020", "2DD3002000BFDFF", 366, "2023-12-06T18:04:00+00:00", "GEOSAR GOES 16", 406.0249,
     [("encoded", dm(52, 30.0, "N"), dm(103, 0.0, "W"), None)], "MANUAL"),
    ("usmcc_csc66_unreliable_confirmed_update.txt", "csc66",
     "DISTRESS COSPAS-SARSAT POSITION CONFIRMED UPDATE ALERT", 101, "99816", "2DF38000003FDFF", None,
     "2023-11-28T17:26:00+00:00", "MEOSAR", 406.0400,
     [("mcc_reference", dm(38, 56.9, "N"), dm(76, 49.9, "W"), None),
      ("doa", dm(38, 56.9, "N"), dm(76, 49.9, "W"), "UNKNOWN")], None),
    ("fmcc_csc66_madeup.txt", "csc66", "DISTRESS COSPAS-SARSAT INITIAL LOCATED ALERT", 417, "31877",
     "1C64000000FFBFF", 227, "2025-06-12T14:02:11+00:00", "MEOSAR", 406.0400,
     [("mcc_reference", dm(43, 7.4, "N"), dm(5, 59.2, "E"), None),
      ("doa", dm(43, 7.5, "N"), dm(5, 59.4, "E"), "2 NM"),
      ("encoded", dm(43, 7.43, "N"), dm(5, 59.21, "E"), None)], "MANUAL"),
]


def test_every_sample_file_has_a_case() -> None:
    assert {c[0] for c in CASES} == {p.name for p in DATA.glob("*.txt")}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_public_sample_parsed(case: tuple) -> None:  # type: ignore[type-arg]
    (name, layout, title, msg_no, ref, hex_id, cc, detected, by, mhz, positions, activation) = case
    msg = parse_sit185((DATA / name).read_text("utf-8"))
    js = msg.to_json()
    assert js["layout"] == layout
    assert js["title"] == title
    assert js["msg_no"] == msg_no
    assert js["mcc_ref"] == ref
    assert js["hex_id"] == hex_id
    assert js["country_code"] == cc
    assert js["detected_at"] == detected
    assert js["detected_by"] == by
    assert js["detection_frequency_mhz"] == pytest.approx(mhz, abs=1e-6)
    assert js["activation"] == activation
    got = js["positions"]
    assert [p["type"] for p in got] == [p[0] for p in positions]
    for p, (_, lat, lon, quality) in zip(got, positions, strict=True):
        assert p["latitude_deg"] == pytest.approx(lat, abs=DEG_TOL)
        assert p["longitude_deg"] == pytest.approx(lon, abs=DEG_TOL)
        if isinstance(quality, int):
            assert p["probability_pct"] == quality
        elif isinstance(quality, str):
            assert p["estimated_error"] == quality
    assert js["unparsed"] == []  # every line of every public sample is placed


def test_unreliable_beacon_data_flag() -> None:
    for name in ("aumcc_unreliable.txt", "usmcc_csc66_unreliable_confirmed_update.txt"):
        assert parse_sit185((DATA / name).read_text("utf-8")).beacon_data_reliable is False
    assert parse_sit185((DATA / "fmcc_csc66_madeup.txt").read_text("utf-8")).beacon_data_reliable


def test_envelopes_header_sit915_and_russian_preamble() -> None:
    wrapped = parse_sit185((DATA / "usmcc_csc66_sit915_cmcc.txt").read_text("utf-8"))
    assert wrapped.sit915_destination == "3160"
    assert wrapped.sit_header == {"msg_no": 16, "ref_no": 0, "originator": "3660",
                                  "sent_at": "2023-12-06T18:04:00+00:00"}  # day 340 of 2023
    malaysia = parse_sit185((DATA / "malaysia_2019_confirmed.txt").read_text("utf-8"))
    assert malaysia.sit_header is not None and malaysia.sit_header["originator"] == "5330"
    ru = parse_sit185((DATA / "russia_rcc406e.txt").read_text("utf-8"))
    assert ru.preamble[0].startswith("DATE: 02 JUL 15 1111Z")
    assert ru.beacon_message_hex == "911730400F37C4BE478E37FFFFFFFF"
    assert ru.lut_id == "ITGEO BARI, ITALY"
    assert ru.encoded_update_time == "UPDATE TIME UNKNOWN"
    assert ru.other_encoded_information[0].startswith("ENCODED POSITION UNCERTAINTY PLUS-MINUS 30")


def test_folded_lines_and_remarks() -> None:
    nocr = parse_sit185((DATA / "usmcc_csc66_eltdt_nocr.txt").read_text("utf-8"))
    assert nocr.remarks == ("THIS DISTRESS TRACKING MESSAGE IS BEING SENT TO APPROPRIATE SAR AUTHORITIES",
                            "PROCESS THIS ALERT ACCORDING TO RELEVANT REQUIREMENTS")
    assert "GNSS POSITION UNCERTAINTY PLUS-MINUS 15 MINUTES OF LATITUDE AND LONGITUDE" in nocr.operational_information
    assert nocr.lut_id == "2271 TOULOUSE (1), FRANCE"
    conflict = parse_sit185((DATA / "aumcc_dop_conflict.txt").read_text("utf-8"))
    assert conflict.remarks == ("THIS POSITION 51 KILOMETRES FROM PREVIOUS ALERT",)
    assert conflict.next_pass_times[0] == ("doppler_a", "06 APR 07 1805 UTC AULUTW ALBANY LUT AUSTRALIA")


def test_unknown_lines_are_kept_in_unparsed() -> None:
    text = (DATA / "aumcc_dop_initial.txt").read_text("utf-8")
    text = text.replace("9. ENCODED", "STRAY OPERATOR NOTE\n9. ENCODED").replace(
        "DOPPLER B - 36 39.1 S 169 01.2 E PROB 50 PERCENT", "DOPPLER B - 36 39.1 S 169 01.2 E PROB 50 PERCENT ZZZ")
    msg = parse_sit185(text)
    assert any("STRAY OPERATOR NOTE" in u for u in msg.unparsed)
    assert any("ZZZ" in u for u in msg.unparsed)


def test_split_messages_keeps_envelopes() -> None:
    a = (DATA / "usmcc_csc66_sit915_cmcc.txt").read_text("utf-8")
    b = (DATA / "aumcc_dop_initial.txt").read_text("utf-8")
    parts = split_messages(a + b)
    assert len(parts) == 2
    assert parts[0].rstrip().endswith("/ENDMSG")
    assert [parse_sit185(p).msg_no for p in parts] == [16, 1087]


@pytest.mark.parametrize("text", ["", "hello world", "/LASSIT\n/ENDMSG\n"])
def test_not_a_sit185_is_one_line_error(text: str) -> None:
    with pytest.raises(SitParseError) as info:
        parse_sit185(text)
    assert isinstance(info.value, SarsatError)
    assert "\n" not in str(info.value)


import json  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SAMPLE_TEXTS = [p.read_text("utf-8") for p in sorted(DATA.glob("*.txt"))]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sampled_from(SAMPLE_TEXTS), st.integers(0, 60), st.integers(0, 60), st.text(max_size=40))
def test_damaged_samples_never_crash(text: str, drop: int, insert_at: int, junk: str) -> None:
    """A line dropped and junk inserted: the parser still answers or raises SitParseError,
    never another exception; a junk line that is not blank shows up somewhere in the result."""
    lines = text.splitlines()
    if lines:
        del lines[drop % len(lines)]
    lines.insert(insert_at % (len(lines) + 1), junk)
    try:
        msg = parse_sit185("\n".join(lines))
    except SitParseError:
        return
    assert msg.layout in ("legacy", "csc66")
    word = junk.strip().upper()
    nil_words = {"NIL", "NONE", "UNKNOWN"}  # read as "no value", by design
    if word.isalpha() and len(word) > 3 and word not in text.upper() and word not in nil_words:
        assert word in json.dumps(msg.to_json(), ensure_ascii=False), word


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.txt")))
def test_a_foreign_line_anywhere_is_never_dropped(name: str) -> None:
    """Insert an unknown line at every position of every sample: it always comes back somewhere
    in the result (a field value or ``unparsed``)."""
    lines = (DATA / name).read_text("utf-8").splitlines()
    for at in range(1, len(lines) + 1):
        damaged = lines[:at] + ["QZQZ OPERATOR NOTE"] + lines[at:]
        assert "QZQZ" in json.dumps(parse_sit185("\n".join(damaged)).to_json()), (name, at)
