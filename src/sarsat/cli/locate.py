"""``sarsat locate`` (measurements -> solutions) and ``sarsat simulate`` (scenario -> measurements)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

import click
import numpy as np

from sarsat.cli import cli
from sarsat.errors import MeasurementError, SarsatError


def _open_in(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")
    except OSError as e:
        raise SarsatError(f"cannot read {path}: {e.strerror}") from e


def _emit(obj: dict[str, Any], out: IO[str]) -> None:
    out.write(json.dumps(obj, separators=(",", ":")) + "\n")


@cli.command()
@click.argument("measurements", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--window", "window_s", type=click.FloatRange(min=1.0), default=None, help="also solve joint windows of this many seconds per beacon")
@click.option("--no-single", is_flag=True, help="do not output single-burst solutions")
@click.option("--calibration", type=click.Path(exists=True, dir_okay=False), default=None, help="JSON {delay_s: {sat_id: s}, freq_offset_hz: {sat_id: Hz}}")
@click.option("--three-d", is_flag=True, help="solve altitude too (ELT(DT) in flight; >= 4 satellites)")
@click.option("--velocity", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="beacon velocity in windows")
@click.option("--wander", type=click.FloatRange(min=0.0), default=3e-9, show_default=True, help="LEOSAR beacon frequency random walk, RMS fraction over 900 s")
def locate(measurements: str, window_s: float | None, no_single: bool, calibration: str | None, three_d: bool, velocity: str, wander: float) -> int:
    """Locate beacons from MEASUREMENTS (JSON Lines; - for stdin); solutions as JSON Lines on stdout.

    MEOSAR records give single-burst solutions (bursts with >= 3 satellites) and, with
    --window, joint solutions; LEOSAR records give Doppler A/B solutions per pass; GEOSAR
    detections pass the encoded position through.
    """
    from sarsat.locate.doppler import locate_pass, split_passes
    from sarsat.locate.geosar import pass_through
    from sarsat.locate.measurements import (
        GeoDetection,
        LeoMeasurement,
        MeoMeasurement,
        read_records,
    )
    from sarsat.locate.meosar import NO_CALIBRATION, Calibration, locate_bursts
    from sarsat.locate.window import locate_window

    cal = NO_CALIBRATION
    if calibration:
        try:
            cal = Calibration.from_json(json.loads(Path(calibration).read_text(encoding="utf-8")))
        except json.JSONDecodeError as e:
            raise MeasurementError(f"{calibration}: not JSON ({e.msg})") from e
    out = sys.stdout
    failed = 0
    meo: dict[tuple[str, int], list[MeoMeasurement]] = defaultdict(list)
    leo: list[LeoMeasurement] = []
    geo: list[GeoDetection] = []
    with _open_in(measurements) as f:
        for rec in read_records(f):
            if isinstance(rec, MeasurementError):
                failed += 1
                print(f"sarsat: error: {rec}", file=sys.stderr)
                _emit({"error": str(rec)}, out)
            elif isinstance(rec, MeoMeasurement):
                meo[(rec.beacon_id, rec.burst_index)].append(rec)
            elif isinstance(rec, LeoMeasurement):
                leo.append(rec)
            else:
                geo.append(rec)

    def fail(e: SarsatError, where: dict[str, Any]) -> None:
        nonlocal failed
        failed += 1
        print(f"sarsat: error: {e}", file=sys.stderr)
        _emit({**where, "error": str(e)}, out)

    need = 4 if three_d else 3
    keys = sorted(meo, key=lambda k: (k[0], min(m.epoch_utc for m in meo[k]), k[1]))
    if not no_single:
        solvable = [k for k in keys if len({m.sat_id for m in meo[k]}) >= need]
        if len(solvable) < len(keys):
            hint = "" if window_s is not None else " (use --window to combine them)"
            print(f"sarsat: note: {len(keys) - len(solvable)} burst(s) seen by fewer than {need} satellites have no single-burst solution{hint}", file=sys.stderr)
        try:
            sols = locate_bursts([meo[k] for k in solvable], three_d=three_d, calibration=cal) if solvable else []
        except MeasurementError:  # find the culprit burst, keep the rest
            sols = []
            for k in solvable:
                try:
                    sols.extend(locate_bursts([meo[k]], three_d=three_d, calibration=cal))
                except MeasurementError as e:
                    fail(e, {"beacon_id": k[0], "burst_index": k[1]})
        for s in sols:
            _emit(s.to_json(), out)
    if window_s is not None:
        by_beacon: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for k in keys:
            by_beacon[k[0]].append(k)
        for beacon, bk in by_beacon.items():
            starts = [min(m.epoch_utc + timedelta(seconds=m.toa_s) for m in meo[k]) for k in bk]
            i = 0
            while i < len(bk):
                j = i
                while j < len(bk) and (starts[j] - starts[i]).total_seconds() < window_s:
                    j += 1
                chans = [m for k in bk[i:j] for m in meo[k]]
                try:
                    _emit(locate_window(chans, velocity=velocity, calibration=cal).to_json(), out)
                except MeasurementError as e:
                    fail(e, {"beacon_id": beacon, "mode": "window"})
                i = j
    for p in split_passes(leo) if leo else []:
        try:
            _emit(locate_pass(p, wander_frac=wander).to_json(), out)
        except MeasurementError as e:
            fail(e, {"beacon_id": p[0].beacon_id, "mode": "doppler"})
    for g in geo:
        _emit(pass_through(g).to_json(), out)
    return 2 if failed else 0


@cli.command()
@click.option("--measurements", "meas_path", type=click.Path(dir_okay=False, allow_dash=True), required=True, help="output JSON Lines (- for stdout)")
@click.option("--truth", "truth_path", type=click.Path(dir_okay=False), default=None, help="write the truth of every burst here")
@click.option("--kind", type=click.Choice(["meosar", "leosar"]), default="meosar", show_default=True)
@click.option("--beacon-type", type=click.Choice(["fgb", "sgb"]), default="fgb", show_default=True)
@click.option("--noise", type=click.Choice(["fixed", "cn0"]), default="fixed", show_default=True, help="fixed FGB 15 us/0.15 Hz, SGB 0.3 us/0.03 Hz; or from C/N0 35-45 dB-Hz")
@click.option("--constellation", type=click.Choice(["galileo", "gps", "glonass", "beidou", "all"]), default="galileo", show_default=True)
@click.option("--tle", type=click.Path(exists=True, dir_okay=False), default=None, help="use these TLEs instead of a Walker constellation")
@click.option("--sat-ids", "sat_ids_csv", type=click.Path(exists=True, dir_okay=False), default=None,
              help="cs_id,norad CSV: keep only these TLE satellites, with their C/S IDs (otherwise IDs are NORAD numbers)")
@click.option("--sats", type=click.IntRange(min=1), default=6, show_default=True, help="satellites per burst (highest at the LUT)")
@click.option("--beacons", "n_beacons", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--beacon", "beacon_pos", multiple=True, help="LAT,LON of a beacon (repeatable; overrides --beacons)")
@click.option("--lut", default="43.56,1.48", show_default=True, help="LUT LAT,LON")
@click.option("--radius-km", type=click.FloatRange(min=1.0), default=3000.0, show_default=True, help="random beacons within this distance of the LUT")
@click.option("--duration", "duration_s", type=click.FloatRange(min=0.0), default=600.0, show_default=True, help="seconds of bursts")
@click.option("--speed", "speed_mps", type=click.FloatRange(min=0.0), default=0.0, show_default=True, help="beacon drift speed, m/s")
@click.option("--epoch", default="2024-08-14T12:00:00Z", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def simulate(meas_path: str, truth_path: str | None, kind: str, beacon_type: str, noise: str, constellation: str, tle: str | None, sat_ids_csv: str | None, sats: int,
             n_beacons: int, beacon_pos: tuple[str, ...], lut: str, radius_km: float, duration_s: float, speed_mps: float, epoch: str, seed: int) -> int:
    """Simulate beacons seen by satellites: TOA/FOA (MEOSAR) or Doppler (LEOSAR) measurements."""
    from sarsat.locate.measurements import parse_utc
    from sarsat.orbit import walker
    from sarsat.orbit.ephemeris import CombinedEphemeris
    from sarsat.orbit.satellite_ids import read_satellite_ids
    from sarsat.orbit.tle import TleSet
    from sarsat.sim import measurements as simm
    from sarsat.sim import noise as simn

    t0 = parse_utc(epoch, "--epoch")

    def latlon(text: str, what: str) -> tuple[float, float]:
        try:
            la, lo = (float(x) for x in text.split(","))
        except ValueError as e:
            raise SarsatError(f"{what} {text!r}: expected LAT,LON in degrees") from e
        if not (-90 <= la <= 90 and -180 <= lo <= 180):
            raise SarsatError(f"{what} {text!r}: outside -90..90, -180..180")
        return la, lo

    def tle_set() -> Any:
        assert tle is not None
        if sat_ids_csv:
            t = TleSet.from_file(tle, read_satellite_ids(sat_ids_csv))
            return t.select(i for i, s in enumerate(t.satellites) if s.sat_id)
        raw = TleSet.from_file(tle)
        return TleSet.from_file(tle, {n: n for n in raw.norad_ids()})

    lut_lat, lut_lon = latlon(lut, "--lut")
    rng = np.random.default_rng(seed)
    period = 50.0 if beacon_type == "fgb" else 30.0
    if beacon_pos:
        beacons = tuple(
            simm.BeaconTruth(f"SIM{i:04d}", *latlon(b, "--beacon"), f0_hz=float(rng.uniform(406.022e6, 406.076e6)), period_s=period,
                             velocity_en_mps=(speed_mps, 0.0), first_burst_s=float(rng.uniform(0, period)))
            for i, b in enumerate(beacon_pos)
        )
    else:
        beacons = simm.random_beacons(rng, n_beacons, lut_lat, lut_lon, radius_km * 1e3, period_s=period, velocity_mps=speed_mps)
    if kind == "leosar":
        eph: Any = tle_set() if tle else walker.leo(2, 2)
        beacons = tuple(b.__class__(**{**b.to_json(), "velocity_en_mps": (0.0, 0.0), "wander_frac": 3e-9}) for b in beacons)
        records: list[Any]
        records, truth = simm.simulate_leosar(simm.LeoScenario(t0, eph, beacons, duration_s=duration_s), seed=seed)
    else:
        if tle:
            eph = tle_set()
        elif constellation == "all":
            eph = CombinedEphemeris([f() for f in walker.CONSTELLATIONS.values()])
        else:
            eph = walker.CONSTELLATIONS[constellation]()
        model = {("fgb", "fixed"): simn.FGB_FIXED, ("sgb", "fixed"): simn.SGB_FIXED, ("fgb", "cn0"): simn.FGB_CN0_35, ("sgb", "cn0"): simn.SGB_CN0_35}[(beacon_type, noise)]
        scn = simm.MeoScenario(t0, eph, beacons, lut_lat, lut_lon, duration_s=duration_s, max_sats=sats, noise=model)
        records, truth = simm.simulate_meosar(scn, seed=seed)
    out = sys.stdout if meas_path == "-" else open(meas_path, "w", encoding="utf-8")
    try:
        for r in records:
            _emit(r.to_json(), out)
    finally:
        if out is not sys.stdout:
            out.close()
    if truth_path:
        with open(truth_path, "w", encoding="utf-8") as f:
            for t in truth:
                _emit(t.to_json(t0), f)
    print(f"sarsat: {len(records)} {kind} records, {len(truth)} bursts, {len(beacons)} beacon(s)", file=sys.stderr)
    return 0


