"""The satellite and ephemeris types shared by TLE and Walker constellations."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sarsat.errors import SarsatError


@dataclass(frozen=True)
class Satellite:
    """One SAR-carrying satellite: Cospas-Sarsat ID (0 when unknown), name, system."""

    sat_id: int
    name: str
    constellation: str  # "GPS", "Galileo", "GLONASS", "BeiDou", "LEO", "GEO", ...

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Ephemeris(Protocol):
    """Anything that gives ECEF states of a fixed list of satellites.

    ``state_ecef(epoch_utc, t_s)``: ``t_s`` (s after ``epoch_utc``) broadcasts against
    ``(..., n_sat)`` so that each satellite may be evaluated at its own time; the result is
    position (m) and Earth-fixed velocity (m/s), both ``(..., n_sat, 3)``.
    """

    @property
    def satellites(self) -> tuple[Satellite, ...]: ...

    def state_ecef(self, epoch_utc: datetime, t_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...


def require_utc(t: datetime, what: str = "time") -> datetime:
    """Return ``t`` if it is a timezone-aware datetime; raise SarsatError otherwise."""
    if t.tzinfo is None:
        raise SarsatError(f"{what} {t.isoformat()} has no time zone; give UTC, e.g. 2024-08-14T12:00:00Z")
    return t.astimezone(UTC)


def julian_date(t: datetime) -> tuple[float, float]:
    """UTC datetime -> Julian date split as (whole day at 0h, fraction), as sgp4 wants."""
    t = require_utc(t)
    from sgp4.api import jday

    jd, fr = jday(t.year, t.month, t.day, 0, 0, 0.0)
    fr = (t.hour * 3600 + t.minute * 60 + t.second + t.microsecond * 1e-6) / 86400.0
    return jd, fr


class CombinedEphemeris:
    """Several ephemerides (e.g. Galileo + GPS + GLONASS + BeiDou) seen as one satellite list."""

    def __init__(self, parts: list[Ephemeris]) -> None:
        self.parts = tuple(parts)
        self.satellites = tuple(s for p in parts for s in p.satellites)

    def state_ecef(self, epoch_utc: datetime, t_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        t = np.asarray(t_s, dtype=np.float64)
        t = np.broadcast_to(t, np.broadcast_shapes(t.shape, (len(self.satellites),)))
        rs, vs, i = [], [], 0
        for p in self.parts:
            n = len(p.satellites)
            r, v = p.state_ecef(epoch_utc, t[..., i : i + n])
            rs.append(r)
            vs.append(v)
            i += n
        return np.concatenate(rs, axis=-2), np.concatenate(vs, axis=-2)
