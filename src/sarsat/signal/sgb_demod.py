"""Second-generation (C/S T.018 §2) demodulator for complex baseband: bursts and their TOA/FOA.

Chain, per input (any rate from 80 kHz up):

1. Mix the search centre to 0 Hz and resample to 153.6 kHz (4 samples per chip).
2. Acquisition (:mod:`sarsat.signal.sgb_acquire`): every code phase and carrier offset of the
   preamble at once (PMF-FFT), for both PRN pairs (normal, self-test; T.018 Table 2.2).
3. Per candidate, tracking with a carrier model f(t) = f0 + ḟ·(t − t_mid) and a chip clock
   (start, rate) over the whole burst:

   * chips: matched filter of each half-sine chip of each rail (T.018 §2.3.3), one weighted
     ``bincount`` over the samples for any chip rate; despreading: sum of 256 chips × PRN;
   * timing: the preamble's code phase on a 1/8-chip grid, then early/late on 6 segments of
     the burst with the decided bits, fitted to a start time and a chip rate (T.018 §2.3.1.2:
     38 400 ± 0.6 chip/s, plus Doppler);
   * carrier: offset from the 50 known preamble bits, then offset and drift from the whole
     burst by squaring (data removed) and a dechirp search, then a data-aided fit;
   * bits: the sign on each rail (odd message bits on I, even on Q, T.018 §2.2.7), then
     BCH(250,202) correction (:func:`sarsat.beacon.sgb.decode_sgb_codeword`).

4. A burst is reported when the BCH check passes (at most 6 corrected bits); its TOA, FOA and
   C/N0 are re-estimated with the corrected bits.

``Burst.time_s`` for SGB: the start of the first I chip of the preamble (T.018 §2.2.4);
``frequency_hz``: the carrier offset at the middle of the burst. The start is extrapolated from
the middle with the measured chip rate, so its error adds 0.5 s × the chip-rate error; the
time of the middle chip (I chip 19 200), where delay and chip rate decouple, is kept in
``Burst.extra["time_mid_s"]``: that is the TOA to weight with the Cramér-Rao bound.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import signal

from sarsat.beacon.sgb import decode_sgb_codeword
from sarsat.beacon.sgb.bch import bch_correct
from sarsat.errors import SignalError
from sarsat.signal.burst import Burst
from sarsat.signal.sgb_acquire import (
    DEFAULT_THRESHOLD,
    SgbCandidate,
    acquire,
    to_acquisition_rate,
)
from sarsat.signal.sgb_modulator import (
    BITS_PER_RAIL,
    BURST_S,
    N_MESSAGE_BITS,
    PREAMBLE_BITS_PER_RAIL,
)
from sarsat.signal.sgb_prn import CHIP_RATE_HZ, CHIPS_PER_BIT, CHIPS_PER_RAIL, MODES, prn_levels

WORK_RATE_HZ = 4 * CHIP_RATE_HZ  #: 153.6 kHz: 4 samples per chip
MIN_RATE_HZ = 80_000.0  #: below this the ±29 kHz main lobe of the chips does not fit
_PAD_SELF_TEST = 0b10  #: leading pad of the 63-hex codeword of a self-test (sarsat.beacon.sgb)
#: A decoded word is kept only above this C/N0 (dB-Hz): noise bits decided by their own sign
#: read as about 19.8 dB-Hz, so a noise word that happens to pass the BCH check (about 1 in 800)
#: is still rejected.
MIN_CN0_DBHZ = 21.5
SGB_CARRIER_HZ = 406.05e6  #: T.018 §2.3.1.1 a): nominal carrier


@dataclass(frozen=True)
class SgbConfig:
    """SGB receiver settings.

    ``center_hz``: centre of the carrier search, as an offset from the input's centre frequency
    (406.05 MHz − centre; T.018 §2.3.1.1: 406.05 MHz ± 1.2 kHz); ``span_hz``: searched ± around
    it (beacon tolerance plus Doppler); ``threshold``: acquisition threshold
    (:data:`sarsat.signal.sgb_acquire.DEFAULT_THRESHOLD`); ``max_rate_hz_s``: searched carrier
    drift (LEO Doppler rate is below about ±80 Hz/s at 406 MHz); ``modes``: PRN pairs searched.
    """

    center_hz: float = 0.0
    span_hz: float = 1500.0
    threshold: float = DEFAULT_THRESHOLD
    max_rate_hz_s: float = 100.0
    modes: tuple[str, ...] = MODES


DEFAULT_SGB_CONFIG = SgbConfig()


@dataclass(frozen=True)
class _Clock:
    """Tracking state: first I chip at ``start_s`` (s from w[0]), ``chip_rate_hz``, carrier
    ``f_hz`` at ``t_ref_s`` (fixed near the burst middle) with drift ``rate_hz_s`` and phase
    ``phase_rad`` there."""

    start_s: float
    chip_rate_hz: float
    f_hz: float
    rate_hz_s: float
    phase_rad: float
    t_ref_s: float

    def with_(self, **kw: float) -> _Clock:
        return replace(self, **kw)


def to_work_rate(x: NDArray[np.complexfloating], sample_rate_hz: float,
                 center_hz: float = 0.0) -> NDArray[np.complex64]:
    """``x`` shifted by −``center_hz`` and resampled to 153.6 kHz (sample n at n / 153 600 s)."""
    if sample_rate_hz < MIN_RATE_HZ:
        raise SignalError(f"{sample_rate_hz:.0f} Hz is too low for second-generation bursts; "
                          f"record at {MIN_RATE_HZ:.0f} Hz or more (e.g. 250k)")
    x = np.asarray(x, np.complex64)
    if center_hz:
        n = np.arange(len(x))
        x = (x * np.exp(-2j * np.pi * (center_hz / sample_rate_hz) * n)).astype(np.complex64)
    ratio = Fraction(WORK_RATE_HZ / sample_rate_hz).limit_denominator(5000)
    if ratio == 1:
        return x
    y = signal.resample_poly(x, ratio.numerator, ratio.denominator)
    return np.asarray(y, np.complex64)


_DEROT_CACHE: list[tuple[NDArray[np.complex64], tuple[float, ...], NDArray[np.complex64]]] = []


def _derotated(w: NDArray[np.complex64], clk: _Clock, lo: int, hi: int) -> NDArray[np.complex64]:
    """``w[lo:hi]`` with the carrier model removed (the last result is kept: early, prompt and
    late correlations share it)."""
    key = (float(lo), float(hi), clk.f_hz, clk.rate_hz_s, clk.phase_rad, clk.t_ref_s)
    if _DEROT_CACHE and _DEROT_CACHE[0][0] is w and _DEROT_CACHE[0][1] == key:
        return _DEROT_CACHE[0][2]
    dt = np.arange(lo, hi) / WORK_RATE_HZ - clk.t_ref_s
    ph = clk.phase_rad + 2 * np.pi * (clk.f_hz * dt + 0.5 * clk.rate_hz_s * dt * dt)
    ph = np.mod(ph, 2 * np.pi).astype(np.float32)
    v = w[lo:hi] * (np.cos(ph) - 1j * np.sin(ph)).astype(np.complex64)
    _DEROT_CACHE[:] = [(w, key, v)]
    return v


def _despread(w: NDArray[np.complex64], clk: _Clock, mode: str, rel_s: float = 0.0,
              n_bits: int = BITS_PER_RAIL) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
    """Despread bit values (complex, ``n_bits`` per rail) of I and Q with the chip clock moved by
    ``rel_s`` seconds; the carrier model's phase is removed. For a '0' bit, I gives about
    +A e^{jφ} and Q about +jA e^{jφ}, A = 512 × amplitude at 4 samples per chip."""
    n_chips = n_bits * CHIPS_PER_BIT
    t0 = clk.start_s + rel_s
    # a fixed span around the burst, so the derotated samples are shared by nearby clocks
    lo = max(0, int(np.floor((clk.t_ref_s - 0.5 * BURST_S - 0.002) * WORK_RATE_HZ)))
    hi = min(len(w), lo + int((n_chips / CHIP_RATE_HZ + 0.004) * WORK_RATE_HZ))
    v = _derotated(w, clk, lo, hi)
    c0 = np.arange(lo, hi) * (clk.chip_rate_hz / WORK_RATE_HZ) - t0 * clk.chip_rate_hz
    edges = np.arange(n_chips + 1, dtype=np.float64)
    spc = WORK_RATE_HZ / clk.chip_rate_hz  # samples per chip
    out = []
    for rail, delay in (("I", 0.0), ("Q", 0.5)):
        c = c0 - delay  # chip phase of this rail, increasing with the sample index
        # first sample of each chip (and the end of the last): c[n] >= k
        b = np.clip(np.ceil((edges + delay + t0 * clk.chip_rate_hz) * spc) - lo, 0,
                    len(c)).astype(np.int64)
        seg = c[b[0]:b[-1]]
        frac = (seg - np.floor(seg)).astype(np.float32)
        prod = v[b[0]:b[-1]] * np.sin(np.float32(np.pi) * frac)  # half-sine matched filter
        if len(prod) == 0 or np.any(np.diff(b) == 0):
            raise SignalError("burst runs past the end of the samples")  # guarded by callers
        z = np.add.reduceat(prod, b[:-1] - b[0])
        out.append((z * _levels(mode, rail)[:n_chips]).reshape(n_bits, CHIPS_PER_BIT).sum(axis=1))
    return out[0], out[1]


@lru_cache(maxsize=4)
def _levels(mode: str, rail: str) -> NDArray[np.float32]:
    return prn_levels(mode, rail)


def _pairs(d_i: NDArray[np.complex128], d_q: NDArray[np.complex128]
           ) -> tuple[NDArray[np.complex128], NDArray[np.complex128]]:
    """(u, v): both rails as A·(±1)·e^{jφ}."""
    return d_i, -1j * d_q


def _bit_times(clk: _Clock, n_bits: int = BITS_PER_RAIL) -> NDArray[np.float64]:
    """Middle of each I bit, seconds from the carrier reference time."""
    j = np.arange(n_bits, dtype=np.float64)
    return np.asarray(clk.start_s + (j + 0.5) * CHIPS_PER_BIT / clk.chip_rate_hz - clk.t_ref_s,
                      np.float64)


def _refine_code_phase(w: NDArray[np.complex64], clk: _Clock, mode: str) -> _Clock:
    """Preamble code phase on a ¼-chip grid over ±1.25 chip, then a parabola (per-bit power,
    so a few Hz of carrier error do not matter)."""
    step = 0.25
    steps = np.arange(-5, 6) * step
    m = np.empty(len(steps))
    for i, s in enumerate(steps):
        u, v = _pairs(*_despread(w, clk, mode, s / clk.chip_rate_hz, PREAMBLE_BITS_PER_RAIL))
        m[i] = float(np.sum(np.abs(u + v) ** 2))
    k = int(np.clip(np.argmax(m), 1, len(m) - 2))
    den = m[k - 1] - 2 * m[k] + m[k + 1]
    frac = 0.5 * (m[k - 1] - m[k + 1]) / den if den < 0 else 0.0
    shift = (steps[k] + float(np.clip(frac, -1, 1)) * step) / clk.chip_rate_hz
    return clk.with_(start_s=clk.start_s + shift)


def _peak(spec: NDArray[np.float64]) -> float:
    """Index of the maximum of a 1-D array, refined by a parabola."""
    k = int(np.argmax(spec))
    if 0 < k < len(spec) - 1:
        a, b, c = spec[k - 1], spec[k], spec[k + 1]
        den = a - 2 * b + c
        if den < 0:
            return k + 0.5 * (a - c) / den
    return float(k)


def _carrier_from_preamble(w: NDArray[np.complex64], clk: _Clock, mode: str) -> _Clock:
    """Carrier offset from the 25 known bit pairs of the preamble (both rails '0')."""
    u, v = _pairs(*_despread(w, clk, mode, 0.0, PREAMBLE_BITS_PER_RAIL))
    e = u + v
    n_fft = 4096
    spec = np.abs(np.fft.fft(e, n_fft)) ** 2
    k = _peak(np.fft.fftshift(spec)) - n_fft // 2
    bit_rate = clk.chip_rate_hz / CHIPS_PER_BIT
    df = k * bit_rate / n_fft
    return clk.with_(f_hz=clk.f_hz + df, phase_rad=0.0)


def _carrier_by_squaring(u: NDArray[np.complex128], v: NDArray[np.complex128], clk: _Clock,
                         max_rate_hz_s: float) -> _Clock:
    """Offset, drift and phase (mod π, resolved on the preamble) from the whole burst: the
    squared bits lose the data; a dechirp grid over the drift and an FFT over the offset."""
    tb = _bit_times(clk)
    g = u * u + v * v  # ~ 2A² e^{2jφ(t)}
    bit_rate = clk.chip_rate_hz / CHIPS_PER_BIT
    n_fft = 1024
    n_r = max(1, int(np.ceil(max_rate_hz_s / 1.0)))
    rates = np.arange(-n_r, n_r + 1) * 1.0 if max_rate_hz_s > 0 else np.zeros(1)
    # 2φ = 2φ0 + 2π (2 df t + r t²)
    chirp = np.exp(-2j * np.pi * rates[:, None] * tb[None, :] ** 2)
    spec = np.abs(np.fft.fft(g[None, :] * chirp, n_fft, axis=1)) ** 2
    ri = int(np.argmax(spec.max(axis=1)))
    k = _peak(np.fft.fftshift(spec[ri])) - n_fft // 2
    df2 = k * bit_rate / n_fft  # = 2 df
    rate = rates[ri]
    if 0 < ri < len(rates) - 1:  # refine the drift too
        a, b, c = spec[ri - 1].max(), spec[ri].max(), spec[ri + 1].max()
        den = a - 2 * b + c
        if den < 0:
            rate = rate + float(np.clip(0.5 * (a - c) / den, -1, 1)) * 1.0
    df = 0.5 * df2
    model = 2 * np.pi * (df * tb + 0.5 * rate * tb**2)
    phi2 = np.angle(np.sum(g * np.exp(-2j * model)))
    phi = 0.5 * phi2
    # resolve the π ambiguity with the known preamble bits ('0' on both rails)
    pre = slice(0, PREAMBLE_BITS_PER_RAIL)
    if np.real(np.sum((u[pre] + v[pre]) * np.exp(-1j * (phi + model[pre])))) < 0:
        phi += np.pi
    return clk.with_(f_hz=clk.f_hz + df, rate_hz_s=clk.rate_hz_s + rate,
                     phase_rad=clk.phase_rad + phi)


def _decide(u: NDArray[np.complex128], v: NDArray[np.complex128]
            ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Signs (+1 for '0', −1 for '1') of both rails; the preamble is known."""
    si, sq = np.where(u.real >= 0, 1.0, -1.0), np.where(v.real >= 0, 1.0, -1.0)
    si[:PREAMBLE_BITS_PER_RAIL] = 1.0
    sq[:PREAMBLE_BITS_PER_RAIL] = 1.0
    return si, sq


