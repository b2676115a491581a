"""End-to-end benchmark: the ``sarsat demo`` scenario through sim -> LUT -> MCC.

Reports the wall time of each stage, the simulated seconds each channel's demodulation gets
through per CPU second, and the time from a burst's arrival at the antenna to its SIT 185 being
stored, composed per burst as: the grouping wait (``Lut.close_after_s``: the LUT waits that long
after the last channel heard the burst), demodulation of the burst's window on one channel
(channels run in parallel: the mean CPU time of one window of the burst's generation), location (measured per burst) and
the MCC ingest with its SIT 185 messages (measured per solution).

    python benchmarks/bench_demo.py [--scenario FILE.toml] [--workers 2] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sarsat.cli.demo import run_scenario  # noqa: E402
from sarsat.lut.pipeline import Lut  # noqa: E402
from sarsat.sim.scenario import Scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", help="scenario TOML (default: the bundled demo)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", help="working directory (default: a temporary one)")
    a = ap.parse_args()
    if a.scenario:
        scn = Scenario.from_file(a.scenario)
    else:
        scn = Scenario.from_toml(resources.files("sarsat.sim").joinpath("data/demo.toml").read_text("utf-8"))
    out = a.out or tempfile.mkdtemp(prefix="sarsat-bench-")
    t = time.perf_counter()
    res = run_scenario(scn, out, workers=a.workers, quiet=True)
    wall = time.perf_counter() - t
    n_ch = len(res.channel_cpu_s)
    cpu = sum(c for c, _ in res.channel_cpu_s.values())
    n_seg = sum(n for _, n in res.channel_cpu_s.values())
    per_window_s = cpu / max(n_seg, 1)
    rate = [scn.duration_s / c for c, _ in res.channel_cpu_s.values() if c > 0]
    by_gen: dict[str, tuple[float, int, int]] = {}  # generation -> (CPU s, windows, channels)
    for path, (c, n) in res.channel_cpu_s.items():
        g = "second" if path.endswith("-sgb.sigmf-meta") else "first"
        c0, n0, k0 = by_gen.get(g, (0.0, 0, 0))
        by_gen[g] = (c0 + c, n0 + n, k0 + 1)
    window_s = {g: c / max(n, 1) for g, (c, n, _) in by_gen.items()}
    wait_s = Lut(scn.lut.lut_id).close_after_s
    lat_by: dict[str, list[float]] = {}
    for o, ing in zip(res.outputs, res.ingest_s, strict=True):
        g = o.burst.best.generation
        lat_by.setdefault(g, []).append(wait_s + window_s.get(g, per_window_s) + o.compute_s + ing)
    lat = sorted(x for v in lat_by.values() for x in v)
    loc = sorted(o.compute_s for o in res.outputs)
    print(f"scenario {scn.name}: {scn.duration_s:g} s simulated, {len(scn.beacons)} beacons, {n_ch} channels, "
          f"{n_seg} burst windows, {len(res.outputs)} bursts, {len(res.sit185_paths)} SIT 185 files; "
          f"{a.workers} workers, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"wall time: {wall:.1f} s (" + ", ".join(f"{k[:-2]} {v:.1f} s" for k, v in res.timings_s.items()) + ")")
    print(f"demodulation: {cpu:.1f} CPU s in all, {per_window_s * 1e3:.0f} ms per window; simulated seconds per CPU "
          f"second per channel: median {statistics.median(rate):.1f} (min {min(rate):.1f}, max {max(rate):.1f})")
    for g, (c, n, k) in sorted(by_gen.items()):
        print(f"  {'FGB' if g == 'first' else 'SGB'} channels: {k} files, {n} windows, {c:.1f} CPU s "
              f"({c / max(n, 1) * 1e3:.0f} ms per window); simulated seconds per CPU second per channel: "
              + ", ".join(f"{scn.duration_s / cc:.0f}" for p, (cc, _) in sorted(res.channel_cpu_s.items())
                          if cc > 0 and p.endswith("-sgb.sigmf-meta") == (g == "second")))
    print(f"location per burst: median {statistics.median(loc) * 1e3:.0f} ms, max {max(loc) * 1e3:.0f} ms; "
          f"MCC ingest per solution: median {statistics.median(res.ingest_s) * 1e3:.1f} ms")
    print(f"burst arrival -> SIT 185 stored: median {statistics.median(lat):.2f} s, "
          f"p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} s, max {lat[-1]:.2f} s (of which {wait_s:g} s grouping wait)")
    for g, v in sorted(lat_by.items()):
        v = sorted(v)
        print(f"  {'FGB' if g == 'first' else 'SGB'} bursts ({len(v)}): median {statistics.median(v):.2f} s, "
              f"max {v[-1]:.2f} s")
    for r in res.rows:
        err = "-" if r["error_km"] is None else f"{r['error_km']:.2f} km"
        print(f"  {r['beacon']:<20s} {err:>9s}  {r['status']:<14s} {r['messages']} messages ({r['alerts_rcc']} to RCCs)")


if __name__ == "__main__":
    main()
