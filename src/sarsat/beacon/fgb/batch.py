"""Vectorised batch path: BCH validation and 15-hex IDs for many messages at once.

For LUT and MCC volumes (hundreds of thousands of messages) the per-message decoder is
more than needed: :func:`decode_many` checks BCH-1/BCH-2 and extracts country codes and
15-hex IDs with numpy, one table look-up per hex digit and block (the remainders of
each digit's contribution to the BCH codeword are tabulated once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from sarsat.beacon.fgb import bch
from sarsat.beacon.fgb.decode import ID_DEFAULTS
from sarsat.beacon.fgb.frame import SYNC_NORMAL, SYNC_SELF_TEST

_HEX_VALUE = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate("0123456789ABCDEF"):
    _HEX_VALUE[ord(_c)] = _i
    _HEX_VALUE[ord(_c.lower())] = _i
_HEX_DIGITS = np.array([ord(c) for c in "0123456789ABCDEF"], dtype=np.uint32)  # UCS-4 code points


@dataclass(frozen=True)
class Batch:
    """Results of :func:`decode_many`, one row per input (numpy arrays).

    ``ok``: the text is a message of a known length with hex digits (and a frame sync when
    one is given). ``bch1_valid`` / ``bch2_valid``: the block is a codeword as received (no
    correction; ``bch2_valid`` is True for short messages, which have none). ``long``:
    format flag. ``self_test``: 1 self-test sync, 0 normal, -1 no sync given.
    """

    ok: NDArray[np.bool_]
    bch1_valid: NDArray[np.bool_]
    bch2_valid: NDArray[np.bool_]
    long: NDArray[np.bool_]
    self_test: NDArray[np.int8]
    country_code: NDArray[np.int16]
    hex_id: NDArray[np.str_]

    @property
    def valid(self) -> NDArray[np.bool_]:
        return self.ok & self.bch1_valid & self.bch2_valid

    def __len__(self) -> int:
        return len(self.ok)


@cache
def _digit_tables(code: bch.BchCode, first_digit_bit: int, n_digits: int) -> NDArray[np.uint32]:
    """``tables[i, v]``: remainder of hex digit ``i`` (value ``v``, spec bits
    ``first_digit_bit + 4i`` …) restricted to the code's bits."""
    out = np.zeros((n_digits, 16), dtype=np.uint32)
    for i in range(n_digits):
        for v in range(16):
            word = 0
            for k in range(4):
                spec_bit = first_digit_bit + 4 * i + k
                if (v >> (3 - k)) & 1 and code.first_bit <= spec_bit <= code.last_bit:
                    word |= 1 << (code.last_bit - spec_bit)
            out[i, v] = bch.remainder(code, word)
    return out


def _syndrome(digits: NDArray[np.uint8], tables: NDArray[np.uint32], first: int) -> NDArray[np.uint32]:
    """XOR of per-digit remainders; ``digits`` is (n_digits, N), one row per hex digit."""
    syn = tables[0][digits[first]]
    for i in range(1, tables.shape[0]):
        syn ^= tables[i][digits[first + i]]
    return syn


