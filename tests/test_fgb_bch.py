"""BCH-1 (82,61) and BCH-2 (38,26): T.001 Annex B vectors, encode/check, correction."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon.fgb import bch

# T.001 Annex B1: short message 56E6804002202009655250, bits 25-85 → BCH-1 bits 86-106.
B1_DATA = 0x56E6804002202009655250 >> 27  # bits 25-85 of the 88-bit short message
B1_PARITY = "001011001010101001001"
# T.001 Annex B2: bits 107-132 → BCH-2 bits 133-144.
B2_DATA = "10010101110000000000010111"
B2_PARITY = "000101010001"


def test_annex_b1_bch1() -> None:
    assert format(bch.parity(bch.BCH1, B1_DATA), "021b") == B1_PARITY


def test_annex_b2_bch2() -> None:
    assert format(bch.parity(bch.BCH2, int(B2_DATA, 2)), "012b") == B2_PARITY


def test_generators_are_the_spec_products() -> None:
    def mul(a: int, b: int) -> int:
        out = 0
        while b:
            if b & 1:
                out ^= a
            a <<= 1
            b >>= 1
        return out

    m1, m3, m5 = 0b10001001, 0b10001111, 0b10011101  # x^7+x^3+1, x^7+x^3+x^2+x+1, x^7+x^4+x^3+x^2+1
    assert mul(mul(m1, m3), m5) == bch.G1
    assert mul(0b1000011, 0b1010111) == bch.G2  # (1+x+x^6)(1+x+x^2+x^4+x^6)


@given(st.integers(0, 2**61 - 1))
def test_bch1_encode_then_check(data: int) -> None:
    word = bch.encode(bch.BCH1, data)
    assert word >> 21 == data
    assert bch.remainder(bch.BCH1, word) == 0


@given(st.integers(0, 2**26 - 1))
def test_bch2_encode_then_check(data: int) -> None:
    assert bch.remainder(bch.BCH2, bch.encode(bch.BCH2, data)) == 0


@pytest.mark.parametrize("code", [bch.BCH1, bch.BCH2], ids=["BCH-1", "BCH-2"])
def test_every_pattern_up_to_t_is_corrected(code: bch.BchCode) -> None:
    """Exhaustive: all 91 963 (BCH-1) and 741 (BCH-2) error patterns of weight ≤ t."""
    word = bch.encode(code, (0x5A5A5A5A5A5A5A5A5A) & ((1 << code.k) - 1))
    for weight in range(1, code.t + 1):
        for positions in combinations(range(code.n), weight):
            error = 0
            for j in positions:
                error |= 1 << j
            result = bch.correct(code, word ^ error)
            assert result.valid and result.word == word
            assert result.corrected_bits == tuple(sorted(code.spec_bit(j) for j in positions))


@settings(max_examples=300)
@given(st.integers(0, 2**61 - 1), st.sets(st.integers(0, 81), min_size=4, max_size=4))
def test_bch1_four_errors_never_return_the_sent_word_as_clean(data: int, positions: set[int]) -> None:
    word = bch.encode(bch.BCH1, data)
    error = sum(1 << j for j in positions)
    result = bch.correct(bch.BCH1, word ^ error)
    # Beyond t the word is either declared uncorrectable or moved to *another* codeword
    # 3 bits away (a miscorrection the message layer must then judge); never "no error".
    assert result.errors_corrected != 0 or not result.valid
    if result.valid:
        assert result.word != word and result.errors_corrected == 3


def test_spec_bit_numbering() -> None:
    assert bch.BCH1.spec_bit(81) == 25 and bch.BCH1.spec_bit(0) == 106
    assert bch.BCH2.spec_bit(37) == 107 and bch.BCH2.spec_bit(0) == 144
