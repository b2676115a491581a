"""Measurement-noise model: TOA/FOA standard deviations from C/N0 (location note §4.3).

Bounds for a data-aided estimator; ``implementation_loss_db`` degrades C/N0 before use.

>>> st, sf = fgb_sigmas(35.0)
>>> round(float(st) * 1e6, 1), round(float(sf) * 1e3)
(4.8, 26)
>>> st, sf = sgb_sigmas(35.0)
>>> round(float(st) * 1e9), round(float(sf) * 1e3, 1)
(104, 9.8)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

# FGB long burst (T.001): 216 phase transitions of 2.2 rad, 150 us ramps; 0.52 s coherent length.
_FGB_TRANSITIONS = 216
_FGB_DPHI_RAD = 2.2
_FGB_RAMP_S = 150e-6
_FGB_BURST_S = 0.52
# SGB (T.018): 38.4 kchip/s OQPSK half-sine, Gabor bandwidth 1/(2 Tc); 1 s burst.
_SGB_GABOR_HZ = 19_200.0
_SGB_BURST_S = 1.0


def fgb_sigmas(cn0_dbhz: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """FGB TOA (s) and FOA (Hz) standard deviations at C/N0 (dB-Hz)."""
    cn0 = 10 ** (np.asarray(cn0_dbhz, dtype=np.float64) / 10)
    fisher_tau = 2 * cn0 * _FGB_TRANSITIONS * _FGB_DPHI_RAD**2 / _FGB_RAMP_S
    var_f = 3 / (np.pi**2 * cn0 * _FGB_BURST_S**3)
    return 1 / np.sqrt(fisher_tau), np.sqrt(var_f)


def sgb_sigmas(cn0_dbhz: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """SGB TOA (s) and FOA (Hz) standard deviations at C/N0 (dB-Hz)."""
    cn0 = 10 ** (np.asarray(cn0_dbhz, dtype=np.float64) / 10)
    sigma_tau = 1 / (2 * np.pi * _SGB_GABOR_HZ * np.sqrt(2 * cn0 * _SGB_BURST_S))
    var_f = 3 / (np.pi**2 * cn0 * _SGB_BURST_S**3)
    return sigma_tau, np.sqrt(var_f)


@dataclass(frozen=True)
class NoiseModel:
    """Either fixed sigmas, or sigmas from a C/N0 drawn uniformly per channel in ``cn0_range_dbhz``."""

    beacon_type: str = "fgb"  # "fgb" or "sgb"
    sigma_toa_s: float | None = 15e-6
    sigma_foa_hz: float | None = 0.15
    cn0_range_dbhz: tuple[float, float] | None = None
    implementation_loss_db: float = 0.0

    def draw(self, rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64] | None]:
        """Per-channel (sigma_toa_s, sigma_foa_hz, cn0_dbhz or None)."""
        if self.cn0_range_dbhz is None:
            assert self.sigma_toa_s is not None and self.sigma_foa_hz is not None
            return np.full(shape, self.sigma_toa_s), np.full(shape, self.sigma_foa_hz), None
        cn0 = rng.uniform(*self.cn0_range_dbhz, size=shape)
        fn = sgb_sigmas if self.beacon_type == "sgb" else fgb_sigmas
        st, sf = fn(cn0 - self.implementation_loss_db)
        return st, sf, cn0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


FGB_FIXED = NoiseModel("fgb", 15e-6, 0.15)
SGB_FIXED = NoiseModel("sgb", 0.3e-6, 0.03)
SGB_CN0_35 = NoiseModel("sgb", None, None, (35.0, 45.0))
FGB_CN0_35 = NoiseModel("fgb", None, None, (35.0, 45.0))
