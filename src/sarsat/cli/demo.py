"""``sarsat demo``, ``sarsat run SCENARIO.toml`` and ``sarsat lut CHANNEL_FILES…``.

``demo`` and ``run``: simulate the scenario's satellite channels (IQ, SigMF), run the LUT on
them (channels in parallel processes), feed every solution to an MCC with a SQLite store, write
the SIT 185 messages, print a summary. Files go to ``--out`` (default ``sarsat-demo``/``sarsat-run``):
``channels/sat-NNN.sigmf-*`` (FGB) and ``channels/sat-NNN-sgb.sigmf-*`` (SGB), ``truth.json``, ``solutions.jsonl``, ``mcc.db``, ``sit185/*.txt``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import click

from sarsat.cli import cli
from sarsat.errors import SarsatError

RCC_KINDS = ("RCC", "SPOC")  #: destinations that are rescue centres


@dataclass
class RunResult:
    """What one end-to-end run produced (for the summary, tests and benchmarks)."""

    out_dir: Path
    truth: dict[str, Any]
    outputs: list[Any]
    sit185_paths: list[Path]
    rows: list[dict[str, Any]]
    timings_s: dict[str, float] = field(default_factory=dict)
    ingest_s: list[float] = field(default_factory=list)  # wall time of each MCC ingest (same order as outputs)
    channel_cpu_s: dict[str, tuple[float, int]] = field(default_factory=dict)  # path -> (CPU s, segments)


def _progress(quiet: bool) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True, quiet=quiet), transient=False)


def run_scenario(scn: Any, out_dir: str | Path, *, workers: int | None = None, quiet: bool = False,
                 latency_margin_s: float = 5.0) -> RunResult:
    """sim → LUT → MCC for ``scn`` (a :class:`sarsat.sim.scenario.Scenario`) into ``out_dir``."""
    from sarsat.lut import demodulate_channels
    from sarsat.lut.pipeline import Lut
    from sarsat.mcc.ingest import SolutionRecord
    from sarsat.mcc.store import Store, default_url
    from sarsat.sim.iq import simulate_iq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("mcc.db", "mcc.db-wal", "mcc.db-shm"):
        (out / name).unlink(missing_ok=True)
    for stale in (out / "sit185").glob("*.txt") if (out / "sit185").is_dir() else []:
        stale.unlink()
    timings: dict[str, float] = {}
    with _progress(quiet) as prog:
        t = time.perf_counter()
        task = prog.add_task("simulating channels (IQ)", total=None)

        def sim_step(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        sim = simulate_iq(scn, out, sim_step)
        timings["simulate_s"] = time.perf_counter() - t

        t = time.perf_counter()
        task = prog.add_task("LUT: demodulating channels", total=len(sim.channel_paths))
        channel_cpu: dict[str, tuple[float, int]] = {}

        def demod_step(path: str, _n: int, cpu_s: float, n_seg: int) -> None:
            channel_cpu[path] = (cpu_s, n_seg)
            prog.advance(task)

        dets = demodulate_channels(sim.channel_paths, workers, demod_step)
        timings["demodulate_s"] = time.perf_counter() - t

        t = time.perf_counter()
        lut = Lut(scn.lut.lut_id)
        task = prog.add_task("LUT: grouping and locating", total=len(dets))
        outputs = []
        for d in dets:
            outputs += lut.add(d)
            prog.advance(task)
        outputs += lut.flush()
        timings["locate_s"] = time.perf_counter() - t
        with open(out / "solutions.jsonl", "w", encoding="utf-8") as fh:
            for o in outputs:
                fh.write(json.dumps(o.record) + "\n")

        t = time.perf_counter()
        store = Store(default_url(out / "mcc.db"))
        task = prog.add_task("MCC: ingesting solutions", total=len(outputs))
        latency = []
        try:
            for o in outputs:
                t1 = time.perf_counter()
                rec = SolutionRecord.from_json(o.record)
                now = o.burst.rx_utc + timedelta(seconds=latency_margin_s)  # replay clock
                store.ingest(rec, now)
                latency.append(time.perf_counter() - t1)
                prog.advance(task)
            sit_paths = store.export(out / "sit185")
            rows = _summary_rows(scn, sim.truth_path, outputs, store)
        finally:
            store.close()
        timings["mcc_s"] = time.perf_counter() - t
    truth = json.loads(sim.truth_path.read_text("utf-8"))
    return RunResult(out, truth, outputs, sit_paths, rows, timings, latency, channel_cpu)


def _summary_rows(scn: Any, truth_path: Path, outputs: list[Any], store: Any) -> list[dict[str, Any]]:
    import numpy as np

    from sarsat.beacon import decode
    from sarsat.errors import MccError
    from sarsat.orbit.frames import ecef_to_geodetic, surface_distance_m

    rows = []
    for b in scn.beacons:
        hex_id = decode(b.message_hex(b.lat_deg, b.lon_deg)).hex_id
        mine = [o for o in outputs if o.burst.hex_id == hex_id]
        located = [o for o in mine if o.solution is not None]
        row: dict[str, Any] = {"beacon": b.name, "hex_id": hex_id, "distress": b.distress, "bursts": len(mine),
                               "true_lat_deg": b.lat_deg, "true_lon_deg": b.lon_deg, "lat_deg": None, "lon_deg": None,
                               "error_km": None, "status": "-", "alerts_rcc": 0, "messages": 0, "destinations": []}
        if located:
            s = located[-1].solution
            t_s = (s.time_utc - scn.start_utc).total_seconds() if s.time_utc is not None else 0.0
            la, lo, _ = ecef_to_geodetic(b.position_ecef(np.array(t_s)))
            row.update(true_lat_deg=float(la), true_lon_deg=float(lo), lat_deg=s.lat_deg, lon_deg=s.lon_deg,
                       error_km=float(surface_distance_m(s.lat_deg, s.lon_deg, float(la), float(lo))) / 1e3,
                       mode=s.mode, n_bursts=s.n_bursts)
        try:
            site = store.site(hex_id)
            msgs = store.messages(site.site_id)
            row["status"] = site.status
        except MccError:
            msgs = [m for m in store.messages() if json.loads(m["alert"]).get("beacon", {}).get("hex_id") == hex_id]
            audit = store.audit_trail(hex_id)
            row["status"] = audit[-1]["decision"] if audit else "-"
        kinds = [store.routing.by_id(m["destination"]).kind for m in msgs]
        row["messages"] = len(msgs)
        row["alerts_rcc"] = sum(k in RCC_KINDS for k in kinds)
        row["destinations"] = sorted({m["destination"] for m in msgs})
        rows.append(row)
    return rows


def _print_summary(res: RunResult) -> None:
    from rich.console import Console
    from rich.table import Table

    import sys

    table = Table(title=f"sarsat: {res.truth['scenario']} ({res.truth['duration_s']:g} s simulated)")
    for col in ("beacon", "hex ID", "true position", "located position", "error km", "site status", "alerts sent"):
        table.add_column(col, justify="right" if col in ("error km",) else "left", no_wrap=col != "alerts sent")
    for r in res.rows:
        true = f"{r['true_lat_deg']:.4f} {r['true_lon_deg']:.4f}"
        loc = "-" if r["lat_deg"] is None else f"{r['lat_deg']:.4f} {r['lon_deg']:.4f}"
        err = "-" if r["error_km"] is None else f"{r['error_km']:.2f}"
        where = f"; {', '.join(r['destinations'])}" if r["destinations"] else ""
        sent = f"{r['messages']} ({r['alerts_rcc']} to RCCs{where})"
        table.add_row(r["beacon"], r["hex_id"], true, loc, err, r["status"], sent)
    con = Console(width=None if sys.stdout.isatty() else 140)
    con.print(table)
    tm = res.timings_s
    con.print(f"{len(res.outputs)} bursts located or detected; {len(res.sit185_paths)} SIT 185 file(s) in "
              f"{res.out_dir / 'sit185'}; times: " + ", ".join(f"{k[:-2]} {v:.1f} s" for k, v in tm.items()))


def _run(scn: Any, out_dir: str, workers: int | None, as_json: bool, quiet: bool) -> int:
    res = run_scenario(scn, out_dir, workers=workers, quiet=quiet or as_json)
    if as_json:
        for r in res.rows:
            click.echo(json.dumps(r))
    else:
        _print_summary(res)
    return 0


_out = click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Working directory for every file written.")
_workers = click.option("--workers", type=click.IntRange(1, 64), help="Processes demodulating channels (default: CPUs).")
_json = click.option("--json", "as_json", is_flag=True, help="JSON Lines summary (one object per beacon).")
_quiet = click.option("--quiet", "-q", is_flag=True, help="No progress bars.")


@cli.command("demo")
@_out
@_workers
@_json
@_quiet
@click.option("--serve", is_flag=True, help="Then open the operator web page on the demo's MCC store (sarsat serve).")
@click.option("--port", default=8406, show_default=True, type=click.IntRange(1, 65535), help="Port for --serve.")
def demo_cmd(out_dir: str | None, workers: int | None, as_json: bool, quiet: bool, serve: bool, port: int) -> int:
    """Run the bundled scenario (EPIRB with GNSS, PLB without, ELT(DT) in flight, a self-test, an
    orbitography beacon and a second-generation EPIRB; 20 min, 6 Galileo satellites) through
    sim -> LUT -> MCC."""
    from sarsat.sim.scenario import Scenario

    text = resources.files("sarsat.sim").joinpath("data/demo.toml").read_text("utf-8")
    out = out_dir or "sarsat-demo"
    status = _run(Scenario.from_toml(text, "demo.toml"), out, workers, as_json, quiet)
    if serve and status == 0:
        from sarsat.cli.serve import serve_store

        click.echo(f"sarsat demo: operator page on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
        return serve_store(str(Path(out) / "mcc.db"), port=port)
    return status


@cli.command("run")
@click.argument("scenario", type=click.Path(dir_okay=False))
@_out
@_workers
@_json
@_quiet
def run_cmd(scenario: str, out_dir: str | None, workers: int | None, as_json: bool, quiet: bool) -> int:
    """Run SCENARIO (TOML, README "Scenario TOML") through sim -> LUT -> MCC."""
    from sarsat.sim.scenario import Scenario

    return _run(Scenario.from_file(scenario), out_dir or "sarsat-run", workers, as_json, quiet)


@cli.command("lut")
@click.argument("channels", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_workers
@click.option("--detections", "show_detections", is_flag=True, help="Print detections (JSON Lines) instead of solutions.")
def lut_cmd(channels: tuple[str, ...], workers: int | None, show_detections: bool) -> int:
    """Run the LUT on satellite-channel files (segmented SigMF, .sigmf-meta); prints one MCC
    solution record per burst (JSON Lines, README "MCC solution JSON")."""
    from sarsat.lut import demodulate_channels, run_lut

    for c in channels:
        if not Path(c).exists() and not Path(c + ".sigmf-meta").exists():
            raise SarsatError(f"{c}: no such channel file")
    dets = demodulate_channels(channels, workers)
    if show_detections:
        for d in dets:
            click.echo(json.dumps(d.to_json()))
        return 0
    for o in run_lut(dets):
        click.echo(json.dumps(o.record))
    return 0
