"""Quality of a position: 95 % error ellipse, EHE (radius at a stated probability), chi-square test.

All functions take the 2x2 east/north covariance (..., 2, 2) in m^2.

>>> cov = np.diag([100.0**2, 100.0**2])
>>> round(float(horizontal_radius_m(cov, 0.95)), 1)    # circular: sigma*sqrt(-2 ln 0.05)
244.8
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import erf
from scipy.stats import chi2

F64 = NDArray[np.float64]

CHI2_2DOF_95 = float(chi2.ppf(0.95, 2))  # 5.991: ellipse scale, location note §3.6
EHE_PROBABILITY = 0.95  # the probability at which ehe_m is stated
INTEGRITY_FALSE_ALARM = 1e-3  # chi-square test level (location note §3.4: 99.9 % point)


@dataclass(frozen=True)
class Ellipse:
    """Error ellipse: semi-axes (m) and major-axis azimuth (deg clockwise from north, 0-180)."""

    semi_major_m: float
    semi_minor_m: float
    orientation_deg: float

    def to_json(self) -> dict[str, Any]:
        return {k: round(v, 3) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Ellipse:
        return cls(float(d["semi_major_m"]), float(d["semi_minor_m"]), float(d["orientation_deg"]))


def ellipse_axes(cov_en_m2: ArrayLike, probability: float = 0.95) -> tuple[F64, F64, F64]:
    """Semi-major, semi-minor (m) and major-axis azimuth (deg) of the ellipse at ``probability``."""
    cov = np.asarray(cov_en_m2, dtype=np.float64)
    w, v = np.linalg.eigh(cov)  # ascending eigenvalues
    k = np.sqrt(-2.0 * np.log1p(-probability))  # chi2(2 dof) quantile in closed form
    major = v[..., :, 1]  # (east, north) of the major axis
    az = np.degrees(np.arctan2(major[..., 0], major[..., 1])) % 180.0
    return k * np.sqrt(np.maximum(w[..., 1], 0.0)), k * np.sqrt(np.maximum(w[..., 0], 0.0)), az


def ellipse95(cov_en_m2: ArrayLike) -> Ellipse:
    a, b, az = ellipse_axes(cov_en_m2, 0.95)
    return Ellipse(float(a), float(b), float(az))


# Gauss-Legendre nodes on (-pi/2, pi/2) for P(x1^2 + k^2 x2^2 <= q), x = N(0, I).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(64)
_THETA, _THETA_W = _GL_X * np.pi / 2, _GL_W * np.pi / 2


def _cdf_norm_quadratic(q: F64, k: F64) -> F64:
    """P(x1^2 + k^2 x2^2 <= q) for standard normal x1, x2; ``x1 = sqrt(q) sin(theta)``."""
    sq = np.sqrt(q)[..., None]
    c = np.cos(_THETA)
    phi = np.exp(-0.5 * (sq * np.sin(_THETA)) ** 2) / np.sqrt(2 * np.pi)
    inner = erf(sq * c / (np.sqrt(2.0) * np.maximum(k[..., None], 1e-12)))
    return np.sum(_THETA_W * phi * inner * sq * c, axis=-1)


def _radius_table(probability: float, n: int = 201) -> tuple[F64, F64]:
    """r/sqrt(lambda1) for axis ratios k = sqrt(lambda2/lambda1) in [0, 1], by bisection."""
    k = np.linspace(0.0, 1.0, n)
    lo, hi = np.zeros(n), np.full(n, 40.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        below = _cdf_norm_quadratic(mid, k) < probability
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return k, np.sqrt(0.5 * (lo + hi))


_TABLES: dict[float, tuple[F64, F64]] = {}


def horizontal_radius_m(cov_en_m2: ArrayLike, probability: float = EHE_PROBABILITY) -> F64:
    """Radius (m) of the circle holding the horizontal error with ``probability`` (2-D Gaussian)."""
    if probability not in _TABLES:
        _TABLES[probability] = _radius_table(probability)
    ks, rs = _TABLES[probability]
    w = np.linalg.eigvalsh(np.asarray(cov_en_m2, dtype=np.float64))
    l1 = np.maximum(w[..., 1], 0.0)
    ratio = np.sqrt(np.clip(w[..., 0], 0.0, None) / np.where(l1 > 0, l1, 1.0))
    return np.sqrt(l1) * np.interp(ratio, ks, rs)


def nees(error_en_m: ArrayLike, cov_en_m2: ArrayLike) -> F64:
    """Normalised estimation error squared e^T P^-1 e (chi-square with 2 dof when honest)."""
    e = np.asarray(error_en_m, dtype=np.float64)
    sol = np.linalg.solve(np.asarray(cov_en_m2, dtype=np.float64), e[..., None])[..., 0]
    return np.sum(e * sol, axis=-1)


def inside_ellipse(error_en_m: ArrayLike, cov_en_m2: ArrayLike, probability: float = 0.95) -> NDArray[np.bool_]:
    """True where the error lies inside the ellipse at ``probability``."""
    return nees(error_en_m, cov_en_m2) <= -2.0 * np.log1p(-probability)


_THRESH = chi2.isf(INTEGRITY_FALSE_ALARM, np.arange(1, 2001))


def chi2_threshold(dof: ArrayLike, false_alarm: float = INTEGRITY_FALSE_ALARM) -> F64:
    """Chi-square test threshold for ``dof`` degrees of freedom at the false-alarm rate."""
    d = np.maximum(np.asarray(dof), 1)
    if false_alarm == INTEGRITY_FALSE_ALARM and np.all(d <= _THRESH.size):
        return np.asarray(_THRESH[d - 1], dtype=np.float64)
    return np.asarray(chi2.isf(false_alarm, d), dtype=np.float64)
