"""False frames on pure noise: the receiver must report nothing (issue 5: 0 in one hour).

Streams ``--hours`` of complex white noise at ``--rate`` (default 1 h at 250 ksps, the widest
band) through the streaming receiver in 8 s blocks, counting detector candidates that reach the
demodulator and bursts reported.

    python benchmarks/bench_fgb_false_frames.py --hours 1 --rate 250000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sarsat.signal import receiver as rx_mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=float, default=1.0)
    ap.add_argument("--rate", type=float, default=250_000.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    attempts = 0
    inner = rx_mod.demodulate_candidate

    def counting(*args, **kw):  # type: ignore[no-untyped-def]
        nonlocal attempts
        attempts += 1
        return inner(*args, **kw)

    rx_mod.demodulate_candidate = counting
    rng = np.random.default_rng(a.seed)
    block = int(8 * a.rate)
    n_blocks = int(np.ceil(a.hours * 3600 * a.rate / block))

    def blocks():  # type: ignore[no-untyped-def]
        for _ in range(n_blocks):
            x = np.empty(block, np.complex64)
            x.real = rng.standard_normal(block, dtype=np.float32)
            x.imag = rng.standard_normal(block, dtype=np.float32)
            yield x

    t0 = time.perf_counter()
    # first generation only (the CLI's --no-sgb): the SGB search has its own hour of noise,
    # ``bench_sgb_rx.py noise-hour``
    bursts = list(rx_mod.receive(blocks(), "iq", a.rate, sgb_config=None))
    wall = time.perf_counter() - t0
    print(f"{a.hours:g} h of noise at {a.rate:g} samples/s: {attempts} candidates demodulated, "
          f"{len(bursts)} frames reported ({wall:.0f} s wall, generation included)")
    for b in bursts:
        print("  FALSE FRAME", b.to_json())


if __name__ == "__main__":
    main()
