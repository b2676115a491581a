"""Crash safety: SIGKILL the ingest process at random points while it feeds solutions, restart
it on the same input, and show that no site, position, sent message or audit entry is lost or
duplicated: the end state equals that of an uninterrupted run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mcc_helpers import north_of, pos, record
from sqlalchemy import Engine, create_engine, func, select

from sarsat.mcc.ingest import parse_time, read_solutions
from sarsat.mcc.store import Store, audit, messages, metadata, sites, solutions

SRC = Path(__file__).resolve().parents[1] / "src"
NOW = "2025-06-12T18:00:00Z"
N_SOLUTIONS = 300
DRIVER = """
import sys
from sarsat.mcc.ingest import parse_time
from sarsat.mcc.sources import iter_records
from sarsat.mcc.store import Store
feed, url, now = sys.argv[1], sys.argv[2], parse_time(sys.argv[3], "now")
store = Store(url)
recs = list(iter_records(feed))
for i in range(0, len(recs), 5):
    store.ingest_many(recs[i:i + 5], now)
"""


def _solutions() -> list[dict]:  # type: ignore[type-arg]
    rng = random.Random(8)
    recs = []
    for i in range(N_SOLUTIONS):
        beacon = i % 25
        hex_id = f"1C64{beacon:011X}"
        base = (43.0 + beacon * 0.5, 5.0 + beacon * 0.3)
        where = north_of(*base, rng.uniform(0, 30))  # some match (<= 20 km), some conflict
        recs.append(record(f"s{i:04d}", 30 * i, [pos("doa", where, ehe_m=3000.0)],
                           hex_id=hex_id).to_json())
    return recs


def _state(url: str) -> dict[str, object]:
    eng = create_engine(url)
    with eng.connect() as c:
        state = {
            "solutions": sorted(r[0] for r in c.execute(select(solutions.c.solution_id))),
            "sites": sorted((r.site_id, r.status, r.state) for r in c.execute(select(sites))),
            "messages": sorted((r.solution_id, r.destination, r.msg_no, r.title, r.text)
                               for r in c.execute(select(messages))),
            "audit": sorted((r.solution_id, r.step, r.decision, r.rule, r.detail)
                            for r in c.execute(select(audit))),
        }
    eng.dispose()
    return state


def _count(eng: Engine) -> int:
    try:
        with eng.connect() as c:
            return int(c.execute(select(func.count()).select_from(solutions)).scalar_one())
    except Exception:  # the table may not exist yet
        return 0


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_during_ingest_loses_and_duplicates_nothing(tmp_path: Path, backend: str) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in _solutions()))
    ref_url = f"sqlite:///{tmp_path / 'ref.db'}"
    ref = Store(ref_url)

    now = parse_time(NOW, "now")
    for rec in read_solutions(feed.read_text().splitlines()):
        assert not isinstance(rec, Exception)
        ref.ingest(rec, now)
    ref.close()
    expected = _state(ref_url)
    assert len(expected["messages"]) > N_SOLUTIONS // 2  # type: ignore[arg-type]

    if backend == "postgresql":
        url = os.environ.get("SARSAT_TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip("SARSAT_TEST_POSTGRES_URL not set: no PostgreSQL server configured")
        eng = create_engine(url)
        metadata.drop_all(eng)
        eng.dispose()
    else:
        url = f"sqlite:///{tmp_path / 'crash.db'}"
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    # The ingest loop of ``sarsat mcc ingest`` (batches of 5), without the CLI's start-up cost.
    cmd = [sys.executable, "-c", DRIVER, str(feed), url, NOW]
    rng = random.Random(1)
    kills = 0
    poll = create_engine(url)
    for _ in range(5):
        done = _count(poll)
        target = done + rng.randint(10, 40)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and _count(poll) < target and time.monotonic() < deadline:
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        assert done <= _count(poll) < N_SOLUTIONS or proc.returncode == 0
    poll.dispose()
    assert kills >= 3  # the test really interrupted the ingest
    final = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert _state(url) == expected
