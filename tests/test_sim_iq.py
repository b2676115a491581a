"""IQ-level simulator: scenario TOML, schedules, link budget, segmented channel files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from sarsat.errors import ScenarioError, SignalError
from sarsat.signal.captures import Segment, iter_segments, read_channel, write_channel
from sarsat.sim.iq import Simulator, simulate_iq
from sarsat.sim.scenario import BeaconSpec, LinkBudget, Scenario, burst_times_s

EPIRB = ('message = { family = "standard-location", code = "0010", country_code = 227, '
         'identity = { mmsi = "227123456" } }')


def scenario(beacon_extra: str = "", top: str = "duration_s = 60") -> str:
    return (f"start_utc = 2025-06-12T14:00:00Z\n{top}\n[lut]\nantennas = 4\n"
            f"[[beacon]]\nname = \"b\"\nlat_deg = 42.8\nlon_deg = 5.2\n{EPIRB}\n{beacon_extra}\n")


def test_scenario_defaults() -> None:
    scn = Scenario.from_toml(scenario())
    assert scn.start_utc == datetime(2025, 6, 12, 14, tzinfo=UTC)
    assert scn.lut.antennas == 4 and scn.lut.sample_rate_hz == 24_000.0
    assert scn.beacons[0].distress is True and scn.beacons[0].schedule == "fgb"


@pytest.mark.parametrize(("extra", "needle"), [
    ("lat_deg2 = 1", "unknown key"),
    ("schedule = \"weekly\"", "schedule"),
    ("hex = \"8E321E24002AC0AAC582B68C030772\"", "exactly one of"),
    ("active_s = [[10, 5]]", "active_s"),
    ("f0_hz = 407e6", "f0_hz"),
    ("velocity_en_mps = [1]", "velocity_en_mps"),
])
def test_bad_beacon_is_scenario_error(extra: str, needle: str) -> None:
    with pytest.raises(ScenarioError, match=needle):
        Scenario.from_toml(scenario(extra))


def test_bad_message_fields_name_the_beacon() -> None:
    text = scenario().replace('code = "0010"', 'code = "9999"')
    with pytest.raises(ScenarioError, match="'b'.*message"):
        Scenario.from_toml(text)


@pytest.mark.parametrize("text", ["start_utc = 2025-06-12T14:00:00\nduration_s = 1\nbeacon = []",
                                  "start_utc = 2025-06-12T14:00:00Z\nduration_s = -1\nbeacon = []",
                                  "[constellation]\nwalker = [\"iridium\"]"])
def test_bad_scenario_values(text: str) -> None:
    with pytest.raises(ScenarioError):
        Scenario.from_toml(text)


def _spec(**kw: object) -> BeaconSpec:
    return BeaconSpec("b", 0.0, 0.0, **kw)  # type: ignore[arg-type]


def test_fgb_schedule_period_47_5_to_52_5_s() -> None:
    t = burst_times_s(_spec(first_burst_s=3.0), 3600.0, np.random.default_rng(1))
    assert t[0] == 3.0 and np.all((np.diff(t) >= 47.5) & (np.diff(t) <= 52.5)) and t[-1] <= 3600.0


def test_elt_dt_schedule() -> None:
    """24 bursts at 5 s, 18 at 10 s, then 27-30 s (T.001 ELT(DT))."""
    d = np.diff(burst_times_s(_spec(schedule="elt-dt"), 1200.0, np.random.default_rng(1)))
    assert np.all(d[:23] == 5.0) and np.all(d[23:41] == 10.0) and np.all((d[41:] >= 27) & (d[41:] <= 30))


def test_once_and_activation_windows() -> None:
    rng = np.random.default_rng(1)
    assert burst_times_s(_spec(schedule="once", first_burst_s=7.0), 100.0, rng).tolist() == [7.0]
    t = burst_times_s(_spec(active_s=((0.0, 60.0), (500.0, 700.0))), 1000.0, rng)
    assert np.all((t <= 60.0) | ((t >= 500.0) & (t <= 700.0))) and np.any(t >= 500.0)


def test_link_budget_falls_6_db_per_range_doubling() -> None:
    lb = LinkBudget(downlink_cn0_dbhz=200.0)
    a, b = lb.cn0_dbhz(np.array([10_000e3, 20_000e3]))
    assert a - b == pytest.approx(20 * np.log10(2), abs=1e-9)


def test_channel_file_round_trip(tmp_path: Path) -> None:
    t0 = datetime(2025, 6, 12, 14, 0, 1, 123456, tzinfo=UTC)
    rng = np.random.default_rng(2)
    segs = [Segment(t0, 1544.1e6 + 1000 * i, (rng.normal(size=50 + i) + 1j).astype(np.complex64)) for i in range(3)]
    write_channel(tmp_path / "ch", 24000.0, {"sarsat:sat_id": 7}, iter(segs))
    g, got = read_channel(tmp_path / "ch.sigmf-data")
    assert g["sarsat:sat_id"] == 7 and g["core:sample_rate"] == 24000.0
    assert [(s.start_utc, s.center_freq_hz) for s in got] == [(s.start_utc, s.center_freq_hz) for s in segs]
    assert all(np.array_equal(a.samples, b.samples) for a, b in zip(got, segs, strict=True))


def test_channel_file_without_data_is_signal_error(tmp_path: Path) -> None:
    write_channel(tmp_path / "ch", 24000.0, {}, [])
    (tmp_path / "ch.sigmf-data").unlink()
    with pytest.raises(SignalError, match="missing"):
        list(iter_segments(tmp_path / "ch.sigmf-meta"))


def test_light_times_and_visibility() -> None:
    sim = Simulator(Scenario.from_toml(scenario()))
    assert sim.arrivals, "a beacon near the LUT is seen"
    for a in sim.arrivals:
        t_e = sim.truth[a.burst]["t_emit_s"]
        assert 0.12 < a.t_ground_s - t_e < 0.20  # two MEO hops of 19 000-26 000 km
        assert abs(a.time_scale - 1.0) < 3e-5
        assert 38.0 < a.cn0_dbhz < 45.0
    per_burst = {}
    for a in sim.arrivals:
        per_burst.setdefault(a.burst, set()).add(a.sat_index)
    assert all(len(s) <= 4 for s in per_burst.values())  # 4 antennas


def test_simulate_iq_writes_channels_and_truth(tmp_path: Path) -> None:
    out = simulate_iq(Scenario.from_toml(scenario()), tmp_path)
    assert out.truth_path.is_file() and len(out.channel_paths) == len(out.channel_paths) > 0
    g, segs = read_channel(out.channel_paths[0])
    assert len(segs) == out.n_bursts  # one window per burst on each tracked satellite
    assert all(0.9 < len(s.samples) / g["core:sample_rate"] < 1.3 for s in segs)


def test_bundled_demo_scenario() -> None:
    """The ``sarsat demo`` scenario: the five beacon kinds the README promises."""
    from importlib import resources

    from sarsat.beacon import decode

    scn = Scenario.from_toml(resources.files("sarsat.sim").joinpath("data/demo.toml").read_text("utf-8"))
    kinds = {b.name: (b.distress, b.schedule, b.self_test, decode(b.message_hex(b.lat_deg, b.lon_deg)))
             for b in scn.beacons}
    assert scn.duration_s == 1200 and len(scn.beacons) == 5
    assert kinds["EPIRB with GNSS"][3].to_json()["position"] is not None
    assert kinds["PLB without GNSS"][3].to_json()["position"] is None
    assert kinds["ELT(DT) in flight"][3].protocol.family == "elt-dt" and kinds["ELT(DT) in flight"][1] == "elt-dt"
    assert kinds["EPIRB self-test"][:3] == (False, "once", True)
    assert kinds["Orbitography"][0] is False
