"""The LUT: downlink inversion, detections against the simulator's truth, grouping, location,
bounded memory and the MCC record."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from sarsat.beacon import decode
from sarsat.errors import LutError
from sarsat.lut.channel import ChannelInfo, detections
from sarsat.lut.detection import Detection
from sarsat.lut.locate import refer_foa
from sarsat.lut.pipeline import Lut
from sarsat.mcc.ingest import SolutionRecord
from sarsat.orbit import galileo
from sarsat.orbit.frames import surface_distance_m
from sarsat.signal.captures import write_channel
from sarsat.sim.iq import Simulator, simulate_iq
from sarsat.sim.measurements import BeaconTruth, MeoScenario, simulate_meosar
from sarsat.sim.noise import NoiseModel
from sarsat.sim.scenario import Scenario

TOML = """start_utc = 2025-06-12T14:00:00Z
duration_s = 0
seed = 5
[lut]
antennas = 4
[[beacon]]
name = "b"
lat_deg = 42.8
lon_deg = 5.2
f0_hz = 406.037e6
message = { family = "standard-location", code = "0010", country_code = 227, identity = { mmsi = "227123456" } }
"""
MSG = "8E321E24002B40AE86EC360C2302D6"
EPOCH = datetime(2024, 8, 14, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def one_burst(tmp_path_factory: pytest.TempPathFactory) -> tuple[Simulator, list[Path]]:
    scn = Scenario.from_toml(TOML)
    out = simulate_iq(scn, tmp_path_factory.mktemp("lut"))
    return Simulator(scn), list(out.channel_paths)


def test_downlink_inversion_matches_the_simulator(one_burst: tuple[Simulator, list[Path]]) -> None:
    """The LUT's relay time from the ground arrival equals the simulator's to < 1 ns (independent
    light-time solutions in both directions)."""
    sim, paths = one_burst
    t_e = np.array([sim.truth[0]["t_emit_s"]])
    rb = sim.scn.beacons[0].position_ecef(t_e)
    t_r = sim._uplink(t_e, rb)[0]
    t_g = sim._downlink(t_r[None, :])[0]
    for p in paths:
        ch = ChannelInfo.from_file(p)
        j = next(i for i, s in enumerate(sim.sats) if s.sat_id == ch.sat_id)
        assert ch.relay_time(sim.scn.start_utc, t_g[j]) == pytest.approx(t_r[j], abs=1e-9)


def test_detections_against_truth(one_burst: tuple[Simulator, list[Path]]) -> None:
    """Uplink TOA within 30 µs and FOA within 1 Hz of the truth at each satellite."""
    sim, paths = one_burst
    t_e = np.array([sim.truth[0]["t_emit_s"]])
    rb = sim.scn.beacons[0].position_ecef(t_e)
    t_r = sim._uplink(t_e, rb)[0]
    f_e = sim.truth[0]["f_emit_hz"]
    for p in paths:
        (d,) = list(detections(p))
        j = next(i for i, s in enumerate(sim.sats) if s.sat_id == d.sat_id)
        toa = (d.epoch_utc - sim.scn.start_utc).total_seconds() + d.toa_s
        assert toa == pytest.approx(t_r[j], abs=30e-6)
        # uplink Doppler from the truth (numerical derivative of the light time)
        h = 0.05
        up = 2 * h / (sim._uplink(t_e + h + d.foa_ref_s, rb)[0, j] - sim._uplink(t_e - h + d.foa_ref_s, rb)[0, j])
        assert d.foa_hz == pytest.approx(f_e * up, abs=1.0)
        assert d.hex_id == decode(MSG).hex_id and not d.self_test
        assert 38 < d.cn0_dbhz < 46


def test_channel_without_metadata_is_lut_error(tmp_path: Path) -> None:
    write_channel(tmp_path / "ch", 24000.0, {"sarsat:sat_id": 1}, [])
    with pytest.raises(LutError, match="lacks"):
        ChannelInfo.from_file(tmp_path / "ch.sigmf-meta")


def _dets(seconds: float = 600.0, seed: int = 0, lat: float = 43.0, lon: float = 5.0,
          beacon_id: str = "1C643C4800FFBFF", alt_m: float = 0.0) -> list[Detection]:
    """Detections made from the measurement-level simulator (no IQ): quick pipeline tests."""
    b = BeaconTruth(beacon_id, lat, lon, alt_m, f0_hz=406.037e6)
    ms, _ = simulate_meosar(MeoScenario(EPOCH, galileo(), (b,), max_sats=5, noise=NoiseModel("fgb", 5e-6, 0.02),
                                        duration_s=seconds, lut_lat_deg=43.56, lut_lon_deg=1.48), seed=seed)
    msg = decode(MSG)
    return sorted((Detection(m.sat_id, "2277", "first", beacon_id, MSG, False, m.epoch_utc, m.toa_s, m.foa_hz, 40.0,
                             m.sat_pos_m, m.sat_vel_mps, m.epoch_utc + timedelta(seconds=m.toa_s + 0.08), message=msg)
                   for m in ms), key=lambda d: d.rx_utc)


def _run(dets: list[Detection], **kw: float) -> tuple[Lut, list]:  # type: ignore[type-arg]
    lut = Lut("2277", **kw)  # type: ignore[arg-type]
    out = []
    for d in dets:
        out += lut.add(d)
    return lut, out + lut.flush()


def test_pipeline_groups_and_locates_within_1_km() -> None:
    dets = _dets()
    _, out = _run(dets)
    assert len(out) == len({(d.epoch_utc, round(d.toa_s, 1)) for d in dets}) >= 11
    assert all(len(o.burst.sat_ids) == 5 for o in out)
    last = out[-1].solution
    assert last is not None and last.mode == "window" and last.valid
    assert surface_distance_m(last.lat_deg, last.lon_deg, 43.0, 5.0) < 1000.0


def test_duplicate_channel_keeps_the_best_cn0() -> None:
    dets = _dets(0.0)
    dup = dataclasses.replace(dets[0], cn0_dbhz=30.0, toa_s=dets[0].toa_s + 1e-3)
    _, out = _run([dets[0], dup, *dets[1:]])
    assert len(out) == 1 and len(out[0].burst.detections) == len(dets)
    assert min(d.cn0_dbhz for d in out[0].burst.detections) == 40.0


def test_two_beacons_interleaved_stay_apart() -> None:
    a, b = _dets(200.0), _dets(200.0, seed=1, lat=41.0, lon=3.0, beacon_id="1C643C4800FFBFE")
    _, out = _run(sorted(a + b, key=lambda d: d.rx_utc))
    ids = {o.burst.hex_id for o in out}
    assert ids == {"1C643C4800FFBFF", "1C643C4800FFBFE"}
    for o in out:
        want = (43.0, 5.0) if o.burst.hex_id.endswith("F") else (41.0, 3.0)
        assert o.solution is not None and surface_distance_m(o.solution.lat_deg, o.solution.lon_deg, *want) < 5000


def test_memory_bounded() -> None:
    lut, out = _run(_dets(1500.0), max_bursts=5, window_s=400.0)
    (beacon,) = lut._beacons.values()
    assert len(beacon.bursts) <= 5 and out[-1].solution is not None and out[-1].solution.n_bursts <= 5
    later = dataclasses.replace(_dets(0.0)[0], epoch_utc=EPOCH + timedelta(hours=2),
                                rx_utc=EPOCH + timedelta(hours=2), hex_id="OTHER")
    lut.add(later)
    assert "1C643C4800FFBFF" not in lut._beacons  # silent beyond the window: forgotten


def test_record_is_valid_mcc_json() -> None:
    _, out = _run(_dets(100.0))
    rec = SolutionRecord.from_json(out[-1].record)
    assert rec.system == "meosar" and rec.lut_id == "2277" and rec.num_bursts == out[-1].solution.n_bursts
    assert [f.type for f in rec.fixes] == ["doa", "encoded"]  # the MCC adds the encoded position
    assert not rec.beacon.self_test


def test_self_test_sync_reaches_the_mcc() -> None:
    d = dataclasses.replace(_dets(0.0)[0], self_test=True)
    _, out = _run([d])
    assert SolutionRecord.from_json(out[0].record).beacon.self_test


def test_self_test_bursts_stay_out_of_the_operational_window() -> None:
    dets = _dets(200.0)
    t_last = dets[-1].epoch_utc
    st = [dataclasses.replace(d, self_test=True) for d in dets if d.epoch_utc == t_last]
    _, out = _run(dets[: -len(st)] + st)
    assert [o.burst.best.self_test for o in out].count(True) == 1
    assert all(not d.self_test for o in out if o.solution and o.solution.mode == "window" for d in o.burst.detections)
    assert out[-1].solution is not None and out[-1].solution.n_bursts == 1


def test_refer_foa_moves_the_frequency_by_the_range_rate_change() -> None:
    d = _dets(0.0)[0]
    assert refer_foa(d, 43.0, 5.0, 0.0, 406.037e6) == d.foa_hz  # no offset: unchanged
    v = np.array(d.sat_vel_mps)
    later = dataclasses.replace(d, foa_ref_s=0.1, sat_pos_foa_m=tuple(np.array(d.sat_pos_m) + 0.1 * v),
                                sat_vel_foa_mps=tuple(v + 0.1 * np.array([0.0, 0.0, 5.0])))
    moved = refer_foa(later, 43.0, 5.0, 0.0, 406.037e6)
    assert moved != d.foa_hz and abs(moved - d.foa_hz) < 2.0


def test_long_continuous_capture_read_in_blocks(tmp_path: Path) -> None:
    """A 30 s channel in one capture (a continuous recording) is fed to the receiver in blocks;
    a burst straddling a block boundary (2**18 samples = 10.92 s) is still found."""
    from sarsat.lut.channel import BLOCK_SAMPLES
    from sarsat.signal.captures import Segment
    from sarsat.signal.channel import Emission, compose
    from sarsat.signal.fgb_modulator import modulate_fgb

    sim = Simulator(Scenario.from_toml(TOML))
    fs = 24_000.0
    x = modulate_fgb(MSG, fs)
    starts_s = [BLOCK_SAMPLES / fs - 0.3, 25.0]  # carrier switch-on times
    ems = [Emission(x, int(t * fs), 1500.0, 0.0, 0.0, float(np.sqrt(1e-4 * 1e4))) for t in starts_s]
    y = compose(int(30 * fs), fs, ems, 1e-4, np.random.default_rng(3))
    t0 = sim.scn.start_utc
    write_channel(tmp_path / "long", fs, sim.channel_meta(sim.arrivals[0].sat_index), [Segment(t0, 1544.1e6, y)])
    dets = list(detections(tmp_path / "long.sigmf-meta"))
    assert len(dets) == 2
    for d, t in zip(dets, starts_s, strict=True):
        assert (d.rx_utc - t0).total_seconds() == pytest.approx(int(t * fs) / fs + 0.160, abs=30e-6)
        assert d.hex_id == decode(MSG).hex_id


def test_beacon_on_a_mountain_fitted_in_3d() -> None:
    """A beacon at 2500 m fails the sea-level fit; the 3-D fit locates it and lends the window
    its height."""
    lut, out = _run(_dets(400.0, alt_m=2500.0))
    first = out[0].solution
    assert first is not None and first.valid and abs(first.alt_m - 2500.0) < 1000.0
    assert surface_distance_m(first.lat_deg, first.lon_deg, 43.0, 5.0) < 1000.0
    (beacon,) = lut._beacons.values()
    assert abs(float(np.median(beacon.heights_m)) - 2500.0) < 700.0
    last = out[-1].solution
    assert last is not None and last.mode == "window" and surface_distance_m(last.lat_deg, last.lon_deg, 43.0, 5.0) < 1000.0


SHARED_ORBITS = Path(__file__).resolve().parents[1] / ".." / "shared" / "orbits"


@pytest.mark.skipif(not (SHARED_ORBITS / "sarsat-group-2024-08-14.tle").is_file(),
                    reason="../shared/orbits (TLE snapshot) not present")
def test_tle_constellation_end_to_end(tmp_path: Path) -> None:
    """Satellites from the TLE snapshot: each channel carries its element set; the LUT's relay
    times and a single-burst position come out right."""
    text = TOML.replace("start_utc = 2025-06-12T14:00:00Z", "start_utc = 2024-08-14T12:00:00Z").replace(
        "[lut]", f'[constellation]\ntle = "{SHARED_ORBITS / "sarsat-group-2024-08-14.tle"}"\n'
                 f'sat_ids = "{SHARED_ORBITS / "meosar-satellites.csv"}"\n[lut]')
    scn = Scenario.from_toml(text)
    assert scn.tle is not None and not scn.constellation and all(300 <= s.sat_id < 700 for s in scn.tle.satellites)
    out = simulate_iq(scn, tmp_path)
    dets = [d for p in out.channel_paths for d in detections(p)]
    assert len(dets) == len(out.channel_paths) >= 3
    _, res = _run(sorted(dets, key=lambda d: d.rx_utc))
    sol = res[0].solution
    assert sol is not None and surface_distance_m(sol.lat_deg, sol.lon_deg, 42.8, 5.2) < 1000.0
