"""Sensitivity of MEOSAR location to ephemeris errors and uncalibrated satellite delays.

Run: PYTHONPATH=src python benchmarks/bench_locate_errors.py [--quick]
Same scenario family as bench_locate_meosar.py; the simulator adds a constant position error per
satellite (3-D, sigma given) to the ephemeris it reports, or an unknown transponder delay per
satellite; the solver trusts the ephemeris and applies no calibration. The CRB stays the
white-noise bound of each geometry, so "r95 / CRB" grows with the unmodelled error.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from datetime import timedelta

import numpy as np
from _locate_common import EPOCH, HEADER, LUT, crb_of, errors, metrics, row, truth_at

from sarsat.locate.meosar import locate_bursts
from sarsat.locate.window import locate_window
from sarsat.orbit import galileo
from sarsat.sim.measurements import MeoScenario, random_beacons, simulate_meosar
from sarsat.sim.noise import FGB_FIXED, SGB_CN0_35

QUICK = "--quick" in sys.argv
N_SINGLE = 100 if QUICK else 300
N_WINDOW = 20 if QUICK else 60


def trials(n: int, noise, seed: int, duration_s: float, eph_err_m: float, delay_sigma_s: float):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    out = []
    eph = galileo()
    for i in range(n):
        k = int(rng.choice((4, 5, 6)))
        b = dataclasses.replace(random_beacons(rng, 1, *LUT, 3000e3, period_s=50.0 if noise.beacon_type == "fgb" else 30.0)[0], first_burst_s=0.0)
        epoch = EPOCH + timedelta(seconds=float(rng.uniform(0, 86400)))
        delays = {s.sat_id: float(rng.normal(0, delay_sigma_s)) for s in eph.satellites} if delay_sigma_s else {}
        scn = MeoScenario(epoch, eph, (b,), *LUT, duration_s=duration_s, max_sats=k, noise=noise, ephemeris_error_m=eph_err_m, sat_delay_s=delays)
        ms, truth = simulate_meosar(scn, seed=seed * 100_000 + i)
        out.append((ms, truth, b, epoch))
    return out


def single(name: str, noise, seed: int, eph_err_m: float = 0.0, delay_sigma_s: float = 0.0) -> str:  # type: ignore[no-untyped-def]
    tr = trials(N_SINGLE, noise, seed, 0.0, eph_err_m, delay_sigma_s)
    bursts = [[m for m in ms if m.burst_index == 0] for ms, *_ in tr]
    sols = locate_bursts(bursts)
    e, cov, ehe = errors(sols, [(t[0].lat_deg, t[0].lon_deg) for _, t, *_ in tr])
    crb = np.array([crb_of(b, t[0].lat_deg, t[0].lon_deg, t[0].f_emit_hz) for b, (_, t, *_) in zip(bursts, tr, strict=True)])
    flagged = np.mean([not s.valid or bool(s.excluded_sat_ids) for s in sols])
    return row(name, metrics(e, cov, crb, ehe), f"{100 * flagged:.1f} % flagged or with an exclusion")


def window(name: str, noise, seed: int, eph_err_m: float = 0.0, delay_sigma_s: float = 0.0) -> str:  # type: ignore[no-untyped-def]
    tr = trials(N_WINDOW, noise, seed, 600.0, eph_err_m, delay_sigma_s)
    sols = [locate_window(ms) for ms, *_ in tr]
    truths = [truth_at(b, ep, s.time_utc) for s, (_, _, b, ep) in zip(sols, tr, strict=True)]
    e, cov, ehe = errors(sols, truths)
    crb = np.array([crb_of(ms, la, lo, t[0].f_emit_hz) for (ms, t, *_), (la, lo) in zip(tr, truths, strict=True)])
    flagged = np.mean([not s.valid or bool(s.excluded_sat_ids) or s.velocity_en_mps is not None for s in sols])
    return row(name, metrics(e, cov, crb, ehe), f"{100 * flagged:.1f} % flagged, excluded or moving")


def main() -> None:
    t0 = time.process_time()
    rows = [
        single("FGB single burst, exact ephemeris", FGB_FIXED, 51),
        single("FGB single burst, ephemeris error 100 m", FGB_FIXED, 51, eph_err_m=100.0),
        single("FGB single burst, ephemeris error 1 km (TLE-like)", FGB_FIXED, 51, eph_err_m=1000.0),
        single("FGB single burst, uncalibrated delays 1 µs", FGB_FIXED, 51, delay_sigma_s=1e-6),
        window("SGB 10-min window (C/N0 35-45), exact ephemeris", SGB_CN0_35, 52),
        window("SGB 10-min window, ephemeris error 1 m (broadcast-like)", SGB_CN0_35, 52, eph_err_m=1.0),
        window("SGB 10-min window, ephemeris error 10 m", SGB_CN0_35, 52, eph_err_m=10.0),
        window("SGB 10-min window, uncalibrated delays 30 ns (9 m)", SGB_CN0_35, 52, delay_sigma_s=30e-9),
        window("SGB 10-min window, uncalibrated delays 100 ns (30 m)", SGB_CN0_35, 52, delay_sigma_s=100e-9),
    ]
    cpu = time.process_time() - t0
    print(f"### MEOSAR sensitivity to ephemeris and calibration errors ({'quick' if QUICK else 'full'} run, {cpu:.0f} s CPU)\n")
    print(f"`PYTHONPATH=src python benchmarks/bench_locate_errors.py{' --quick' if QUICK else ''}`\n")
    print(HEADER)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
