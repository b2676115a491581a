"""MCC ingest benchmark: solutions per second and latency from ingest to SIT 185 stored.

Each solution is ingested in its own transaction (as in operation); latency is measured per
call of :meth:`Store.ingest`, which returns after the SIT 185 messages it wrote are committed.

    python benchmarks/bench_mcc.py [--n 3000] [--url postgresql+psycopg://...]

Without ``--url`` it runs on a temporary SQLite file, and on PostgreSQL too when
``SARSAT_TEST_POSTGRES_URL`` is set (``.ci/postgres.sh`` prints one).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import create_engine  # noqa: E402

from sarsat.mcc.ingest import SolutionRecord  # noqa: E402
from sarsat.mcc.store import Store, metadata  # noqa: E402

T0 = datetime(2025, 6, 12, 12, 0, tzinfo=UTC)


def solutions(n: int, beacons: int = 200, seed: int = 1) -> list[SolutionRecord]:
    """``n`` MEOSAR DOA solutions for ``beacons`` beacons, 1 s apart, mostly matching."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        b = i % beacons
        lat = -60 + (b * 0.61) % 120 + rng.uniform(0, 0.2)
        lon = -170 + (b * 1.37) % 340 + rng.uniform(0, 0.2)
        t = T0 + timedelta(seconds=i)
        out.append(SolutionRecord.from_json({
            "solution_id": f"bench-{i}", "lut_id": "2276", "system": "meosar", "detected_at": t.isoformat(),
            "last_detected_at": (t + timedelta(seconds=120)).isoformat(), "satellites": ["329", "315"],
            "frequency_hz": 406.04e6,
            "beacon": {"hex_id": f"1C64{b:011X}", "country_code": 227, "family": "standard-location",
                       "beacon_type": "EPIRB"},
            "positions": [{"type": "doa", "latitude_deg": lat, "longitude_deg": lon, "ehe_m": 3000.0}],
        }))
    return out


def run(url: str, recs: list[SolutionRecord], batch: int = 1) -> dict[str, float]:
    """Ingest ``recs`` in transactions of ``batch`` solutions; a solution's latency runs from
    the start of its batch (it has arrived) to the commit of its SIT 185 messages."""
    store = Store(url)
    now = T0 + timedelta(hours=2)
    lat_ms = []
    messages = 0
    start, cpu0 = time.perf_counter(), time.process_time()
    for i in range(0, len(recs), batch):
        t = time.perf_counter()
        results = store.ingest_many(recs[i:i + batch], now)
        done_ms = (time.perf_counter() - t) * 1000
        lat_ms += [done_ms] * len(results)
        messages += sum(len(r.message_ids) for r in results)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu0
    store.close()
    lat_ms.sort()
    p99 = lat_ms[min(len(lat_ms) - 1, math.ceil(0.99 * len(lat_ms)) - 1)]
    return {"per_s": len(recs) / total, "per_cpu_s": len(recs) / cpu, "p50_ms": statistics.median(lat_ms), "p99_ms": p99,
            "messages": messages, "n": len(recs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--url")
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 50], help="solutions per transaction")
    args = ap.parse_args()
    recs = solutions(args.n)
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            targets.append(("given", args.url))
        else:
            targets.append(("sqlite", f"sqlite:///{Path(tmp) / 'bench.db'}"))
            if os.environ.get("SARSAT_TEST_POSTGRES_URL"):
                targets.append(("postgresql", os.environ["SARSAT_TEST_POSTGRES_URL"]))
        for name, url in targets:
            for batch in args.batch:
                if url.startswith("sqlite"):
                    url = f"sqlite:///{Path(tmp) / f'bench-{batch}.db'}"
                else:
                    eng = create_engine(url)
                    metadata.drop_all(eng)
                    eng.dispose()
                r = run(url, recs, batch)
                print(f"{name:10s} batch={batch:<4d} n={r['n']} solutions/s={r['per_s']:.0f} "
                      f"(per CPU second of this process {r['per_cpu_s']:.0f}) "
                      f"p50={r['p50_ms']:.2f} ms p99={r['p99_ms']:.2f} ms messages={r['messages']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
