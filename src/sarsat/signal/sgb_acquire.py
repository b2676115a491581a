"""Second-generation acquisition: every code phase and carrier offset of the 166.7 ms preamble.

The preamble (T.018 §2.2.4) is the first 6400 chips of both PRN rails with all bits '0': a
known waveform. The search runs at two samples per chip (76.8 kHz, which keeps the ±28.8 kHz
main lobe of the half-sine chips and leaves at most a quarter chip of code-phase error) on the
whole input at once, as a partial-matched-filter + FFT (PMF-FFT) acquisition:

1. The preamble replica (one per PRN pair, normal and self-test) is cut into blocks of
   ``BLOCK_CHIPS`` chips. For every residue ``t`` of the code phase modulo the block length,
   one complex matrix product gives the correlation of every input block with every replica
   block (BLAS, no per-hypothesis loop).
2. The block correlations of one code phase lie on a diagonal of that product; an FFT along the
   diagonal turns them into every carrier offset at once (bins of 9.4 Hz over ±2.4 kHz).
3. The preamble is split in ``SEGMENTS`` halves combined in power, so a drifting carrier
   (LEO Doppler rate, T.018 §2.3.1.1 b) short-term stability) loses little.

The statistic is normalised by the input's noise power, so noise alone gives a
Gamma(``SEGMENTS``) variable of mean ``SEGMENTS``; a burst gives about
``SEGMENTS + C/N0 × 0.1667 s``. :data:`DEFAULT_THRESHOLD` (28) lets through about 2 noise
candidates per hour of input, each then rejected by the BCH check.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import fft as sfft
from scipy import signal

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
_CHUNK_BLOCKS = 2048  #: code phases per matrix product, per residue (bounded memory)


@dataclass(frozen=True)
class SgbCandidate:
    """A preamble found by :func:`acquire`: ``start_s`` (first I chip, ±¼ chip, seconds from
    the first sample of the array), ``frequency_hz`` (±5 Hz, at the preamble), ``mode``
    ("normal" / "self_test"), ``score`` (statistic, noise mean = :data:`SEGMENTS`)."""

    start_s: float
    frequency_hz: float
    mode: str
    score: float


@lru_cache(maxsize=2)
def _replica(mode: str) -> NDArray[np.complex64]:
    """The preamble at 2 samples per chip, filtered as the input is (153.6 → 76.8 kHz)."""
    n = PREAMBLE_CHIPS
    li, lq = prn_levels(mode, "I")[:n], prn_levels(mode, "Q")[:n]
    t = np.arange(4 * n + 8) / (4 * CHIP_RATE_HZ)
    r = signal.resample_poly(oqpsk_half_sine(li, lq, t), 1, 4 // SAMPLES_PER_CHIP)
    return np.asarray(r[:PREAMBLE_SAMPLES], np.complex64)


def to_acquisition_rate(w: NDArray[np.complex64]) -> NDArray[np.complex64]:
    """153.6 kHz (4 samples per chip) → 76.8 kHz, sample n at n / 76 800 s."""
    return np.asarray(signal.resample_poly(w, 1, 4 // SAMPLES_PER_CHIP), np.complex64)


def search(a: NDArray[np.complex64], span_hz: float = 1500.0,
           modes: tuple[str, ...] = MODES, floor: float = 0.0,
           ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int8],
                      NDArray[np.int8]]:
    """For every code phase n of ``a`` (76.8 kHz): the best normalised statistic over carrier
    offsets |f| ≤ ``span_hz`` and modes, that offset (Hz; only where the statistic exceeds
    ``floor``), the mode index and 1 where the best is half a sample later (the sum of code
    phases n and n + 1, which keeps a burst between two samples within 0.6 dB). Arrays of
    length ``len(a) - 12800 + 1`` (empty when ``a`` is shorter than the preamble)."""
    n_pre = PREAMBLE_SAMPLES
    n_codes = len(a) - n_pre + 1
    if n_codes <= 0:
        e = np.zeros(0, np.float32)
        return e, e, np.zeros(0, np.int8), np.zeros(0, np.int8)
    L, m_tot = BLOCK_SAMPLES, n_pre // BLOCK_SAMPLES
    m_seg = m_tot // SEGMENTS
    refs = [_replica(m) for m in modes]
    rmat = np.conj(np.concatenate([r.reshape(m_tot, L) for r in refs]))  # (modes*m_tot, L)
    freqs = sfft.fftfreq(N_FFT, 1.0 / (ACQ_RATE_HZ / L))
    keep = np.flatnonzero(np.abs(freqs) <= span_hz)
    k_lo, k_hi = int(keep[keep < N_FFT // 2].max()) + 1, int(keep[keep >= N_FFT // 2].min())
    # noise power per sample: median of |a|^2 / ln 2 for complex Gaussian noise
    sigma2 = float(np.median(a.real**2 + a.imag**2)) / np.log(2.0) or 1.0
    norms = [sigma2 * float(np.sum(np.abs(r.reshape(SEGMENTS, -1)) ** 2, axis=1).mean())
             for r in refs]
    best = np.zeros(n_codes, np.float32)
    best_f = np.zeros(n_codes, np.float32)
    best_m = np.zeros(n_codes, np.int8)
    n_q = -(-n_codes // L)  # code phases per residue
    pad = np.zeros(L * (n_q + m_tot + 1), np.complex64)
    pad[:len(a)] = a
    kept_freqs = freqs[np.r_[0:k_lo, k_hi:N_FFT]]
    # adjacent code phases (half a chip apart) summed coherently: a code phase between two
    # samples; their noise is correlated by the replica's own correlation at one sample
    rho = [float(np.real(np.vdot(r[:-1], r[1:])) / np.vdot(r, r).real) for r in refs]
    best_h = np.zeros(n_codes, np.int8)

    def update(c: NDArray[np.complex64], idx: NDArray[np.int64], ok: NDArray[np.bool_],
               mi: int, norm: float, half: int) -> None:
        stat = (c.real**2 + c.imag**2).sum(axis=0) / norm  # (n_kept, nq)
        v = stat.max(axis=0)
        better = ok & (v > best[idx])
        best[idx[better]] = v[better]
        best_m[idx[better]] = mi
        best_h[idx[better]] = half
        hot = np.flatnonzero(better & (v > floor))
        if len(hot):
            best_f[idx[hot]] = kept_freqs[np.argmax(stat[:, hot], axis=0)]

    for q0 in range(0, n_q, _CHUNK_BLOCKS):
        nq = min(_CHUNK_BLOCKS, n_q - q0)
        rows = nq + m_tot
        z = np.zeros((SEGMENTS, N_FFT, nq), np.complex64)
        first: list[NDArray[np.complex64]] = []
        prev: list[NDArray[np.complex64]] = []
        for t in range(L):
            y = pad[t + L * q0: t + L * (q0 + rows)].reshape(rows, L)
            pt = rmat @ y.T  # (modes*m_tot, rows): replica block m against input block i
            s8 = pt.itemsize
            idx = t + L * (q0 + np.arange(nq))
            ok = idx < n_codes
            idx = np.minimum(idx, n_codes - 1)
            for mi in range(len(modes)):
                # code phase q uses input block q+m with replica block m: row m from column m
                diag = np.lib.stride_tricks.as_strided(
                    pt[mi * m_tot:], shape=(m_tot, nq), strides=((rows + 1) * s8, s8))
                z[:, :m_seg, :] = diag.reshape(SEGMENTS, m_seg, nq)
                z[:, m_seg:, :] = 0
                c = sfft.fft(z, axis=1, overwrite_x=False)
                c = np.concatenate([c[:, :k_lo], c[:, k_hi:]], axis=1)  # |f| <= span
                update(c, idx, ok, mi, norms[mi], 0)
                hn = 2.0 * norms[mi] * (1.0 + rho[mi])
                if t == 0:
                    first.append(c)
                else:  # between code phases idx - 1 and idx
                    update(prev[mi] + c, idx - 1, ok, mi, hn, 1)
                if t == L - 1 and nq > 1:  # between idx (block q) and residue 0 of block q+1
                    update(c[:, :, :-1] + first[mi][:, :, 1:], idx[:-1], ok[1:], mi, hn, 1)
                if t == 0:
                    prev.append(c)
                else:
                    prev[mi] = c
    return best, best_f, best_m, best_h


def acquire(a: NDArray[np.complex64], *, span_hz: float = 1500.0,
            threshold: float = DEFAULT_THRESHOLD, modes: tuple[str, ...] = MODES,
            max_bursts: int = 16, start_range_s: tuple[float, float] | None = None,
            ) -> list[SgbCandidate]:
    """SGB preambles in ``a`` (76.8 kHz complex), strongest first; a found burst masks ±1 s.

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
    while len(out) < max_bursts and len(stat):
        n = int(np.argmax(stat))
        if stat[n] < threshold:
            break
        out.append(SgbCandidate((n + n0 + 0.5 * best_h[n]) / ACQ_RATE_HZ, float(best_f[n]), modes[best_m[n]],
                                float(stat[n])))
        stat[max(0, n - guard): n + guard] = 0.0
    return out
