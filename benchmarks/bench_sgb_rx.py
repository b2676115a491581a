"""SGB receiver benchmarks (issue 6): sensitivity, TOA/FOA versus the CRB, false frames, throughput.

``sensitivity``: for each C/N0, ``--n`` bursts at 153.6 kHz, each with 202 random information bits
(BCH-encoded), 20 % self-test, a random carrier offset (±1.2 kHz, T.018 §2.3.1.1), carrier phase,
chip rate (38 400 ± 0.6 chip/s, §2.3.1.2) and start (uniform over 30 ms), plus white noise. The
acquisition searches every code phase of a 30 ms window around the start (the whole-stream
search is the same code; ``throughput`` times it) and ±1.5 kHz. A trial succeeds when the
burst comes back with the codeword sent (after BCH correction) and the right mode (normal /
self-test). Bounds: ideal coherent OQPSK at 300 bit/s with t = 6 (p = Q(√(2 Eb/N0)),
Eb/N0 = C/N0 / 300), and the CRBs of ../shared/reference/location-and-orbits.md §4.3.

``noise``: the acquisition statistic on pure noise (every code phase and offset, both modes;
the statistic of the code phases the screen lets through, so at or below the exhaustive
Gamma(2) model it is compared with), giving the false candidates per hour at the threshold, then
``--attempts`` demodulations at random candidates in noise (a false candidate's fate).

``noise-hour``: the receiver's own SGB path (acquisition at the default threshold, then every
candidate demodulated and BCH-checked, exactly as :func:`sarsat.signal.sgb_demod.demodulate_sgb`)
on ``--hours`` of white noise at 153.6 kHz, in independent ``--chunk``-second pieces (every
code phase where a 1 s burst starts inside the piece), spread over ``--jobs`` processes:
candidates, false frames and CPU time, measured, not extrapolated.

``throughput``: ``sarsat.signal.receiver.receive`` on ``--seconds`` of 250 kHz input holding one
SGB and one FGB burst per 5 s: seconds of input per second of CPU (one process).

    python benchmarks/bench_sgb_rx.py sensitivity --n 200 --cn0 24 26 27 28 29 30 32 36 \
        --plot docs/sgb_sensitivity.png
    python benchmarks/bench_sgb_rx.py plot benchmarks/results/sgb_sensitivity_*.json --plot docs/sgb_sensitivity.png
    python benchmarks/bench_sgb_rx.py noise --seconds 20 --attempts 400
    python benchmarks/bench_sgb_rx.py noise-hour --hours 1 --jobs 2
    python benchmarks/bench_sgb_rx.py throughput --seconds 20
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sarsat.beacon.sgb import bch_encode
from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.sgb_acquire import (
    DEFAULT_THRESHOLD,
    SgbCandidate,
    acquire,
    search,
    to_acquisition_rate,
)
from sarsat.signal.sgb_demod import (
    DEFAULT_SGB_CONFIG,
    demodulate_candidate,
    demodulate_sgb,
    to_work_rate,
)
from sarsat.signal.sgb_modulator import modulate_sgb

FS_HZ = 153_600.0  #: sensitivity and noise: the receiver's working rate (no resampling cost)
FS_STREAM_HZ = 250_000.0  #: throughput: a common SDR rate
#: C/S T.014 Annex link budget, Galileo MEOSAR channel, 5 dBW "low-level" beacon at 5° elevation
#: (../shared/reference/phy-and-recordings.md b.4): the overall C/N0 a LUT must work with.
T014_MEO_DBHZ = 35.4
GABOR_HZ = 19_200.0  #: half-sine chips of 1/38 400 s: β = 1 / (2 T_c) (location-and-orbits §4.3)


def q_func(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2))


def ideal_frame_success(cn0_dbhz: float, t: int = 6, n: int = 250) -> float:
    """Coherent OQPSK at 300 bit/s, hard decisions, BCH(250,202) correcting ``t`` errors."""
    p = q_func(math.sqrt(2 * 10 ** (cn0_dbhz / 10) / 300.0))
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(t + 1))


def crb_toa_s(cn0_dbhz: float, duration_s: float = 1.0) -> float:
    """σ_τ ≥ 1 / (2πβ √(2 C/N0 T)), β = 19.2 kHz (location-and-orbits.md §4.3)."""
    return 1.0 / (2 * math.pi * GABOR_HZ * math.sqrt(2 * 10 ** (cn0_dbhz / 10) * duration_s))


def crb_foa_hz(cn0_dbhz: float, duration_s: float = 1.0, table: bool = True) -> float:
    """var ≥ 3 / (π² C/N0 T³) as tabulated in §4.3 (``table``), or 3 / (2π² C/N0 T³) for a
    one-sided N0 in complex baseband (√2 lower; see benchmarks/fgb_common.py)."""
    k = 1.0 if table else 2.0
    return math.sqrt(3.0 / (k * math.pi**2 * 10 ** (cn0_dbhz / 10) * duration_s**3))


def random_burst(rng: np.random.Generator, cn0: float) -> tuple[np.ndarray, dict[str, float | int | str]]:
    info = int.from_bytes(rng.bytes(26), "big") >> 6  # 202 random bits
    cw = bch_encode(info)
    mode = "self_test" if rng.random() < 0.2 else "normal"
    start_s = 0.04 + float(rng.uniform(0, 0.03))
    f_hz = float(rng.uniform(-1200, 1200))
    chip = 38_400.0 + float(rng.uniform(-0.6, 0.6))
    b = modulate_sgb(cw, FS_HZ, mode=mode, chip_rate_hz=chip)
    i0 = round(start_s * FS_HZ)
    em = Emission(b, i0, f_hz, 0.0, float(rng.uniform(0, 2 * np.pi)), t_ref_s=i0 / FS_HZ + 0.5)
    x = compose(round(1.12 * FS_HZ), FS_HZ, [em], n0_for(cn0), rng)
    return x, {"cw": cw, "mode": mode, "start_s": i0 / FS_HZ, "f_hz": f_hz, "chip": chip}


def trial(args: tuple[float, int]) -> tuple[float, bool, float, float, float, float]:
    """(C/N0, success, TOA error at the start s, at the middle s, FOA error Hz, Ĉ/N0)."""
    cn0, seed = args
    rng = np.random.default_rng([int(cn0 * 10), seed, 6])
    x, t = random_burst(rng, cn0)
    for b in demodulate_sgb(x, FS_HZ, start_range_s=(0.035, 0.075)):
        ok_word = b.message is not None and b.message.bch["bch"].valid and _corrected(b) == t["cw"]
        if ok_word and b.sync == t["mode"]:
            mid_true = float(t["start_s"]) + 19_200 / float(t["chip"])
            return (cn0, True, b.time_s - float(t["start_s"]), b.extra["time_mid_s"] - mid_true,
                    b.frequency_hz - float(t["f_hz"]), b.cn0_dbhz or 0.0)
    return cn0, False, np.nan, np.nan, np.nan, np.nan


def _corrected(b: object) -> int:
    """The corrected codeword: raw bits XOR the flipped positions the codec reports."""
    raw = int(b.bits_hex, 16) & ((1 << 250) - 1)  # type: ignore[attr-defined]
    for k in b.message.bch["bch"].corrected_bits:  # type: ignore[attr-defined]
        raw ^= 1 << (250 - k)
    return raw


def sensitivity(a: argparse.Namespace) -> None:
    work = [(c, i) for c in a.cn0 for i in range(a.n)]
    t0, c0 = time.perf_counter(), time.process_time()
    if a.jobs > 1:
        with mp.Pool(a.jobs) as pool:
            res = pool.map(trial, work, chunksize=4)
    else:
        res = [trial(w) for w in work]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rows = []
    for c in a.cn0:
        r = np.array([x[1:] for x in res if x[0] == c], dtype=float)
        ok = r[:, 0] > 0
        g = r[ok]
        enough = len(g) > 2
        rows.append({
            "cn0_dbhz": c, "n": len(r), "success": float(ok.mean()), "ideal": ideal_frame_success(c),
            "toa_start_std_ns": float(np.std(g[:, 1]) * 1e9) if enough else None,
            "toa_mid_std_ns": float(np.std(g[:, 2]) * 1e9) if enough else None,
            "toa_mid_mean_ns": float(np.mean(g[:, 2]) * 1e9) if enough else None,
            "crb_toa_ns": crb_toa_s(c) * 1e9,
            "foa_std_mhz": float(np.std(g[:, 3]) * 1e3) if enough else None,
            "foa_mean_mhz": float(np.mean(g[:, 3]) * 1e3) if enough else None,
            "crb_foa_mhz": crb_foa_hz(c) * 1e3, "crb_foa_complex_mhz": crb_foa_hz(c, table=False) * 1e3,
            "cn0_est_mean": float(np.mean(g[:, 4])) if enough else None,
        })
    print(f"{len(work)} bursts in {wall:.0f} s wall, {cpu:.0f} s CPU (main process), {a.jobs} job(s)")
    print("| C/N0 dB-Hz | frames ok | ideal bound | σTOA start ns | σTOA middle ns | CRB TOA ns"
          " | σFOA mHz | CRB FOA mHz (table / complex) | mean Ĉ/N0 |")
    print("|---|---|---|---|---|---|---|---|---|")

    def f(v: float | None, fmt: str) -> str:
        return "–" if v is None else format(v, fmt)

    for r in rows:
        print(f"| {r['cn0_dbhz']:.0f} | {100 * r['success']:.1f} % ({r['n']}) | {100 * r['ideal']:.1f} % | "
              f"{f(r['toa_start_std_ns'], '.0f')} | {f(r['toa_mid_std_ns'], '.0f')} | {r['crb_toa_ns']:.0f} | "
              f"{f(r['foa_std_mhz'], '.1f')} | {r['crb_foa_mhz']:.1f} / {r['crb_foa_complex_mhz']:.1f} | "
              f"{f(r['cn0_est_mean'], '.1f')} |")
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps({"rows": rows, "wall_s": wall, "n": a.n}, indent=1))
    if a.plot:
        _plot(rows, a)


def _plot(rows: list[dict[str, float | None]], a: argparse.Namespace) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return
    cn = [float(r["cn0_dbhz"] or 0) for r in rows]
    fig, ax = plt.subplots(1, 3, figsize=(14, 4))
    ax[0].plot(cn, [100 * float(r["success"] or 0) for r in rows], "o-", label="sarsat receiver")
    fine = np.arange(min(cn), max(cn) + 0.01, 0.1)
    ax[0].plot(fine, [100 * ideal_frame_success(c) for c in fine], "--", label="ideal coherent OQPSK, t = 6")
    ax[0].axhline(99, color="grey", lw=0.5)
    ax[0].axhline(50, color="grey", lw=0.5)
    ax[0].axvline(T014_MEO_DBHZ, color="red", lw=0.8, ls=":",
                  label="T.014 Galileo link budget (low-level beacon, 5°)")
    ax[0].set(xlabel="C/N0 (dB-Hz)", ylabel="frames decoded (%)", title="SGB bursts (n per point in BENCHMARKS.md)")
    ax[0].legend()
    ax[1].semilogy(cn, [r["toa_start_std_ns"] or np.nan for r in rows], "o-", label="σ TOA, burst start")
    ax[1].semilogy(cn, [r["toa_mid_std_ns"] or np.nan for r in rows], "s-", label="σ TOA, burst middle")
    ax[1].semilogy(cn, [r["crb_toa_ns"] for r in rows], "k--", label="CRB §4.3")
    ax[1].set(xlabel="C/N0 (dB-Hz)", ylabel="ns", title="time of arrival")
    ax[1].legend()
    ax[2].semilogy(cn, [r["foa_std_mhz"] or np.nan for r in rows], "o-", label="σ FOA")
    ax[2].semilogy(cn, [r["crb_foa_mhz"] for r in rows], "k--", label="CRB §4.3 table")
    ax[2].semilogy(cn, [r["crb_foa_complex_mhz"] for r in rows], "k:", label="CRB, one-sided N0")
    ax[2].set(xlabel="C/N0 (dB-Hz)", ylabel="mHz", title="frequency of arrival")
    ax[2].legend()
    fig.tight_layout()
    a.plot.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(a.plot, dpi=90)
    print(f"plot: {a.plot}")


def noise(a: argparse.Namespace) -> None:
    rng = np.random.default_rng(2026)
    n = round(a.seconds * FS_HZ)
    x = compose(n, FS_HZ, [], n0_for(30.0), rng)
    c0 = time.process_time()
    acq = to_acquisition_rate(to_work_rate(x, FS_HZ))
    best, _, _, _ = search(acq, DEFAULT_SGB_CONFIG.span_hz, floor=1e9)
    cpu = time.process_time() - c0
    n_bins = int(np.sum(np.abs(np.fft.fftfreq(512, 1 / 4800.0)) <= DEFAULT_SGB_CONFIG.span_hz))
    cells = 2 * 2 * n_bins  # per code phase: offsets × modes × (on / half a sample after)
    print(f"{a.seconds:.0f} s of noise, {len(best)} code phases × {cells} cells, search {cpu:.0f} s CPU")
    print("| statistic x | code phases with max > x (screened and confirmed) | Gamma(2) model, exhaustive"
          " | measured, extrapolated per hour |")
    print("|---|---|---|---|")
    per_hour = 3600.0 / a.seconds
    xs = (12.0, 14.0, 16.0, 18.0, 20.0, 22.0, DEFAULT_THRESHOLD)
    counts = [int(np.sum(best > x_)) for x_ in xs]
    for x_, n_x in zip(xs, counts, strict=True):
        p = (1 + x_) * math.exp(-x_)
        model = len(best) * (1 - (1 - p) ** cells)
        # measured rate where it is counted; beyond, the last counted point scaled by the model tail
        ref_x, ref_n = max(((xx, nn) for xx, nn in zip(xs, counts, strict=True) if nn >= 10 and xx <= x_),
                           default=(x_, n_x))
        tail = (1 + x_) * math.exp(-x_) / ((1 + ref_x) * math.exp(-ref_x))
        print(f"| {x_:.0f} | {n_x} | {model:.1f} | {per_hour * ref_n * tail:.3g} |")
    # a false candidate's fate: demodulate at random code phases / offsets / modes in noise
    w = to_work_rate(x, FS_HZ)
    kept = 0
    c0 = time.process_time()
    for _ in range(a.attempts):
        start = float(rng.uniform(0.01, a.seconds - 1.1))
        cand = SgbCandidate(start, float(rng.uniform(-1500, 1500)),
                            "normal" if rng.random() < 0.5 else "self_test", DEFAULT_THRESHOLD)
        if demodulate_candidate(w, cand) is not None:
            kept += 1
    cpu = time.process_time() - c0
    print(f"forced demodulations in noise: {a.attempts}, frames reported: {kept} "
          f"({cpu / max(a.attempts, 1) * 1e3:.0f} ms CPU each)")


def _noise_chunk(args: tuple[int, float]) -> dict[str, float | int | list[float]]:
    """One independent piece of noise through acquisition + demodulation (CPU of this piece)."""
    k, chunk_s = args
    c0 = time.process_time()
    rng = np.random.default_rng([2026, 11, k])
    n = round((chunk_s + 1.05) * FS_HZ)  # a burst starting at the end of the piece still fits
    x = ((rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(0.5)).astype(np.complex64)
    w = to_work_rate(x, FS_HZ)
    cands = acquire(to_acquisition_rate(w), span_hz=DEFAULT_SGB_CONFIG.span_hz,
                    threshold=DEFAULT_SGB_CONFIG.threshold, modes=DEFAULT_SGB_CONFIG.modes,
                    start_range_s=(0.0, chunk_s))
    frames = [b for c in cands if (b := demodulate_candidate(w, c)) is not None]
    return {"k": k, "candidates": len(cands), "frames": len(frames),
            "scores": [round(c.score, 2) for c in cands], "cpu_s": time.process_time() - c0}


def noise_hour(a: argparse.Namespace) -> None:
    n_chunks = max(1, round(a.hours * 3600 / a.chunk))
    work = [(k, a.chunk) for k in range(n_chunks)]
    t0 = time.perf_counter()
    if a.jobs > 1:
        with mp.Pool(a.jobs) as pool:
            res = pool.map(_noise_chunk, work, chunksize=1)
    else:
        res = [_noise_chunk(w) for w in work]
    wall = time.perf_counter() - t0
    cpu = sum(float(r["cpu_s"]) for r in res)
    seconds = n_chunks * a.chunk
    scores = sorted((s_ for r in res for s_ in r["scores"]), reverse=True)  # type: ignore[union-attr]
    n_frames = sum(int(r["frames"]) for r in res)
    print(f"{seconds:.0f} s of noise ({n_chunks} pieces of {a.chunk:.0f} s, 153.6 kHz), every code phase, "
          f"±{DEFAULT_SGB_CONFIG.span_hz:.0f} Hz, both PRN pairs, threshold {DEFAULT_SGB_CONFIG.threshold:.0f}")
    print(f"candidates: {len(scores)} (scores {scores[:10]}), false frames: {n_frames}")
    print(f"CPU {cpu:.0f} s (workers, acquisition + demodulation): {seconds / cpu:.2f} s of input per CPU "
          f"second; wall {wall:.0f} s with {a.jobs} job(s)")
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps({"seconds": seconds, "candidates": len(scores), "scores": scores,
                                     "false_frames": n_frames, "cpu_s": cpu, "wall_s": wall}, indent=1))


def throughput(a: argparse.Namespace) -> None:
    from sarsat.signal.fgb_modulator import modulate_fgb
    from sarsat.signal.receiver import receive

    rng = np.random.default_rng(5)
    n = round(a.seconds * FS_STREAM_HZ)
    ems = []
    truth = 0
    for k in range(int(a.seconds // 5)):
        cw = bch_encode(int(rng.integers(0, 2**62)))
        ems.append(Emission(modulate_sgb(cw, FS_STREAM_HZ), round((5 * k + 0.3) * FS_STREAM_HZ),
                            float(rng.uniform(-1200, 1200)), 0.0, 0.0))
        ems.append(Emission(modulate_fgb("FFFE2F5011A5FC5399AE857D5D80", FS_STREAM_HZ),
                            round((5 * k + 2.0) * FS_STREAM_HZ), 25_000.0, 0.0, 0.0))
        truth += 2
    x = compose(n, FS_STREAM_HZ, ems, n0_for(35.0), rng)
    blocks = [x[i:i + 250_000] for i in range(0, n, 250_000)]
    c0, t0 = time.process_time(), time.perf_counter()
    got = list(receive(blocks, "iq", FS_STREAM_HZ))
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    gens = [b.extra.get("generation", "first") for b in got]
    print(f"{a.seconds:.0f} s at 250 kHz with {truth} bursts: found {gens.count('first')} FGB + "
          f"{gens.count('second')} SGB; {cpu:.1f} s CPU ({wall:.1f} s wall): "
          f"{a.seconds / cpu:.2f} s of input per CPU second")
    c0 = time.process_time()
    list(receive(blocks, "iq", FS_STREAM_HZ, sgb_config=None))
    cpu1 = time.process_time() - c0
    print(f"FGB only (--no-sgb): {cpu1:.1f} s CPU, {a.seconds / cpu1:.1f} s of input per CPU second")


def plot_files(a: argparse.Namespace) -> None:
    """One plot from several ``sensitivity --out`` files."""
    rows = sorted((r for f in a.files for r in json.loads(Path(f).read_text())["rows"]),
                  key=lambda r: r["cn0_dbhz"])
    _plot(rows, a)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sensitivity")
    s.add_argument("--n", type=int, default=200, help="bursts per C/N0 point")
    s.add_argument("--cn0", type=float, nargs="+", default=[24, 26, 27, 28, 29, 30, 32, 36])
    s.add_argument("--jobs", type=int, default=1)
    s.add_argument("--out", type=Path, default=None)
    s.add_argument("--plot", type=Path, default=None)
    s2 = sub.add_parser("noise")
    s2.add_argument("--seconds", type=float, default=20.0)
    s2.add_argument("--attempts", type=int, default=400)
    s5 = sub.add_parser("noise-hour")
    s5.add_argument("--hours", type=float, default=1.0)
    s5.add_argument("--chunk", type=float, default=60.0, help="seconds per independent piece")
    s5.add_argument("--jobs", type=int, default=1)
    s5.add_argument("--out", type=Path, default=None)
    s3 = sub.add_parser("throughput")
    s3.add_argument("--seconds", type=float, default=20.0)
    s4 = sub.add_parser("plot")
    s4.add_argument("files", nargs="+", type=Path)
    s4.add_argument("--plot", type=Path, required=True)
    a = ap.parse_args()
    {"sensitivity": sensitivity, "noise": noise, "noise-hour": noise_hour, "throughput": throughput,
     "plot": plot_files}[a.what](a)


if __name__ == "__main__":
    main()
