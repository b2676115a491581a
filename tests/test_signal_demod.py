"""Coherent FGB receiver on synthetic captures: round trips, measurements, several beacons."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from signal_helpers import capture, random_frame

from sarsat.signal.burst import BURST_JSON_KEYS, Burst
from sarsat.signal.fgb_demod import demodulate
from sarsat.signal.receiver import Receiver, receive

FS_HZ = 37_500.0


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), offset_hz=st.floats(-5000, 5000),
       rate_dev=st.floats(-0.01, 0.01), polarity=st.sampled_from([1, -1]),
       start_s=st.floats(0.05, 0.4), short=st.booleans(), self_test=st.booleans())
def test_modulate_then_demodulate(seed: int, offset_hz: float, rate_dev: float, polarity: int,
                                  start_s: float, short: bool, self_test: bool) -> None:
    rng = np.random.default_rng(seed)
    hx = random_frame(rng, short=short, self_test=self_test)
    x = capture([(hx, start_s, offset_hz)], FS_HZ, 1.2, 45.0, rng,
                bit_rate_bps=400 * (1 + rate_dev), polarity=polarity)
    bursts = demodulate(x, FS_HZ)
    assert len(bursts) == 1
    b = bursts[0]
    assert b.bits_hex == hx  # 45 dB-Hz: no bit errors expected
    assert b.message.message_hex == hx[6:]
    assert b.sync == ("self_test" if self_test else "normal")
    assert b.message.self_test is self_test
    assert b.polarity == polarity
    assert b.time_s == pytest.approx(start_s + 0.160, abs=30e-6)  # TOA: start of bit 1
    assert b.frequency_hz == pytest.approx(offset_hz, abs=0.3)
    assert b.bit_rate_bps == pytest.approx(400 * (1 + rate_dev), rel=2e-4)
    assert b.cn0_dbhz == pytest.approx(45.0, abs=1.5)


def test_weak_burst_is_corrected_by_bch() -> None:
    rng = np.random.default_rng(11)
    ok = 0
    corrected = 0
    for _ in range(6):
        hx = random_frame(rng)
        x = capture([(hx, 0.2, float(rng.uniform(-3000, 3000)))], FS_HZ, 1.0, 33.0, rng)
        for b in demodulate(x, FS_HZ):
            ok += b.message.message_hex == hx[6:]
            corrected += sum(v.errors_corrected for v in b.message.bch.values() if v)
    assert ok >= 5  # goal: >= 99 % at 33 dB-Hz (benchmarks/bench_fgb_sensitivity.py)
    assert corrected >= 0


def test_doppler_rate_of_a_leo_pass() -> None:
    rng = np.random.default_rng(5)
    hx = random_frame(rng)
    x = capture([(hx, 0.3, 7000.0)], 75_000.0, 1.2, 40.0, rng, rate_hz_s=-70.0)
    (b,) = demodulate(x, 75_000.0)
    assert b.message.message_hex == hx[6:]
    assert b.frequency_rate_hz_s == pytest.approx(-70.0, abs=5.0)
    assert b.frequency_hz == pytest.approx(7000.0, abs=1.0)


def test_several_beacons_on_several_channels() -> None:
    rng = np.random.default_rng(2)
    fs = 250_000.0
    frames = [(random_frame(rng), 0.10, -60_000.0), (random_frame(rng, short=True), 0.25, 3_000.0),
              (random_frame(rng, self_test=True), 0.18, 6_000.0), (random_frame(rng), 0.12, 81_000.0)]
    x = capture(frames, fs, 1.0, 42.0, rng)
    got = {b.message.message_hex: b for b in demodulate(x, fs)}
    assert set(got) == {hx[6:] for hx, _, _ in frames}
    for hx, start_s, f_hz in frames:
        assert got[hx[6:]].frequency_hz == pytest.approx(f_hz, abs=1.0)
        assert got[hx[6:]].time_s == pytest.approx(start_s + 0.16, abs=50e-6)


def test_burst_cut_by_the_start_of_the_recording() -> None:
    rng = np.random.default_rng(4)
    hx = random_frame(rng)
    x = capture([(hx, -0.17, 500.0)], FS_HZ, 1.0, 45.0, rng)  # carrier and bit 1 before x[0]
    (b,) = demodulate(x, FS_HZ)
    assert b.message.message_hex == hx[6:]
    assert b.time_s == pytest.approx(-0.01, abs=1e-4)


@pytest.mark.parametrize("kind", ["noise", "silence", "carrier"])
def test_no_false_frames(kind: str) -> None:
    rng = np.random.default_rng(9)
    n = int(3 * FS_HZ)
    if kind == "noise":
        x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(np.complex64)
    elif kind == "silence":
        x = np.zeros(n, np.complex64)
    else:  # a strong unmodulated carrier: detected, but no frame in it
        x = capture([], FS_HZ, 3.0, 30.0, rng) + np.exp(2j * np.pi * 1000 * np.arange(n) / FS_HZ)
    assert demodulate(x, FS_HZ) == []


def test_streaming_matches_whole_array_for_any_block_size() -> None:
    rng = np.random.default_rng(8)
    frames = [(random_frame(rng), t, float(rng.uniform(-4000, 4000))) for t in (0.3, 3.9, 7.75, 12.0)]
    x = capture(frames, FS_HZ, 13.0, 42.0, rng)
    ref = [(b.bits_hex, round(b.time_s, 4)) for b in demodulate(x, FS_HZ)]
    assert len(ref) == 4
    for block in (3_000, 65_536, len(x)):
        blocks = (x[i:i + block] for i in range(0, len(x), block))
        got = [(b.bits_hex, round(b.time_s, 4)) for b in receive(blocks, "iq", FS_HZ, stride_s=2.0)]
        assert sorted(got) == sorted(ref)


def test_receiver_memory_is_bounded() -> None:
    rx = Receiver("iq", FS_HZ, stride_s=1.0)
    block = np.zeros(10_000, np.complex64)
    for _ in range(40):
        rx.feed(block)
    assert len(rx._buf) <= int((1.0 + 0.45 + 0.85) * FS_HZ) + len(block)


def test_burst_json_has_exactly_the_contract_keys() -> None:
    rng = np.random.default_rng(1)
    hx = random_frame(rng)
    (b,) = demodulate(capture([(hx, 0.2, 0.0)], FS_HZ, 1.0, 45.0, rng), FS_HZ)
    js = b.to_json()
    assert set(js) == BURST_JSON_KEYS
    assert js["bits_hex"] == hx and js["sync"] == "normal"
    assert js["message"]["message_hex"] == hx[6:]
    assert Burst(0.0, None, None, "normal", "FF").to_json()["frequency_hz"] is None
