"""Helpers for the signal tests: valid random frames and synthetic captures."""

from __future__ import annotations

import numpy as np

from sarsat.beacon import encode_fgb
from sarsat.signal.channel import Emission, compose, n0_for
from sarsat.signal.fgb_modulator import modulate_fgb

#: Assigned ITU MIDs (France, USA, Canada, Norway, China, Australia, UK).
MIDS = (227, 366, 316, 257, 412, 503, 232)


def random_frame(rng: np.random.Generator, *, self_test: bool = False, short: bool = False) -> str:
    """A BCH-valid frame (hex from bit 1): standard-location (long) or serial user (short)."""
    mid = int(rng.choice(MIDS))
    if short:  # T.001 A2: user test protocol, 46 national-use bits
        bits = "".join(str(int(b)) for b in rng.integers(0, 2, 46))
        spec = {"family": "user", "code": "111", "country_code": mid, "format": "short",
                "identity": {"national_use_bits": bits}, "position": None}
        return encode_fgb(spec, self_test=self_test, sync=True)
    spec = {"family": "standard-location", "code": "0011", "country_code": mid,
            "identity": {"aircraft_address": f"{int(rng.integers(1, 1 << 24)):06X}"},
            "position": {"latitude_deg": float(rng.uniform(-70, 70)),
                         "longitude_deg": float(rng.uniform(-179, 179))}}
    return encode_fgb(spec, self_test=self_test, sync=True)


def capture(frames: list[tuple[str, float, float]], fs_hz: float, duration_s: float,
            cn0_dbhz: float, rng: np.random.Generator, *, bit_rate_bps: float = 400.0,
            polarity: int = 1, rate_hz_s: float = 0.0) -> np.ndarray:
    """Complex capture with bursts ``(hex, start_s, offset_hz)`` of unit power and noise at
    ``cn0_dbhz``; the carrier frequency given is the one at the middle of each burst."""
    ems = []
    for hx, start_s, f_hz in frames:
        b = modulate_fgb(hx, fs_hz, start_s=start_s, n_samples=int(duration_s * fs_hz),
                         bit_rate_bps=bit_rate_bps, polarity=polarity)
        t_mid = start_s + 0.5 * (0.16 + 4 * len(hx) / bit_rate_bps)
        ems.append(Emission(b, 0, f_hz, rate_hz_s, float(rng.uniform(0, 2 * np.pi)), t_ref_s=t_mid))
    return compose(int(duration_s * fs_hz), fs_hz, ems, n0_for(cn0_dbhz), rng)