def _data_aided_carrier(u: NDArray[np.complex128], v: NDArray[np.complex128],
                        si: NDArray[np.float64], sq: NDArray[np.float64], clk: _Clock,
                        fit_rate: bool) -> _Clock:
    """Carrier correction (phase at t_ref, offset, drift) from the data-removed bits, which the
    despreader has already derotated by the current model: the residual phase of each bit pair,
    Im(e)/A (linearised, no unwrapping), fitted by least squares; phase at t_ref."""
    tb = _bit_times(clk)
    e = u * si + v * sq
    e0 = np.sum(e)
    e = e * np.exp(-1j * np.angle(e0))  # remove the mean phase first
    amp = max(float(np.mean(e.real)), 1e-30)
    y = np.clip(e.imag / amp, -1.5, 1.5)  # ≈ residual phase (rad)
    cols = [np.ones_like(tb), tb] + ([0.5 * tb**2] if fit_rate else [])
    sol = np.linalg.lstsq(np.stack(cols, axis=1), y, rcond=None)[0]
    rate = float(sol[2]) / (2 * np.pi) if fit_rate else 0.0
    return clk.with_(f_hz=clk.f_hz + float(sol[1]) / (2 * np.pi),
                     rate_hz_s=clk.rate_hz_s + rate,
                     phase_rad=clk.phase_rad + float(np.angle(e0)) + float(sol[0]))