def _id_rules() -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Keep-mask and value per (P, code) = ID bits 26 and 37-40, for the location defaults."""
    keep = np.full(32, (1 << 60) - 1, dtype=np.uint64)
    value = np.zeros(32, dtype=np.uint64)
    for code, (k, v) in ID_DEFAULTS.items():  # P = 0 rows only
        keep[code], value[code] = k, v
    return keep, value


_ID_KEEP, _ID_VALUE = _id_rules()




def decode_many(messages: Sequence[str]) -> Batch:
    """Validate BCH and extract 15-hex IDs for many FGB messages (22, 28, 30 or 36 hex each).

    Rows of other lengths or with non-hex characters have ``ok`` False. No correction is
    attempted: decode the invalid rows one by one with :func:`sarsat.beacon.decode`.

    >>> b = decode_many(["56E6804002202009655250", "8E3E0425A72AC0626AE5B716C2DB8E", "XYZ"])
    >>> b.valid.tolist(), b.hex_id.tolist()[:2]
    ([True, True, False], ['ADCD00800440401', '1C7C084B4EFFBFF'])
    """
    n = len(messages)
    ok = np.zeros(n, dtype=bool)
    bch1_ok = np.zeros(n, dtype=bool)
    bch2_ok = np.zeros(n, dtype=bool)
    long = np.zeros(n, dtype=bool)
    self_test = np.full(n, -1, dtype=np.int8)
    country = np.zeros(n, dtype=np.int16)
    hex_ids = np.full(n, "", dtype="<U15")
    lengths = np.fromiter(map(len, messages), dtype=np.int64, count=n)
    objects = np.empty(n, dtype=object)
    objects[:] = messages
    for length in (22, 28, 30, 36):
        rows = np.flatnonzero(lengths == length)
        if not len(rows):
            continue
        text = "".join(objects[rows]) if len(rows) < n else "".join(messages)
        raw = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8).reshape(len(rows), length)
        nib = _HEX_VALUE[raw]
        good = (nib != 255).all(axis=1)
        nib = np.where(nib == 255, 0, nib)
        if length in (28, 36):  # frame sync in bits 16-24 = digits 4-6 low 9 bits
            sync = ((nib[:, 3].astype(np.uint16) & 1) << 8) | (nib[:, 4].astype(np.uint16) << 4) | nib[:, 5]
            normal = _popcount9(sync ^ SYNC_NORMAL) <= 1
            test = _popcount9(sync ^ SYNC_SELF_TEST) <= 1
            good &= normal | test
            self_test[rows] = np.where(test & ~normal, 1, 0)
            nib = nib[:, 6:]
        body = nib.shape[1]  # 22 or 30 digits from bit 25
        digits_t = np.ascontiguousarray(nib.T)
        syn1 = _syndrome(digits_t, _digit_tables(bch.BCH1, 25, 21), 0)
        is_long = nib[:, 0] >= 8  # bit 25
        if body == 30:
            syn2 = _syndrome(digits_t, _digit_tables(bch.BCH2, 105, 10), 20)
            tail = nib[:, 22:30]
            padded = (tail == 0).all(axis=1) | (tail == 15).all(axis=1)
            b2 = (syn2 == 0) | ~is_long | padded
        else:
            b2 = np.ones(len(rows), dtype=bool)
        # Bits 25-88 as one uint64 (16 digits), then bits 26-85.
        v = digits_t[0].astype(np.uint64)
        for i in range(1, 16):
            v <<= np.uint64(4)
            v |= digits_t[i]
        ident = (v >> np.uint64(3)) & np.uint64((1 << 60) - 1)
        rule = ((ident >> np.uint64(55)) & np.uint64(0b10000)) | ((ident >> np.uint64(45)) & np.uint64(0xF))
        rule = rule.astype(np.intp)  # P (bit 26) and protocol code (bits 37-40)
        ident = (ident & _ID_KEEP[rule]) | _ID_VALUE[rule]
        digits = np.empty((len(rows), 15), dtype=np.uint32)
        for i in range(15):
            digits[:, i] = _HEX_DIGITS[((ident >> np.uint64(4 * (14 - i))) & np.uint64(0xF)).astype(np.intp)]
        ok[rows] = good
        bch1_ok[rows] = good & (syn1 == 0)
        bch2_ok[rows] = good & b2
        long[rows] = is_long
        country[rows] = ((ident >> np.uint64(49)) & np.uint64(0x3FF)).astype(np.int16)
        hex_ids[rows] = digits.view("<U15").ravel()
    return Batch(ok, bch1_ok, bch2_ok, long, self_test, country, hex_ids)


def _popcount9(x: NDArray[np.uint16]) -> NDArray[np.uint8]:
    count = np.zeros(x.shape, dtype=np.uint8)
    for k in range(9):
        count += ((x >> k) & 1).astype(np.uint8)
    return count
