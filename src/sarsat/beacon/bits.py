"""Bit fields by the specs' own 1-based bit numbers.

A message is held as a Python ``int`` whose most significant bit is spec bit 1. ``n_bits`` is
the length of that numbering (144 for FGB, T.001 §2.2.4; 250 for the SGB codeword, T.018 §3.2),
so ``field(m, first, last)`` reads exactly the rows of the spec tables.
"""

from __future__ import annotations

import re

from sarsat.errors import HexError

_HEX = re.compile(r"[0-9A-Fa-f]+")
_BITS = re.compile(r"[01]+")


def field(msg: int, first: int, last: int, n_bits: int = 144) -> int:
    """Bits ``first``..``last`` (1-based, inclusive, MSB first) of an ``n_bits`` message.

    >>> field(0b1011_0000, 1, 4, n_bits=8)
    11
    """
    return (msg >> (n_bits - last)) & ((1 << (last - first + 1)) - 1)


def set_field(msg: int, first: int, last: int, value: int, n_bits: int = 144) -> int:
    """Return ``msg`` with bits ``first``..``last`` replaced by ``value``.

    >>> bin(set_field(0, 2, 3, 0b11, n_bits=4))
    '0b110'
    """
    width = last - first + 1
    if value < 0 or value >> width:
        raise ValueError(f"{value} does not fit in bits {first}-{last} ({width} bits)")
    shift = n_bits - last
    mask = ((1 << width) - 1) << shift
    return (msg & ~mask) | (value << shift)


def bit(msg: int, number: int, n_bits: int = 144) -> int:
    """One bit (1-based spec number) of an ``n_bits`` message."""
    return (msg >> (n_bits - number)) & 1


def bit_string(value: int, width: int) -> str:
    """``value`` as ``width`` binary digits, MSB first.

    >>> bit_string(5, 4)
    '0101'
    """
    return format(value, f"0{width}b")


def hex_string(value: int, n_digits: int) -> str:
    """``value`` as ``n_digits`` upper-case hex digits.

    >>> hex_string(0xabc, 4)
    '0ABC'
    """
    return format(value, f"0{n_digits}X")


def clean_text(text: str) -> str:
    """Strip white space and an optional ``0x`` prefix from a message given as text."""
    t = "".join(text.split())
    if t[:2] in ("0x", "0X"):
        t = t[2:]
    return t


def is_bit_string(text: str) -> bool:
    """True when ``text`` holds only 0 and 1 (a bit string, not hex)."""
    return bool(_BITS.fullmatch(text))


def parse_hex(text: str) -> int:
    """The integer value of a hex string; :class:`HexError` names the first bad character."""
    if not text:
        raise HexError(text, "empty message")
    if not _HEX.fullmatch(text):
        bad = next(c for c in text if c not in "0123456789abcdefABCDEF")
        raise HexError(text, f"{bad!r} is not a hex digit")
    return int(text, 16)
