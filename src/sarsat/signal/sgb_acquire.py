"""Second-generation acquisition: every code phase and carrier offset of the 166.7 ms preamble.

The preamble (T.018 §2.2.4) is the first 6400 chips of both PRN rails with all bits '0': a
known waveform. The search runs at two samples per chip (76.8 kHz: ±38.4 kHz keeps 97 % of
the half-sine chips' power; one sample per chip would keep 69 %, a 1.6 dB loss) on the whole
input at once, as a partial-matched-filter + FFT (PMF-FFT) acquisition in two stages:

1. **Screen** (every code phase): the first half of the preamble (83.3 ms) is cut into blocks
   of ``BLOCK_CHIPS`` chips; for every code phase, the block correlations (one skewed product
   per residue of the code phase modulo the block, no per-hypothesis loop) go through one FFT
   that gives every carrier offset at once (bins of 9.4 Hz over ±2.4 kHz).
2. **Confirm** (code phases whose first-half statistic exceeds :data:`SCREEN_THRESHOLD`, about
   0.5 % of them in noise, and their neighbours): the whole preamble, on the sample and half a
   sample later (a replica delayed by a quarter chip, so no code phase is more than ⅛ chip
   from one searched), its ``SEGMENTS`` halves combined in power so a drifting carrier (LEO
   Doppler rate, T.018 §2.3.1.1 b) short-term stability) loses little.

The statistic is normalised by the input's noise power, so noise alone gives a Gamma(2)
variable of mean 2; a burst gives about ``2 + C/N0 × 0.1667 s`` (less about 1–2 dB for the
chip filter, the code phase between samples and the carrier between bins and away from 0).
:data:`DEFAULT_THRESHOLD` (28) lets through a few noise candidates per hour of input, each then
rejected by the BCH check. The screen's own threshold costs little: the first half of a burst
at 28 dB-Hz reads about 1 + 52 (less the same losses) against :data:`SCREEN_THRESHOLD` = 12.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import fft as sfft
from scipy import signal
from threadpoolctl import threadpool_limits

from sarsat.signal.sgb_modulator import oqpsk_half_sine
from sarsat.signal.sgb_prn import CHIP_RATE_HZ, MODES, prn_levels

SAMPLES_PER_CHIP = 2
ACQ_RATE_HZ = SAMPLES_PER_CHIP * CHIP_RATE_HZ  #: 76.8 kHz
PREAMBLE_CHIPS = 6400  #: T.018 §2.2.4
PREAMBLE_SAMPLES = SAMPLES_PER_CHIP * PREAMBLE_CHIPS
BLOCK_CHIPS = 8  #: PMF block: 208 µs, so the FFT covers ±2.4 kHz
BLOCK_SAMPLES = SAMPLES_PER_CHIP * BLOCK_CHIPS
SEGMENTS = 2  #: non-coherent halves of the preamble (83.3 ms each)
N_FFT = 512  #: per segment: 400 blocks zero-padded, 9.4 Hz bins
DEFAULT_THRESHOLD = 28.0  #: in units of the noise mean per segment (see the module docstring)
SCREEN_THRESHOLD = 12.0  #: first-half statistic (noise: exponential, mean 1) that earns a confirm
#: Within a found burst, a second candidate must read above this fraction (−17 dB) of its
#: statistic: the partial-correlation sidelobes of the 6400-chip preamble (T.018 §2.2.3) average
#: about 1/6400 of the peak, and their largest over ±1 s of code phases, both PRN pairs and
#: every carrier bin reads about −22.5 dB (a 55 dB-Hz burst in tests/test_signal_sgb_receiver.py).
SIDELOBE_FRACTION = 10 ** (-17 / 10)
_CHUNK_BLOCKS = 2048  #: code phases per product, per residue (bounded memory)
_CONFIRM_BATCH = 256  #: code phases confirmed at a time (bounded memory)


@dataclass(frozen=True)
class SgbCandidate:
    """A preamble found by :func:`acquire`: ``start_s`` (first I chip, ±⅛ chip, seconds from
    the first sample of the array), ``frequency_hz`` (±5 Hz, at the preamble), ``mode``
    ("normal" / "self_test"), ``score`` (statistic, noise mean = :data:`SEGMENTS`)."""

    start_s: float
    frequency_hz: float
    mode: str
    score: float


@lru_cache(maxsize=4)
def _replica(mode: str, half: int = 0) -> NDArray[np.complex64]:
    """The preamble at 2 samples per chip, filtered as the input is (153.6 → 76.8 kHz);
    ``half`` = 1: delayed by half a sample (a burst that starts between two samples)."""
    n = PREAMBLE_CHIPS
    li, lq = prn_levels(mode, "I")[:n], prn_levels(mode, "Q")[:n]
    t = (np.arange(4 * n + 8) - (2 // SAMPLES_PER_CHIP) * half) / (4 * CHIP_RATE_HZ)
    r = signal.resample_poly(oqpsk_half_sine(li, lq, t), 1, 4 // SAMPLES_PER_CHIP)
    return np.asarray(r[:PREAMBLE_SAMPLES], np.complex64)


def to_acquisition_rate(w: NDArray[np.complex64]) -> NDArray[np.complex64]:
    """153.6 kHz (4 samples per chip) → 76.8 kHz, sample n at n / 76 800 s."""
    return np.asarray(signal.resample_poly(w, 1, 4 // SAMPLES_PER_CHIP), np.complex64)


def _blocks(mode: str, n_blocks: int) -> NDArray[np.complex64]:
    """Conjugate replica blocks (2, n_blocks, BLOCK_SAMPLES) for code phases on a sample and
    half a sample later; block m times (−1)^m, so the FFT over blocks comes out shifted by half
    its length and the kept carrier offsets are one contiguous slice around the middle bin."""
    alt = np.where(np.arange(n_blocks) % 2 == 0, 1.0, -1.0).astype(np.float32)[:, None]
    r = [_replica(mode, h)[:n_blocks * BLOCK_SAMPLES].reshape(n_blocks, BLOCK_SAMPLES) * alt
         for h in (0, 1)]
    return np.conj(np.stack(r)).astype(np.complex64)


def _power(c: NDArray[np.complex64]) -> NDArray[np.float32]:
    """|c|² summed over the segment axis (-2): (..., SEGMENTS, bins) → (..., bins)."""
    p = np.square(c.real)
    p += np.square(c.imag)
    return p.sum(axis=-2)


def search(a: NDArray[np.complex64], span_hz: float = 1500.0,
           modes: tuple[str, ...] = MODES, floor: float = 0.0,
           ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int8],
                      NDArray[np.int8]]:
    """For every code phase n of ``a`` (76.8 kHz): the best normalised statistic over carrier
    offsets |f| ≤ ``span_hz``, modes and the two sub-sample phases (on the sample, half a
    sample later), that offset (Hz; only where the statistic exceeds ``floor``), the mode index
    and the sub-sample phase (1: half a sample later). Arrays of length
    ``len(a) - PREAMBLE_SAMPLES + 1`` (empty when ``a`` is shorter than the preamble).

    The statistic is exact where the screen let the code phase through (see the module
    docstring) and 0 elsewhere: a code phase left at 0 read below :data:`SCREEN_THRESHOLD` on
    the first half of the preamble. One BLAS thread: the products are many and small, and
    threads waiting on each other cost far more than they bring (the LUT runs channels in
    parallel processes instead)."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _search(a, span_hz, modes, floor)


