"""Shared pieces of the FGB receiver benchmarks: random valid frames and the ideal bound."""

from __future__ import annotations

import math

import numpy as np

from sarsat.beacon import encode_fgb

MIDS = (227, 366, 316, 257, 412, 503, 232, 338, 224, 211)


def random_long_frame(rng: np.random.Generator) -> str:
    """A random BCH-valid long frame (standard location, random MID, address and position)."""
    spec = {"family": "standard-location", "code": "0011", "country_code": int(rng.choice(MIDS)),
            "identity": {"aircraft_address": f"{int(rng.integers(1, 1 << 24)):06X}"},
            "position": {"latitude_deg": float(rng.uniform(-70, 70)),
                         "longitude_deg": float(rng.uniform(-179, 179))}}
    return encode_fgb(spec, sync=True)


def q_func(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def _at_most(n: int, k: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def ideal_frame_success(cn0_dbhz: float, max_sync_errors: int = 3) -> float:
    """Frame success of an ideal coherent hard-decision receiver with the same frame rules:
    bit errors independent with p = Q(sqrt(2 Eb/N0)), Eb = C sin²(1.1 rad) / 400 bit/s (the data
    share of the power, T.001 §2.3.6), sync ≤ ``max_sync_errors`` of 24, BCH-1 ≤ 3 of 82,
    BCH-2 ≤ 2 of 38 errors."""
    ebn0 = 10 ** (cn0_dbhz / 10) * math.sin(1.1) ** 2 / 400.0
    p = q_func(math.sqrt(2 * ebn0))
    return _at_most(24, max_sync_errors, p) * _at_most(82, 3, p) * _at_most(38, 2, p)


def crb_toa_s(cn0_dbhz: float, n_transitions: int = 216, rise_s: float = 150e-6,
              step_rad: float = 2.2) -> float:
    """Cramér-Rao bound on delay (location-and-orbits.md §4.3): I = 2 C/N0 N Δφ² / t_r."""
    return 1.0 / math.sqrt(2 * 10 ** (cn0_dbhz / 10) * n_transitions * step_rad**2 / rise_s)


def crb_foa_hz(cn0_dbhz: float, duration_s: float = 0.52) -> float:
    """Cramér-Rao bound on the frequency of a known-modulation burst of length T in complex
    noise of one-sided density N0: I_f = (2/N0) C 4π² T³/12, so var ≥ 3 / (2π² C/N0 T³).

    location-and-orbits.md §4.3 writes 3 / (π² C/N0 T³) (its table: 26 mHz at 35 dB-Hz); that
    is the bound for a two-sided N0, √2 above this one (18.5 mHz at 35 dB-Hz).
    """
    return math.sqrt(3.0 / (2 * math.pi**2 * 10 ** (cn0_dbhz / 10) * duration_s**3))
