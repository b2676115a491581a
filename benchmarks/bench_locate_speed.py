"""Location speed on one core: single-burst solutions per second, 10-minute window latency.

Run: PYTHONPATH=src python benchmarks/bench_locate_speed.py
BLAS is pinned to one thread before numpy loads; times are process CPU seconds.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import time

import numpy as np
from _locate_common import meo_trials

from sarsat.locate.meosar import locate_burst, locate_bursts
from sarsat.locate.window import locate_window
from sarsat.sim.noise import FGB_FIXED, SGB_CN0_35


def cpu(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = np.inf
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    trials = meo_trials(1000, (4, 5, 6), FGB_FIXED, 21)
    bursts = [[m for m in ms if m.burst_index == 0] for ms, *_ in trials]
    locate_bursts(bursts[:10])
    t_batch = cpu(lambda: locate_bursts(bursts))
    t_one = cpu(lambda: [locate_burst(b) for b in bursts[:200]], 1)
    wins = {}
    for name, noise in (("FGB", FGB_FIXED), ("SGB", SGB_CN0_35)):
        tr = meo_trials(20, (4, 5, 6), noise, 22, duration_s=600.0)
        per = [cpu(lambda ms=ms: locate_window(ms), 2) for ms, *_ in tr]
        wins[name] = (np.median(per), np.max(per), np.mean([len({m.burst_index for m in ms}) for ms, *_ in tr]))
    print("### Location speed (one core, CPU time)\n")
    print("`PYTHONPATH=src python benchmarks/bench_locate_speed.py`\n")
    print("| measurement | result | goal |\n|---|---|---|")
    print(f"| single-burst solutions per second, batch of {len(bursts)} (4-6 sats, FGB) | **{len(bursts) / t_batch:.0f} /s** | ≥ 1000 /s |")
    print(f"| single-burst solutions per second, one call per burst | {200 / t_one:.0f} /s | — |")
    for name, (med, mx, nb) in wins.items():
        print(f"| 10-minute {name} window ({nb:.0f} bursts, 4-6 sats), median / max | **{1e3 * med:.0f} ms** / {1e3 * mx:.0f} ms | < 50 ms |")


if __name__ == "__main__":
    main()