def _timing(w: NDArray[np.complex64], clk: _Clock, mode: str, si: NDArray[np.float64],
            sq: NDArray[np.float64], n_seg: int = 6) -> _Clock:
    """Start time and chip rate from early/prompt/late correlations (±¼ chip) of the
    data-removed bits on ``n_seg`` segments of the burst, fitted by a line."""
    d = 0.25
    vals = []
    for s in (-d, 0.0, d):
        u, v = _pairs(*_despread(w, clk, mode, s / clk.chip_rate_hz))
        e = (u * si + v * sq).reshape(n_seg, -1).sum(axis=1)
        vals.append(np.real(e * np.exp(-1j * np.angle(np.sum(e)))))
    early, prompt, late = vals
    den = early - 2 * prompt + late
    den = np.where(den < 0, den, -1e-30)
    off_chips = np.clip(0.5 * (early - late) / den * d, -0.5, 0.5)
    half = 0.5 * CHIPS_PER_RAIL / clk.chip_rate_hz  # burst middle, s after start
    tseg = ((np.arange(n_seg) + 0.5) / n_seg - 0.5) * 2 * half  # from the burst middle
    wts = np.maximum(prompt, 0.0) + 1e-30
    sol = np.polyfit(tseg, off_chips, 1, w=np.sqrt(wts))
    slope, mid = float(sol[0]), float(sol[1])  # chips/s of lag, lag (chips) at the middle
    # received chip phase (t − start)·R − mid − slope·(t − t_mid) = (t − start')·R'
    rate = clk.chip_rate_hz - slope
    start = clk.start_s + half - (half * clk.chip_rate_hz - mid) / rate
    return clk.with_(start_s=start, chip_rate_hz=rate)


