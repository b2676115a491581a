"""End to end: IQ scenario -> LUT -> MCC on a small scenario (tests/data/e2e_small.toml).

Golden SIT 185 files live in tests/data/e2e_small_sit185/; regenerate them after a deliberate
change with ``SARSAT_REGEN_GOLDEN=1 PYTHONPATH=src python -m pytest -q tests/test_e2e.py``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from sarsat.cli import main
from sarsat.cli.demo import RCC_KINDS, RunResult, run_scenario
from sarsat.mcc.routing import RoutingConfig
from sarsat.sim.scenario import Scenario

DATA = Path(__file__).parent / "data"
SCENARIO = DATA / "e2e_small.toml"
GOLDEN = DATA / "e2e_small_sit185"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return run_scenario(Scenario.from_file(SCENARIO), tmp_path_factory.mktemp("e2e"), workers=2, quiet=True)


def _row(run: RunResult, name: str) -> dict[str, Any]:
    return next(r for r in run.rows if r["beacon"] == name)


@pytest.mark.parametrize("name", ["EPIRB with GNSS", "PLB without GNSS", "SGB EPIRB with GNSS"])
def test_distress_beacon_located_within_5_km_and_confirmed(run: RunResult, name: str) -> None:
    r = _row(run, name)
    assert r["distress"] is True
    assert r["error_km"] is not None and r["error_km"] < 5.0
    assert r["status"] == "confirmed"
    assert r["alerts_rcc"] >= 1


@pytest.mark.parametrize("name", ["SGB EPIRB with GNSS", "SGB self-test"])
def test_sgb_located_to_tens_of_metres(run: RunResult, name: str) -> None:
    """SGB TOA/FOA at 40 dB-Hz through 4 satellites: ~30 m EHE per burst (BENCHMARKS.md)."""
    r = _row(run, name)
    assert r["error_km"] is not None and r["error_km"] < 0.2


def test_sgb_alert_carries_the_sgb_identity(run: RunResult) -> None:
    texts = [p.read_text("utf-8") for p in run.sit185_paths]
    sgb = [t for t in texts if "HEX ID 9C7423F457E1361F6516AAA" in t]
    assert len(sgb) == 1 and "BEACON TYPE  EPIRB" in sgb[0] and "MMSI 227006789" in sgb[0]
    assert "DOA - 42 37.2N  003 57.0E" in sgb[0] and "DETECTION FREQUENCY 406.0507 MHZ" in sgb[0]


@pytest.mark.parametrize("name", ["EPIRB self-test", "Orbitography", "SGB self-test"])
def test_system_and_self_test_beacons_not_sent_to_rescue_centres(run: RunResult, name: str) -> None:
    r = _row(run, name)
    assert r["distress"] is False
    assert r["alerts_rcc"] == 0
    kinds = {RoutingConfig.load().by_id(d).kind for d in r["destinations"]}
    assert not kinds & set(RCC_KINDS)


def test_self_test_filtered_and_orbitography_monitored(run: RunResult) -> None:
    assert _row(run, "EPIRB self-test")["status"] == "filtered"
    assert _row(run, "SGB self-test")["status"] == "filtered"
    assert _row(run, "Orbitography")["destinations"] == ["QMS1"]


def test_every_simulated_burst_detected(run: RunResult) -> None:
    bursts = run.truth["bursts"]
    assert len(run.outputs) == len(bursts)
    by_sats = sorted(tuple(b["sat_ids"]) for b in bursts)
    assert sorted(o.burst.sat_ids for o in run.outputs) == by_sats


def test_sit185_golden(run: RunResult) -> None:
    got = {p.name: p.read_text("utf-8") for p in run.sit185_paths}
    if os.environ.get("SARSAT_REGEN_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        GOLDEN.mkdir(parents=True)
        for name, text in got.items():
            (GOLDEN / name).write_text(text, "utf-8")
    if not GOLDEN.is_dir():
        pytest.fail(f"{GOLDEN} missing: regenerate with SARSAT_REGEN_GOLDEN=1 (see this module's docstring)")
    want = {p.name: p.read_text("utf-8") for p in sorted(GOLDEN.glob("*.txt"))}
    assert got == want


def test_solutions_file_is_mcc_json(run: RunResult) -> None:
    from sarsat.mcc.ingest import read_solutions

    lines = (run.out_dir / "solutions.jsonl").read_text("utf-8").splitlines()
    recs = list(read_solutions(lines))
    assert len(recs) == len(run.outputs)
    assert all(not isinstance(r, Exception) and r.system == "meosar" and r.lut_id == "2277" for r in recs)


def test_lut_command_on_the_channel_files(run: RunResult, capsys: pytest.CaptureFixture[str]) -> None:
    chans = [str(run.out_dir / "channels" / f"sat-401{s}.sigmf-meta") for s in ("", "-sgb")]
    assert main(["lut", *chans, "--workers", "1", "--detections"]) == 0
    dets = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(dets) == len(run.outputs)  # every burst seen through this satellite
    assert all(abs(d["foa_hz"] - 406.04e6) < 20e3 for d in dets)
    sgb = [d for d in dets if d["generation"] == "second"]
    assert len(sgb) == 4 and sum(d["self_test"] for d in sgb) == 1
    assert all(abs(d["foa_hz"] - 406.05e6) < 2.5e3 and d["foa_ref_s"] == 0.0 for d in sgb)


@pytest.mark.parametrize(("text", "needle"), [
    ("name = 'x'\nduration_s = 10\n", "start_utc"),
    ("start_utc = 2025-06-12T14:00:00Z\nduration_s = 10\nbeacon = []\n", "no [[beacon]]"),
    ("start_utc = 2025-06-12T14:00:00Z\nduration_s = 10\nbogus = 1\nbeacon = []\n", "unknown key"),
    ("start_utc = = 1", "not TOML"),
])
def test_bad_scenario_is_one_line_error_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                               needle: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and needle in err


def test_missing_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "none.toml"), "-q"]) == 2
    assert main(["lut", str(tmp_path / "none.sigmf-meta")]) == 2
    assert capsys.readouterr().err.count("sarsat: error:") == 2
