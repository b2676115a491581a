"""Second-generation bursts through the IQ simulator and the LUT: SGB channel files, the receiver
on a simulated window against the truth, LUT detections (middle-chip TOA, FOA) against the
simulator's light-time chain, self-test flag and the MCC record."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sarsat.beacon import decode
from sarsat.errors import LutError
from sarsat.lut.channel import DEMODULATORS, ChannelInfo, detections
from sarsat.lut.pipeline import Lut
from sarsat.signal.captures import read_channel, read_meta, write_channel
from sarsat.signal.sgb_demod import SgbConfig, demodulate_sgb
from sarsat.sim.iq import SGB_POST_S, SGB_PRE_S, Simulator, simulate_iq
from sarsat.sim.scenario import Scenario

# One SGB PLB burst at t = 0, an SGB self-test 3 s later, and an FGB orbitography burst at
# 406.05 MHz whose 0.52 s overlaps the first SGB burst (composed into its windows).
ORBITOGRAPHY = ('{ family = "user", code = "000", country_code = 227, format = "short", '
                'identity = { data_bits = "0000000000000000000000000000000000000000001011" } }')


def _sgb(serial: int, kind: str) -> str:
    return (f'{{ generation = "second", country_code = 227, identity = {{ tac = 1234, serial_number = {serial} }}, '
            f'details = {{ beacon_type = "{kind}" }} }}')


TOML = f"""start_utc = 2025-06-12T14:00:00Z
duration_s = 4
seed = 8
[lut]
antennas = 2
[[beacon]]
name = "orbitography"
lat_deg = 43.56
lon_deg = 1.48
f0_hz = 406.050e6
first_burst_s = 0.3
message = {ORBITOGRAPHY}
[[beacon]]
name = "SGB PLB"
lat_deg = 43.2
lon_deg = 3.3
f0_hz = 406.0508e6
encode_position = true
message = {_sgb(5678, "PLB")}
[[beacon]]
name = "SGB self-test"
lat_deg = 44.0
lon_deg = 2.3
f0_hz = 406.0493e6
first_burst_s = 3.0
schedule = "once"
self_test = true
message = {_sgb(9999, "EPIRB")}
"""


@pytest.fixture(scope="module")
def sim_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Simulator, list[Path]]:
    scn = Scenario.from_toml(TOML)
    out = simulate_iq(scn, tmp_path_factory.mktemp("sgb"))
    return Simulator(scn), list(out.channel_paths)


def _sgb_paths(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.name.endswith("-sgb.sigmf-meta")]


def test_sgb_channel_files(sim_out: tuple[Simulator, list[Path]]) -> None:
    """One SGB file per satellite next to the FGB one, 153.6 kHz, tuned to the nominal 406.05 MHz
    through the translation and the downlink Doppler (not to the beacon's carrier)."""
    sim, paths = sim_out
    sgb = _sgb_paths(paths)
    assert len(sgb) == 2 and {p.name.replace("-sgb", "") for p in sgb} <= {p.name for p in paths}
    for p in sgb:
        g, segs = read_channel(p)
        assert g["sarsat:generation"] == "second" and g["core:sample_rate"] == 153_600.0
        assert read_meta(str(p).replace("-sgb", ""))["global"]["sarsat:generation"] == "first"
        assert len(segs) == 2
        j = next(i for i, s in enumerate(sim.sats) if s.sat_id == g["sarsat:sat_id"])
        arr = [a for a in sim.arrivals if a.sat_index == j and a.generation == "second"]
        for seg, a in zip(segs, arr, strict=True):
            assert seg.center_freq_hz == sim.sgb_tuning_hz(a)
            assert abs(seg.center_freq_hz - a.f_ground_hz) > 100.0  # the beacon offset is left to search
            assert len(seg.samples) / 153_600.0 == pytest.approx(1.0 + SGB_PRE_S + SGB_POST_S, abs=2e-3)


def test_receiver_on_a_simulated_window_against_the_truth(sim_out: tuple[Simulator, list[Path]]) -> None:
    """The SGB receiver finds the simulated burst (with an FGB burst on top) at the antenna
    time and frequency the simulator used: first chip within 1 µs, carrier at the middle
    within 0.1 Hz, the codeword sent."""
    sim, paths = sim_out
    g, segs = read_channel(_sgb_paths(paths)[0])
    j = next(i for i, s in enumerate(sim.sats) if s.sat_id == g["sarsat:sat_id"])
    a = next(a for a in sim.arrivals if a.sat_index == j and a.generation == "second" and a.mode == "normal")
    assert any(o.generation == "first" and o.sat_index == j and o.start_s < a.end_s and o.end_s > a.start_s
               for o in sim.arrivals)  # the FGB burst is in this window
    seg = segs[0]
    t0 = (seg.start_utc - sim.scn.start_utc).total_seconds()
    (b,) = demodulate_sgb(seg.samples, 153_600.0, SgbConfig(span_hz=2350.0), start_range_s=(0.0, 0.2))
    assert b.bits_hex == f"{a.codeword:063X}" and b.sync == "normal"
    assert t0 + b.time_s == pytest.approx(a.t_ground_s, abs=1e-6)
    half_s = b.extra["time_mid_s"] - b.time_s
    f_mid = a.f_ground_hz + a.rate_hz_s * half_s - seg.center_freq_hz
    assert b.frequency_hz == pytest.approx(f_mid, abs=0.1)
    assert 38.0 < b.cn0_dbhz < 46.0


def test_lut_sgb_detections_against_truth(sim_out: tuple[Simulator, list[Path]]) -> None:
    """Uplink TOA of the middle chip within 1 µs, FOA (at that instant) within 0.1 Hz of the
    truth; the self-test burst is flagged; no FGB burst is read from an SGB channel."""
    sim, paths = sim_out
    n = 0
    for p in _sgb_paths(paths):
        for d in detections(p):
            k = next(i for i, t in enumerate(sim.truth) if t["generation"] == "second" and
                     abs((d.rx_utc - sim.scn.start_utc).total_seconds() - t["t_emit_s"] - 0.6) < 0.2)
            truth, beacon = sim.truth[k], next(b for b in sim.scn.beacons if b.name == sim.truth[k]["beacon"])
            t_mid = np.array([truth["t_emit_s"] + 0.5])  # I chip 19 200 at 38 400 chip/s
            rb = beacon.position_ecef(t_mid)
            j = next(i for i, s in enumerate(sim.sats) if s.sat_id == d.sat_id)
            t_r = sim._uplink(t_mid, rb)[0, j]
            toa = (d.epoch_utc - sim.scn.start_utc).total_seconds() + d.toa_s
            assert d.generation == "second" and d.foa_ref_s == 0.0
            assert toa == pytest.approx(t_r, abs=1e-6)
            h = 0.05
            up = 2 * h / (sim._uplink(t_mid + h, rb)[0, j] - sim._uplink(t_mid - h, rb)[0, j])
            assert d.foa_hz == pytest.approx(truth["f_emit_hz"] * up, abs=0.1)
            assert d.self_test is truth["self_test"]
            assert d.hex_id == decode(truth["message_hex"]).hex_id
            st, sf = d.sigmas()
            assert 30e-9 <= st < 200e-9 and 3e-3 <= sf < 20e-3  # SGB bounds, not FGB's microseconds
            n += 1
    assert n == 4


def test_mcc_record_of_an_sgb_self_test(sim_out: tuple[Simulator, list[Path]]) -> None:
    """The record carries the 63-hex codeword with the self-test pad; the MCC decodes it so."""
    from sarsat.mcc.ingest import SolutionRecord

    _, paths = sim_out
    dets = sorted((d for p in _sgb_paths(paths) for d in detections(p)), key=lambda d: d.rx_utc)
    lut, out = Lut("2277"), []
    for d in dets:
        out += lut.add(d)
    out += lut.flush()
    recs = {o.burst.best.self_test: o.record for o in out}
    assert recs[True]["message_hex"].startswith("8") and len(recs[True]["message_hex"]) == 63
    assert recs[False]["message_hex"][0] == "0"
    assert SolutionRecord.from_json(recs[True]).beacon.self_test is True
    assert SolutionRecord.from_json(json.loads(json.dumps(recs[False]))).beacon.self_test is False


def test_sgb_demodulator_registered() -> None:
    assert set(DEMODULATORS) == {"first", "second"}
    assert DEMODULATORS["second"](np.zeros(1000, np.complex64), 153_600.0, 0.0) == []  # shorter than a burst


@pytest.mark.parametrize(("extra", "needle"), [
    ({"sarsat:generation": "third"}, "sarsat:generation"),
    ({"sarsat:generation": "second"}, "too low"),
])
def test_bad_sgb_channel_metadata_is_lut_error(sim_out: tuple[Simulator, list[Path]], tmp_path: Path,
                                               extra: dict[str, str], needle: str) -> None:
    g = read_meta(sim_out[1][0])["global"]
    meta = {k: v for k, v in g.items() if k.startswith("sarsat:")} | extra
    write_channel(tmp_path / "ch", 24_000.0, meta, [])
    with pytest.raises(LutError, match=needle):
        ChannelInfo.from_file(tmp_path / "ch.sigmf-meta")


def test_sgb_eltdt_is_recognised_with_its_rotating_field_altitude() -> None:
    """An SGB ELT(DT) (beacon type 011, T.018 Table 3.1) gets the ELT(DT) window and its G.008
    rotating-field altitude (16 m steps); a plain SGB ELT is not an ELT(DT)."""
    from types import SimpleNamespace

    from sarsat.beacon import decode
    from sarsat.beacon.sgb import encode_sgb_json
    from sarsat.lut.pipeline import _height_m, _is_eltdt

    js = decode("0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49").to_json()
    plain = SimpleNamespace(message=decode("0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49"))
    assert not _is_eltdt(plain)  # type: ignore[arg-type]
    js["details"]["beacon_type"] = "ELT(DT)"
    js["details"]["rotating_field"]["altitude_m"] = 1200
    eltdt = SimpleNamespace(message=decode(encode_sgb_json(js)))
    assert _is_eltdt(eltdt)  # type: ignore[arg-type]
    assert _height_m(eltdt) == 1200.0  # type: ignore[arg-type]