def _bits_word(si: NDArray[np.float64], sq: NDArray[np.float64]) -> int:
    """The 250-bit word (message bit 1 at the top) from the rail signs."""
    bits = np.empty(N_MESSAGE_BITS, np.uint8)
    bits[0::2] = si[PREAMBLE_BITS_PER_RAIL:] < 0
    bits[1::2] = sq[PREAMBLE_BITS_PER_RAIL:] < 0
    return int.from_bytes(np.packbits(np.concatenate([np.zeros(6, np.uint8), bits])).tobytes(),
                          "big")


def _signs_of(word: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    raw = np.unpackbits(np.frombuffer(word.to_bytes(32, "big"), np.uint8))[-N_MESSAGE_BITS:]
    pre = np.ones(PREAMBLE_BITS_PER_RAIL)
    return (np.concatenate([pre, 1.0 - 2.0 * raw[0::2]]),
            np.concatenate([pre, 1.0 - 2.0 * raw[1::2]]))


def _cn0(u: NDArray[np.complex128], v: NDArray[np.complex128], si: NDArray[np.float64],
         sq: NDArray[np.float64], bit_rate_bps: float) -> float:
    """C/N0 (dB-Hz) from the data-removed bits: amplitude over the quadrature noise."""
    e = np.concatenate([u * si, v * sq])
    e = e * np.exp(-1j * np.angle(np.sum(e)))
    amp = float(np.mean(e.real))
    noise = float(np.mean(e.imag**2))  # per component
    snr = amp * amp / (2.0 * noise) if noise > 0 else 1e9  # A²/σ² of a complex bit
    return float(10 * np.log10(max(snr, 1e-9) * 2.0 * bit_rate_bps))


def demodulate_candidate(w: NDArray[np.complex64], cand: SgbCandidate,
                         config: SgbConfig = DEFAULT_SGB_CONFIG) -> Burst | None:
    """Track and decode one acquired burst of ``w`` (153.6 kHz, centre already removed);
    ``None`` when the BCH check fails. Times are seconds from ``w[0]``."""
    if (cand.start_s + BURST_S + 0.001) * WORK_RATE_HZ > len(w) or cand.start_s < -0.001:
        return None
    mode = cand.mode
    clk = _Clock(cand.start_s, CHIP_RATE_HZ, cand.frequency_hz, 0.0, 0.0,
                 cand.start_s + 0.5 * BURST_S)
    clk = _refine_code_phase(w, clk, mode)
    clk = _carrier_from_preamble(w, clk, mode)
    u, v = _pairs(*_despread(w, clk, mode))
    clk = _carrier_by_squaring(u, v, clk, config.max_rate_hz_s)
    u, v = _pairs(*_despread(w, clk, mode))
    si, sq = _decide(u, v)
    for _attempt in range(3):  # a failed BCH check earns another refinement pass
        clk = _data_aided_carrier(u, v, si, sq, clk, config.max_rate_hz_s > 0)
        clk = _timing(w, clk, mode, si, sq)
        u, v = _pairs(*_despread(w, clk, mode))
        si, sq = _decide(u, v)
        word = _bits_word(si, sq)
        res = bch_correct(word)
        if res.correctable:
            break
    else:
        return None
    # final estimates with the corrected bits (data-aided over the whole burst)
    si, sq = _signs_of(res.codeword)
    for _ in range(2):
        clk = _timing(w, clk, mode, si, sq)
        u, v = _pairs(*_despread(w, clk, mode))
        clk = _data_aided_carrier(u, v, si, sq, clk, config.max_rate_hz_s > 0)
    bit_rate = clk.chip_rate_hz / CHIPS_PER_BIT
    cn0_dbhz = _cn0(u, v, si, sq, bit_rate)
    if cn0_dbhz < MIN_CN0_DBHZ:
        return None
    half_s = 0.5 * CHIPS_PER_RAIL / clk.chip_rate_hz
    self_test = mode == "self_test"
    pad = _PAD_SELF_TEST if self_test else 0
    msg = decode_sgb_codeword(word, self_test=self_test)
    return Burst(
        time_s=clk.start_s,
        frequency_hz=clk.f_hz + clk.rate_hz_s * (clk.start_s + half_s - clk.t_ref_s)
        + config.center_hz,
        cn0_dbhz=cn0_dbhz,
        sync=mode,
        bits_hex=f"{pad << N_MESSAGE_BITS | word:063X}",
        message=msg,
        bit_rate_bps=2 * bit_rate,
        polarity=1,
        sync_errors=res.errors_corrected,
        source="iq",
        frequency_rate_hz_s=clk.rate_hz_s,
        extra={"generation": "second", "chip_rate_hz": clk.chip_rate_hz,
               "time_mid_s": clk.start_s + half_s,
               "acquisition_score": cand.score},
    )


def demodulate_sgb(x: NDArray[np.complexfloating], sample_rate_hz: float,
                   config: SgbConfig = DEFAULT_SGB_CONFIG, *,
                   start_range_s: tuple[float, float] | None = None) -> list[Burst]:
    """Every SGB burst of ``x`` (complex baseband at ``sample_rate_hz``), in time order.

    ``start_range_s`` limits the searched burst starts (seconds from ``x[0]``).

    >>> from sarsat.beacon.sgb import bch_encode
    >>> from sarsat.signal.sgb_modulator import modulate_sgb
    >>> cw = bch_encode(0x0039823D32618658622811F0000000000003FFF004030680258)
    >>> x = modulate_sgb(cw, 250_000.0, start_s=0.01, n_samples=270_000)
    >>> [b.bits_hex == f"{cw:063X}" for b in demodulate_sgb(x, 250_000.0, start_range_s=(0, 0.02))]
    [True]
    """
    w = to_work_rate(x, sample_rate_hz, config.center_hz)
    cands = acquire(to_acquisition_rate(w), span_hz=config.span_hz, threshold=config.threshold,
                    modes=config.modes, start_range_s=start_range_s)
    out = [b for c in cands if (b := demodulate_candidate(w, c, config)) is not None]
    _DEROT_CACHE.clear()  # do not keep the window alive
    return sorted(out, key=lambda b: b.time_s)
