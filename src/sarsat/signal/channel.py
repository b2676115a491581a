"""Channel model, generation-agnostic: carrier offset, Doppler rate, several emitters, AWGN at C/N0.

Units: a source of amplitude ``a`` has carrier power ``C = a**2`` (full scale = 1); complex white
noise of one-sided density ``N0`` has variance ``N0 * sample_rate_hz`` per complex sample, so
``C/N0 [dB-Hz] = 10 log10(C / N0)`` as in C/S T.014 link budgets.

>>> rng = np.random.default_rng(1)
>>> x = add_awgn(np.ones(200_000, np.complex64), 40.0, 100_000.0, rng)
>>> round(float(np.var(x - 1) / 100_000.0 * 1e4), 1)   # N0 = 1e-4 for C = 1 at 40 dB-Hz
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


def n0_for(cn0_dbhz: float, carrier_power: float = 1.0) -> float:
    """Noise density N0 (power per Hz) giving ``cn0_dbhz`` for a carrier of ``carrier_power``.

    >>> n0_for(30.0)
    0.001
    """
    return carrier_power / 10.0 ** (cn0_dbhz / 10.0)


def awgn(n_samples: int, n0: float, sample_rate_hz: float,
         rng: np.random.Generator) -> NDArray[np.complex64]:
    """Complex white Gaussian noise of density ``n0`` over the whole band ``sample_rate_hz``."""
    sigma = np.sqrt(n0 * sample_rate_hz / 2.0)
    out = np.empty(n_samples, np.complex64)
    out.real = rng.standard_normal(n_samples, dtype=np.float32) * np.float32(sigma)
    out.imag = rng.standard_normal(n_samples, dtype=np.float32) * np.float32(sigma)
    return out


def add_awgn(x: NDArray[np.complexfloating], cn0_dbhz: float, sample_rate_hz: float,
             rng: np.random.Generator, carrier_power: float = 1.0) -> NDArray[np.complex64]:
    """``x`` plus noise at ``cn0_dbhz`` relative to a carrier of ``carrier_power`` (default 1)."""
    return (np.asarray(x, np.complex64)
            + awgn(len(x), n0_for(cn0_dbhz, carrier_power), sample_rate_hz, rng))


def doppler(x: NDArray[np.complexfloating], sample_rate_hz: float, frequency_hz: float,
            rate_hz_s: float = 0.0, phase_rad: float = 0.0, t_ref_s: float = 0.0,
            ) -> NDArray[np.complex64]:
    """Shift ``x`` to ``frequency_hz`` + ``rate_hz_s`` × (t − ``t_ref_s``), carrier phase
    ``phase_rad`` at t = ``t_ref_s`` (t = n / ``sample_rate_hz``)."""
    t = np.arange(len(x)) / sample_rate_hz - t_ref_s
    ph = phase_rad + 2.0 * np.pi * (frequency_hz * t + 0.5 * rate_hz_s * t * t)
    return (np.asarray(x) * np.exp(1j * ph)).astype(np.complex64)


@dataclass(frozen=True)
class Emission:
    """One transmitter as the receiver sees it: baseband ``samples`` (carrier at 0 Hz, sample 0
    at ``offset_samples`` in the output), carrier ``frequency_hz`` at ``t_ref_s`` (seconds from
    the output's first sample), Doppler ``rate_hz_s``, ``phase_rad`` and ``gain`` (amplitude)."""

    samples: NDArray[np.complex64]
    offset_samples: int = 0
    frequency_hz: float = 0.0
    rate_hz_s: float = 0.0
    phase_rad: float = 0.0
    gain: float = 1.0
    t_ref_s: float = 0.0


def compose(n_samples: int, sample_rate_hz: float, emissions: Sequence[Emission],
            n0: float = 0.0, rng: np.random.Generator | None = None) -> NDArray[np.complex64]:
    """Sum several emissions (overlapping in time or frequency) and white noise of density ``n0``.

    Each emission is shifted by its own carrier offset and Doppler rate, then added at its place;
    parts outside ``[0, n_samples)`` are dropped.
    """
    out = (awgn(n_samples, n0, sample_rate_hz, rng or np.random.default_rng())
           if n0 > 0 else np.zeros(n_samples, np.complex64))
    for e in emissions:
        lo, hi = max(e.offset_samples, 0), min(e.offset_samples + len(e.samples), n_samples)
        if hi <= lo:
            continue
        seg = e.samples[lo - e.offset_samples: hi - e.offset_samples]
        t = np.arange(lo, hi) / sample_rate_hz - e.t_ref_s
        ph = e.phase_rad + 2.0 * np.pi * (e.frequency_hz * t + 0.5 * e.rate_hz_s * t * t)
        out[lo:hi] += (e.gain * seg * np.exp(1j * ph)).astype(np.complex64)
    return out
