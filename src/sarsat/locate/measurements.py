"""Measurement records (one JSON object per line) and their validation.

* ``meosar``: one burst through one satellite channel, uplink quantities at the satellite:
  ``beacon_id, burst_index, sat_id, epoch_utc, toa_s`` (s after ``epoch_utc``: the time the
  burst reached the satellite), ``foa_hz`` (frequency at the satellite input),
  ``sigma_toa_s, sigma_foa_hz, sat_pos_m, sat_vel_mps`` (ECEF at the relay epoch), optional
  ``cn0_dbhz``.
* ``leosar``: one burst seen by a LEO satellite: ``beacon_id, sat_id, time_utc, freq_hz,
  sigma_freq_hz, sat_pos_m, sat_vel_mps``.
* ``geosar``: a detection: ``beacon_id, sat_id, time_utc`` and the encoded position
  ``encoded_lat_deg, encoded_lon_deg`` (null when the message has none).

``kind`` may be omitted: it is inferred from the keys (``toa_s`` -> meosar, ``freq_hz`` ->
leosar, otherwise geosar).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sarsat.errors import MeasurementError

Vec3 = tuple[float, float, float]


def parse_utc(text: Any, key: str) -> datetime:
    """ISO 8601 text with a zone (``Z`` or offset) -> aware UTC datetime."""
    if not isinstance(text, str):
        raise MeasurementError(f"{key} must be an ISO 8601 UTC string, got {text!r}")
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as e:
        raise MeasurementError(f"{key} {text!r} is not an ISO 8601 time") from e
    if t.tzinfo is None:
        raise MeasurementError(f"{key} {text!r} has no time zone; append Z for UTC")
    return t.astimezone(UTC)


def format_utc(t: datetime) -> str:
    """Aware datetime -> ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _num(d: dict[str, Any], key: str, positive: bool = False) -> float:
    if key not in d:
        raise MeasurementError(f"missing key {key!r}")
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise MeasurementError(f"{key} must be a finite number, got {v!r}")
    if positive and v <= 0:
        raise MeasurementError(f"{key} must be > 0, got {v!r}")
    return float(v)


def _int(d: dict[str, Any], key: str) -> int:
    v = d.get(key)
    if isinstance(v, bool) or not isinstance(v, int):
        raise MeasurementError(f"{key} must be an integer, got {v!r}")
    return v


def _vec(d: dict[str, Any], key: str) -> Vec3:
    v = d.get(key)
    if not isinstance(v, list) or len(v) != 3 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in v):
        raise MeasurementError(f"{key} must be a list of 3 finite numbers (ECEF), got {v!r}")
    return (float(v[0]), float(v[1]), float(v[2]))


def _str(d: dict[str, Any], key: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v:
        raise MeasurementError(f"{key} must be a non-empty string, got {v!r}")
    return v


@dataclass(frozen=True)
class MeoMeasurement:
    """One MEOSAR burst through one satellite channel (uplink TOA/FOA at the satellite)."""

    beacon_id: str
    burst_index: int
    sat_id: int
    epoch_utc: datetime
    toa_s: float
    foa_hz: float
    sigma_toa_s: float
    sigma_foa_hz: float
    sat_pos_m: Vec3
    sat_vel_mps: Vec3
    cn0_dbhz: float | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": "meosar",
            "beacon_id": self.beacon_id,
            "burst_index": self.burst_index,
            "sat_id": self.sat_id,
            "epoch_utc": format_utc(self.epoch_utc),
            "toa_s": self.toa_s,
            "foa_hz": self.foa_hz,
            "sigma_toa_s": self.sigma_toa_s,
            "sigma_foa_hz": self.sigma_foa_hz,
            "sat_pos_m": list(self.sat_pos_m),
            "sat_vel_mps": list(self.sat_vel_mps),
        }
        if self.cn0_dbhz is not None:
            d["cn0_dbhz"] = self.cn0_dbhz
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MeoMeasurement:
        cn0 = d.get("cn0_dbhz")
        return cls(
            _str(d, "beacon_id"),
            _int(d, "burst_index"),
            _int(d, "sat_id"),
            parse_utc(d.get("epoch_utc"), "epoch_utc"),
            _num(d, "toa_s"),
            _num(d, "foa_hz", positive=True),
            _num(d, "sigma_toa_s", positive=True),
            _num(d, "sigma_foa_hz", positive=True),
            _vec(d, "sat_pos_m"),
            _vec(d, "sat_vel_mps"),
            None if cn0 is None else _num(d, "cn0_dbhz"),
        )


