"""BCH codes of first-generation messages (T.001 §3.2, Annex B).

* BCH-1, the (82,61) code shortened from the (127,106) primitive BCH code, protects bits
  25–106 (PDF-1 in 25–85, parity in 86–106) and corrects up to 3 errors.
* BCH-2, the (38,26) code shortened from (63,51), protects bits 107–144 (PDF-2 in
  107–132, parity in 133–144) and corrects up to 2 errors.

A block is handled as an ``int`` codeword whose most significant bit is the first spec bit
of the block (bit 25 or 107). Parity is the remainder of data·x^r modulo the generator
(T.001 Annex B1/B2). Correction is by syndrome table: the remainder of an error pattern of
weight ≤ t is unique (the minimum distance is 2t+1), so one dictionary look-up finds it;
the tables (91 963 and 741 entries) are built once, on first use, from single-bit
remainders. Remainders are computed a byte at a time from precomputed tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from itertools import combinations

# T.001 Annex B1: g1(x) = LCM(m1, m3, m5) =
# x^21+x^18+x^17+x^15+x^14+x^12+x^11+x^8+x^7+x^6+x^5+x+1
G1 = 0b1001101101100111100011
# T.001 Annex B2: g2(x) = (1+x+x^6)(1+x+x^2+x^4+x^6) = 1+x^3+x^4+x^5+x^8+x^10+x^12
G2 = 0b1010100111001


@dataclass(frozen=True)
class BchCode:
    """A shortened binary BCH code over one block of spec bits ``first_bit``..``last_bit``."""

    name: str
    generator: int
    n: int  # codeword length (bits)
    k: int  # data length (bits)
    t: int  # correctable errors
    first_bit: int  # spec number of the codeword's first (most significant) bit

    @property
    def r(self) -> int:
        """Number of parity bits."""
        return self.n - self.k

    @property
    def last_bit(self) -> int:
        return self.first_bit + self.n - 1

    def spec_bit(self, power: int) -> int:
        """Spec bit number of the coefficient of x**power in the codeword."""
        return self.last_bit - power


BCH1 = BchCode("BCH-1", G1, n=82, k=61, t=3, first_bit=25)
BCH2 = BchCode("BCH-2", G2, n=38, k=26, t=2, first_bit=107)


def _poly_mod(value: int, generator: int) -> int:
    """Remainder of the GF(2) polynomial ``value`` modulo ``generator`` (slow, bit by bit)."""
    deg = generator.bit_length() - 1
    while value.bit_length() > deg:
        value ^= generator << (value.bit_length() - 1 - deg)
    return value


_CHUNK = 12  # bits per table look-up: 7 look-ups for BCH-1, 4 for BCH-2
_CHUNK_TABLES: dict[str, tuple[tuple[int, ...], ...]] = {}


def _chunk_tables(code: BchCode) -> tuple[tuple[int, ...], ...]:
    """``tables[i][c]`` = remainder of ``c·x^(12i)``: a codeword's remainder is the XOR of one
    look-up per 12-bit chunk (built from single-bit remainders, once per code)."""
    n_chunks = (code.n + _CHUNK - 1) // _CHUNK
    out = []
    for i in range(n_chunks):
        bits = [_poly_mod(1 << (_CHUNK * i + k), code.generator) for k in range(_CHUNK)]
        table = [0] * (1 << _CHUNK)
        for c in range(1, 1 << _CHUNK):
            low = c & -c  # lowest set bit: table[c] = table[c without it] ^ its remainder
            table[c] = table[c ^ low] ^ bits[low.bit_length() - 1]
        out.append(tuple(table))
    return tuple(out)


def remainder(code: BchCode, word: int) -> int:
    """Remainder (syndrome) of an ``n``-bit ``word`` modulo the generator; 0 for a codeword.

    >>> remainder(BCH1, 0)
    0
    """
    tables = _CHUNK_TABLES.get(code.name)  # keyed by name: hashing the dataclass costs more
    if tables is None:
        tables = _CHUNK_TABLES[code.name] = _chunk_tables(code)
    rem = 0
    for table in tables:
        rem ^= table[word & 0xFFF]
        word >>= _CHUNK
    return rem


def parity(code: BchCode, data: int) -> int:
    """The ``r`` parity bits of ``k`` data bits (T.001 Annex B: remainder of data·x^r).

    T.001 Annex B1 example, bits 25–85 of ``56E6804002202009655250``:

    >>> format(parity(BCH1, 0x56E68040022020096552 >> 19), "021b")
    '001011001010101001001'
    """
    return remainder(code, data << code.r)


def encode(code: BchCode, data: int) -> int:
    """The ``n``-bit codeword (data followed by parity) for ``k`` data bits."""
    if data < 0 or data >> code.k:
        raise ValueError(f"{code.name} data must fit in {code.k} bits")
    return (data << code.r) | parity(code, data)


_SYNDROME_TABLES: dict[str, dict[int, tuple[int, ...]]] = {}


def _syndrome_table(code: BchCode) -> dict[int, tuple[int, ...]]:
    """Remainder → error positions (powers of x) for every pattern of weight 1..t."""
    table = _SYNDROME_TABLES.get(code.name)
    if table is None:
        table = _SYNDROME_TABLES[code.name] = _build_syndrome_table(code)
    return table


def _build_syndrome_table(code: BchCode) -> dict[int, tuple[int, ...]]:
    singles = [remainder(code, 1 << j) for j in range(code.n)]
    table: dict[int, tuple[int, ...]] = {}
    for weight in range(1, code.t + 1):
        for positions in combinations(range(code.n), weight):
            s = 0
            for j in positions:
                s ^= singles[j]
            table[s] = positions
    return table


class Correction(NamedTuple):
    """Outcome of decoding one block: the corrected word (or the received one when the
    errors are beyond the code), whether it is a codeword, and the flipped spec bits."""

    word: int
    valid: bool
    corrected_bits: tuple[int, ...] = ()

    @property
    def errors_corrected(self) -> int:
        return len(self.corrected_bits)


def correct(code: BchCode, word: int) -> Correction:
    """Check ``word`` and correct up to ``t`` errors.

    Returns the received word with ``valid=False`` when the syndrome matches no pattern of
    weight ≤ t (more errors than the code corrects). Corrected positions are spec bit numbers.
    """
    syndrome = remainder(code, word)
    if syndrome == 0:
        return Correction(word, True)
    positions = _syndrome_table(code).get(syndrome)
    if positions is None:
        return Correction(word, False)
    for j in positions:
        word ^= 1 << j
    return Correction(word, True, tuple(sorted(code.spec_bit(j) for j in positions)))
