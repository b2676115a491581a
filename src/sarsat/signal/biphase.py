"""Biphase-L frame helpers shared by the IQ and audio receivers (C/S T.001 §2.2.4, §2.3.5).

Soft decisions are integrate-and-dump differences "first half − second half" of a bit, taken
from the cumulative sum of a real signal at fractional sample positions, so any bit rate and
sub-sample timing cost the same. Frame checks: bit sync (15 ones) plus either frame sync with
a Hamming tolerance, then BCH correction and plausibility through the codec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.signal.fgb_modulator import (
    BIT_RATE_BPS,
    LONG_BITS,
    PREAMBLE,
    SHORT_BITS,
    SYNC_NORMAL,
    SYNC_SELF_TEST,
)

FrameDecoder = Callable[[str], Any]

#: Bits 1–24 of a frame: bit sync and frame sync (T.001 §2.2.4.1–2.2.4.2), by sync name.
PATTERNS = {
    "normal": np.array([int(c) for c in PREAMBLE + SYNC_NORMAL], np.int8),
    "self_test": np.array([int(c) for c in PREAMBLE + SYNC_SELF_TEST], np.int8),
}


def default_decoder(frame_hex: str) -> Any:
    """Decode a whole frame (hex from bit 1) with the first-generation codec."""
    from sarsat.beacon import decode

    return decode(frame_hex)


def cumsum0(s: NDArray[np.floating]) -> NDArray[np.float64]:
    """Cumulative sum with a leading zero: ``cs[i]`` = sum of the first ``i`` samples."""
    return np.concatenate([[0.0], np.cumsum(s, dtype=np.float64)])


def half_integrals(cs: NDArray[np.float64], bounds: NDArray[np.float64]) -> NDArray[np.float64]:
    """Integrals between consecutive fractional sample positions: ``(..., m) -> (..., m-1)``.

    Sample ``n`` covers [n − ½, n + ½); ``cs`` comes from :func:`cumsum0`.

    >>> half_integrals(cumsum0(np.ones(10)), np.array([0.0, 2.5, 5.0])).tolist()
    [2.5, 2.5]
    """
    pos = np.clip(bounds + 0.5, 0.0, len(cs) - 1.0)
    i = np.minimum(pos.astype(np.int64), len(cs) - 2)
    v = cs[i] + (cs[i + 1] - cs[i]) * (pos - i)
    return np.diff(v, axis=-1)


def manchester(cs: NDArray[np.float64], start: NDArray[np.float64] | float,
               half: NDArray[np.float64] | float, n_bits: int) -> NDArray[np.float64]:
    """Soft biphase-L decisions (positive = "1" sent with phase advance first) for ``n_bits``
    bits from sample ``start``, half-bit length ``half`` samples; broadcasts over both."""
    start, half = np.asarray(start, np.float64), np.asarray(half, np.float64)
    j = np.arange(2 * n_bits + 1)
    h = half_integrals(cs, start[..., None] + half[..., None] * j)
    return h[..., 0::2] - h[..., 1::2]


def search_timing(cs: NDArray[np.float64], fs_hz: float, pivot: float, rate_tolerance: float,
                  n_bits: int = SHORT_BITS) -> tuple[float, float]:
    """Bit rate (bit/s) and position of the start of bit 13 (samples, ``pivot`` ± 0.45 half-bit)
    maximising Σ|soft decision| over ``n_bits`` bits: a coarse grid (0.05 % in rate), then a fine
    one. Bit 13 is the pivot because the frame-sync correlation fixes it best."""
    half_n = fs_hz / (2 * BIT_RATE_BPS)

    def grid(rates: NDArray[np.float64], deltas: NDArray[np.float64], centre: float
             ) -> tuple[float, float]:
        half = fs_hz / (2 * rates)[:, None] + 0 * deltas[None, :]
        st = centre + deltas[None, :] - 24 * half
        m = np.abs(manchester(cs, st, half, n_bits)).sum(axis=-1)
        i, j = np.unravel_index(int(np.argmax(m)), m.shape)
        return float(rates[i]), float(deltas[j])

    tol = rate_tolerance
    rates = BIT_RATE_BPS * (1 + np.linspace(-tol, tol, round(2 * tol / 5e-4) + 1))
    rate, d1 = grid(rates, np.linspace(-0.45, 0.45, 19) * half_n, pivot)
    rate, d2 = grid(rate * (1 + np.linspace(-5e-4, 5e-4, 11)),
                    np.linspace(-0.05, 0.05, 11) * half_n, pivot + d1)
    return rate, pivot + d1 + d2


def sync_match(bits: NDArray[np.int8], known: NDArray[np.bool_] | None = None) -> tuple[str, int]:
    """Closest sync pattern name (bits 1–24) and its Hamming distance over the ``known`` bits.

    >>> sync_match(PATTERNS["self_test"])
    ('self_test', 0)
    """
    k = np.ones(24, bool) if known is None else np.asarray(known)[:24]
    dist = {n: int(np.count_nonzero((bits[:24] != p) & k)) for n, p in PATTERNS.items()}
    name = min(dist, key=lambda n: dist[n])
    return name, dist[name]


def plausible(msg: Any) -> bool:
    """T.001 BCH-1 valid after correction, PDF-1 (bits 25–85) not all zero, assigned country."""
    bch1 = msg.bch.get("bch1")
    if bch1 is None or not bch1.valid:
        return False
    if int(msg.message_hex, 16) >> (4 * len(msg.message_hex) - 61) == 0:
        return False
    return msg.country is not None


def bits_hex(bits: NDArray[np.integer]) -> str:
    """Bits (MSB first, length a multiple of 4) as upper-case hex.

    >>> bits_hex(np.array([1, 1, 1, 1, 0, 0, 1, 0]))
    'F2'
    """
    b = np.asarray(bits, np.uint8).reshape(-1, 4)
    vals = b @ np.array([8, 4, 2, 1])
    return "".join("0123456789ABCDEF"[v] for v in vals)


def decode_first_valid(candidates: list[NDArray[np.int8]], n_bits: int,
                       decoder: FrameDecoder | None) -> tuple[Any, NDArray[np.int8]] | None:
    """The first bit vector whose frame decodes to a plausible message: ``(message, bits)``;
    with ``decoder=None`` the first candidate is taken as is (message ``None``)."""
    from sarsat.errors import MessageError

    if decoder is None:
        return None, candidates[0]
    seen: set[str] = set()
    for bits in candidates:
        hx = bits_hex(bits[:n_bits])
        if hx in seen:
            continue
        seen.add(hx)
        try:
            msg = decoder(hx)
        except MessageError:
            continue
        if plausible(msg):
            return msg, bits
    return None


def frame_lengths(bits: NDArray[np.int8], soft: NDArray[np.float64]) -> tuple[int, int]:
    """Frame lengths to try, the likelier first: the format flag (bit 25, T.001 §2.2.4.3)
    weighed against the signal actually present in bits 113–144. A self-test may stop at bit 112
    with F = 1 (T.001 §4.5.4); a wrong F (it is inside BCH-1) must not cut a long frame."""
    body = float(np.mean(np.abs(soft[24:SHORT_BITS]))) + 1e-30
    tail = float(np.mean(np.abs(soft[SHORT_BITS:LONG_BITS]))) if len(soft) >= LONG_BITS else 0.0
    if bits[24]:
        return (SHORT_BITS, LONG_BITS) if tail < 0.35 * body else (LONG_BITS, SHORT_BITS)
    return (LONG_BITS, SHORT_BITS) if tail > 0.7 * body else (SHORT_BITS, LONG_BITS)


def decode_frame(candidates: list[NDArray[np.int8]], lengths: tuple[int, ...],
                 decoder: FrameDecoder | None) -> tuple[Any, NDArray[np.int8], int] | None:
    """First plausible decode over the lengths (in order) and candidate bit vectors:
    ``(message, bits, n_bits)``; with ``decoder=None`` the first candidate at the first length."""
    for n in lengths:
        found = decode_first_valid(candidates, n, decoder)
        if found is not None:
            return found[0], found[1], n
    return None
