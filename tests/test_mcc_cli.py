"""``sarsat mcc …`` and ``sarsat sit185 parse``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcc_helpers import HEX_FR, MARSEILLE, pos, record

from sarsat.cli import main

DATA = Path(__file__).parent / "data" / "sit185"
#: Keys the issue requires in every parsed SIT 185 (README "SIT 185 JSON").
REQUIRED_KEYS = {"layout", "title", "msg_no", "mcc_ref", "hex_id", "country_code", "detected_at", "detected_by",
                 "detection_frequency_mhz", "positions", "activation", "remarks", "unparsed"}


def test_sit185_parse_json_every_sample(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in DATA.glob("*.txt"))
    assert main(["sit185", "parse", "--json", *files]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(files)
    for row in rows:
        assert REQUIRED_KEYS <= set(row)
        assert row["layout"] in ("legacy", "csc66")
        assert all(p["type"] in ("confirmed", "mcc_reference", "doppler_a", "doppler_b", "doa", "encoded")
                   for p in row["positions"])


def test_sit185_parse_bad_file_is_one_error_line_rest_processed(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing to see here\n")
    good = DATA / "aumcc_dop_initial.txt"
    assert main(["sit185", "parse", str(bad), str(good), str(tmp_path / "missing.txt")]) == 2
    out, err = capsys.readouterr()
    assert "ADCE402FA80028D" in out
    errors = err.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("sarsat: error: ") for e in errors)


def _jsonl(path: Path, recs: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    return path


def test_mcc_ingest_sites_show_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "mcc.db")
    good = [record("c1", 0, [pos("doa", MARSEILLE, ehe_m=3000.0)]).to_json(),
            record("c2", 60, [pos("doa", MARSEILLE, ehe_m=3000.0)]).to_json()]
    lines = [json.dumps(good[0]), "{broken", json.dumps({"system": "meosar"}), json.dumps(good[1])]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text("\n".join(lines) + "\n")
    now = ["--now", "2025-06-12T14:30:00Z"]
    assert main(["mcc", "ingest", str(src), "--db", db, "--json", *now, "--out", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    results = [json.loads(x) for x in out.splitlines()]
    assert [r["solution_id"] for r in results] == ["c1", "c2"]
    assert len(err.strip().splitlines()) == 2 + 1  # two bad lines, one "wrote" note
    assert "a.jsonl:2:" in err and "a.jsonl:3:" in err
    assert main(["mcc", "ingest", str(src / "a.jsonl"), "--db", db, *now]) == 2
    assert "c1: duplicate, ignored" in capsys.readouterr().out
    assert main(["mcc", "sites", "--db", db, "--json"]) == 0
    (site,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert site["beacon_id"] == HEX_FR and site["status"] == "located"
    assert main(["mcc", "show", HEX_FR, "--db", db]) == 0
    assert "END OF MESSAGE" in capsys.readouterr().out
    assert main(["mcc", "why", "1", "--db", db]) == 0
    why = capsys.readouterr().out
    assert "suppressed update" in why and "5 min before confirmation" in why
    assert main(["mcc", "show", "42", "--db", db]) == 2
    assert capsys.readouterr().err.startswith("sarsat: error: no site")
    assert len(list((tmp_path / "out").glob("*.txt"))) == 1


def test_unopenable_store_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mcc", "sites", "--db", str(tmp_path / "no" / "such" / "dir" / "mcc.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sarsat: error: cannot open store") and err.count("\n") == 1