def _search(a: NDArray[np.complex64], span_hz: float, modes: tuple[str, ...], floor: float,
            ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int8],
                       NDArray[np.int8]]:
    """:func:`search` itself (the screen, then :func:`_confirm`)."""
    n_pre = PREAMBLE_SAMPLES
    n_codes = len(a) - n_pre + 1
    best = np.zeros(max(n_codes, 0), np.float32)
    best_f = np.zeros(max(n_codes, 0), np.float32)
    best_m = np.zeros(max(n_codes, 0), np.int8)
    best_h = np.zeros(max(n_codes, 0), np.int8)
    if n_codes <= 0:
        return best, best_f, best_m, best_h
    L, m_tot = BLOCK_SAMPLES, n_pre // BLOCK_SAMPLES
    m_seg = m_tot // SEGMENTS
    freqs = np.fft.fftshift(sfft.fftfreq(N_FFT, 1.0 / (ACQ_RATE_HZ / L)))
    keep = np.flatnonzero(np.abs(freqs) <= span_hz)
    k0, k1 = int(keep[0]), int(keep[-1]) + 1
    kept_freqs = freqs[k0:k1].astype(np.float32)
    # noise power per sample: median of |a|^2 / ln 2 for complex Gaussian noise
    sigma2 = float(np.median(a.real**2 + a.imag**2)) / np.log(2.0) or 1.0
    n_q = -(-n_codes // L)  # code phases per residue
    pad = np.zeros(L * (n_q + m_tot + 2), np.complex64)
    pad[:len(a)] = a
    for mi, mode in enumerate(modes):
        r_all = _blocks(mode, m_tot)  # (2 sub-sample phases, blocks, L)
        r1 = r_all[0, :m_seg]  # the screen: on the sample only
        # noise of each statistic: sigma2 × replica energy (per half of the preamble)
        seg_e = np.array([np.sum(np.abs(_replica(mode, h).reshape(SEGMENTS, -1)) ** 2, axis=1)
                          for h in (0, 1)])
        thr1 = SCREEN_THRESHOLD * sigma2 * seg_e[0, 0]
        hot: list[NDArray[np.int64]] = []
        for q0 in range(0, n_q, _CHUNK_BLOCKS):
            nq = min(_CHUNK_BLOCKS, n_q - q0)
            z = np.zeros((nq, N_FFT), np.complex64)
            for t in range(L):
                # screen, first half: y[q, m, l] = a[t + L (q0 + q + m) + l], input block q+m
                # against replica block m, for both sub-sample phases
                y = np.lib.stride_tricks.as_strided(
                    pad[t + L * q0:], shape=(nq, m_seg, L), strides=(L * 8, L * 8, 8))
                z[:, :m_seg] = np.einsum("qml,ml->qm", y, r1, optimize=True)
                c = sfft.fft(z, axis=1)[:, k0:k1]  # (nq, kept offsets)
                p = np.square(c.real)
                p += np.square(c.imag)
                pass_ = p.max(axis=1) > thr1
                hot.append(t + L * (q0 + np.flatnonzero(pass_)))
        cand = np.concatenate(hot)
        if len(cand):
            _confirm(pad, cand, r_all, mi, sigma2 * seg_e.mean(axis=1), n_codes, (k0, k1),
                     kept_freqs, floor, (best, best_f, best_m, best_h))
    return best, best_f, best_m, best_h


def _confirm(pad: NDArray[np.complex64], cand: NDArray[np.int64], r_all: NDArray[np.complex64],
             mi: int, norms: NDArray[np.float64], n_codes: int, kept: tuple[int, int],
             kept_freqs: NDArray[np.float32], floor: float,
             out: tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int8],
                        NDArray[np.int8]]) -> None:
    """Whole-preamble statistic at the screened code phases ``cand`` and their neighbours,
    both sub-sample phases, folded into ``out`` (best, offset, mode, sub-sample phase)."""
    best, best_f, best_m, best_h = out
    L, m_tot = r_all.shape[2], r_all.shape[1]
    m_seg = m_tot // SEGMENTS
    ns = np.unique(np.clip(np.concatenate([cand - 1, cand, cand + 1]), 0, n_codes - 1))
    for b0 in range(0, len(ns), _CONFIRM_BATCH):
        nb = ns[b0:b0 + _CONFIRM_BATCH]
        y = pad[nb[:, None] + np.arange(m_tot * L)[None, :]].reshape(len(nb), m_tot, L)
        z = np.zeros((2, len(nb), SEGMENTS, N_FFT), np.complex64)
        z[..., :m_seg] = np.einsum("qml,hml->hqm", y, r_all, optimize=True).reshape(
            2, len(nb), SEGMENTS, m_seg)
        c = sfft.fft(z, axis=3)[..., kept[0]:kept[1]]
        for half in (0, 1):
            stat = _power(c[half]) / norms[half]  # (len(nb), kept offsets)
            v = stat.max(axis=1)
            better = v > best[nb]
            bi = nb[better]
            best[bi] = v[better]
            best_m[bi] = mi
            best_h[bi] = half
            hotf = np.flatnonzero(better & (v > floor))
            if len(hotf):
                best_f[nb[hotf]] = kept_freqs[np.argmax(stat[hotf], axis=1)]


