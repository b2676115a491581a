"""First-generation burst modulator, exact to C/S T.001 §2.2–2.3.

Burst (T.001 §2.2.2–2.2.4): 160 ms of unmodulated carrier, then 112 (short) or 144 (long) bits at
400 bit/s: 15 ones (bit sync, §2.2.4.1), the 9-bit frame sync (§2.2.4.2: 000101111 normal,
011010000 self-test), then the message from bit 25 (format flag, §2.2.4.3). Data are encoded
biphase-L (§2.3.5) and phase-modulate the carrier ±1.1 rad (§2.3.6), with 150 µs rise and fall
times. Sense (T.001 Figure 2.5 as read by every public implementation): a "1" is +1.1 rad (phase
advance) in its first half and −1.1 rad in its second; a "0" the reverse. ``polarity=-1`` gives
the opposite sense (a spectrum-inverted receiver sees that).

Time reference: sample times are ``n / sample_rate_hz``; the carrier switches on at ``start_s`` and
bit 1 starts at ``start_s + carrier_s`` (the reference point of :attr:`Burst.time_s`).

>>> bits = frame_bits("8E3301E2402980")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
SignalError: ...
>>> len(frame_bits("FFFE2F5011A5FC5399AE857D5D80"))
112
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import SignalError

BIT_RATE_BPS = 400.0  #: T.001 §2.2.4: 400 bit/s ±1 %
CARRIER_S = 0.160  #: T.001 §2.2.3: unmodulated carrier, 160 ms ±1 %
MOD_INDEX_RAD = 1.1  #: T.001 §2.3.6: ±1.1 ±0.1 rad peak
RISE_S = 150e-6  #: T.001 §2.3.6: rise and fall times 150 ±100 µs (10 %–90 %)
PREAMBLE = "1" * 15  #: T.001 §2.2.4.1: bit synchronisation, bits 1–15
SYNC_NORMAL = "000101111"  #: T.001 §2.2.4.2: frame synchronisation, bits 16–24
SYNC_SELF_TEST = "011010000"  #: T.001 §2.2.4.2: self-test (last 8 bits complemented)
SHORT_BITS, LONG_BITS = 112, 144  #: T.001 §2.2.4 a), b)


def frame_bits(text: str, self_test: bool = False) -> NDArray[np.uint8]:
    """Frame bits (bit 1 first) from hex: a whole frame (28 or 36 hex digits, bit 1 onward) or a
    message from bit 25 (22 or 30 hex digits), to which bit and frame sync are prepended
    (``self_test`` picks the sync pattern)."""
    t = text.strip().upper()
    try:
        value = int(t, 16)
    except ValueError:
        raise SignalError(f"{text!r}: not hexadecimal") from None
    bits = np.array([int(c) for c in format(value, f"0{4 * len(t)}b")], dtype=np.uint8)
    if len(t) in (28, 36):
        return bits
    if len(t) in (22, 30):
        head = PREAMBLE + (SYNC_SELF_TEST if self_test else SYNC_NORMAL)
        return np.concatenate([np.array([int(c) for c in head], np.uint8), bits])
    raise SignalError(f"{text!r}: {len(t)} hex digits; expected 22, 28, 30 or 36")


def half_bit_levels(bits: NDArray[np.integer], polarity: int = 1) -> NDArray[np.float64]:
    """Biphase-L half-bit phase signs (T.001 §2.3.5): ``(n,) -> (2n,)``, a 1 gives (+1, −1).

    >>> half_bit_levels(np.array([1, 0])).tolist()
    [1.0, -1.0, -1.0, 1.0]
    """
    first = np.where(np.asarray(bits) != 0, 1.0, -1.0) * polarity
    return np.stack([first, -first], axis=-1).reshape(-1)


def burst_duration_s(n_bits: int, bit_rate_bps: float = BIT_RATE_BPS,
                     carrier_s: float = CARRIER_S) -> float:
    """Length of a burst: carrier plus data (T.001 §2.2.2: 440 ms short, 520 ms long).

    >>> round(burst_duration_s(144), 3), round(burst_duration_s(112), 3)
    (0.52, 0.44)
    """
    return carrier_s + n_bits / bit_rate_bps


def phase_rad(t_s: NDArray[np.floating], bits: NDArray[np.integer], *,
              bit_rate_bps: float | NDArray[np.floating] = BIT_RATE_BPS, mod_index_rad: float = MOD_INDEX_RAD,
              rise_s: float = RISE_S, polarity: int = 1) -> NDArray[np.float64]:
    """Modulation phase at times ``t_s`` measured from the start of bit 1 (carrier before it).

    Transitions are linear ramps whose 10–90 % time is ``rise_s``, centred on the half-bit
    boundaries; the phase returns to 0 at the end of the last bit. Vectorised over ``t_s``.
    """
    levels = np.concatenate([[0.0], half_bit_levels(bits, polarity), [0.0]]) * mod_index_rad
    half_s = 0.5 / bit_rate_bps
    ramp_s = max(rise_s / 0.8, 1e-12)  # full length of a linear ramp with this 10-90 % time
    # boundary j (j = 0 .. 2n) sits at j*half_s, between levels[j] (before) and levels[j+1]
    j = np.clip(np.rint(t_s / half_s), 0, len(levels) - 2).astype(np.int64)
    frac = np.clip((t_s - j * half_s) / ramp_s + 0.5, 0.0, 1.0)
    return levels[j] + (levels[j + 1] - levels[j]) * frac


def modulate_fgb(bits: NDArray[np.integer] | str, sample_rate_hz: float, *, start_s: float = 0.0,
                 n_samples: int | None = None, bit_rate_bps: float = BIT_RATE_BPS,
                 carrier_s: float = CARRIER_S, mod_index_rad: float = MOD_INDEX_RAD,
                 rise_s: float = RISE_S, polarity: int = 1, amplitude: float = 1.0,
                 self_test: bool = False) -> NDArray[np.complex64]:
    """Complex baseband FGB burst (carrier at 0 Hz, phase 0, power ``amplitude**2``).

    ``bits`` is a frame (bit 1 first) or hex accepted by :func:`frame_bits`. Sample ``n`` is at
    ``n / sample_rate_hz`` s; the carrier starts at ``start_s`` (any real value: sub-sample
    timing is exact) and the output is zero outside the burst. ``n_samples`` defaults to the
    end of the burst plus one sample.

    >>> x = modulate_fgb("FFFE2F5011A5FC5399AE857D5D80", 10_000.0)
    >>> len(x), round(float(abs(x[100])), 3)
    (4401, 1.0)
    """
    b = frame_bits(bits, self_test) if isinstance(bits, str) else np.asarray(bits, np.uint8)
    end_s = start_s + carrier_s + len(b) / bit_rate_bps
    if n_samples is None:
        n_samples = int(np.floor(end_s * sample_rate_hz)) + 1
    t = np.arange(n_samples) / sample_rate_hz
    phi = phase_rad(t - start_s - carrier_s, b, bit_rate_bps=bit_rate_bps,
                    mod_index_rad=mod_index_rad, rise_s=rise_s, polarity=polarity)
    on = (t >= start_s) & (t < end_s)
    return (amplitude * on * np.exp(1j * phi)).astype(np.complex64)
