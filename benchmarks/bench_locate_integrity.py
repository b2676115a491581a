"""Integrity Monte Carlo: one corrupted satellite channel per burst, chi-square test + exclusion.

Run: PYTHONPATH=src python benchmarks/bench_locate_integrity.py [--quick]
FGB single bursts through 5-6 Galileo satellites (15 µs / 0.15 Hz), beacons within 3000 km
of the LUT. Each trial corrupts one random channel with a TOA bias of 20-100 sigma or an FOA
bias of 20-100 sigma (random sign). A clean run measures the false-alarm side.
"""

from __future__ import annotations

import dataclasses
import sys
import time

import numpy as np
from _locate_common import meo_trials

from sarsat.locate.meosar import locate_bursts
from sarsat.orbit.frames import horizontal_error_m
from sarsat.sim.noise import FGB_FIXED

QUICK = "--quick" in sys.argv
N = 150 if QUICK else 500


def run(corrupt: bool, k: tuple[int, ...], seed: int, lo: float = 20.0, hi: float = 100.0) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    trials = meo_trials(N, k, FGB_FIXED, seed)
    bursts, bad_ids = [], []
    for ms, *_ in trials:
        b = [m for m in ms if m.burst_index == 0]
        bad = b[int(rng.integers(len(b)))].sat_id if corrupt else -1
        size = rng.uniform(lo, hi) * rng.choice([-1, 1])
        on_toa = rng.uniform() < 0.5
        b = [
            dataclasses.replace(m, toa_s=m.toa_s + size * m.sigma_toa_s) if (m.sat_id == bad and on_toa)
            else dataclasses.replace(m, foa_hz=m.foa_hz + size * m.sigma_foa_hz) if m.sat_id == bad else m
            for m in b
        ]
        bursts.append(b)
        bad_ids.append(bad)
    sols = locate_bursts(bursts)
    err = np.array([np.hypot(*horizontal_error_m(s.lat_deg, s.lon_deg, t[0].lat_deg, t[0].lon_deg)) for s, (_, t, *_) in zip(sols, trials, strict=True)])
    excluded_right = np.mean([s.excluded_sat_ids == (bad,) for s, bad in zip(sols, bad_ids, strict=True)])
    excluded_any = np.mean([bool(s.excluded_sat_ids) for s in sols])
    flagged = np.array([bool(s.warnings) for s in sols])
    valid = np.array([s.valid for s in sols])
    silent_far = int(np.sum((err > 20e3) & ~flagged))
    valid_far = int(np.sum((err > 20e3) & valid & ~flagged))
    return {
        "n": len(sols), "right": float(excluded_right), "any": float(excluded_any), "flag": float(np.mean(flagged)),
        "invalid": float(np.mean(~valid)), "far": int(np.sum(err > 20e3)), "silent_far": silent_far, "valid_far": valid_far,
        "w5": float(np.mean(err[valid] <= 5e3)) if valid.any() else float("nan"),
    }


def main() -> None:
    t0 = time.process_time()
    rows = [
        ("one channel corrupted, 6 sats", run(True, (6,), 31)),
        ("one channel corrupted, 5 sats", run(True, (5,), 32)),
        ("one channel corrupted by only 5-20 sigma, 6 sats", run(True, (6,), 35, 5.0, 20.0)),
        ("one channel corrupted, 4 sats (detection only)", run(True, (4,), 33)),
        ("clean, 5-6 sats (false alarms)", run(False, (5, 6), 34)),
    ]
    cpu = time.process_time() - t0
    print(f"### MEOSAR integrity: chi-square test and single-satellite exclusion ({'quick' if QUICK else 'full'} run, {cpu:.0f} s CPU)\n")
    print(f"`PYTHONPATH=src python benchmarks/bench_locate_integrity.py{' --quick' if QUICK else ''}`\n")
    print("| scenario | n | faulty satellite excluded | any exclusion | solutions with a warning | flagged invalid | errors > 20 km | of which without a warning | valid fixes ≤ 5 km |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['n']} | **{100 * r['right']:.1f} %** | {100 * r['any']:.1f} % | {100 * r['flag']:.1f} % | {100 * r['invalid']:.1f} % | {r['far']} | **{r['silent_far']}** | {'—' if np.isnan(r['w5']) else f"{100 * r['w5']:.1f} %"} |")


if __name__ == "__main__":
    main()
