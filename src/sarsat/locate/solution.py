"""The position solution and its JSON form (one object per line from ``sarsat locate``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sarsat.locate.measurements import format_utc
from sarsat.locate.quality import EHE_PROBABILITY, Ellipse


@dataclass(frozen=True)
class DopplerSide:
    """One of the two mirror solutions of a LEOSAR Doppler pass."""

    side: str  # "A" (the more probable) or "B"
    lat_deg: float
    lon_deg: float
    probability: float
    ellipse95: Ellipse
    ehe_m: float
    f0_hz: float
    chi2: float

    def to_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "lat_deg": round(self.lat_deg, 7),
            "lon_deg": round(self.lon_deg, 7),
            "probability": round(self.probability, 4),
            "ellipse95": self.ellipse95.to_json(),
            "ehe_m": round(self.ehe_m, 3),
            "f0_hz": round(self.f0_hz, 4),
            "chi2": round(self.chi2, 3),
        }


@dataclass(frozen=True)
class Solution:
    """A beacon position with its uncertainty and integrity information.

    ``mode``: ``single`` (one MEOSAR burst), ``window`` (joint batch over bursts), ``doppler``
    (LEOSAR pass; ``sides`` holds A and B) or ``geosar`` (the encoded position passed
    through, ``position_source`` = ``encoded``; no ellipse). ``cov_en_m2`` is the east/north
    covariance (m^2); ``ehe_m`` the radius holding the error with probability
    ``ehe_probability``. ``valid`` is false when the solution failed integrity or was rejected
    (the reason is in ``warnings``).
    """

    beacon_id: str
    mode: str
    lat_deg: float | None
    lon_deg: float | None
    ellipse95: Ellipse | None
    ehe_m: float | None
    n_sat: int
    f0_hz: float | None
    warnings: tuple[str, ...] = ()
    burst_index: int | None = None
    window_start_utc: datetime | None = None
    window_end_utc: datetime | None = None
    time_utc: datetime | None = None
    alt_m: float = 0.0
    n_bursts: int = 1
    sat_ids: tuple[int, ...] = ()
    excluded_sat_ids: tuple[int, ...] = ()
    chi2: float | None = None
    dof: int | None = None
    cov_en_m2: tuple[tuple[float, float], tuple[float, float]] | None = None
    velocity_en_mps: tuple[float, float] | None = None
    sides: tuple[DopplerSide, ...] = ()
    ambiguity_resolved: bool | None = None
    position_source: str = "independent"
    valid: bool = True

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "beacon_id": self.beacon_id,
            "mode": self.mode,
            "lat_deg": None if self.lat_deg is None else round(self.lat_deg, 7),
            "lon_deg": None if self.lon_deg is None else round(self.lon_deg, 7),
            "alt_m": round(self.alt_m, 1),
            "ellipse95": None if self.ellipse95 is None else self.ellipse95.to_json(),
            "ehe_m": None if self.ehe_m is None else round(self.ehe_m, 3),
            "ehe_probability": EHE_PROBABILITY,
            "n_sat": self.n_sat,
            "f0_hz": None if self.f0_hz is None else round(self.f0_hz, 4),
            "warnings": list(self.warnings),
            "valid": self.valid,
            "position_source": self.position_source,
        }
        if self.mode == "single":
            d["burst_index"] = self.burst_index
        if self.mode in ("window", "doppler"):
            d["window_start_utc"] = None if self.window_start_utc is None else format_utc(self.window_start_utc)
            d["window_end_utc"] = None if self.window_end_utc is None else format_utc(self.window_end_utc)
            d["n_bursts"] = self.n_bursts
        if self.time_utc is not None:
            d["time_utc"] = format_utc(self.time_utc)
        if self.mode != "geosar":
            d["sat_ids"] = list(self.sat_ids)
            d["excluded_sat_ids"] = list(self.excluded_sat_ids)
            d["chi2"] = None if self.chi2 is None else round(self.chi2, 3)
            d["dof"] = self.dof
            d["cov_en_m2"] = None if self.cov_en_m2 is None else [[round(x, 3) for x in row] for row in self.cov_en_m2]
        if self.velocity_en_mps is not None:
            d["velocity_en_mps"] = [round(v, 4) for v in self.velocity_en_mps]
        if self.mode == "doppler":
            d["sides"] = [s.to_json() for s in self.sides]
            d["ambiguity_resolved"] = self.ambiguity_resolved
        return d
