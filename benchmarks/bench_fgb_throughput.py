"""FGB receiver throughput: seconds of input processed per CPU second, streaming receiver.

Scenarios at 250 ksps (and 37.5 ksps): pure noise, and noise with four beacons on different
channels bursting every ~5 s at 35-45 dB-Hz (a busy band). CPU time (``time.process_time``) of
:func:`sarsat.signal.receiver.receive` only, first generation only (``sgb_config=None``, the
CLI's ``--no-sgb``; the SGB search has its own benchmark, ``bench_sgb_rx.py throughput``);
signal generation is excluded. Best of ``--repeat``.

    python benchmarks/bench_fgb_throughput.py --seconds 60
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fgb_common import random_long_frame

from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.fgb_modulator import modulate_fgb
from sarsat.signal.receiver import receive


def scene(fs: float, seconds: float, busy: bool, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    n = int(seconds * fs)
    ems = []
    if busy:
        for k, f_hz in enumerate((-30_000.0, -3_000.0, 9_000.0, 15_000.0)):
            if abs(f_hz) > 0.45 * fs:
                f_hz = f_hz / 10
            t = 0.5 + k
            while t < seconds - 0.7:
                b = modulate_fgb(random_long_frame(rng), fs, start_s=0.0)
                cn0 = float(rng.uniform(35, 45))
                ems.append(Emission(b, int(t * fs), f_hz, 0.0, 0.0, gain=10 ** ((cn0 - 40) / 20)))
                t += float(rng.uniform(4.5, 5.5))
    return compose(n, fs, ems, n0_for(40.0), rng), len(ems)


def run(x: np.ndarray, fs: float) -> tuple[float, int]:
    blocks = (x[i:i + int(fs)] for i in range(0, len(x), int(fs)))
    t0 = time.process_time()
    n = sum(1 for _ in receive(blocks, "iq", fs, sgb_config=None))  # FGB only: SGB has its own bench
    return time.process_time() - t0, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    rng = np.random.default_rng(5)
    print("| rate | scenario | bursts sent / found | CPU s per input s | × real time |")
    print("|---|---|---|---|---|")
    for fs in (250_000.0, 37_500.0):
        for busy in (False, True):
            x, sent = scene(fs, a.seconds, busy, rng)
            best = min(run(x, fs) for _ in range(a.repeat))
            cpu, found = best
            print(f"| {fs / 1e3:g} ksps | {'4 beacons, 1 burst/5 s each' if busy else 'noise only'} | "
                  f"{sent} / {found} | {cpu / a.seconds:.4f} | {a.seconds / cpu:.0f}× |")


if __name__ == "__main__":
    main()
