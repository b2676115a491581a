"""SGB spreading codes and modulator against C/S T.018 §2.2.3, Table 2.2 and §2.3.3."""

from __future__ import annotations

import numpy as np
import pytest

from sarsat.errors import SignalError
from sarsat.signal.sgb_modulator import modulate_sgb, rail_levels
from sarsat.signal.sgb_prn import (
    CHIPS_PER_RAIL,
    TABLE_2_2_FIRST_64,
    first_chips_hex,
    lfsr_chips,
    prn_chips,
)


@pytest.mark.parametrize(("mode", "rail", "hex64"), [
    ("normal", "I", "80000108421284A1"),      # T.018 Table 2.2 and Appendix D
    ("normal", "Q", "3F8358BAD030F231"),
    ("self_test", "I", "0F934A4D4CF3028D"),
    ("self_test", "Q", "14973DC716CDE124"),
])
def test_first_64_chips_match_table_2_2(mode: str, rail: str, hex64: str) -> None:
    assert first_chips_hex(mode, rail) == hex64 == TABLE_2_2_FIRST_64[(mode, rail)]


@pytest.mark.parametrize(("mode", "rail"), list(TABLE_2_2_FIRST_64))
def test_whole_segment_obeys_the_generator_recurrence(mode: str, rail: str) -> None:
    a = prn_chips(mode, rail).astype(np.int64)
    assert len(a) == CHIPS_PER_RAIL
    # G(x) = X^23 + X^18 + 1: a[n+23] = a[n] XOR a[n+18] over all 38 400 chips
    assert np.array_equal(a[23:], a[:-23] ^ a[18:-5])
    assert 0.45 < a.mean() < 0.55  # balanced like an m-sequence segment


def test_four_segments_are_distinct_and_nearly_orthogonal() -> None:
    seqs = [1 - 2 * prn_chips(m, r).astype(np.float64) for m, r in TABLE_2_2_FIRST_64]
    for i in range(4):
        for j in range(i + 1, 4):
            assert abs(np.dot(seqs[i], seqs[j])) / CHIPS_PER_RAIL < 0.02


def test_bad_lfsr_state_is_a_signal_error() -> None:
    with pytest.raises(SignalError, match="23-bit"):
        lfsr_chips(0, 10)
    with pytest.raises(SignalError, match="normal|self_test"):
        prn_chips("test", "I")


def test_rails_carry_preamble_then_odd_and_even_bits() -> None:
    cw = (1 << 249) | 1  # message bit 1 (first odd bit → I) and bit 250 (last even bit → Q)
    li, lq = rail_levels(cw)
    pi_, pq = 1 - 2.0 * prn_chips("normal", "I"), 1 - 2.0 * prn_chips("normal", "Q")
    assert np.array_equal(li[:6400], pi_[:6400]) and np.array_equal(lq[:6400], pq[:6400])
    assert np.array_equal(li[6400:6656], -pi_[6400:6656])        # bit 1 = '1': inverted
    assert np.array_equal(li[6656:], pi_[6656:])
    assert np.array_equal(lq[-256:], -pq[-256:])                 # bit 250 = '1': inverted
    assert np.array_equal(lq[:-256], pq[:-256])


def test_modulator_is_constant_envelope_half_sine_oqpsk() -> None:
    fs = 4 * 38_400.0
    s = modulate_sgb(0, fs, n_samples=int(1.01 * fs))
    body = s[4: int(0.999 * fs)]
    assert np.allclose(np.abs(body), 1.0, atol=1e-5)  # I sin, Q cos: |s| = 1 (MSK-like)
    li, lq = rail_levels(0)
    # I peaks at the middle of its chips (sample 4k+2), Q half a chip later (4k+4)
    assert np.allclose(s.real[2:400:4], li[:100], atol=1e-6)
    assert np.allclose(s.imag[4:404:4], lq[:100], atol=1e-6)
    assert np.all(s[int(1.001 * fs):] == 0)


def test_bad_codeword_is_a_signal_error() -> None:
    with pytest.raises(SignalError, match="250-bit"):
        modulate_sgb(1 << 250, 153_600.0)
