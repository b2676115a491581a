"""Burst detection across the whole band of a complex input: find the 160 ms unmodulated carrier.

Every FGB burst starts with 160 ms of pure carrier (T.001 §2.2.3), a strong spectral line. The
detector computes a Hann-windowed spectrogram (~25 ms blocks, half overlap), divides each bin by
the local noise floor (median over time, then over ±5 kHz of frequency, so a shaped receiver
pass-band and a few busy bins do not matter), sums the normalised power over 160 ms, and keeps
local maxima above a threshold, strongest first, suppressing the data sidebands of a strong burst
and its residual carrier (±1.5 kHz, ±0.55 s). Several beacons on different channels give several candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import fft as sfft
from scipy import ndimage

#: Default threshold on the 160 ms sum of noise-normalised bin powers, in units of its noise mean.
#: Noise alone: mean 1 over ~12 half-overlapped blocks (a Gamma(12)/12 tail of about 1e-10 per
#: cell above 4, i.e. a fraction of a false candidate per hour of 250 ksps noise); a carrier at
#: 26 dB-Hz scores about 6-8 (C/N0 x 25 ms x 0.67 for the Hann window, plus 1).
DEFAULT_THRESHOLD = 4.0


@dataclass(frozen=True)
class Candidate:
    """A carrier found by :func:`detect_carriers`.

    ``time_s``: approximate carrier switch-on (start of the best 160 ms window), seconds from the
    first sample of the array given; ``frequency_hz``: coarse carrier offset (bin centre);
    ``score``: detection statistic (1 = noise mean); ``n0``: noise density at that frequency
    (input units² per Hz), ``cn0_dbhz``: rough C/N0 from the score.
    """

    time_s: float
    frequency_hz: float
    score: float
    n0: float
    cn0_dbhz: float


def block_size(sample_rate_hz: float) -> int:
    """FFT length for ~25 ms blocks (a power of two).

    >>> block_size(37_500.0), block_size(250_000.0)
    (1024, 8192)
    """
    return int(2 ** np.round(np.log2(sample_rate_hz * 0.025)))


def spectrogram(x: NDArray[np.complexfloating], n_fft: int) -> NDArray[np.float32]:
    """Power of Hann-windowed blocks, half overlap: ``(n,) -> (n_blocks, n_fft)``, fftshifted."""
    hop = n_fft // 2
    n_blocks = (len(x) - n_fft) // hop + 1
    if n_blocks <= 0:
        return np.zeros((0, n_fft), np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x, n_fft)[::hop][:n_blocks]
    w = np.hanning(n_fft).astype(np.float32)
    spec = sfft.fft(frames.astype(np.complex64, copy=False) * w, axis=1)  # single precision
    p = spec.real**2 + spec.imag**2
    return np.fft.fftshift(p, axes=1)


def detect_carriers(x: NDArray[np.complexfloating], sample_rate_hz: float, *,
                    threshold: float = DEFAULT_THRESHOLD, carrier_s: float = 0.160,
                    max_offset_hz: float | None = None) -> list[Candidate]:
    """Candidate FGB carriers in ``x`` (complex baseband), strongest first.

    ``max_offset_hz`` limits the search to |f| below it (default: the whole band but the outer
    5 % on each side, where anti-alias filters roll off).
    """
    n_fft = block_size(sample_rate_hz)
    hop = n_fft // 2
    p = spectrogram(x, n_fft)
    if p.shape[0] < 3:
        return []
    bin_hz = sample_rate_hz / n_fft
    freqs = (np.arange(n_fft) - n_fft // 2) * bin_hz
    # noise floor per bin: median over every fourth block (independent, and cheaper), as a mean
    floor_t = np.median(p[:: 4 if p.shape[0] >= 40 else 1], axis=0) / np.log(2.0)
    width = max(3, int(10_000.0 / bin_hz) | 1)  # ±5 kHz: wider than a burst's data sidebands
    floor = ndimage.median_filter(floor_t, size=width, mode="nearest")
    floor = np.maximum(floor, 1e-30).astype(np.float32)
    k = max(1, round(carrier_s / (hop / sample_rate_hz)) - 1)  # blocks inside the carrier
    k = min(k, p.shape[0])
    limit = max_offset_hz if max_offset_hz is not None else 0.45 * sample_rate_hz
    inside = np.nonzero(np.abs(freqs) <= limit)[0]
    lo, hi = int(inside[0]), int(inside[-1]) + 1
    cols = np.arange(lo, hi)
    r = p[:, lo:hi]
    r *= 1.0 / floor[lo:hi]  # in place: p is ours
    np.cumsum(r, axis=0, out=r)
    stat = r[k - 1:].copy()  # sum over k blocks
    stat[1:] -= r[:-k]
    stat *= 1.0 / k  # mean over k blocks
    t_sup = max(1, int(0.55 * sample_rate_hz / hop))  # the residual carrier of the data part
    f_sup = max(1, int(1500.0 / bin_hz))
    ti, fi = np.nonzero(stat >= threshold)
    if len(ti) > 20_000:  # a very strong burst: keep its strongest cells
        top = np.argpartition(-stat[ti, fi], 20_000)[:20_000]
        ti, fi = ti[top], fi[top]
    vals = stat[ti, fi]
    # local maxima over the 3 x 3 neighbourhood (only where above threshold)
    pad = np.pad(stat, 1, constant_values=-np.inf)
    is_max = np.ones(len(ti), bool)
    for dt in (-1, 0, 1):
        for dfq in (-1, 0, 1):
            if dt or dfq:
                is_max &= vals >= pad[ti + 1 + dt, fi + 1 + dfq]
    ti, fi, vals = ti[is_max], cols[fi[is_max]], vals[is_max]
    order = np.argsort(-vals)
    kept: list[tuple[int, int]] = []
    out: list[Candidate] = []
    w = np.hanning(n_fft)
    for i in order[:2000]:
        t, f = int(ti[i]), int(fi[i])
        if any(abs(t - a) <= t_sup and abs(f - b) <= f_sup for a, b in kept):
            continue
        kept.append((t, f))
        score = float(vals[i])
        n0 = float(floor[f] / (sample_rate_hz * np.sum(w**2)))
        # a carrier of power C in one bin adds C * (sum w)^2 to the block power
        c_pow = max(score - 1.0, 1e-3) * float(floor[f]) / float(np.sum(w) ** 2)
        out.append(Candidate(time_s=t * hop / sample_rate_hz, frequency_hz=float(freqs[f]),
                             score=score, n0=n0, cn0_dbhz=10.0 * np.log10(c_pow / n0)))
        if len(out) >= 64:
            break
    return out
