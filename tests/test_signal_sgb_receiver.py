"""Both generations in one input: the streaming receiver and ``sarsat demod``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sarsat.beacon.sgb import bch_encode
from sarsat.cli import main
from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.fgb_modulator import modulate_fgb
from sarsat.signal.receiver import receive
from sarsat.signal.sgb_modulator import modulate_sgb
from signal_helpers import random_frame

FS_HZ = 100_000.0


def mixed_capture(rng: np.random.Generator) -> tuple[np.ndarray, str, int, dict[str, float]]:
    """1.5 s at 100 kHz: an FGB long burst at +20 kHz and a self-test SGB burst at +1.1 kHz
    that overlap in time."""
    fgb = random_frame(rng)
    cw = bch_encode(int(rng.integers(0, 2**62)) << 120 | 0x5A5A5)
    n = round(1.5 * FS_HZ)
    b1 = modulate_fgb(fgb, FS_HZ, start_s=0.0)
    b2 = modulate_sgb(cw, FS_HZ, mode="self_test")
    truth = {"fgb_s": 0.70 + 0.16, "sgb_s": 0.25}
    ems = [Emission(b1, round(0.70 * FS_HZ), 20_000.0, 0.0, 0.3),
           Emission(b2, round(0.25 * FS_HZ), 1_100.0, 0.0, 1.1, t_ref_s=0.75)]
    return compose(n, FS_HZ, ems, n0_for(38.0), rng), fgb, cw, truth


def test_receiver_finds_both_generations_in_one_stream() -> None:
    x, fgb, cw, truth = mixed_capture(np.random.default_rng(5))
    blocks = [x[i:i + 40_000] for i in range(0, len(x), 40_000)]
    got = list(receive(blocks, "iq", FS_HZ, stride_s=1.0))
    gens = sorted(b.extra.get("generation", "first") for b in got)
    assert gens == ["first", "second"]
    first = next(b for b in got if b.extra.get("generation", "first") == "first")
    second = next(b for b in got if b.extra.get("generation") == "second")
    assert first.message.message_hex == fgb[6:]
    assert first.time_s == pytest.approx(truth["fgb_s"], abs=50e-6)
    assert int(second.bits_hex, 16) & ((1 << 250) - 1) == cw
    assert second.sync == "self_test" and second.message.generation == "second"
    assert second.time_s == pytest.approx(truth["sgb_s"], abs=1e-6)
    assert second.frequency_hz == pytest.approx(1_100.0, abs=0.2)


def test_sgb_search_can_be_turned_off() -> None:
    x, *_ = mixed_capture(np.random.default_rng(5))
    got = list(receive([x], "iq", FS_HZ, sgb_config=None))
    assert [b.extra.get("generation", "first") for b in got] == ["first"]


def test_sarsat_demod_json_has_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    x, fgb, cw, _ = mixed_capture(np.random.default_rng(5))
    path = tmp_path / "mixed.cf32"
    x.astype(np.complex64).tofile(path)
    assert main(["demod", str(path), "-r", "100k", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_gen = {r["message"]["generation"]: r for r in rows}
    assert set(by_gen) == {"first", "second"}
    sgb = by_gen["second"]
    assert sgb["sync"] == "self_test" and sgb["message"]["self_test"] is True
    assert sgb["message"]["bch"]["bch"]["valid"] is True
    assert len(sgb["bits_hex"]) == 63
    assert by_gen["first"]["message"]["message_hex"] == fgb[6:]


def test_two_sgb_bursts_overlapping_in_time_are_both_found() -> None:
    """Two beacons share the PRN pair (T.018 §2.2.3): bursts 0.4 s apart, 700 Hz apart and 6 dB
    apart in power both come out; a strong lone burst yields no sidelobe candidate."""
    from sarsat.signal.sgb_acquire import acquire, to_acquisition_rate
    from sarsat.signal.sgb_demod import demodulate_sgb, to_work_rate

    rng = np.random.default_rng(11)
    cws = [bch_encode(int(rng.integers(0, 2**62)) << 100 | k) for k in (1, 2)]
    n = round(1.6 * FS_HZ)
    ems = [Emission(modulate_sgb(cws[0], FS_HZ), round(0.05 * FS_HZ), -400.0, 0.0, 0.2, 1.0),
           Emission(modulate_sgb(cws[1], FS_HZ), round(0.45 * FS_HZ), 300.0, 0.0, 1.7, 0.5)]
    x = compose(n, FS_HZ, ems, n0_for(40.0), rng)
    got = demodulate_sgb(x, FS_HZ)
    assert [int(b.bits_hex, 16) & ((1 << 250) - 1) for b in got] == cws
    assert [b.time_s for b in got] == pytest.approx([0.05, 0.45], abs=1e-6)
    # one burst at 55 dB-Hz (statistic above 1e4): none of its sidelobes is a candidate
    x1 = compose(n, FS_HZ, ems[:1], n0_for(55.0), rng)
    cands = acquire(to_acquisition_rate(to_work_rate(x1, FS_HZ)))
    assert len(cands) == 1 and cands[0].score > 1e4
