"""First-generation decode throughput (one core).

    python benchmarks/bench_fgb_decode.py [--n 20000] [--batch 500000]

Measures messages per second of CPU time (one core) for: full decode to the JSON dict (clean, and with 1-3
injected bit errors per message), and the vectorised ``decode_many`` batch path. A
baseline in the same process (``int(hex, 16)`` per message) gives machine-independent
ratios.
"""

from __future__ import annotations

import argparse
import random
import time

from sarsat.beacon import decode, decode_many, encode_fgb


def sample_messages(n: int, seed: int = 406) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = i % 5
        mid = rng.choice([227, 232, 257, 316, 366, 412, 503])
        pos = {"latitude_deg": rng.uniform(-80, 80), "longitude_deg": rng.uniform(-179, 179)}
        if kind == 0:
            spec = {"family": "standard-location", "code": "0010", "country_code": mid,
                    "identity": {"mmsi_last6": f"{rng.randrange(10**6):06d}", "specific_beacon": 0}, "position": pos}
        elif kind == 1:
            spec = {"family": "user", "code": "011", "country_code": mid,
                    "identity": {"beacon_type": "plb", "serial_number": rng.randrange(2**20)}, "position": None}
        elif kind == 2:
            spec = {"family": "national-location", "code": "1010", "country_code": mid,
                    "identity": {"national_id": rng.randrange(2**18)}, "position": pos}
        elif kind == 3:
            spec = {"family": "elt-dt", "country_code": mid,
                    "identity": {"identity_type": "aircraft-address", "aircraft_address": f"{rng.randrange(1, 2**24 - 1):06X}"},
                    "details": {"altitude": {"code": "0101"}}, "position": pos}
        else:
            spec = {"family": "rls", "country_code": mid,
                    "identity": {"beacon_type": "epirb", "tac_truncated": rng.randrange(1, 900), "serial_number": 5},
                    "position": pos}
        out.append(encode_fgb(spec))
    return out


def with_errors(messages: list[str], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for m in messages:
        value = int(m, 16)
        for b in rng.sample(range(25, 107), rng.randint(1, 3)):
            value ^= 1 << (144 - b)
        out.append(format(value, "030X"))
    return out


def rate(fn, items, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Items per second of CPU time (process_time: robust to other processes sharing the
    machine), best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(items)
        best = min(best, time.process_time() - start)
    return len(items) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500000)
    args = parser.parse_args()
    messages = sample_messages(args.n)
    damaged = with_errors(messages)
    decode(damaged[0])  # build the correction tables outside the timing

    baseline = rate(lambda xs: [int(x, 16) for x in xs], messages)
    clean = rate(lambda xs: [decode(x).to_json() for x in xs], messages)
    errors = rate(lambda xs: [decode(x).to_json() for x in xs], damaged)
    big = (messages * (args.batch // len(messages) + 1))[: args.batch]
    batch = rate(decode_many, big)
    print(f"baseline int(hex,16):           {baseline:12,.0f} msg/s")
    print(f"decode → JSON dict, clean:      {clean:12,.0f} msg/s  ({baseline / clean:.0f}× baseline time)")
    print(f"decode → JSON dict, 1-3 errors: {errors:12,.0f} msg/s  ({baseline / errors:.0f}× baseline time)")
    print(f"decode_many (BCH + hex IDs):    {batch:12,.0f} msg/s  ({batch / baseline:.2f}× baseline rate)")


if __name__ == "__main__":
    main()