@dataclass(frozen=True)
class LeoMeasurement:
    """One LEOSAR burst: received frequency at the satellite and the satellite state."""

    beacon_id: str
    sat_id: int
    time_utc: datetime
    freq_hz: float
    sigma_freq_hz: float
    sat_pos_m: Vec3
    sat_vel_mps: Vec3

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "leosar",
            "beacon_id": self.beacon_id,
            "sat_id": self.sat_id,
            "time_utc": format_utc(self.time_utc),
            "freq_hz": self.freq_hz,
            "sigma_freq_hz": self.sigma_freq_hz,
            "sat_pos_m": list(self.sat_pos_m),
            "sat_vel_mps": list(self.sat_vel_mps),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LeoMeasurement:
        return cls(
            _str(d, "beacon_id"),
            _int(d, "sat_id"),
            parse_utc(d.get("time_utc"), "time_utc"),
            _num(d, "freq_hz", positive=True),
            _num(d, "sigma_freq_hz", positive=True),
            _vec(d, "sat_pos_m"),
            _vec(d, "sat_vel_mps"),
        )


@dataclass(frozen=True)
class GeoDetection:
    """A GEOSAR detection: no independent location, only the encoded position (if any)."""

    beacon_id: str
    sat_id: int
    time_utc: datetime
    encoded_lat_deg: float | None = None
    encoded_lon_deg: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "geosar",
            "beacon_id": self.beacon_id,
            "sat_id": self.sat_id,
            "time_utc": format_utc(self.time_utc),
            "encoded_lat_deg": self.encoded_lat_deg,
            "encoded_lon_deg": self.encoded_lon_deg,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> GeoDetection:
        lat, lon = d.get("encoded_lat_deg"), d.get("encoded_lon_deg")
        if (lat is None) != (lon is None):
            raise MeasurementError("encoded_lat_deg and encoded_lon_deg must both be given or both null")
        if lat is not None:
            lat, lon = _num(d, "encoded_lat_deg"), _num(d, "encoded_lon_deg")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise MeasurementError(f"encoded position ({lat}, {lon}) is outside -90..90, -180..180")
        return cls(_str(d, "beacon_id"), _int(d, "sat_id"), parse_utc(d.get("time_utc"), "time_utc"), lat, lon)


Record = MeoMeasurement | LeoMeasurement | GeoDetection
_KINDS: dict[str, type[MeoMeasurement | LeoMeasurement | GeoDetection]] = {
    "meosar": MeoMeasurement,
    "leosar": LeoMeasurement,
    "geosar": GeoDetection,
}


def record_from_json(d: Any) -> Record:
    """A measurement record from its JSON object; MeasurementError with a one-line reason."""
    if not isinstance(d, dict):
        raise MeasurementError(f"a measurement must be a JSON object, got {type(d).__name__}")
    kind = d.get("kind") or ("meosar" if "toa_s" in d else "leosar" if "freq_hz" in d else "geosar")
    if kind not in _KINDS:
        raise MeasurementError(f"kind {kind!r} is not one of {sorted(_KINDS)}")
    return _KINDS[kind].from_json(d)


def read_records(lines: Iterable[str]) -> Iterator[Record | MeasurementError]:
    """Parse JSON Lines; each bad line yields a MeasurementError naming its line number."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield record_from_json(json.loads(line))
        except json.JSONDecodeError as e:
            yield MeasurementError(f"line {n}: not JSON ({e.msg})")
        except MeasurementError as e:
            yield MeasurementError(f"line {n}: {e}")
