"""Alert sites: one per beacon activation, keyed by the 15-hex (FGB) or 23-hex (SGB) ID.

A :class:`Site` is immutable; processing returns a new one (``dataclasses.replace``). Its JSON
form is what the store keeps, so a site survives restarts exactly (reference §4.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sarsat.mcc.ingest import BeaconInfo, parse_time


@dataclass(frozen=True)
class SitePosition:
    """A position the site holds, with what decides independence (§4.3): type, data time,
    LEOSAR pass, source LUT and solution."""

    type: str  # doppler_a, doppler_b, doa, encoded
    latitude_deg: float
    longitude_deg: float
    detected_at: datetime
    solution_id: str
    lut_id: str
    system: str
    pass_id: str | None = None
    probability_pct: float | None = None
    ehe_m: float | None = None
    altitude_m: float | None = None
    ellipse95: dict[str, float] | None = None  # DOA 95 % ellipse from the LUT, when it sent one

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type, "latitude_deg": self.latitude_deg, "longitude_deg": self.longitude_deg,
            "detected_at": self.detected_at.isoformat(), "solution_id": self.solution_id,
            "lut_id": self.lut_id, "system": self.system, "pass_id": self.pass_id,
            "probability_pct": self.probability_pct, "ehe_m": self.ehe_m, "altitude_m": self.altitude_m,
            "ellipse95": self.ellipse95,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> SitePosition:
        return cls(**{**obj, "detected_at": parse_time(obj["detected_at"], "detected_at")})


@dataclass(frozen=True)
class Site:
    """State of one alert site.

    ``status`` is one of :data:`sarsat.mcc.rules.STATUSES`. ``reference`` is the MCC's best
    position once confirmed (CSC-66 "MCC REFERENCE", legacy "CONFIRMED"). ``doppler_pair`` holds
    an unresolved Doppler A/B pair. ``last_sent_data_at`` is the data time of the last alert sent
    to an RCC (what the update throttles measure from, §4.4).
    """

    site_id: int
    beacon_id: str
    status: str
    opened_at: datetime
    last_data_at: datetime
    beacon: BeaconInfo
    positions: tuple[SitePosition, ...] = ()
    reference: SitePosition | None = None
    doppler_pair: tuple[SitePosition, SitePosition] | None = None
    last_sent_data_at: datetime | None = None
    alerts_sent: int = 0
    cancel_bursts: tuple[datetime, ...] = ()
    cancelled_at: datetime | None = None
    destinations: tuple[str, ...] = ()
    frequency_hz: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return self.status != "closed"

    def to_json(self) -> dict[str, Any]:
        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t is not None else None
        return {
            "site_id": self.site_id, "beacon_id": self.beacon_id, "status": self.status,
            "opened_at": iso(self.opened_at), "last_data_at": iso(self.last_data_at),
            "beacon": self.beacon.to_json(),
            "positions": [p.to_json() for p in self.positions],
            "reference": self.reference.to_json() if self.reference else None,
            "doppler_pair": [p.to_json() for p in self.doppler_pair] if self.doppler_pair else None,
            "last_sent_data_at": iso(self.last_sent_data_at), "alerts_sent": self.alerts_sent,
            "cancel_bursts": [iso(t) for t in self.cancel_bursts], "cancelled_at": iso(self.cancelled_at),
            "destinations": list(self.destinations), "frequency_hz": self.frequency_hz,
            "extra": self.extra,
        }

    def to_geojson(self) -> dict[str, Any]:
        """GeoJSON FeatureCollection: every position of the site, then the MCC reference."""
        feats = [_point(p, {"role": "position"}) for p in self.positions]
        if self.reference is not None:
            feats.append(_point(self.reference, {"role": "mcc_reference"}))
        return {"type": "FeatureCollection", "features": feats,
                "properties": {"site_id": self.site_id, "beacon_id": self.beacon_id, "status": self.status}}

    def summary_feature(self) -> dict[str, Any]:
        """One GeoJSON Feature for a site list: the reference (else the latest) position."""
        where = self.reference or (self.positions[-1] if self.positions else None)
        props = {"site_id": self.site_id, "beacon_id": self.beacon_id, "status": self.status,
                 "alerts_sent": self.alerts_sent, "last_data_at": self.last_data_at.isoformat()}
        if where is None:
            return {"type": "Feature", "geometry": None, "properties": props}
        return _point(where, props)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Site:
        def t(v: str | None, w: str) -> datetime | None:
            return parse_time(v, w) if v else None
        pair = obj.get("doppler_pair")
        return cls(
            site_id=obj["site_id"], beacon_id=obj["beacon_id"], status=obj["status"],
            opened_at=parse_time(obj["opened_at"], "opened_at"),
            last_data_at=parse_time(obj["last_data_at"], "last_data_at"),
            beacon=BeaconInfo.from_json(obj["beacon"]),
            positions=tuple(SitePosition.from_json(p) for p in obj["positions"]),
            reference=SitePosition.from_json(obj["reference"]) if obj.get("reference") else None,
            doppler_pair=(SitePosition.from_json(pair[0]), SitePosition.from_json(pair[1])) if pair else None,
            last_sent_data_at=t(obj.get("last_sent_data_at"), "last_sent_data_at"),
            alerts_sent=obj.get("alerts_sent", 0),
            cancel_bursts=tuple(parse_time(x, "cancel_bursts") for x in obj.get("cancel_bursts", [])),
            cancelled_at=t(obj.get("cancelled_at"), "cancelled_at"),
            destinations=tuple(obj.get("destinations", [])), frequency_hz=obj.get("frequency_hz"),
            extra=obj.get("extra", {}),
        )


def _point(p: SitePosition, extra: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Point Feature (RFC 7946: longitude first)."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.longitude_deg, p.latitude_deg]},
            "properties": {**p.to_json(), **extra}}
