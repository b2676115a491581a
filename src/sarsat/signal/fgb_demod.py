"""Coherent first-generation demodulator for complex baseband (C/S T.001 §2.2–2.3).

Per candidate carrier from :mod:`sarsat.signal.detect`:

1. mix the candidate to 0 Hz, low-pass and decimate to ~16–20 kHz (``working_rate_hz``);
2. fine carrier frequency from a zero-padded FFT of the whole segment (the 160 ms carrier of
   T.001 §2.2.3 plus the residual carrier, cos 1.1 of the amplitude, during the data);
3. carrier phase tracking on the residual carrier (a 10-bit moving average: biphase-L data
   average to zero over whole bits, T.001 §2.3.5), quadrature component = sin of the data phase;
4. frame start by correlation with the 24 known bits (15 ones + either frame sync, §2.2.4.1–2);
   bit rate (400 bit/s ±1 %, §2.2.4) and sub-sample timing by maximising the biphase-L metric
   Σ|first half − second half| over the frame, then the sync pattern fixes whole-bit slips and
   polarity (Hamming distance ≤ ``max_sync_errors`` to either pattern);
5. a decision-directed pass: the decided data phase is removed, the full carrier power (not only
   the residual 21 %) drives the phase reference, bits are decided again;
6. data-aided measurements: TOA (start of bit 1, maximum-likelihood fit of the modulation),
   FOA (periodogram peak of the data-wiped burst) and C/N0;
7. BCH correction and decoding through :func:`sarsat.beacon.decode`; frames whose BCH-1 fails,
   whose PDF-1 is all zero or whose country code is unassigned are rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage, signal

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
from sarsat.signal.detect import DEFAULT_THRESHOLD, Candidate, detect_carriers
from sarsat.signal.fgb_modulator import (
    BIT_RATE_BPS,
    CARRIER_S,
    LONG_BITS,
    MOD_INDEX_RAD,
    half_bit_levels,
    phase_rad,
)


@dataclass(frozen=True)
class DemodConfig:
    """Receiver settings (defaults suit every rate from 8 ksps upwards).

    ``working_rate_hz``: target rate after decimation; ``ref_window_bits``: length of the carrier
    phase averaging, in bits; ``rate_tolerance``: searched bit-rate deviation (T.001 §2.2.4:
    ±1 %, searched ±1.25 %); ``max_sync_errors``: bits 1–24 allowed to differ from the pattern;
    ``threshold``: detector threshold (:data:`sarsat.signal.detect.DEFAULT_THRESHOLD`);
    ``max_offset_hz``: limit of the carrier search (None: the whole band);
    ``max_doppler_rate_hz_s``: searched carrier drift (LEO: below about ±80 Hz/s at 406 MHz).
    """

    working_rate_hz: float = 16_000.0
    ref_window_bits: float = 10.0
    dd_window_bits: float = 40.0
    rate_tolerance: float = 0.0125
    max_sync_errors: int = 3
    threshold: float = DEFAULT_THRESHOLD
    max_offset_hz: float | None = None
    max_doppler_rate_hz_s: float = 150.0


DEFAULT_CONFIG = DemodConfig()


@lru_cache(maxsize=16)
def _lowpass(sample_rate_hz: float, down: int) -> NDArray[np.float32]:
    """Anti-alias FIR for decimation by ``down``, unit gain at DC."""
    fs_w = sample_rate_hz / down
    cutoff_hz = min(6000.0, 0.36 * fs_w)
    n_taps = 8 * down + 1 if down > 1 else 33
    h = signal.firwin(n_taps, cutoff_hz, fs=sample_rate_hz)
    return (h / h.sum()).astype(np.float32)


def _moving_mean(x: NDArray[np.complexfloating], n: float) -> NDArray[np.complex64]:
    n = max(1, int(n))
    re = ndimage.uniform_filter1d(x.real.astype(np.float32), n, mode="nearest")
    im = ndimage.uniform_filter1d(x.imag.astype(np.float32), n, mode="nearest")
    return (re + 1j * im).astype(np.complex64)


@dataclass
class _Segment:
    y: NDArray[np.complex64]  # decimated, mixed to the candidate carrier
    t0_s: float  # time of y[0]
    fs_hz: float
    f_hz: float  # carrier offset removed so far
    first_s: float  # time of the first input sample (earlier samples are zero padding)
    last_s: float  # time of the last input sample


def _extract(x: NDArray[np.complexfloating], fs: float, t_start_s: float, t_stop_s: float,
             f_hz: float, cfg: DemodConfig) -> _Segment | None:
    """Mix ``x`` between the two times down by ``f_hz``, low-pass and decimate; times before
    the first sample are zero-padded so a burst cut by the start of the input keeps its place."""
    i0 = int(np.floor(t_start_s * fs))
    i1 = min(len(x), int(np.ceil(t_stop_s * fs)))
    if i1 - max(i0, 0) < int(0.1 * fs):
        return None
    down = max(1, int(fs // cfg.working_rate_hz))
    h = _lowpass(fs, down)
    n = np.arange(i0, i1, dtype=np.float64)
    seg = np.zeros(i1 - i0, np.complex64)
    seg[max(0, -i0):] = x[max(i0, 0):i1]
    seg *= np.exp(-2j * np.pi * f_hz / fs * n).astype(np.complex64)
    y = signal.upfirdn(h, seg, down=down).astype(np.complex64)
    delay = (len(h) - 1) / 2.0
    keep = int(np.ceil(delay / down))
    y = y[keep: keep + (i1 - i0) // down]
    t0 = (i0 + keep * down - delay) / fs
    return _Segment(y, t0, fs / down, f_hz, max(i0, 0) / fs, (i1 - 1) / fs)


def _fine_frequency(y: NDArray[np.complex64], fs: float, span_hz: float) -> float:
    """Frequency (Hz) of the strongest line within ±``span_hz``: block sums down to about
    4 × ``span_hz`` samples/s, a 16-times zero-padded FFT and a parabola on the peak."""
    q = max(1, int(fs / (4.0 * span_hz)))
    n = max(1, len(y) // q)
    yb = y[: n * q].reshape(n, q).sum(axis=1) if len(y) >= q else y
    fs_b = fs / q if len(y) >= q else fs
    n_fft = 1 << int(np.ceil(np.log2(max(len(yb), 2) * 16)))
    spec = np.abs(np.fft.fft(yb, n_fft)) ** 2
    f = np.fft.fftfreq(n_fft, 1.0 / fs_b)
    spec[np.abs(f) > span_hz] = 0.0
    k = int(np.argmax(spec))
    a, b, c = spec[k - 1], spec[k], spec[(k + 1) % n_fft]
    den = a - 2 * b + c
    frac = 0.5 * (a - c) / den if den < 0 else 0.0
    return float(f[k] + frac * fs_b / n_fft)


def _doppler_rate(y: NDArray[np.complex64], fs: float, t_s: NDArray[np.float64], span_hz: float,
                  max_rate_hz_s: float) -> float:
    """Carrier drift (Hz/s) maximising the dechirped periodogram peak within ±``span_hz``.

    The segment is first reduced to ~4 × ``span_hz`` samples/s by block sums; rates are tried
    every 4 Hz/s (a quadratic phase error below 0.4 rad over a 520 ms burst), then refined by a
    parabola.
    """
    if max_rate_hz_s <= 0:
        return 0.0
    q = max(1, int(fs / (4.0 * span_hz)))
    n = len(y) // q
    yb = y[: n * q].reshape(n, q).sum(axis=1)
    tb = t_s[: n * q].reshape(n, q).mean(axis=1)
    rates = np.arange(-max_rate_hz_s, max_rate_hz_s + 1e-9, 4.0)
    n_fft = 1 << int(np.ceil(np.log2(n * 8)))
    f = np.fft.fftfreq(n_fft, q / fs)
    chirps = np.exp(-1j * np.pi * rates[:, None] * tb[None, :] ** 2)
    spec = np.abs(np.fft.fft(chirps * yb[None, :], n_fft, axis=1)) ** 2
    spec[:, np.abs(f) > span_hz] = 0.0
    peak = spec.max(axis=1)
    i = int(np.argmax(peak))
    if 0 < i < len(rates) - 1:
        a, b, c = peak[i - 1], peak[i], peak[i + 1]
        den = a - 2 * b + c
        if den < 0:
            return float(rates[i] + 0.5 * (a - c) / den * 4.0)
    return float(rates[i])


def _periodogram_peak(v: NDArray[np.complex64], t_s: NDArray[np.float64]) -> tuple[float, float]:
    """Frequency (Hz) maximising |Σ v e^{-j2πft}| near 0, and that maximum / len(v)."""
    fs = 1.0 / (t_s[1] - t_s[0])
    f0 = _fine_frequency(v, fs, 20.0)

    def mag(f: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.abs(np.exp(-2j * np.pi * np.outer(f, t_s)) @ v)

    step = 0.05
    for _ in range(3):  # parabolic refinement of the DTFT magnitude
        fs3 = f0 + np.array([-step, 0.0, step])
        a, b, c = mag(fs3)
        den = a - 2 * b + c
        if den < 0:
            f0 = f0 + float(np.clip(0.5 * (a - c) / den, -1.0, 1.0)) * step
        step /= 4
    return f0, float(mag(np.array([f0]))[0] / len(v))


def demodulate_candidate(x: NDArray[np.complexfloating], sample_rate_hz: float, cand: Candidate,
                         decoder: FrameDecoder | None = default_decoder,
                         config: DemodConfig = DEFAULT_CONFIG) -> Burst | None:
    """Demodulate the burst whose carrier ``cand`` points at; ``None`` when no valid frame.

    Times in the returned :class:`Burst` are seconds from ``x[0]``; ``decoder=None`` skips
    message decoding (the frame is then accepted on its sync pattern alone).
    """
    cfg = config
    seg = _extract(x, sample_rate_hz, cand.time_s - 0.45, cand.time_s + 0.80,
                   cand.frequency_hz, cfg)
    if seg is None:
        return None
    fs = seg.fs_hz
    y = seg.y
    t = seg.t0_s + np.arange(len(y)) / fs
    bin_hz = float(sample_rate_hz / (2 ** np.round(np.log2(sample_rate_hz * 0.025))))
    t_ref = cand.time_s + 0.26  # about the middle of a burst
    rate_hz_s = _doppler_rate(y, fs, t - t_ref, 1.5 * bin_hz + 10.0, cfg.max_doppler_rate_hz_s)
    y = (y * np.exp(-1j * np.pi * rate_hz_s * (t - t_ref) ** 2)).astype(np.complex64)
    df = _fine_frequency(y, fs, 1.5 * bin_hz + 10.0)
    y = (y * np.exp(-2j * np.pi * df * (t - t_ref))).astype(np.complex64)
    f_hz = seg.f_hz + df

    bit_n = fs / BIT_RATE_BPS  # samples per bit at the nominal rate
    ref = _moving_mean(y, cfg.ref_window_bits * bit_n)
    s = (y * np.exp(-1j * np.angle(ref))).imag.astype(np.float64)

    # frame start: correlate with the 24 known bits, both sync patterns (T.001 §2.2.4.1-2)
    half_n = bit_n / 2
    # bit 1 normally follows the detected carrier by 160 ms; a recording may also start after
    # the carrier (only the data and the residual carrier remain): try there first, then widely
    starts: list[float] = []
    for early_s, late_s in ((0.09, 0.09), (0.45, 0.12)):
        lo = int(max(0, (cand.time_s + CARRIER_S - early_s - seg.t0_s) * fs))
        hi = int(min(len(s), (cand.time_s + CARRIER_S + late_s - seg.t0_s) * fs + 48 * half_n + 2))
        best = (-1.0, 0.0)
        for pat in PATTERNS.values():
            lv = half_bit_levels(pat)
            tmpl = lv[(np.arange(int(48 * half_n)) / half_n).astype(int)]
            if hi - lo <= len(tmpl):
                continue
            c = signal.correlate(s[lo:hi], tmpl, mode="valid", method="fft")
            k = int(np.argmax(np.abs(c)))
            if abs(c[k]) > best[0]:
                best = (float(abs(c[k])), float(lo + k))
        if best[0] > 0 and all(abs(best[1] - o) > half_n for o in starts):
            starts.append(best[1])
    for start0 in starts:
        burst = _attempt(cand, seg, y, t, s, f_hz, rate_hz_s, start0, decoder, cfg)
        if burst is not None:
            return burst
    return None


def _attempt(cand: Candidate, seg: _Segment, y: NDArray[np.complex64], t: NDArray[np.float64],
             s: NDArray[np.float64], f_hz: float, rate_hz_s: float, start0: float,
             decoder: FrameDecoder | None, cfg: DemodConfig) -> Burst | None:
    """Timing, decisions, decoding and measurements from one frame-start hypothesis."""
    fs = seg.fs_hz
    bit_n = fs / BIT_RATE_BPS
    half_n = bit_n / 2
    # bit rate and timing: maximise sum |first half - second half| over the first 112 bits
    cs = cumsum0(s)
    quick = manchester(cs, start0, half_n, 24)  # bits 1-24 at the nominal rate: a cheap check
    if min(sync_match((p * quick > 0).astype(np.int8))[1] for p in (1, -1)) > 8:
        return None
    rate, pivot = search_timing(cs, fs, start0 + 24 * half_n, cfg.rate_tolerance)

    def decide(csum: NDArray[np.float64], pv: float, r: float, n: int) -> NDArray[np.float64]:
        half = fs / (2 * r)
        return manchester(csum, np.array(pv - 24 * half - 2 * half), np.array(half), n + 2)

    # whole-bit slips and polarity from the sync pattern; bits outside the input (a burst cut by
    # the start of a recording) are not counted
    valid_lo = (seg.first_s - seg.t0_s) * fs
    valid_hi = (seg.last_s - seg.t0_s) * fs

    def known(pv: float) -> NDArray[np.bool_]:
        half = fs / (2 * rate)
        st = pv - 24 * half + 2 * half * np.arange(LONG_BITS)
        return (st >= valid_lo - 0.25 * half) & (st + 2 * half <= valid_hi + 0.25 * half)

    d = decide(cs, pivot, rate, LONG_BITS)
    choice = None
    for shift in (0, -1, 1):
        kn = known(pivot + shift * fs / rate)
        if np.count_nonzero(kn[:24]) < 16:
            continue
        for pol in (1, -1):
            b = (pol * d[1 + shift: 1 + shift + LONG_BITS] > 0).astype(np.int8)
            name, err = sync_match(b, kn)
            if choice is None or err < choice[0]:
                choice = (err, shift, pol, name)
    if choice is None:
        return None
    err, shift, pol, _ = choice
    if err > cfg.max_sync_errors:
        return None
    pivot += shift * fs / rate
    kn = known(pivot)

    def frame(csum: NDArray[np.float64]) -> NDArray[np.float64]:
        return pol * decide(csum, pivot, rate, LONG_BITS)[1:1 + LONG_BITS]

    soft = frame(cs)
    bits = (soft > 0).astype(np.int8)

    # decision-directed pass: remove the decided modulation, track the full carrier
    t_bit1 = pivot - 24 * fs / (2 * rate)  # samples
    tb = (np.arange(len(y)) - t_bit1) / fs
    phi = phase_rad(tb, bits, bit_rate_bps=rate, polarity=pol, mod_index_rad=MOD_INDEX_RAD)
    ref2 = _moving_mean(y * np.exp(-1j * phi).astype(np.complex64), cfg.dd_window_bits * bit_n)
    z2 = y * np.exp(-1j * np.angle(ref2))
    cs2 = cumsum0(z2.imag)
    soft2 = frame(cs2)
    bits2 = (soft2 > 0).astype(np.int8)

    lengths = frame_lengths(bits2, soft2)
    sync, sync_err = sync_match(bits2, kn)
    if sync_err > cfg.max_sync_errors:
        return None
    missing = ~kn[:24]  # bits before the input began: take them from the sync pattern
    for b_ in (bits, bits2):
        b_[:24][missing] = PATTERNS[sync][missing]

    found = decode_frame([bits2, bits], lengths, decoder)
    if found is None:
        return None
    msg, chosen, n_bits = found

    # measurements on the final decisions
    bits_f = chosen[:n_bits]
    toa_n, rate = _ml_timing(z2, t_bit1, rate, bits_f, pol, fs)
    tb = (np.arange(len(y)) - toa_n) / fs
    phi = phase_rad(tb, bits_f, bit_rate_bps=rate, polarity=pol)
    on = (tb >= -CARRIER_S) & (tb < n_bits / rate)
    on &= (np.arange(len(y)) >= valid_lo) & (np.arange(len(y)) <= valid_hi)
    if np.count_nonzero(on) < 16:
        return None
    v = (y * np.exp(-1j * phi))[on].astype(np.complex64)
    f_fine, amp = _periodogram_peak(v, t[on])
    c_pow = amp**2
    cn0 = 10 * np.log10(c_pow / cand.n0) if cand.n0 > 0 and c_pow > 0 else None
    toa_s = float(seg.t0_s + toa_n / fs)
    t_mid = toa_s + 0.5 * (n_bits / rate - CARRIER_S)  # middle of the whole burst
    t_ref = cand.time_s + 0.26  # where _doppler_rate/_fine_frequency referred the carrier
    return Burst(time_s=toa_s, frequency_hz=float(f_hz + f_fine + rate_hz_s * (t_mid - t_ref)),
                 cn0_dbhz=None if cn0 is None else float(cn0), sync=sync,
                 bits_hex=bits_hex(bits_f), message=msg, bit_rate_bps=float(rate), polarity=pol,
                 sync_errors=sync_err, source="iq", frequency_rate_hz_s=float(rate_hz_s))


def _ml_timing(z: NDArray[np.complex64], t_bit1: float, rate: float, bits: NDArray[np.int8],
               pol: int, fs: float) -> tuple[float, float]:
    """Data-aided maximum-likelihood start of bit 1 (samples) and bit rate: maximise
    Re Σ z e^{-jφ(t; τ, r)} over a small grid, then a quadratic fit of the surface."""
    n_bits = len(bits)
    i0 = int(max(0, np.floor(t_bit1 - 2)))
    i1 = int(min(len(z), np.ceil(t_bit1 + n_bits * fs / rate + 2)))
    zz = z[i0:i1]
    m = np.arange(i0, i1, dtype=np.float64)
    dt = np.linspace(-0.6, 0.6, 5)
    dr = np.linspace(-3e-4, 3e-4, 5)
    centre = t_bit1 + 0.5 * n_bits * fs / rate  # parametrise by the frame centre
    tau = (centre + dt)[:, None, None]
    rr = (rate * (1 + dr))[None, :, None]
    tb = (m[None, None, :] - tau) / fs + 0.5 * n_bits / rr
    phi = phase_rad(tb, bits, bit_rate_bps=rr, polarity=pol)
    j = (zz.real[None, None, :] * np.cos(phi) + zz.imag[None, None, :] * np.sin(phi)).sum(-1)
    a, b = np.meshgrid(dt, dr, indexing="ij")
    design = np.stack([np.ones_like(a), a, b, a * a, a * b, b * b], -1).reshape(-1, 6)
    scale = np.array([1, 1, 1e4, 1, 1e4, 1e8])
    coef, *_ = np.linalg.lstsq(design * scale, j.reshape(-1), rcond=None)
    coef = coef * scale
    hess = np.array([[2 * coef[3], coef[4]], [coef[4], 2 * coef[5]]])
    i, k = np.unravel_index(int(np.argmax(j)), j.shape)
    best = np.array([dt[i], dr[k]])
    if np.all(np.linalg.eigvalsh(hess) < 0):
        opt = np.linalg.solve(hess, -coef[1:3])
        if abs(opt[0]) <= 0.6 and abs(opt[1]) <= 3e-4:
            best = opt
    r = rate * (1 + best[1])
    return float(centre + best[0] - 0.5 * n_bits * fs / r), float(r)


def demodulate(x: NDArray[np.complexfloating], sample_rate_hz: float, *,
               decoder: FrameDecoder | None = default_decoder,
               config: DemodConfig = DEFAULT_CONFIG) -> list[Burst]:
    """Every FGB burst in a complex baseband array, sorted by time (times from ``x[0]``)."""
    cands = detect_carriers(x, sample_rate_hz, threshold=config.threshold,
                            max_offset_hz=config.max_offset_hz)
    out: list[Burst] = []
    for c in cands:
        if covered(c, out):
            continue
        b = demodulate_candidate(x, sample_rate_hz, c, decoder, config)
        if b is None or any(abs(b.time_s - o.time_s) < 0.3 and abs(b.frequency_hz - o.frequency_hz) < 300
                            for o in out):
            continue
        out.append(b)
    return sorted(out, key=lambda b: b.time_s)


def covered(cand: Candidate, bursts: list[Burst], t_offset_s: float = 0.0) -> bool:
    """True when a decoded burst already spans the candidate (its carrier or the residual
    carrier of its data part, within ±1.5 kHz); ``t_offset_s`` is added to the candidate time."""
    t = cand.time_s + t_offset_s
    for b in bursts:
        if b.frequency_hz is None or abs(b.frequency_hz - cand.frequency_hz) > 1500.0:
            continue
        if b.time_s - CARRIER_S - 0.2 <= t <= b.time_s + b.n_bits / b.bit_rate_bps:
            return True
    return False
