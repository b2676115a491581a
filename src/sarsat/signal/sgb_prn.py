"""Second-generation spreading codes, exact to C/S T.018 §2.2.3 and Table 2.2.

Each rail (I, Q) is spread by the first 38 400 chips of the m-sequence of the LFSR
G(x) = X^23 + X^18 + 1 (T.018 §2.2.3 c), Figure 2-2): the output chip is register 0, the
feedback register 0 XOR register 18 enters register 22 and every register shifts toward 0.
With a[n] the n-th output chip, register k at step n holds a[n + k], so the sequence obeys
``a[n + 23] = a[n] XOR a[n + 18]`` from the 23 initial register values a[0..22].

The initial states (registers 22…0, Table 2.2) select the normal or the self-test pair:

=============  ===========================  ========  ====================
Mode / rail    registers 22…0               integer   first 64 chips (hex)
=============  ===========================  ========  ====================
normal I       000 0000 0000 0000 0000 0001 0x000001  8000 0108 4212 84A1
normal Q       001 1010 1100 0001 1111 1100 0x1AC1FC  3F83 58BA D030 F231
self-test I    101 0010 1100 1001 1111 0000 0x52C9F0  0F93 4A4D 4CF3 028D
self-test Q    011 1100 1110 1001 0010 1000 0x3CE928  1497 3DC7 16CD E124
=============  ===========================  ========  ====================

>>> first_chips_hex("normal", "I")
'80000108421284A1'
>>> first_chips_hex("self_test", "Q")
'14973DC716CDE124'
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import SignalError

CHIPS_PER_RAIL = 38_400  #: T.018 §2.2.3 e): each segment truncated to 38 400 chips
CHIP_RATE_HZ = 38_400.0  #: T.018 §2.2.3 f), §2.3.1.2: chips per second per rail (±0.6)
CHIPS_PER_BIT = 256  #: T.018 §2.2.3 b): 256 chips of a rail per message bit
N_REGISTERS = 23  #: G(x) = X^23 + X^18 + 1
FEEDBACK_TAP = 18  #: register XOR'd with register 0 into register 22 (Figure 2-2)

#: T.018 Table 2.2: initial register values (bit k of the integer = register k).
INITIAL_STATES: dict[tuple[str, str], int] = {
    ("normal", "I"): 0b000_0000_0000_0000_0000_0001,
    ("normal", "Q"): 0b001_1010_1100_0001_1111_1100,
    ("self_test", "I"): 0b101_0010_1100_1001_1111_0000,
    ("self_test", "Q"): 0b011_1100_1110_1001_0010_1000,
}

#: T.018 Table 2.2: the first 64 chips of each sequence, leftmost chip first.
TABLE_2_2_FIRST_64: dict[tuple[str, str], str] = {
    ("normal", "I"): "80000108421284A1",
    ("normal", "Q"): "3F8358BAD030F231",
    ("self_test", "I"): "0F934A4D4CF3028D",
    ("self_test", "Q"): "14973DC716CDE124",
}

MODES = ("normal", "self_test")


def lfsr_chips(initial_state: int, n_chips: int) -> NDArray[np.uint8]:
    """``n_chips`` output chips (0/1) of the T.018 Figure 2-2 LFSR from ``initial_state``
    (bit k = register k).

    >>> lfsr_chips(1, 8).tolist()
    [1, 0, 0, 0, 0, 0, 0, 0]
    """
    if not 0 < initial_state < 1 << N_REGISTERS:
        raise SignalError(f"LFSR state {initial_state:#x} is not a non-zero 23-bit value")
    a = bytearray(n_chips + N_REGISTERS)
    for k in range(N_REGISTERS):
        a[k] = (initial_state >> k) & 1
    # a[n+23] = a[n] ^ a[n+18]: one pass over a bytearray, run once per sequence and cached.
    for n in range(n_chips):
        a[n + N_REGISTERS] = a[n] ^ a[n + FEEDBACK_TAP]
    return np.frombuffer(bytes(a[:n_chips]), np.uint8).copy()


def _check(mode: str, rail: str) -> None:
    if (mode, rail) not in INITIAL_STATES:
        raise SignalError(f"PRN {mode!r}/{rail!r}: expected mode normal|self_test, rail I|Q")


@lru_cache(maxsize=4)
def _prn(mode: str, rail: str) -> NDArray[np.uint8]:
    chips = lfsr_chips(INITIAL_STATES[(mode, rail)], CHIPS_PER_RAIL)
    chips.setflags(write=False)
    return chips


def prn_chips(mode: str, rail: str) -> NDArray[np.uint8]:
    """The 38 400 chips (0/1, read-only) of ``rail`` ("I" or "Q") in ``mode``
    ("normal" or "self_test"), T.018 §2.2.3 and Table 2.2."""
    _check(mode, rail)
    return _prn(mode, rail)


def prn_levels(mode: str, rail: str) -> NDArray[np.float32]:
    """Signal levels of the chips, T.018 Table 2.3: logic 1 → −1.0, logic 0 → +1.0."""
    return (1.0 - 2.0 * prn_chips(mode, rail)).astype(np.float32)


def first_chips_hex(mode: str, rail: str, n_chips: int = 64) -> str:
    """The first ``n_chips`` (a multiple of 4) as hex, leftmost chip first (Table 2.2 form)."""
    c = prn_chips(mode, rail)[:n_chips].reshape(-1, 4)
    return "".join(f"{v:X}" for v in c @ np.array([8, 4, 2, 1]))
