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
from sarsat.locate.window import locate_window
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


def run_window(seed: int) -> dict[str, float]:
    """10-minute FGB windows, 6 satellites, one satellite biased in every burst (TOA 20 sigma or FOA 20 sigma)."""
    rng = np.random.default_rng(seed)
    trials = meo_trials(N // 5, (6,), FGB_FIXED, seed, duration_s=600.0)
    right, far_silent, far, valid_n, moving = 0, 0, 0, 0, 0
    for ms, t, *_ in trials:
        bad = ms[int(rng.integers(len(ms)))].sat_id
        on_toa = rng.uniform() < 0.5
        ms = [
            dataclasses.replace(m, toa_s=m.toa_s + 20 * m.sigma_toa_s) if (m.sat_id == bad and on_toa)
            else dataclasses.replace(m, foa_hz=m.foa_hz + 20 * m.sigma_foa_hz) if m.sat_id == bad else m
            for m in ms
        ]
        s = locate_window(ms)
        e = np.hypot(*horizontal_error_m(s.lat_deg, s.lon_deg, t[0].lat_deg, t[0].lon_deg))
        right += s.excluded_sat_ids == (bad,)
        moving += s.velocity_en_mps is not None
        far += e > 20e3
        far_silent += (e > 20e3) and not s.warnings
        valid_n += s.valid
    n = len(trials)
    return {"n": n, "right": right / n, "moving": moving / n, "far": far, "silent_far": far_silent, "valid": valid_n / n}


def main() -> None:
    t0 = time.process_time()
    rows = [
        ("one channel corrupted, 6 sats", run(True, (6,), 31)),
        ("one channel corrupted, 5 sats", run(True, (5,), 32)),
        ("one channel corrupted by only 5-20 sigma, 6 sats", run(True, (6,), 35, 5.0, 20.0)),
        ("one channel corrupted, 4 sats (detection only)", run(True, (4,), 33)),
        ("clean, 5-6 sats (false alarms)", run(False, (5, 6), 34)),
    ]
    win = run_window(36)
    cpu = time.process_time() - t0
    print(f"### MEOSAR integrity: chi-square test and single-satellite exclusion ({'quick' if QUICK else 'full'} run, {cpu:.0f} s CPU)\n")
    print(f"`PYTHONPATH=src python benchmarks/bench_locate_integrity.py{' --quick' if QUICK else ''}`\n")
    print("| scenario | n | faulty satellite excluded | any exclusion | solutions with a warning | flagged invalid | errors > 20 km | of which without a warning | valid fixes ≤ 5 km |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        w5 = "—" if np.isnan(r["w5"]) else f"{100 * r['w5']:.1f} %"
        print(f"| {name} | {r['n']} | **{100 * r['right']:.1f} %** | {100 * r['any']:.1f} % | {100 * r['flag']:.1f} % | {100 * r['invalid']:.1f} % | {r['far']} | **{r['silent_far']}** | {w5} |")

    print("\n10-minute windows (velocity `auto`: a failed static fit is explained either by a moving beacon or by one")
    print("faulty satellite, whichever leaves the more plausible residuals):\n")
    print("| scenario | n | faulty satellite excluded | explained as a moving beacon instead | valid | errors > 20 km | of which without a warning |")
    print("|---|---|---|---|---|---|---|")
    print(f"| FGB window, 6 sats, one satellite biased by 20 sigma in every burst | {win['n']} | **{100 * win['right']:.1f} %** | "
          f"{100 * win['moving']:.1f} % | {100 * win['valid']:.1f} % | {win['far']} | **{win['silent_far']}** |")


if __name__ == "__main__":
    main()
