"""BCH(250,202) of SGB messages (T.018 §3.5, Appendix B.1): encode, check, correct."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon.sgb import bch_correct, bch_encode, bch_parity, decode_sgb
from sarsat.beacon.sgb.bch import GENERATOR, MINIMAL_POLYNOMIALS, remainder, syndromes

# T.018 App. B.1: the 202 information bits of the worked example (ground-segment hex,
# 2 leading 0 bits) and the BCH the appendix prints.
APP_B_INFO = 0x0039823D32618658622811F0000000000003FFF004030680258
APP_B_BCH_BITS = "010010010010101001001111110001010111101001001001"
APP_B_CODEWORD_HEX = "0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49"


def _clmul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        a <<= 1
        b >>= 1
    return out


def test_generator_is_product_of_the_minimal_polynomials() -> None:
    g = 1
    for m in MINIMAL_POLYNOMIALS.values():
        g = _clmul(g, m)
    assert g == GENERATOR
    # App. B.1 prints g(X) as a 49-bit binary number
    assert f"{GENERATOR:049b}" == "1110001111110101110000101110111110011110010010111"


def test_app_b_bch_reproduced_exactly() -> None:
    assert f"{bch_parity(APP_B_INFO):048b}" == APP_B_BCH_BITS
    assert f"{bch_encode(APP_B_INFO):063X}" == APP_B_CODEWORD_HEX


def test_app_b_codeword_decodes_clean() -> None:
    m = decode_sgb(APP_B_CODEWORD_HEX)
    assert m.bch["bch"] is not None
    assert m.bch["bch"].valid and m.bch["bch"].errors_corrected == 0
    assert m.details["bch_hex"] == "492A4FC57A49"
    assert m.warnings == ()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**202 - 1))
def test_encode_then_check(info: int) -> None:
    cw = bch_encode(info)
    assert remainder(cw) == 0
    assert not any(syndromes(cw))
    assert cw >> 48 == info


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**202 - 1),
    st.lists(st.integers(1, 250), min_size=1, max_size=6, unique=True),
)
def test_correct_up_to_six_errors_and_report_positions(info: int, bits: list[int]) -> None:
    cw = bch_encode(info)
    received = cw
    for b in bits:
        received ^= 1 << (250 - b)  # spec bit b is the coefficient of X^(250-b)
    r = bch_correct(received)
    assert r.correctable
    assert r.codeword == cw
    assert r.corrected_bits == tuple(sorted(bits))


@pytest.mark.parametrize("weight", range(7))
def test_all_weights_up_to_six_corrected_over_a_random_sample(weight: int) -> None:
    rng = random.Random(406 + weight)
    for _ in range(300):
        cw = bch_encode(rng.getrandbits(202))
        bits = rng.sample(range(1, 251), weight)
        received = cw
        for b in bits:
            received ^= 1 << (250 - b)
        r = bch_correct(received)
        assert (r.correctable, r.codeword, r.corrected_bits) == (True, cw, tuple(sorted(bits)))


def _flip(hex63: str, bits: list[int]) -> str:
    v = int(hex63, 16)
    for b in bits:
        v ^= 1 << (250 - b)
    return f"{v:063X}"


def test_six_errors_in_a_message_are_corrected_and_flagged() -> None:
    bits = [1, 44, 100, 155, 202, 250]
    m = decode_sgb(_flip(APP_B_CODEWORD_HEX, bits))
    block = m.bch["bch"]
    assert block is not None
    assert (block.valid, block.errors_corrected, block.corrected_bits) == (True, 6, tuple(bits))
    assert m.identity["tac"] == 230
    assert any("6 bits corrected, near the code's limit" in w for w in m.warnings)


@pytest.mark.parametrize(("weight", "flagged"), [(4, False), (5, True)])
def test_corrections_near_the_limit_are_flagged(weight: int, flagged: bool) -> None:
    m = decode_sgb(_flip(APP_B_CODEWORD_HEX, [3, 50, 120, 160, 230][:weight]))
    assert m.valid and m.message_hex == APP_B_CODEWORD_HEX[:51]
    assert any("near the code's limit" in w for w in m.warnings) is flagged


def _is_clean(m: object) -> bool:
    from sarsat.beacon.message import BeaconMessage

    assert isinstance(m, BeaconMessage)
    return m.valid and not m.warnings


@pytest.mark.slow
@pytest.mark.parametrize(("weight", "n"), [(7, 6000), (8, 3000)])
def test_seven_or_more_errors_never_reported_as_a_clean_message(weight: int, n: int) -> None:
    rng = random.Random(weight)
    not_correctable = 0
    for _ in range(n):
        bits = rng.sample(range(1, 251), weight)
        m = decode_sgb(_flip(APP_B_CODEWORD_HEX, bits))
        block = m.bch["bch"]
        assert block is not None
        assert not _is_clean(m)
        if block.valid:  # a miscorrection lands at least 13 - weight bits away (distance 13)
            assert block.errors_corrected >= 13 - weight
            assert m.message_hex != APP_B_CODEWORD_HEX[:51]
        else:
            assert any("not correctable" in w for w in m.warnings)
            not_correctable += 1
    assert not_correctable > 0.98 * n  # miscorrection is rare (about 1e-3 of such patterns)


def test_uncorrectable_word_is_left_unchanged() -> None:
    rng = random.Random(11)
    seen_failure = False
    for _ in range(50):
        cw = bch_encode(rng.getrandbits(202))
        received = cw
        for b in rng.sample(range(250), 9):
            received ^= 1 << b
        r = bch_correct(received)
        if not r.correctable:
            seen_failure = True
            assert r.codeword == received and r.corrected_bits == ()
        else:
            assert remainder(r.codeword) == 0
    assert seen_failure


def test_bad_word_width_is_a_bug_not_input() -> None:
    with pytest.raises(ValueError):
        bch_correct(1 << 250)
    with pytest.raises(ValueError):
        bch_parity(1 << 202)


def test_vectorised_remainders_match_the_scalar_check() -> None:
    import numpy as np

    from sarsat.beacon.sgb.bch import remainder_bits

    rng = random.Random(5)
    words = [bch_encode(rng.getrandbits(202)) for _ in range(8)]
    words[3] ^= 1 << 100  # one bad word
    bits = np.array([[int(c) for c in f"{w:0250b}"] for w in words], dtype=np.uint8)
    rem = remainder_bits(bits.reshape(2, 4, 250))
    assert rem.shape == (2, 4, 48)
    flat = rem.reshape(8, 48)
    for w, row in zip(words, flat, strict=True):
        assert int("".join(map(str, row)), 2) == remainder(w)
    assert flat.any(axis=-1).tolist() == [False, False, False, True, False, False, False, False]
