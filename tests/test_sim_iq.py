"""IQ-level simulator: scenario TOML, schedules, link budget, segmented channel files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.errors import ScenarioError, SignalError
from sarsat.signal.captures import Segment, iter_segments, read_channel, write_channel
from sarsat.sim.iq import Simulator, simulate_iq
from sarsat.sim.scenario import BeaconSpec, LinkBudget, Scenario, burst_times_s

EPIRB = ('message = { family = "standard-location", code = "0010", country_code = 227, '
         'identity = { mmsi = "227123456" } }')
SGB = ('message = { generation = "second", country_code = 227, identity = { tac = 2301, serial_number = 1406 }, '
       'details = { beacon_type = "PLB" } }')
SGB_HEX51 = "0134962E38C158CCD01199A000000000000BFFF003FFFFFFE70"
SGB_HEX63 = "0134962E38C158CCD01199A000000000000BFFF003FFFFFFE70F9A6393D00A6"


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


def test_sgb_schedule_t018_table_2_1() -> None:
    """T.018 §2.2.1 Table 2.1: 6 bursts 5 s apart, 59 intervals of 30 ± 5 s, then 120 ± 5 s."""
    d = np.diff(burst_times_s(_spec(schedule="sgb", first_burst_s=2.0), 3 * 3600.0, np.random.default_rng(1)))
    assert np.all(d[:5] == 5.0)
    assert np.all((d[5:64] >= 25.0) & (d[5:64] <= 35.0)) and np.std(d[5:64]) > 2.5  # T.018: std > 2.5 s
    assert np.all((d[64:] >= 115.0) & (d[64:] <= 125.0)) and len(d[64:]) >= 60


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 100.0), st.floats(0.0, 7200.0))
def test_sgb_schedule_randomisation_bounds(seed: int, first_s: float, duration_s: float) -> None:
    """Every interval is one of T.018's: 5 s fixed, or uniform within ±5 s of 30 s or 120 s,
    in that order; nothing after the end."""
    t = burst_times_s(_spec(schedule="sgb", first_burst_s=first_s), duration_s, np.random.default_rng(seed))
    d = np.diff(t)
    assert t.size == 0 or (t[0] == first_s and t[-1] <= duration_s)
    eps = 1e-9  # times are first_s + a cumulative sum: differences carry rounding
    kind = np.where(np.abs(d - 5.0) < eps, 0, np.where((d >= 25.0 - eps) & (d <= 35.0 + eps), 1,
                                                      np.where((d >= 115.0 - eps) & (d <= 125.0 + eps), 2, 9)))
    assert np.all(kind < 9) and np.all(np.diff(kind) >= 0)
    assert np.sum(kind == 0) <= 5 and np.sum(kind == 1) <= 59


def test_sgb_elt_dt_schedule() -> None:
    """T.018 §2.2.1 Table 2.1, ELT(DT): 24 bursts 5 s apart, 18 more 10 s apart, then 28.5 ± 1.5 s."""
    d = np.diff(burst_times_s(_spec(schedule="elt-dt", generation="second"), 1200.0, np.random.default_rng(2)))
    assert np.all(d[:23] == 5.0) and np.all(d[23:41] == 10.0) and np.all((d[41:] >= 27) & (d[41:] <= 30))


def test_sgb_beacon_defaults() -> None:
    b = Scenario.from_toml(scenario(SGB).replace(EPIRB, "")).beacons[0]
    assert (b.generation, b.schedule, b.f0_hz, b.distress) == ("second", "sgb", 406.05e6, True)
    from sarsat.beacon import decode

    msg = decode(b.message_hex())
    assert msg.generation == "second" and msg.self_test is False and len(b.message_hex()) == 63


@pytest.mark.parametrize(("hex_text", "self_test"), [(SGB_HEX51, False), (SGB_HEX63, False), (SGB_HEX63, True)])
def test_sgb_beacon_from_hex(hex_text: str, self_test: bool) -> None:
    extra = f'hex = "{hex_text}"\nself_test = {str(self_test).lower()}\nschedule = "once"'
    b = Scenario.from_toml(scenario(extra).replace(EPIRB, "")).beacons[0]
    assert b.generation == "second" and b.codeword() == int(SGB_HEX63, 16)
    assert b.message_hex()[0] == ("8" if self_test else "0") and b.distress is not self_test


@pytest.mark.parametrize(("extra", "needle"), [
    ("f0_hz = 406.0513e6", "f0_hz"),  # T.018 §2.3.1.1: 406.05 MHz ± 1.2 kHz
    ("f0_hz = 406.04e6", "f0_hz"),
    ("schedule = \"fgb\"", "other generation"),
])
def test_bad_sgb_beacon_is_scenario_error(extra: str, needle: str) -> None:
    with pytest.raises(ScenarioError, match=needle):
        Scenario.from_toml(scenario(SGB + "\n" + extra).replace(EPIRB, ""))


@pytest.mark.parametrize(("hex_text", "needle"), [
    (SGB_HEX63[:-1] + "7", "BCH"),
    ("F" + SGB_HEX51[1:], "2 zero bits"),
    ("0" * 40, "40 digits"),
    ("0134962E38C158CCD01199A000000000000BFFF003FFFFFFE7G", "not hexadecimal"),
])
def test_bad_sgb_hex_is_scenario_error(hex_text: str, needle: str) -> None:
    with pytest.raises(ScenarioError, match=needle):
        Scenario.from_toml(scenario(f'hex = "{hex_text}"').replace(EPIRB, ""))


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
    assert scn.duration_s == 1200 and len(scn.beacons) == 6
    assert kinds["EPIRB with GNSS"][3].to_json()["position"] is not None
    assert kinds["PLB without GNSS"][3].to_json()["position"] is None
    assert kinds["ELT(DT) in flight"][3].protocol.family == "elt-dt" and kinds["ELT(DT) in flight"][1] == "elt-dt"
    assert kinds["EPIRB self-test"][:3] == (False, "once", True)
    assert kinds["Orbitography"][0] is False
    sgb = kinds["SGB EPIRB with GNSS"]
    assert sgb[:3] == (True, "sgb", False) and sgb[3].generation == "second" and sgb[3].to_json()["position"]
