"""``sarsat simulate`` -> ``sarsat locate`` in process; the solution JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sarsat.cli import main

CONTRACT = {"beacon_id", "mode", "lat_deg", "lon_deg", "ellipse95", "ehe_m", "n_sat", "f0_hz", "warnings"}


def test_simulate_then_locate_single_and_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meas, truth = tmp_path / "m.jsonl", tmp_path / "t.jsonl"
    assert main(["simulate", "--measurements", str(meas), "--truth", str(truth), "--sats", "4", "--duration", "300", "--seed", "1"]) == 0
    capsys.readouterr()
    assert main(["locate", str(meas), "--window", "600"]) == 0
    sols = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    singles = [s for s in sols if s["mode"] == "single"]
    windows = [s for s in sols if s["mode"] == "window"]
    n_bursts = len(truth.read_text().splitlines())
    assert len(singles) == n_bursts and len(windows) == 1
    for s in sols:
        assert CONTRACT <= set(s)
        assert set(s["ellipse95"]) == {"semi_major_m", "semi_minor_m", "orientation_deg"}
    assert "burst_index" in singles[0] and {"window_start_utc", "window_end_utc"} <= set(windows[0])
    t0 = json.loads(truth.read_text().splitlines()[0])
    assert abs(windows[0]["lat_deg"] - t0["lat_deg"]) < 0.1 and abs(windows[0]["lon_deg"] - t0["lon_deg"]) < 0.1


def test_locate_leosar_and_geosar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meas = tmp_path / "l.jsonl"
    assert main(["simulate", "--kind", "leosar", "--measurements", str(meas), "--duration", "20000", "--seed", "3"]) == 0
    with meas.open("a") as f:
        f.write(json.dumps({"kind": "geosar", "beacon_id": "G", "sat_id": 1, "time_utc": "2024-08-14T12:00:00Z", "encoded_lat_deg": 1.0, "encoded_lon_deg": 2.0}) + "\n")
    capsys.readouterr()
    assert main(["locate", str(meas)]) == 0
    sols = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    dop = [s for s in sols if s["mode"] == "doppler"]
    assert dop and all(len(s["sides"]) in (1, 2) and "probability" in s["sides"][0] for s in dop)
    assert sols[-1]["mode"] == "geosar" and sols[-1]["position_source"] == "encoded"


def test_bad_lines_are_reported_and_the_rest_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meas = tmp_path / "m.jsonl"
    assert main(["simulate", "--measurements", str(meas), "--sats", "4", "--duration", "0"]) == 0
    meas.write_text(meas.read_text() + "not json\n")
    capsys.readouterr()
    assert main(["locate", str(meas)]) == 2
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines()]
    assert lines[0]["error"].startswith("line 5: not JSON") and lines[1]["mode"] == "single"
    assert err.count("\n") == 1 and err.startswith("sarsat: error: line 5")


def test_missing_file_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "/nonexistent/m.jsonl"]) == 2
    assert capsys.readouterr().err.startswith("sarsat: error: cannot read")


def test_thin_bursts_are_noted_and_used_by_windows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meas = tmp_path / "m.jsonl"
    assert main(["simulate", "--measurements", str(meas), "--sats", "2", "--duration", "600", "--beacon", "45,5"]) == 0
    capsys.readouterr()
    assert main(["locate", str(meas), "--window", "600"]) == 0
    out, err = capsys.readouterr()
    sols = [json.loads(x) for x in out.splitlines()]
    assert [s["mode"] for s in sols] == ["window"] and sols[0]["n_sat"] == 2
    assert "fewer than 3 satellites" in err


def test_simulate_with_the_tle_snapshot(shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    orbits = shared_dir / "orbits"
    meas = tmp_path / "m.jsonl"
    args = ["simulate", "--measurements", str(meas), "--tle", str(orbits / "sarsat-group-2024-08-14.tle"),
            "--sat-ids", str(orbits / "meosar-satellites.csv"), "--sats", "5", "--duration", "0"]
    assert main(args) == 0
    recs = [json.loads(x) for x in meas.read_text().splitlines()]
    assert len(recs) == 5 and all(300 < r["sat_id"] < 700 for r in recs)
    capsys.readouterr()
    assert main(["locate", str(meas)]) == 0
    assert json.loads(capsys.readouterr().out)["n_sat"] == 5
