"""BCH(250,202) of second-generation beacons: encode, check, correct up to 6 errors.

T.018 §3.5 and Appendix B.1: a (255,207) binary BCH code shortened by 5 leading zeros,
generator g(X) = LCM(m1, m3, m5, m7, m9, m11) over GF(2^8) with m1 = X^8+X^4+X^3+X^2+1,
designed distance 13 (t = 6). A 250-bit codeword is held as an ``int`` whose most
significant bit is message bit 1, so the int *is* the codeword polynomial: bit ``k`` of the
message is the coefficient of X^(250-k).

Decoding is the textbook algorithm (not spelled out in T.018): syndromes S1..S12,
Berlekamp–Massey for the error locator, Chien search over the 250 real positions. A root in
the 5 virtual (shortened) positions, or fewer roots than the locator's degree, means the
word is not correctable.

>>> hex(bch_parity(0x00E608F4C986196188A047C000000000000FFFC0100C1A00960 >> 2))
'0x492a4fc57a49'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray

N_BITS = 250  # codeword length (T.018 §3.1)
K_BITS = 202  # information bits
PARITY_BITS = 48
T_ERRORS = 6  # correctable errors (App. B.1: "sextuple error-correcting")

#: g(X), App. B.1: the 49-bit binary number 1110001111110101110000101110111110011110010010111.
GENERATOR = 0x1C7EB85DF3C97

#: The six minimal polynomials of App. B.1 (bit i = coefficient of X^i).
MINIMAL_POLYNOMIALS = {1: 0x11D, 3: 0x177, 5: 0x1F3, 7: 0x169, 9: 0x1BD, 11: 0x1E7}

_PRIM = MINIMAL_POLYNOMIALS[1]  # GF(2^8) field polynomial, alpha = 2 is primitive
_MASK48 = (1 << PARITY_BITS) - 1
_MASK250 = (1 << N_BITS) - 1


def _gf_tables() -> tuple[list[int], list[int]]:
    exp = [0] * 510
    log = [0] * 256
    x = 1
    for i in range(255):
        exp[i] = exp[i + 255] = x
        log[x] = i
        x <<= 1
        if x & 0x100:
            x ^= _PRIM
    return exp, log


_EXP, _LOG = _gf_tables()
_EXP_NP = np.array(_EXP[:255], dtype=np.uint8)


def _gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


def _poly_mod_table() -> list[int]:
    """``t * X^48 mod g`` for every 16-bit ``t``: reduces 16 bits at a time (CRC-style).

    Built with numpy from the 8-bit table (65536 entries, about 3 MB of ints)."""
    t8 = []
    for t in range(256):
        r = t << PARITY_BITS
        for shift in range(7, -1, -1):
            if r >> (PARITY_BITS + shift) & 1:
                r ^= GENERATOR << shift
        t8.append(r)
    table8 = np.array(t8, dtype=np.uint64)
    hi = np.arange(1 << 16, dtype=np.uint64) >> np.uint64(8)
    lo = np.arange(1 << 16, dtype=np.uint64) & np.uint64(0xFF)
    # (hi X^56) mod g = ((hi X^48 mod g) X^8) mod g: shift, then fold the 8 overflow bits
    v = table8[hi] << np.uint64(8)
    v = (v & np.uint64(_MASK48)) ^ table8[v >> np.uint64(PARITY_BITS)]
    return [int(x) for x in (v ^ table8[lo])]


_MOD_TABLE = _poly_mod_table()


def remainder(word: int) -> int:
    """``word(X) mod g(X)`` for a polynomial of at most 250 bits (0 for a codeword)."""
    table = _MOD_TABLE
    r = word >> 208  # the top 42 bits need no reduction
    for shift in range(192, -16, -16):
        r = (((r << 16) & _MASK48) | ((word >> shift) & 0xFFFF)) ^ table[r >> 32]
    return r


#: X^d mod g for d = 0..249: the remainder change of flipping one bit
_UNIT_REMAINDERS = [remainder(1 << d) for d in range(N_BITS)]


def bch_parity(info: int) -> int:
    """The 48 BCH bits 203–250 for the 202 information bits ``info`` (App. B.1).

    Systematic encoding: ``info * X^48 mod g``.
    """
    if info < 0 or info >> K_BITS:
        raise ValueError("information field must be a 202-bit non-negative int")
    return remainder(info << PARITY_BITS)


def bch_encode(info: int) -> int:
    """The 250-bit codeword: 202 information bits followed by their 48 BCH bits."""
    return (info << PARITY_BITS) | bch_parity(info)


@cache
def _remainder_matrix() -> NDArray[np.uint8]:
    """(250, 48) matrix: row i holds X^(249-i) mod g as bits, highest power first."""
    rows = [remainder(1 << (N_BITS - 1 - i)) for i in range(N_BITS)]
    return np.array(
        [[(r >> (PARITY_BITS - 1 - j)) & 1 for j in range(PARITY_BITS)] for r in rows],
        dtype=np.uint8,
    )


def remainder_bits(words: ArrayLike) -> NDArray[np.uint8]:
    """BCH remainders of many words at once: bits 1..250 on the last axis, (..., 250) ->
    (..., 48). A row of zeros is a codeword; correct the others with :func:`bch_correct`.

    >>> w = np.array([[int(b) for b in f"{bch_encode(5):0250b}"]], dtype=np.uint8)
    >>> remainder_bits(w).any(axis=-1)
    array([False])
    """
    bits = np.asarray(words, dtype=np.uint8)
    if bits.shape[-1] != N_BITS:
        raise ValueError(f"last axis must hold the {N_BITS} codeword bits, got {bits.shape}")
    return (bits.astype(np.int64) @ _remainder_matrix() % 2).astype(np.uint8)


def _syndrome_tables() -> list[list[int]]:
    """tables[p][v]: S1, S3, ..., S11 of byte value ``v`` at byte ``p`` of a 48-bit remainder,
    packed one GF(2^8) element per byte (S1 in the low byte), so that 6 XORs give all six."""
    tables = []
    for p in range(PARITY_BITS // 8):
        row = []
        for v in range(256):
            packed = 0
            for i, j in enumerate(range(1, 2 * T_ERRORS, 2)):
                s = 0
                for b in range(8):
                    if v >> b & 1:
                        s ^= _EXP[(j * (8 * p + b)) % 255]
                packed |= s << (8 * i)
            row.append(packed)
        tables.append(row)
    return tables


_SYN_TABLES = _syndrome_tables()


def syndromes(word: int) -> list[int]:
    """S1..S12 of a 250-bit word (all 0 for a codeword), as GF(2^8) ints.

    S_j = r(alpha^j) with r = word mod g, since g(alpha^j) = 0 for j = 1..12;
    S_2j = S_j^2 for a binary code.
    """
    return _syndromes_of_remainder(remainder(word))


def _syndromes_of_remainder(r: int) -> list[int]:
    if r == 0:
        return [0] * (2 * T_ERRORS)
    t = _SYN_TABLES
    packed = (
        t[0][r & 0xFF]
        ^ t[1][r >> 8 & 0xFF]
        ^ t[2][r >> 16 & 0xFF]
        ^ t[3][r >> 24 & 0xFF]
        ^ t[4][r >> 32 & 0xFF]
        ^ t[5][r >> 40]
    )
    s = [0] * (2 * T_ERRORS + 1)  # s[0] unused
    for i in range(T_ERRORS):
        s[2 * i + 1] = packed >> (8 * i) & 0xFF
    for j in range(2, 2 * T_ERRORS + 1, 2):
        h = s[j // 2]
        s[j] = _EXP[2 * _LOG[h]] if h else 0
    return s[1:]


def _berlekamp_massey(s: list[int]) -> list[int]:
    """Error-locator coefficients [1, l1, ..., lL] from syndromes S1..S2t (Massey 1969)."""
    exp, log = _EXP, _LOG
    c = [1] + [0] * (4 * T_ERRORS)  # room for b shifted by up to 2t
    b = [1]  # previous locator, trimmed to its degree
    length, m, bb = 0, 1, 1
    for n in range(2 * T_ERRORS):
        if n & 1:  # binary BCH: the discrepancy at S2, S4, ... is always 0
            m += 1
            continue
        d = s[n]
        for i in range(1, length + 1):
            if c[i] and s[n - i]:
                d ^= exp[log[c[i]] + log[s[n - i]]]
        if d == 0:
            m += 1
            continue
        lc = log[d] + 255 - log[bb]  # log of d / bb
        if 2 * length <= n:
            previous = c[: length + 1]
            for i, bi in enumerate(b):
                if bi:
                    c[i + m] ^= exp[(lc + log[bi]) % 255]
            length, b, bb, m = n + 1 - length, previous, d, 1
        else:
            for i, bi in enumerate(b):
                if bi:
                    c[i + m] ^= exp[(lc + log[bi]) % 255]
            m += 1
    return c[: length + 1]


@cache
def _chien_planes() -> list[list[list[int]]]:
    """Bit-sliced Chien tables: planes[k-1][l][b] has bit d set (d = 0..249) when bit b of
    alpha^(l - k d) is 1. XOR-ing the rows of a locator's terms evaluates it at every
    alpha^-d at once; an all-zero column is a root. Built on first use (about 50 ms)."""
    d = np.arange(N_BITS)
    weights = (1 << np.arange(8, dtype=np.uint8)).astype(np.uint8)
    planes = []
    for k in range(1, T_ERRORS + 1):
        values = _EXP_NP[(np.arange(255)[:, None] - k * d[None, :]) % 255]  # (255, 250)
        rows = []
        for row in values:
            bits = (row[:, None] & weights[None, :]) != 0  # (250, 8): column b = bit b
            # bit d of a plane int = row d, so pack with d = 0 as the least significant bit
            packed = np.packbits(bits[::-1].T, axis=1, bitorder="big")  # (8, 32)
            shift = 256 - N_BITS
            rows.append([int.from_bytes(p.tobytes(), "big") >> shift for p in packed])
        planes.append(rows)
    return planes


def _chien(locator: list[int]) -> list[int]:
    """Degrees d (0..249) with locator(alpha^-d) = 0: the error positions (at most 7)."""
    planes = _chien_planes()
    acc = [_MASK250, 0, 0, 0, 0, 0, 0, 0]  # the constant term 1: bit 0 set everywhere
    for k in range(1, len(locator)):
        if locator[k]:
            row = planes[k - 1][_LOG[locator[k]]]
            for b in range(8):
                acc[b] ^= row[b]
    nonzero = acc[0] | acc[1] | acc[2] | acc[3] | acc[4] | acc[5] | acc[6] | acc[7]
    roots = ~nonzero & _MASK250
    found: list[int] = []
    while roots and len(found) <= T_ERRORS:
        low = roots & -roots
        found.append(low.bit_length() - 1)
        roots ^= low
    return found


@dataclass(frozen=True)
class BchResult:
    """Outcome of :func:`bch_correct`.

    ``codeword`` is the corrected 250-bit word (the input unchanged when not correctable);
    ``corrected_bits`` are the flipped message bit numbers (1–250, ascending); ``correctable``
    is false when the word is more than 6 bits away from every codeword the decoder can reach.
    """

    codeword: int
    correctable: bool
    corrected_bits: tuple[int, ...] = ()

    @property
    def errors_corrected(self) -> int:
        return len(self.corrected_bits)


def bch_correct(word: int) -> BchResult:
    """Check a 250-bit word and correct up to 6 bit errors (T.018 App. B.1).

    >>> cw = bch_encode(12345)
    >>> r = bch_correct(cw ^ (1 << 249) ^ (1 << 7))
    >>> r.corrected_bits, r.codeword == cw
    ((1, 243), True)
    """
    if word < 0 or word >> N_BITS:
        raise ValueError("codeword must be a 250-bit non-negative int")
    r = remainder(word)
    if r == 0:
        return BchResult(word, True)
    locator = _berlekamp_massey(_syndromes_of_remainder(r))
    degree = len(locator) - 1
    if degree > T_ERRORS:
        return BchResult(word, False)
    positions = _chien(locator)
    if len(positions) != degree:  # roots in the 5 virtual bits, or not in GF(2^8)
        return BchResult(word, False)
    fixed = word
    for d in positions:
        fixed ^= 1 << d
        r ^= _UNIT_REMAINDERS[d]
    if r:  # the flips must leave a codeword: true for a consistent locator, kept as a guard
        return BchResult(word, False)
    return BchResult(fixed, True, tuple(sorted(N_BITS - d for d in positions)))
