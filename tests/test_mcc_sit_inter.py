"""Inter-MCC SIT 122/142/145: the public SIT 145 example read, and write -> read round trips."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from mcc_helpers import MARSEILLE, pos, record

from sarsat.cli import main
from sarsat.errors import MccError, SarsatError
from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.sit_inter import read_sit, read_sits, split_sits, write_sit

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
    assert lines[1] == f"/{sit}/3660/01" and lines[-2:] == ["/LASSIT", "/ENDMSG"]
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