def acquire(a: NDArray[np.complex64], *, span_hz: float = 1500.0,
            threshold: float = DEFAULT_THRESHOLD, modes: tuple[str, ...] = MODES,
            max_bursts: int = 16, start_range_s: tuple[float, float] | None = None,
            ) -> list[SgbCandidate]:
    """SGB preambles in ``a`` (76.8 kHz complex), strongest first.

    A found burst masks its own main lobe (±1.5 chip) and, over ±1 s (its length), whatever
    reads below :data:`SIDELOBE_FRACTION` of its statistic: the correlation sidelobes of a
    strong burst, while a second beacon's burst overlapping it in time (all SGBs share the PRN
    pair, T.018 §2.2.3; they differ in code phase and carrier) is still found.

    ``start_range_s`` limits the searched burst starts (seconds from ``a[0]``), e.g. around a
    burst expected from the transmission schedule; default: every code phase."""
    n0 = 0
    if start_range_s is not None:
        n0 = max(0, int(start_range_s[0] * ACQ_RATE_HZ))
        n1 = max(n0, int(np.ceil(start_range_s[1] * ACQ_RATE_HZ)))
        a = a[n0: n1 + PREAMBLE_SAMPLES]
    best, best_f, best_m, best_h = search(a, span_hz, modes, floor=threshold)
    out: list[SgbCandidate] = []
    stat = best.copy()
    guard = int(ACQ_RATE_HZ)  # one burst length
    lobe = 3 * SAMPLES_PER_CHIP // 2 + 1
    while len(out) < max_bursts and len(stat):
        n = int(np.argmax(stat))
        if stat[n] < threshold:
            break
        out.append(SgbCandidate((n + n0 + 0.5 * best_h[n]) / ACQ_RATE_HZ, float(best_f[n]), modes[best_m[n]],
                                float(stat[n])))
        around = stat[max(0, n - guard): n + guard]
        around[around < stat[n] * SIDELOBE_FRACTION] = 0.0
        stat[max(0, n - lobe): n + lobe + 1] = 0.0
    return out
