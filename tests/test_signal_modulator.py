"""FGB modulator (T.001 §2.2–2.3) and the channel model."""

from __future__ import annotations

import numpy as np
import pytest

from sarsat.errors import SignalError
from sarsat.signal.channel import Emission, add_awgn, compose, doppler, n0_for
from sarsat.signal.fgb_modulator import (
    CARRIER_S,
    MOD_INDEX_RAD,
    frame_bits,
    modulate_fgb,
    phase_rad,
)

FS_HZ = 100_000.0
LONG = "FFFE2F8E3E0425A72AC0626AE5B716C2DB8E"  # moricef 406discri decode (SOURCE.md)
SHORT = "FFFE2F5011A5FC5399AE857D5D80"  # OPS-SAT 004222 decode (SOURCE.md)


@pytest.mark.parametrize(("hx", "duration_s"), [(LONG, 0.520), (SHORT, 0.440)])
def test_burst_length_t001_2_2_2(hx: str, duration_s: float) -> None:
    x = modulate_fgb(hx, FS_HZ)
    on = np.nonzero(np.abs(x) > 0.5)[0]
    assert (on[-1] - on[0] + 1) / FS_HZ == pytest.approx(duration_s, abs=2 / FS_HZ)
    assert np.allclose(np.abs(x[on]), 1.0, atol=1e-6)  # constant envelope


def test_unmodulated_carrier_then_biphase_l() -> None:
    x = modulate_fgb(LONG, FS_HZ)
    ph = np.angle(x)
    n_carrier = int(CARRIER_S * FS_HZ)
    assert np.allclose(ph[: n_carrier - 20], 0.0, atol=1e-6)  # T.001 §2.2.3
    half = int(FS_HZ / 800)
    # bit 1 is a "1": +1.1 rad in its first half, -1.1 rad in its second (T.001 §2.3.5-2.3.6)
    assert ph[n_carrier + half // 2] == pytest.approx(MOD_INDEX_RAD, abs=1e-6)
    assert ph[n_carrier + half + half // 2] == pytest.approx(-MOD_INDEX_RAD, abs=1e-6)
    # bit 16 is a "0" (frame sync 000101111): -1.1 then +1.1
    b16 = n_carrier + 15 * 2 * half
    assert ph[b16 + half // 2] == pytest.approx(-MOD_INDEX_RAD, abs=1e-6)
    assert ph[b16 + half + half // 2] == pytest.approx(MOD_INDEX_RAD, abs=1e-6)


def test_polarity_inverts_the_phase() -> None:
    a = np.angle(modulate_fgb(SHORT, FS_HZ))
    b = np.angle(modulate_fgb(SHORT, FS_HZ, polarity=-1))
    assert np.allclose(a, -b, atol=1e-6)


def test_transition_rise_time_150_us() -> None:
    t = np.linspace(-0.0004, 0.0004, 80001)
    ph = phase_rad(t + 1 / 800, np.array([1, 1]))  # the mid-bit transition of bit 1
    lvl = (MOD_INDEX_RAD - ph) / (2 * MOD_INDEX_RAD)  # 0 before, 1 after
    t10, t90 = t[np.argmax(lvl >= 0.1)], t[np.argmax(lvl >= 0.9)]
    assert t90 - t10 == pytest.approx(150e-6, abs=1e-6)  # T.001 §2.3.6: 150 ±100 µs
    assert (t10 + t90) / 2 == pytest.approx(0.0, abs=1e-6)  # centred on the boundary


def test_sub_sample_start_time() -> None:
    a = modulate_fgb(SHORT, FS_HZ, start_s=0.1)
    b = modulate_fgb(SHORT, FS_HZ, start_s=0.1 + 0.5 / FS_HZ)
    # at the middle of a ramp the phase slope is 2.2 rad / 187.5 µs: half a sample moves it
    i = round((0.1 + CARRIER_S + 1 / 800) * FS_HZ)  # mid-bit transition of bit 1
    slope = 2 * MOD_INDEX_RAD / (150e-6 / 0.8) / FS_HZ  # rad per sample
    assert np.angle(b[i]) - np.angle(a[i]) == pytest.approx(0.5 * slope, rel=1e-3)


def test_frame_bits_prepends_sync() -> None:
    assert frame_bits("8E3E0425A72AC0626AE5B716C2DB8E")[:24].tolist() == [1] * 15 + [0, 0, 0, 1, 0, 1, 1, 1, 1]
    assert frame_bits("5011A5FC5399AE857D5D80", self_test=True)[15:24].tolist() == [0, 1, 1, 0, 1, 0, 0, 0, 0]
    with pytest.raises(SignalError):
        frame_bits("ABC")


def test_awgn_sets_c_over_n0() -> None:
    rng = np.random.default_rng(7)
    x = add_awgn(np.full(400_000, 2.0, np.complex64), 40.0, FS_HZ, rng, carrier_power=4.0)
    n0 = np.var(x - 2.0) / FS_HZ
    assert 10 * np.log10(4.0 / n0) == pytest.approx(40.0, abs=0.05)
    assert n0_for(35.0) == pytest.approx(10**-3.5)


def test_doppler_offset_and_rate() -> None:
    n = 100_000
    y = doppler(np.ones(n, np.complex64), FS_HZ, 1234.5, rate_hz_s=-80.0, t_ref_s=0.5)
    f_inst = np.angle(y[1:] * np.conj(y[:-1])) * FS_HZ / (2 * np.pi)
    t = (np.arange(1, n) - 0.5) / FS_HZ
    assert f_inst[np.argmin(np.abs(t - 0.5))] == pytest.approx(1234.5, abs=0.01)
    assert np.polyfit(t, f_inst, 1)[0] == pytest.approx(-80.0, rel=1e-3)


def test_compose_places_several_emitters() -> None:
    a = np.ones(1000, np.complex64)
    out = compose(5000, FS_HZ, [Emission(a, 100, 0.0, gain=1.0), Emission(a, 3000, 5000.0, gain=0.5),
                                Emission(a, 4500, 0.0)])
    assert np.allclose(np.abs(out[100:1100]), 1.0, atol=1e-5)
    assert np.allclose(np.abs(out[3000:4000]), 0.5, atol=1e-5)
    assert np.allclose(out[1100:3000], 0.0)
    assert np.count_nonzero(out[4500:]) == 500  # clipped at the end
