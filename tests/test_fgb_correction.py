"""Error injection through the whole decoder: ≤ 3 errors in bits 25–106 and ≤ 2 in 107–144
are corrected and reported; 4-error patterns are never reported clean without a warning."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sarsat.beacon import decode, encode_fgb
from test_fgb_roundtrip import elt_dt_specs, national_specs, rls_specs, standard_specs, user_specs

# Long messages of every family except orbitography (whose PDF-2 is never corrected).
long_specs = st.one_of(standard_specs(), national_specs(), rls_specs(), elt_dt_specs(),
                       user_specs().filter(lambda s: s["family"] == "user-location"))


def flip(hex_msg: str, spec_bits: set[int]) -> str:
    """Flip spec bits (25-based message hex) and return the hex."""
    value = int(hex_msg, 16)
    n = len(hex_msg) * 4
    for b in spec_bits:
        value ^= 1 << (n - (b - 24))
    return format(value, f"0{len(hex_msg)}X")


@settings(max_examples=300)
@given(long_specs, st.sets(st.integers(25, 106), max_size=3), st.sets(st.integers(107, 144), max_size=2))
def test_correctable_errors_are_corrected_and_reported(spec: dict[str, Any], e1: set[int], e2: set[int]) -> None:
    sent = encode_fgb(spec)
    # Bits 113-144 all 0 or all 1 read as padding (PDF-2 absent) unless BCH-2 is clean; a
    # real PDF-2 of that shape (user-location at 0°N 0°E, external source) is the one
    # message this convention cannot tell from padding once an error hits bits 107-112.
    assume(sent[-8:] not in ("00000000", "FFFFFFFF"))
    msg = decode(flip(sent, e1 | e2))
    assert msg.valid
    assert msg.message_hex == sent
    assert msg.bch["bch1"].corrected_bits == tuple(sorted(e1))
    assert msg.bch["bch2"].corrected_bits == tuple(sorted(e2))
    if e1 or e2:
        assert any("corrected" in w for w in msg.warnings)


@settings(max_examples=200)
@given(user_specs().filter(lambda s: s["family"] == "user" and s.get("format", "short") == "short"),
       st.sets(st.integers(25, 106), max_size=3), st.sets(st.integers(107, 112), max_size=6))
def test_short_messages_correct_bch1_and_leave_unprotected_bits(spec: dict[str, Any], e1: set[int],
                                                                eu: set[int]) -> None:
    sent = encode_fgb(spec)
    received = flip(sent, e1 | eu)
    msg = decode(received)
    assert msg.valid and msg.bch["bch1"].corrected_bits == tuple(sorted(e1))
    assert msg.message_hex == flip(sent, eu)  # bits 107-112 are not protected (A2.9)


@settings(max_examples=300)
@given(long_specs, st.sets(st.integers(25, 106), min_size=4, max_size=4))
def test_four_errors_in_pdf1_never_pass_silently(spec: dict[str, Any], e1: set[int]) -> None:
    sent = encode_fgb(spec)
    msg = decode(flip(sent, e1))
    assert msg.message_hex != sent or not msg.valid
    if msg.bch["bch1"].valid:
        assert msg.warnings  # a correction at the code's limit is always reported


@settings(max_examples=200)
@given(long_specs, st.sets(st.integers(107, 144), min_size=3, max_size=3))
def test_three_errors_in_pdf2_never_pass_silently(spec: dict[str, Any], e2: set[int]) -> None:
    sent = encode_fgb(spec)
    msg = decode(flip(sent, e2))
    assert msg.bch["bch2"] is None or not msg.bch["bch2"].valid or msg.warnings


def test_plausibility_rejects_miscorrections() -> None:
    """Random 4-error patterns: count miscorrections (a *different* codeword within 3 bits);
    a large share must be caught by the field checks and reported invalid."""
    rng = random.Random(406)
    sent = encode_fgb({"family": "standard-location", "code": "0010", "country_code": 227,
                       "identity": {"mmsi_last6": "123456", "specific_beacon": 0},
                       "details": {"position_source": "internal", "homing_121_5": True},
                       "position": {"latitude_deg": 47.5, "longitude_deg": -3.25}})
    miscorrected = rejected = 0
    for _ in range(3000):
        msg = decode(flip(sent, set(rng.sample(range(25, 107), 4))))
        block = msg.bch["bch1"]
        if block.errors_corrected:
            miscorrected += 1
            if not block.valid:
                rejected += 1
                assert any("rejected" in w for w in msg.warnings)
            else:
                assert any("corrected" in w for w in msg.warnings)
    assert miscorrected > 0
    assert rejected / miscorrected > 0.35  # measured 55/128 with this seed


def test_orbitography_pdf2_is_checked_never_corrected() -> None:
    sent = "D0215F14B1878C81A4204E5A2ECAF0"  # OPS-SAT orbitography, long (SOURCE.md)
    msg = decode(flip(sent, {120}))
    assert msg.bch["bch1"].valid
    assert not msg.bch["bch2"].valid and msg.bch["bch2"].errors_corrected == 0
    assert any("orbitography" in w for w in msg.warnings)


@pytest.mark.parametrize("n_errors", [1, 2, 3])
def test_corrected_bits_are_spec_numbers(n_errors: int) -> None:
    sent = "8E3E0425A72AC0626AE5B716C2DB8E"
    bits = {25, 60, 106}
    chosen = set(sorted(bits)[:n_errors])
    msg = decode(flip(sent, chosen))
    assert msg.bch["bch1"].corrected_bits == tuple(sorted(chosen))
    assert msg.bch["bch1"].errors_corrected == n_errors
