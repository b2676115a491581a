"""Inter-MCC SIT 1xx/3xx: the public Venus examples read, and write -> read round trips."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mcc_helpers import MARSEILLE, pos, record

from sarsat.cli import main
from sarsat.errors import MccError, SarsatError
from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.sit_inter import read_sit, read_sits, sit_number, split_sits, write_sit

SAMPLE = Path(__file__).parent / "data" / "sit_inter" / "venus_sgb_config_sit145.txt"
MSG_HEX = "D6E30F3C0618618C46EAEFE0FF0146"  # the 30-hex message of the public example


def test_public_sit145_example() -> None:
    (rec,) = read_sits(SAMPLE.read_text())
    assert isinstance(rec, SolutionRecord)
    assert rec.lut_id == "3669" and rec.system == "meosar"
    assert rec.detected_at == datetime(2023, 9, 25, 20, 2, 48, 480000, tzinfo=UTC)  # 2023 day 268
    assert rec.last_detected_at == datetime(2023, 9, 25, 20, 4, 48, 890000, tzinfo=UTC)
    assert rec.num_bursts == 3 and rec.satellites == ("329", "315", "302")
    assert rec.frequency_hz == pytest.approx(406.039968e6)  # prints as 406.0400 MHZ (§3.3)
    assert rec.beacon.message_hex == MSG_HEX and rec.beacon.country_code == 366
    assert [(f.type, f.latitude_deg, f.longitude_deg) for f in rec.fixes][0] == ("doa", 38.948, -76.831)


def _rec(system: str, positions: list) -> SolutionRecord:  # type: ignore[type-arg]
    base = record("w", 0, positions, system=system, sats=("329", "315")).to_json()
    del base["beacon"]
    return SolutionRecord.from_json({**base, "message_hex": MSG_HEX})


@pytest.mark.parametrize(("system", "positions", "sit"), [
    ("meosar", [pos("doa", MARSEILLE)], "145"),
    ("meosar", [], "142"),
    ("geosar", [], "122"),
])
def test_write_then_read(system: str, positions: list, sit: str) -> None:  # type: ignore[type-arg]
    rec = _rec(system, positions)
    text = write_sit(rec, 7, "2270", "3660", datetime(2025, 6, 12, 14, 20, tzinfo=UTC))
    lines = text.splitlines()
    # GEOSAR carries its satellite on line 2, as the 16.1.122 template does
    assert lines[1] == (f"/{sit}/3660/329/01" if sit == "122" else f"/{sit}/3660/01")
    assert lines[-2:] == ["/LASSIT", "/ENDMSG"]
    (back,) = split_sits(text)
    got = read_sit(back)
    assert got.beacon.hex_id == rec.beacon.hex_id
    assert got.detected_at == rec.detected_at
    assert got.frequency_hz == pytest.approx(rec.frequency_hz, abs=0.1)
    assert [f.type for f in got.fixes if f.type == "doa"] == [f.type for f in rec.fixes if f.type == "doa"]
    if sit == "145":
        doa = next(f for f in got.fixes if f.type == "doa")
        assert (doa.latitude_deg, doa.longitude_deg) == pytest.approx(MARSEILLE, abs=5e-4)


@pytest.mark.parametrize("text", [
    "hello\n/145/3660/01\n",
    "/00001 00000/3669/23 268 2007\n/915/3660\n/free text\n/more\n",
    "/00001 00000/3669/23 268 2007\n/145/3660/01\n/3669/garbage\n/x\n",
])
def test_bad_sits_are_one_line_errors(text: str) -> None:
    errors = [r for r in read_sits(text, "f.txt") if isinstance(r, SarsatError)]
    assert errors and all(isinstance(e, MccError) and "\n" not in str(e) for e in errors)


def test_cli_ingests_a_sit_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "mcc.db")
    assert main(["mcc", "ingest", str(SAMPLE), "--db", db, "--now", "2023-09-25T20:10:00Z", "--json"]) == 0
    (res,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert res["message_ids"] and res["solution_id"] == "SIT145-3669-00001-232682007"
    assert main(["mcc", "show", "1", "--db", db]) == 0
    assert "DETECTION FREQUENCY 406.0400 MHZ" in capsys.readouterr().out


DATA = SAMPLE.parent
SGB_ID_PLB = "A7949C44001000000000000"  # TestID1-2-1 / 1-2-5 of the Venus SGB config
SGB_ID_ELT = "A7949C440013E2CA9D65028"  # TestID1-1-1


def _one(name: str) -> SolutionRecord:
    (rec,) = read_sits((DATA / name).read_text(), name)
    assert isinstance(rec, SolutionRecord), rec
    return rec


def test_venus_sit125_doppler_pair() -> None:
    rec = _one("venus_fgb_5.1_sit125.txt")
    assert rec.system == "leosar" and rec.lut_id == "4311" and rec.satellites == ("010",)
    assert rec.detected_at == datetime(2024, 9, 19, 3, 40, tzinfo=UTC)  # 2024 day 263
    assert rec.beacon.hex_id == "33B30023EABFDFF" and rec.beacon.eltdt
    dop = [(f.type, f.latitude_deg, f.longitude_deg, f.probability_pct) for f in rec.fixes if f.type != "encoded"]
    assert dop == [("doppler_a", -18.0, 132.0, 50.0), ("doppler_b", 1.388, 103.801, 50.0)]
    assert rec.frequency_hz == pytest.approx(406.025e6 - 105.3)
    assert rec.pass_id == "010@20240919T034000" and rec.num_bursts == 3


def test_venus_sit322_sgb_geosar() -> None:
    rec = _one("venus_sgb_1.1.1_sit322.txt")
    assert rec.system == "geosar" and rec.lut_id == "4775" and rec.satellites == ("222",)
    assert rec.beacon.hex_id == SGB_ID_ELT and len(rec.beacon.message_hex or "") == 51
    assert rec.detected_at == datetime(2024, 7, 21, 19, 0, 34, tzinfo=UTC)  # 2024 day 203
    enc = [f for f in rec.fixes if f.type == "encoded"]
    assert enc and enc[0].latitude_deg == pytest.approx(17.243, abs=1e-3)


def test_venus_sit342_and_sit345_sgb_meosar() -> None:
    r342 = _one("venus_sgb_1.2.1_sit342.txt")
    assert r342.system == "meosar" and r342.satellites == ("419",) and not r342.fixes
    assert (r342.last_detected_at - r342.detected_at).total_seconds() == pytest.approx(0.01)
    r345 = _one("venus_sgb_1.2.5_sit345.txt")
    assert r345.beacon.hex_id == SGB_ID_PLB and r345.satellites == ("426", "419", "427", "303", "302")
    assert [(f.type, f.latitude_deg, f.longitude_deg) for f in r345.fixes] == [("doa", 17.246, 114.761)]
    assert r345.frequency_hz == pytest.approx(406.025e6 + 24984.0)


def test_sgb_uncorrectable_bch_is_unreliable() -> None:
    text = (DATA / "venus_sgb_1.2.5_sit345.txt").read_text().replace(f"/0/{SGB_ID_PLB}", f"/N/{SGB_ID_PLB}")
    (rec,) = read_sits(text)
    assert isinstance(rec, SolutionRecord)
    assert rec.beacon.hex_id == SGB_ID_PLB and not rec.beacon.reliable  # MF 91 'N' (§3.3, §4.1-4)


def test_sgb_id_must_match_message() -> None:
    text = (DATA / "venus_sgb_1.2.5_sit345.txt").read_text().replace(f"/0/{SGB_ID_PLB}", f"/0/{SGB_ID_ELT}")
    (err,) = read_sits(text, "x.txt")
    assert isinstance(err, MccError) and "23-hex ID" in str(err) and "\n" not in str(err)


@pytest.mark.parametrize(("name", "status", "nocr", "sit"), [
    ("venus_fgb_5.1_sit125.txt", "ambiguous", False, "125"),
    ("venus_sgb_1.1.1_sit322.txt", "new", False, "322"),
    ("venus_sgb_1.1.1_sit322.txt", "conflict", False, "323"),
    ("venus_sgb_1.1.1_sit322.txt", "confirmed", True, "332"),
    ("venus_sgb_1.2.1_sit342.txt", "confirmed", False, "344"),
    ("venus_sgb_1.2.5_sit345.txt", "new", False, "345"),
    ("venus_sgb_1.2.5_sit345.txt", "confirmed", False, "347"),
    ("venus_sgb_1.2.5_sit345.txt", "new", True, "337"),
])
def test_sit_number_and_round_trip(name: str, status: str, nocr: bool, sit: str) -> None:
    rec = _one(name)
    assert sit_number(rec, status, nocr) == sit
    text = write_sit(rec, 12, "4770", "4310", datetime(2024, 9, 19, 4, 0, tzinfo=UTC), sit)
    assert text.splitlines()[1].startswith(f"/{sit}/4310/")
    assert all(len(line) <= 69 for line in text.splitlines())
    (back,) = read_sits(text)
    assert isinstance(back, SolutionRecord), back
    assert back.beacon.hex_id == rec.beacon.hex_id and back.beacon.message_hex == rec.beacon.message_hex
    assert back.system == rec.system and back.lut_id == rec.lut_id and back.satellites == rec.satellites
    assert back.detected_at == rec.detected_at and back.last_detected_at == rec.last_detected_at
    assert back.num_bursts == rec.num_bursts
    assert back.frequency_hz == pytest.approx(rec.frequency_hz, abs=0.1)
    def fixes(r: SolutionRecord) -> list[tuple[object, ...]]:
        return [(f.type, round(f.latitude_deg, 3), round(f.longitude_deg, 3), f.probability_pct) for f in r.fixes]
    assert fixes(back) == fixes(rec)


def test_rls_provider_numbers() -> None:
    """§2.4: SGB RLS data go to the return-link provider as SIT 338 (no DOA) / 339 (DOA)."""
    assert sit_number(_one("venus_sgb_1.2.1_sit342.txt"), rls=True) == "338"
    assert sit_number(_one("venus_sgb_1.2.5_sit345.txt"), "confirmed", rls=True) == "339"
    with pytest.raises(MccError, match="334"):
        sit_number(_one("venus_sgb_1.1.1_sit322.txt"), rls=True)
    assert sit_number(_one("venus_fgb_5.1_sit125.txt"), rls=True) == "125"  # FGB: unchanged


@pytest.mark.parametrize(("name", "sit", "why"), [
    ("venus_sgb_1.2.1_sit342.txt", "145", "30-hex"),  # SGB message in an FGB SIT
    ("venus_fgb_5.1_sit125.txt", "345", "51-hex"),
    ("venus_sgb_1.2.1_sit342.txt", "345", "DOA"),  # no DOA position to carry
    ("venus_sgb_1.2.1_sit342.txt", "999", "not written"),
])
def test_write_refuses_what_the_layout_cannot_carry(name: str, sit: str, why: str) -> None:
    with pytest.raises(MccError, match=why):
        write_sit(_one(name), 1, "4770", "4310", datetime(2024, 9, 19, 4, 0, tzinfo=UTC), sit)


@pytest.mark.parametrize("text", [
    "/00005 00000/4310/24 263 0350\n/125/4120/010/01\n/4311/+8/-00105.3 003.0 +00.00/24 263 0340 00.00/0\n"
    "/9/09.345/0000/03\n/99D98011F548C873AC4A400452A622\n/+503/-18.000/+132.000/285/50/0\n",  # B line missing
    "/00001 00000/4775/24 203 1930\n/322/4770/222/01\n/4775/+99999.9 999.9 +99.99/24 203 1900 34.00/01\n"
    "/09C440014F3089F1B39E24E7C5953ACA0503FFF00C0000598\n/0/A7949C440013E2CA9D65028\n",  # 49 hex
    "/00001 00000/4775/24 203 1930\n/322/4770/222/01\n/4775/+99999.9 999.9 +99.99/24 203 1900 34.00/01\n"
    "/09C440014F3089F1B39E24E7C5953ACA0503FFF00C000059800\n/X/A7949C440013E2CA9D65028\n",  # bad MF 91
    "/00001 00000/4775/24 203 1930\n/322/4770/222/01\n/4775/+99999.9 999.9 +99.99/24 399 1900 34.00/01\n"
    "/09C440014F3089F1B39E24E7C5953ACA0503FFF00C000059800\n/0/A7949C440013E2CA9D65028\n",  # day 399
    "/00001 00000/4775/24 203 1930\n/333/4770/222/01\n/x\n/y\n",  # SIT not known
])
def test_bad_sit_1xx_3xx_are_one_line_errors(text: str) -> None:
    (err,) = read_sits(text, "f.txt")
    assert isinstance(err, MccError) and "\n" not in str(err) and str(err).startswith("f.txt: SIT message")


def test_cli_ingests_sit125_and_sit345(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The SIT 125 of test 5.1 is an ELT(DT): its Doppler positions are filtered (MCC-39, §4.1-9)
    and the encoded position stays; the SGB SIT 345 opens a site keyed by its 23-hex ID."""
    db = str(tmp_path / "mcc.db")
    assert main(["mcc", "ingest", str(DATA / "venus_fgb_5.1_sit125.txt"), "--db", db,
                 "--now", "2024-09-19T03:45:00Z", "--json"]) == 0
    (res,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert res["solution_id"] == "SIT125-4310-00005-242630350"
    assert main(["mcc", "why", "1", "--db", db]) == 0
    assert "MCC-39" in capsys.readouterr().out
    assert main(["mcc", "ingest", str(DATA / "venus_sgb_1.2.5_sit345.txt"), "--db", db,
                 "--now", "2024-07-21T19:10:00Z", "--json"]) == 0
    capsys.readouterr()
    assert main(["mcc", "sites", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out
    assert SGB_ID_PLB in out and "33B30023EABFDFF" in out


def test_sit345_with_two_solutions() -> None:
    """SGB test 13 sends 'a SIT 345 message with two solutions': line 2 counts them and each
    repeats the solution lines (layout [I])."""
    lines = (DATA / "venus_sgb_1.2.5_sit345.txt").read_text().splitlines()
    block = lines[2:-2]  # from the LUT line to the antenna continuation line
    second = [block[0].replace("1903 00.30", "1903 10.30"), *block[1:3],
              block[3].replace("+17.246", "+17.256"), *block[4:]]
    text = "\n".join([lines[0], "/345/4770/02", *block, *second, "/LASSIT", "/ENDMSG"])
    recs = read_sits(text)
    assert all(isinstance(r, SolutionRecord) for r in recs) and len(recs) == 2
    a, b = recs
    assert isinstance(a, SolutionRecord) and isinstance(b, SolutionRecord)
    assert (a.solution_id[-2:], b.solution_id[-2:]) == ("-1", "-2")
    assert (b.last_detected_at - a.last_detected_at).total_seconds() == pytest.approx(10.0)
    assert (a.fixes[0].latitude_deg, b.fixes[0].latitude_deg) == (17.246, 17.256)
    (err,) = read_sits(text.replace("/345/4770/02", "/345/4770/03"), "f.txt")
    assert isinstance(err, MccError) and "announces 3 solution(s), 2 found" in str(err)
    with pytest.raises(MccError, match="2 solutions"):
        read_sit(split_sits(text)[0])
