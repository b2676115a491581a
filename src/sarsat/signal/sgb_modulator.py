"""Second-generation burst modulator: DSSS-OQPSK with half-sine chips, C/S T.018 §2.2–2.3.

Burst (T.018 §2.2.2–2.2.7): 1 s = 38 400 chips per rail at 38 400 chip/s. Each rail carries 150
bits of 256 chips (§2.2.3 b)): 25 preamble bits '0' (§2.2.4: 6400 chips, 166.7 ms), then the
odd message bits 1, 3, …, 249 on I and the even bits 2, …, 250 on Q (§2.2.7). A '0' bit sends the
PRN chips as they are, a '1' inverts them (Table 2.4); logic 1 is level −1 (Table 2.3).

Waveform (§2.3.3): OQPSK, Q half a chip behind I, half-sine chip pulses (IEEE 802.15.4
§12.2.6): I(t) = Σ a_k sin(π u), u the fraction of chip k elapsed, likewise Q at t − T/2. With
both rails at unit amplitude the envelope is constant (|s| = 1, carrier power 1).

Time reference (:attr:`Burst.time_s` for SGB): the start of the first I chip of the preamble,
``start_s``. Rise and fall (< 0.5 ms, §2.4.1) are not modelled: the burst switches on and off.

>>> s = modulate_sgb(0, 153_600.0, n_samples=160_000)
>>> s.shape, round(float(np.mean(np.abs(s[:153_600]) ** 2)), 3)
((160000,), 1.0)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import SignalError
from sarsat.signal.sgb_prn import CHIP_RATE_HZ, CHIPS_PER_BIT, CHIPS_PER_RAIL, prn_chips

N_MESSAGE_BITS = 250  #: T.018 §2.2.5: 202 information + 48 BCH bits
PREAMBLE_BITS_PER_RAIL = 25  #: T.018 §2.2.4: 6400 chips = 25 bits of '0' per rail
BITS_PER_RAIL = CHIPS_PER_RAIL // CHIPS_PER_BIT  #: 150
BURST_S = CHIPS_PER_RAIL / CHIP_RATE_HZ  #: T.018 §2.2.2: 1 s
PREAMBLE_S = PREAMBLE_BITS_PER_RAIL * CHIPS_PER_BIT / CHIP_RATE_HZ  #: 166.7 ms


def codeword_bits(codeword: int) -> NDArray[np.uint8]:
    """The 250 message bits of ``codeword`` (bit 1, the MSB, first).

    >>> codeword_bits(1 << 249)[:3].tolist(), codeword_bits(1)[-1]
    ([1, 0, 0], np.uint8(1))
    """
    if not isinstance(codeword, (int, np.integer)) or codeword < 0 or codeword >> N_MESSAGE_BITS:
        raise SignalError(f"codeword {codeword!r} is not a 250-bit non-negative integer")
    raw = int(codeword).to_bytes(32, "big")
    return np.unpackbits(np.frombuffer(raw, np.uint8))[-N_MESSAGE_BITS:]


def rail_bits(message_bits: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """(I, Q) bits, 150 each: 25 preamble zeros then the odd (I) or even (Q) message bits
    (T.018 §2.2.4, §2.2.7)."""
    pre = np.zeros(PREAMBLE_BITS_PER_RAIL, np.uint8)
    return (np.concatenate([pre, message_bits[0::2]]),
            np.concatenate([pre, message_bits[1::2]]))


def rail_levels(codeword: int, mode: str = "normal") -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Chip levels (±1, 38 400 each) of the I and Q rails: PRN XOR bit, 1 → −1 (Tables 2.3–2.4)."""
    bi, bq = rail_bits(codeword_bits(codeword))
    ci = prn_chips(mode, "I") ^ np.repeat(bi, CHIPS_PER_BIT)
    cq = prn_chips(mode, "Q") ^ np.repeat(bq, CHIPS_PER_BIT)
    return (1.0 - 2.0 * ci).astype(np.float32), (1.0 - 2.0 * cq).astype(np.float32)


def oqpsk_half_sine(levels_i: NDArray[np.floating], levels_q: NDArray[np.floating],
                    t_s: NDArray[np.float64], chip_rate_hz: float = CHIP_RATE_HZ,
                    ) -> NDArray[np.complex64]:
    """Half-sine OQPSK at sample times ``t_s`` (seconds after the first I chip starts; zero
    outside the chips), Q half a chip behind I (T.018 §2.3.3)."""
    n = len(levels_i)
    out = np.zeros(len(t_s), np.complex64)
    for rail, delay in ((0, 0.0), (1, 0.5)):
        c = np.asarray(t_s) * chip_rate_hz - delay  # chip phase of this rail
        k = np.floor(c).astype(np.int64)
        ok = (k >= 0) & (k < n)
        lv = (levels_i, levels_q)[rail]
        v = np.zeros(len(t_s), np.float32)
        v[ok] = lv[k[ok]] * np.sin(np.pi * (c[ok] - k[ok]))
        if rail == 0:
            out.real = v
        else:
            out.imag = v
    return out


def modulate_sgb(codeword: int, sample_rate_hz: float, *, mode: str = "normal",
                 start_s: float = 0.0, n_samples: int | None = None,
                 chip_rate_hz: float = CHIP_RATE_HZ) -> NDArray[np.complex64]:
    """Complex baseband of one SGB burst (carrier at 0 Hz, unit power), sample n at
    ``n / sample_rate_hz``, first I chip at ``start_s``.

    ``codeword``: the 250-bit message (bit 1 at the top, as :func:`sarsat.beacon.sgb.bch_encode`
    returns it); ``mode``: "normal" or "self_test" PRN pair (Table 2.2); ``chip_rate_hz``:
    38 400 ± 0.6 per the spec (§2.3.1.2), other values for tests; ``n_samples``: output length
    (default: up to the end of the burst).
    """
    if sample_rate_hz <= 0 or chip_rate_hz <= 0:
        raise SignalError("sample and chip rates must be positive")
    li, lq = rail_levels(codeword, mode)
    end_s = start_s + (CHIPS_PER_RAIL + 0.5) / chip_rate_hz
    if n_samples is None:
        n_samples = int(np.ceil(end_s * sample_rate_hz))
    t = np.arange(n_samples) / sample_rate_hz - start_s
    return oqpsk_half_sine(li, lq, t, chip_rate_hz)
