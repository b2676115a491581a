"""FGB receiver sensitivity: frame success, TOA and FOA error versus C/N0 (issue 5).

For each C/N0 (default 26-40 dB-Hz in 1 dB steps) ``--n`` random long bursts (default 300) are
generated at 37.5 ksps, each with a random BCH-valid message, carrier offset (±5 kHz), carrier
phase, start time, bit rate (400 bit/s ±1 %) and polarity, plus white noise; a trial succeeds
when the receiver returns a burst whose corrected message equals the one sent. TOA (start of
bit 1) and FOA errors of the successful trials are compared with the Cramér-Rao bounds of
../shared/reference/location-and-orbits.md §4.3; frame success with the ideal hard-decision
receiver (``fgb_common.ideal_frame_success``).

    python benchmarks/bench_fgb_sensitivity.py --n 300 --jobs 2 --out benchmarks/results/sensitivity.json \
        --plot docs/fgb_sensitivity.png
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fgb_common import crb_foa_hz, crb_toa_s, ideal_frame_success, random_long_frame

from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.fgb_demod import demodulate
from sarsat.signal.fgb_modulator import modulate_fgb

FS_HZ = 37_500.0


def trial(args: tuple[float, int]) -> tuple[float, bool, float, float, float, float]:
    """(C/N0, success, TOA error s, frame-centre TOA error s, FOA error Hz, C/N0 estimate)."""
    cn0, seed = args
    rng = np.random.default_rng([int(cn0 * 10), seed])
    hx = random_long_frame(rng)
    start_s = float(rng.uniform(0.05, 0.4))
    f_hz = float(rng.uniform(-5000, 5000))
    rate = 400.0 * (1 + float(rng.uniform(-0.01, 0.01)))
    pol = int(rng.choice([-1, 1]))
    n = int(1.0 * FS_HZ)
    b = modulate_fgb(hx, FS_HZ, start_s=start_s, n_samples=n, bit_rate_bps=rate, polarity=pol)
    x = compose(n, FS_HZ, [Emission(b, 0, f_hz, 0.0, float(rng.uniform(0, 2 * np.pi)))],
                n0_for(cn0), rng)
    for burst in demodulate(x, FS_HZ):
        if burst.message is not None and burst.message.message_hex == hx[6:] and burst.sync == "normal":
            toa_err = burst.time_s - (start_s + 0.16)
            centre_err = (burst.time_s + 72 / burst.bit_rate_bps) - (start_s + 0.16 + 72 / rate)
            return cn0, True, toa_err, centre_err, burst.frequency_hz - f_hz, burst.cn0_dbhz or 0.0
    return cn0, False, np.nan, np.nan, np.nan, np.nan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="bursts per C/N0 point")
    ap.add_argument("--cn0", type=float, nargs="+", default=[float(c) for c in range(26, 41)])
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="write raw results as JSON")
    ap.add_argument("--plot", type=Path, default=None, help="PNG plot (needs matplotlib)")
    a = ap.parse_args()
    work = [(c, i) for c in a.cn0 for i in range(a.n)]
    t0 = time.perf_counter()
    if a.jobs > 1:
        with mp.Pool(a.jobs) as pool:
            res = pool.map(trial, work, chunksize=8)
    else:
        res = [trial(w) for w in work]
    wall = time.perf_counter() - t0
    rows = []
    for c in a.cn0:
        r = np.array([x[1:] for x in res if x[0] == c], dtype=float)
        ok = r[:, 0] > 0
        good = r[ok]
        rows.append({
            "cn0_dbhz": c, "n": len(r), "success": float(ok.mean()),
            "ideal": ideal_frame_success(c),
            "toa_std_us": float(np.std(good[:, 1]) * 1e6) if len(good) > 2 else None,
            "toa_mean_us": float(np.mean(good[:, 1]) * 1e6) if len(good) > 2 else None,
            "toa_centre_std_us": float(np.std(good[:, 2]) * 1e6) if len(good) > 2 else None,
            "crb_toa_us": crb_toa_s(c) * 1e6,
            "foa_std_mhz": float(np.std(good[:, 3]) * 1e3) if len(good) > 2 else None,
            "foa_mean_mhz": float(np.mean(good[:, 3]) * 1e3) if len(good) > 2 else None,
            "crb_foa_mhz": crb_foa_hz(c) * 1e3,
            "cn0_est_mean": float(np.mean(good[:, 4])) if len(good) > 2 else None,
        })
    print(f"{len(work)} bursts in {wall:.0f} s wall with {a.jobs} process(es)")
    print("| C/N0 dB-Hz | frames ok | ideal bound | σTOA bit 1 µs | σTOA centre µs | CRB TOA µs"
          " | σFOA mHz | CRB FOA mHz | mean Ĉ/N0 |")
    print("|---|---|---|---|---|---|---|---|---|")

    def f(v: float | None, fmt: str) -> str:
        return "–" if v is None else format(v, fmt)

    for r in rows:
        print(f"| {r['cn0_dbhz']:.0f} | {100 * r['success']:.1f} % ({r['n']}) | {100 * r['ideal']:.1f} % | "
              f"{f(r['toa_std_us'], '.2f')} | {f(r['toa_centre_std_us'], '.2f')} | {r['crb_toa_us']:.2f} | "
              f"{f(r['foa_std_mhz'], '.1f')} | {r['crb_foa_mhz']:.1f} | {f(r['cn0_est_mean'], '.1f')} |")
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps({"rows": rows, "wall_s": wall, "n": a.n}, indent=1))
    if a.plot:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("matplotlib not installed: no plot")
            return
        cn = [r["cn0_dbhz"] for r in rows]
        fig, ax = plt.subplots(1, 3, figsize=(14, 4))
        ax[0].plot(cn, [100 * r["success"] for r in rows], "o-", label="sarsat receiver")
        fine = np.arange(min(cn), max(cn) + 0.01, 0.1)
        ax[0].plot(fine, [100 * ideal_frame_success(c) for c in fine], "--", label="ideal coherent, same BCH rules")
        ax[0].axhline(99, color="grey", lw=0.5)
        ax[0].axhline(50, color="grey", lw=0.5)
        ax[0].set(xlabel="C/N0 (dB-Hz)", ylabel="frames decoded (%)", title=f"FGB long bursts, {a.n} per point")
        ax[0].legend()
        ax[1].semilogy(cn, [r["toa_std_us"] or np.nan for r in rows], "o-", label="σ TOA, start of bit 1")
        ax[1].semilogy(cn, [r["toa_centre_std_us"] or np.nan for r in rows], "s-", label="σ TOA, frame centre")
        ax[1].semilogy(cn, [r["crb_toa_us"] for r in rows], "k--", label="CRB (known rate)")
        ax[1].set(xlabel="C/N0 (dB-Hz)", ylabel="µs", title="time of arrival")
        ax[1].legend()
        ax[2].semilogy(cn, [r["foa_std_mhz"] or np.nan for r in rows], "o-", label="σ FOA")
        ax[2].semilogy(cn, [r["crb_foa_mhz"] for r in rows], "k--", label="CRB")
        ax[2].set(xlabel="C/N0 (dB-Hz)", ylabel="mHz", title="frequency of arrival")
        ax[2].legend()
        fig.tight_layout()
        a.plot.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(a.plot, dpi=90)
        print(f"plot: {a.plot}")


if __name__ == "__main__":
    main()
