"""Legacy path: first-generation bursts from FM-discriminator audio (WAV from a scanner or rtl_fm).

A discriminator outputs the derivative of the carrier phase, so each ±2.2 rad biphase-L step
(T.001 §2.3.5–2.3.6) becomes a short pulse; receivers with de-emphasis or a narrow audio filter
give something closer to the phase itself. Both are handled by demodulating two versions of the
audio: the audio as it is (a "level" signal) and its running integral (the phase, for "pulse"
audio), each with slow drift removed by subtracting a one-bit moving average (biphase-L data
average to zero over a bit). Frames are then found by correlating soft biphase decisions with
the 24 known bits (both syncs, both polarities), timed and rate-searched like the IQ receiver,
and decoded through the codec. Audio carries no carrier frequency or C/N0: those are ``None``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from sarsat.signal.biphase import (
    PATTERNS,
    FrameDecoder,
    bits_hex,
    cumsum0,
    decode_frame,
    default_decoder,
    frame_lengths,
    manchester,
    search_timing,
    sync_match,
)
from sarsat.signal.burst import Burst
from sarsat.signal.fgb_modulator import BIT_RATE_BPS, LONG_BITS

#: Minimum agreement (|Σ sign·d| / Σ|d| over bits 1–24) for a frame-start candidate.
MIN_SYNC_SCORE = 0.7


def _variants(a: NDArray[np.float32], bit_n: float) -> list[NDArray[np.float64]]:
    x = a.astype(np.float64) - float(np.mean(a))
    n = max(3, round(bit_n))
    level = x - ndimage.uniform_filter1d(x, n, mode="nearest")
    phase = np.cumsum(x)
    phase -= ndimage.uniform_filter1d(phase, n, mode="nearest")
    return [level, phase]


def _frame_starts(cs: NDArray[np.float64], fs: float, max_candidates: int) -> list[float]:
    """Sample positions where bits 1–24 match a sync pattern best (strongest first)."""
    half = fs / (2 * BIT_RATE_BPS)
    n_pos = len(cs) - 1 - int(np.ceil(48 * half)) - 1
    if n_pos <= 0:
        return []
    u = np.arange(n_pos, dtype=np.float64)
    d = manchester(cs, u, np.full(n_pos, half), 1)[:, 0]  # soft decision of a bit starting at u
    offs = np.rint(np.arange(24) * 2 * half).astype(np.int64)
    m = n_pos - offs[-1]
    if m <= 0:
        return []
    shifted = np.stack([d[o:o + m] for o in offs])  # (24, m)
    norm = np.abs(shifted).sum(axis=0) + 1e-30
    best = np.zeros(m)
    for pat in PATTERNS.values():
        signs = np.where(pat > 0, 1.0, -1.0)
        best = np.maximum(best, np.abs(signs @ shifted))
    score = best / norm
    peak = ndimage.maximum_filter1d(best, int(4 * half) | 1)
    idx = np.nonzero((score >= MIN_SYNC_SCORE) & (best >= peak))[0]
    idx = idx[np.argsort(-best[idx])]
    out: list[float] = []
    sep = 0.2 * fs
    for i in idx:
        if all(abs(i - o) > sep for o in out):
            out.append(float(i))
        if len(out) >= max_candidates:
            break
    return out


def demodulate_audio(a: NDArray[np.floating], sample_rate_hz: float, *,
                     decoder: FrameDecoder | None = default_decoder,
                     rate_tolerance: float = 0.0125, max_sync_errors: int = 3,
                     max_candidates: int = 40) -> list[Burst]:
    """Every FGB burst in discriminator audio ``a`` (any scale), sorted by time.

    ``time_s`` is the start of bit 1 in seconds from ``a[0]`` (delayed by the receiver's audio
    filters, so less exact than from IQ); ``frequency_hz`` and ``cn0_dbhz`` are ``None``.
    """
    fs = float(sample_rate_hz)
    a = np.asarray(a, np.float32)
    bit_n = fs / BIT_RATE_BPS
    if len(a) < 2 * bit_n or not np.any(a):
        return []
    out: list[Burst] = []
    for kind, v in zip(("level", "phase"), _variants(a, bit_n), strict=True):
        cs = cumsum0(v)
        for u0 in _frame_starts(cs, fs, max_candidates):
            if any(abs(u0 / fs - b.time_s) < 0.2 for b in out):
                continue
            b = _attempt(cs, fs, u0, decoder, rate_tolerance, max_sync_errors, kind)
            if b is not None and not any(abs(b.time_s - o.time_s) < 0.2 for o in out):
                out.append(b)
    return sorted(out, key=lambda b: b.time_s)


def _attempt(cs: NDArray[np.float64], fs: float, u0: float, decoder: FrameDecoder | None,
             rate_tolerance: float, max_sync_errors: int, kind: str) -> Burst | None:
    half_n = fs / (2 * BIT_RATE_BPS)
    rate, pivot = search_timing(cs, fs, u0 + 24 * half_n, rate_tolerance)
    half = fs / (2 * rate)
    d = manchester(cs, pivot - 24 * half - 2 * half, half, LONG_BITS + 2)
    choice = None
    for shift in (0, -1, 1):
        for pol in (1, -1):
            b = (pol * d[1 + shift: 1 + shift + LONG_BITS] > 0).astype(np.int8)
            _, err = sync_match(b)
            if choice is None or err < choice[0]:
                choice = (err, shift, pol, b, pol * d[1 + shift: 1 + shift + LONG_BITS])
    assert choice is not None
    err, shift, pol, bits, soft = choice
    if err > max_sync_errors:
        return None
    found = decode_frame([bits], frame_lengths(bits, soft), decoder)
    if found is None:
        return None
    msg, chosen, n_bits = found
    sync, sync_err = sync_match(chosen)
    t_bit1 = pivot + shift * 2 * half - 24 * half
    return Burst(time_s=float(t_bit1 / fs), frequency_hz=None, cn0_dbhz=None, sync=sync,
                 bits_hex=bits_hex(chosen[:n_bits]), message=msg, bit_rate_bps=float(rate),
                 polarity=pol, sync_errors=sync_err, source="audio",
                 extra={"audio_kind": kind})
