"""Modified-Baudot characters of SGB vessel IDs, T.018 Table 3.2 (6 bits, MSB first), and
the short 5-bit form of the aircraft operator designator (Table 3.1 note §: every letter
starts with 1, which is dropped).

Unknown codes decode to ``"?"``; callers add a warning (never a silent guess).

>>> baudot_decode(0b111000_110011, 2)
'AB'
>>> short_baudot_decode(baudot_short_encode("ZGA"), 3)
'ZGA'
"""

from __future__ import annotations

from sarsat.errors import EncodeError

#: T.018 Table 3.2 (same codes as T.001 Table A3 for these characters).
BAUDOT: dict[str, int] = {
    "A": 0b111000, "B": 0b110011, "C": 0b101110, "D": 0b110010, "E": 0b110000,
    "F": 0b110110, "G": 0b101011, "H": 0b100101, "I": 0b101100, "J": 0b111010,
    "K": 0b111110, "L": 0b101001, "M": 0b100111, "N": 0b100110, "O": 0b100011,
    "P": 0b101101, "Q": 0b111101, "R": 0b101010, "S": 0b110100, "T": 0b100001,
    "U": 0b111100, "V": 0b101111, "W": 0b111001, "X": 0b110111, "Y": 0b110101,
    "Z": 0b110001, " ": 0b100100, "-": 0b011000, "/": 0b010111,
    "0": 0b001101, "1": 0b011101, "2": 0b011001, "3": 0b010000, "4": 0b001010,
    "5": 0b000001, "6": 0b010101, "7": 0b011100, "8": 0b001100, "9": 0b000011,
}  # fmt: skip
_CHAR = {code: char for char, code in BAUDOT.items()}
SPACE = BAUDOT[" "]
#: Characters allowed in the short 5-bit form: the 26 letters (Table 3.1 note §).
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
UNKNOWN = "?"


def baudot_decode(bits: int, n_chars: int) -> str:
    """``n_chars`` 6-bit characters, the first in the top bits; unknown codes give ``"?"``."""
    return "".join(
        _CHAR.get((bits >> (6 * (n_chars - 1 - i))) & 0x3F, UNKNOWN) for i in range(n_chars)
    )


def baudot_encode(text: str) -> int:
    """6-bit codes of ``text``, first character in the top bits.

    >>> bin(baudot_encode("AB"))
    '0b111000110011'
    """
    value = 0
    for char in text:
        code = BAUDOT.get(char)
        if code is None:
            raise EncodeError(f"{char!r} has no modified-Baudot code (T.018 Table 3.2)")
        value = (value << 6) | code
    return value


def short_baudot_decode(bits: int, n_chars: int) -> str:
    """``n_chars`` 5-bit short-Baudot letters (the leading 1 restored); others give ``"?"``."""
    out = []
    for i in range(n_chars):
        char = _CHAR.get(0b100000 | ((bits >> (5 * (n_chars - 1 - i))) & 0x1F), UNKNOWN)
        out.append(char if char in LETTERS else UNKNOWN)
    return "".join(out)


def baudot_short_encode(letters: str) -> int:
    """5-bit short-Baudot codes of ``letters`` (A–Z only), first letter in the top bits."""
    value = 0
    for char in letters:
        if char not in LETTERS:
            raise EncodeError(f"{char!r} is not a letter A-Z: the 3LD is coded in 5-bit Baudot")
        value = (value << 5) | (BAUDOT[char] & 0x1F)
    return value
