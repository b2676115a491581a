"""First-generation message text → bits: every hex and bit-string form met in practice.

| hex | bits | content |
|----:|-----:|---------|
| 15 | 60 | 15-hex beacon ID, bits 26–85 (T.001 §3.3) |
| 22 | 88 | short message, bits 25–112 |
| 28 | 112 | bit and frame sync + short message, bits 1–112 |
| 30 | 120 | long message, bits 25–144 (or a short one padded with 00000000/FFFFFFFF) |
| 36 | 144 | bit and frame sync + long message, bits 1–144 |

Frame sync (T.001 §2.2.4.2) is bits 16–24: ``000101111`` normal, ``011010000`` self-test;
either is recognised with one bit error. Preamble bits 1–15 may be damaged in real
captures (``7FFE2F``, ``002E2F``, ``AFFE2F``) and are only reported.
"""

from __future__ import annotations

from typing import NamedTuple

from sarsat.beacon.bits import clean_text, field, is_bit_string, parse_hex
from sarsat.errors import HexLengthError, MessageError

SYNC_NORMAL = 0b000101111
SYNC_SELF_TEST = 0b011010000
HEX_LENGTHS = (15, 22, 28, 30, 36)
BIT_LENGTHS = (60, 88, 112, 120, 144)
# Input length (hex digits) → (first spec bit, last spec bit).
_SPANS = {15: (26, 85), 22: (25, 112), 28: (1, 112), 30: (25, 144), 36: (1, 144)}
_BIT_SPANS = {60: (26, 85), 88: (25, 112), 112: (1, 112), 120: (25, 144), 144: (1, 144)}


class Frame(NamedTuple):
    """Bits of one message in 144-bit spec numbering, and what the input told about them.

    ``last_bit`` is 112 or 144 (85 for an ID). ``self_test`` is None when no sync was given.
    """

    text: str
    bits: int
    first_bit: int
    last_bit: int
    self_test: bool | None
    warnings: tuple[str, ...] = ()

    @property
    def is_id(self) -> bool:
        return self.first_bit == 26


def _weight(x: int) -> int:
    return bin(x).count("1")


def parse(text: str) -> Frame:
    """Read one message given as hex or as a bit string (see the module table)."""
    t = clean_text(text)
    span = _SPANS.get(len(t))
    if len(t) in _BIT_SPANS and is_bit_string(t):
        first, last = _BIT_SPANS[len(t)]
        value = int(t, 2)
    elif span is not None and t.isalnum():  # fast path; int() alone would accept "_"
        try:
            value = int(t, 16)
        except ValueError:
            value = parse_hex(t)  # raises with the offending character
        first, last = span
    else:
        value = parse_hex(t)
        raise HexLengthError(t, HEX_LENGTHS)
    bits = value << (144 - last)
    warnings: list[str] = []
    self_test: bool | None = None
    if first == 1:
        sync = field(bits, 16, 24)
        errors_normal = _weight(sync ^ SYNC_NORMAL)
        errors_test = _weight(sync ^ SYNC_SELF_TEST)
        if errors_normal <= 1:
            self_test = False
        elif errors_test <= 1:
            self_test = True
        else:
            raise MessageError(
                f"{t!r}: bits 16-24 are {sync:09b}, not a frame sync "
                "(000101111 normal or 011010000 self-test, T.001 §2.2.4.2)"
            )
        if min(errors_normal, errors_test) == 1:
            warnings.append("frame sync has 1 bit error")
        preamble_errors = 15 - _weight(field(bits, 1, 15))
        if preamble_errors:
            warnings.append(f"{preamble_errors} of the 15 bit-sync bits are not 1")
    return Frame(t, bits, first, last, self_test, tuple(warnings))
