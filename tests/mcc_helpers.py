"""Builders for MCC tests: solution records and a pure-engine scenario runner."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.matching import DEFAULT_CONFIG, EngineConfig, Outcome, process
from sarsat.mcc.sites import Site

T0 = datetime(2025, 6, 12, 14, 2, 11, tzinfo=UTC)
EARTH_RADIUS_M = 6_371_008.8
# The made-up FMCC example of reference §3.5 (France, standard location EPIRB-MMSI).
HEX_FR = "1C64000000FFBFF"
MARSEILLE = (43.125, 5.99)


def north_of(lat_deg: float, lon_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` due north (great circle on the mean sphere)."""
    return lat_deg + math.degrees(km * 1000 / EARTH_RADIUS_M), lon_deg


def pos(ptype: str, latlon: tuple[float, float], **extra: Any) -> dict[str, Any]:
    return {"type": ptype, "latitude_deg": latlon[0], "longitude_deg": latlon[1], **extra}


def beacon(**changes: Any) -> dict[str, Any]:
    b = {"hex_id": HEX_FR, "country_code": 227, "family": "standard-location", "beacon_type": "EPIRB",
         "activation": "manual", "encoded_source": "internal", "identity": {"mmsi_last_6_digits": "000000"}}
    b.update(changes)
    return b


def record(sid: str, at_s: float, positions: list[dict[str, Any]], *, system: str = "meosar",
           span_s: float = 480.0, sats: tuple[str, ...] = ("329", "315", "302"), lut: str = "2276",
           pass_id: str | None = None, **beacon_changes: Any) -> SolutionRecord:
    """A solution detected ``at_s`` seconds after T0."""
    t = T0 + timedelta(seconds=at_s)
    return SolutionRecord.from_json({
        "solution_id": sid, "lut_id": lut, "system": system, "detected_at": t.isoformat(),
        "last_detected_at": (t + timedelta(seconds=span_s)).isoformat(), "satellites": list(sats),
        "pass_id": pass_id, "frequency_hz": 406.04e6, "num_bursts": 3,
        "beacon": beacon(**beacon_changes), "positions": positions,
    })


class Run:
    """Feeds solutions through :func:`process` as the store would, keeping the open site."""

    def __init__(self, config: EngineConfig = DEFAULT_CONFIG) -> None:
        self.site: Site | None = None
        self.next_id = 1
        self.config = config
        self.outcomes: list[Outcome] = []

    def feed(self, rec: SolutionRecord, delay_s: float = 60.0) -> Outcome:
        out = process(self.site, rec, rec.detected_at + timedelta(seconds=delay_s), self.next_id, self.config)
        if out.site is not None:
            if out.site.site_id == self.next_id:
                self.next_id += 1
            self.site = out.site
        self.outcomes.append(out)
        return out

    @property
    def sent(self) -> list[str]:
        """Titles of the alerts sent so far (legacy wording)."""
        return [o.alert.title for o in self.outcomes if o.alert is not None]
