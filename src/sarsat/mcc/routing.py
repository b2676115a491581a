"""Routing: which destinations (RCC, SPOC, MCC, LADR, RLS provider, ...) receive an alert.

Rules (reference §2.4): a located alert goes to every destination whose service area holds one
of its positions (Doppler A and B may go to different areas); an unlocated alert by the
beacon's country code; a NOCR to the country of registration when that is not already a
recipient; a ship security (SSAS) alert to its competent authority only; ELT(DT) also to the
LADR; RLS beacons also to the return-link provider; reference beacons to monitoring only.
Service areas are GeoJSON polygons (holes are ignored) in a FeatureCollection; a small demo
configuration ships as ``data/routing.geojson``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sarsat.errors import MccError
from sarsat.mcc.matching import Alert

AREA_KINDS = ("RCC", "SPOC", "MCC")
KINDS = (*AREA_KINDS, "SSAS", "LADR", "RLSP", "MONITOR")


@dataclass(frozen=True)
class Destination:
    """One recipient. ``rings`` are polygon outer rings as (lon, lat) vertices in degrees."""

    id: str  # 4-character code used in the SIT header (e.g. "227A", "3160")
    name: str
    kind: str  # RCC, SPOC, MCC, SSAS, LADR, RLSP, MONITOR
    layout: str = "csc66"  # SIT 185 layout it takes: "csc66" or "legacy"
    sit915: bool = False  # cannot take the new data type: wrap the SIT 185 in a SIT 915
    countries: frozenset[int] = frozenset()
    rings: tuple[tuple[tuple[float, float], ...], ...] = ()
    default: bool = False  # receives what no area or country claims
    format: str = "sit185"  # "sit185", or "sit1xx": inter-MCC SIT 1xx (FGB) / 3xx (SGB); else SIT 185 in a 915

    def contains(self, lat_deg: float, lon_deg: float) -> bool:
        """Point in any of the polygons (even-odd ray casting on lon/lat)."""
        return any(_in_ring(ring, lon_deg, lat_deg) for ring in self.rings)


def _in_ring(ring: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@dataclass(frozen=True)
class RoutingConfig:
    """The MCC's own name and code and its destinations."""

    mcc_name: str
    mcc_code: str
    destinations: tuple[Destination, ...]
    #: Where each country's beacons are registered (MID -> text after "BEACON REGISTRATION AT");
    #: others: the IBRD (§4.7).
    registries: tuple[tuple[int, str], ...] = ()
    default_registry: str = "WWW.406REGISTRATION.COM"

    def registry_of(self, country_code: int | None) -> str | None:
        """The ``BEACON REGISTRATION AT ...`` pointer for a country (None: unknown country)."""
        if country_code is None:
            return None
        return dict(self.registries).get(country_code, self.default_registry)

    @classmethod
    def from_geojson(cls, obj: Any, source: str = "<routing>") -> RoutingConfig:
        if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
            raise MccError(f"{source}: expected a GeoJSON FeatureCollection")
        mcc = obj.get("mcc") or {}
        dests = []
        for i, feat in enumerate(obj.get("features", [])):
            p = feat.get("properties") or {}
            if not p.get("id") or p.get("kind") not in KINDS or p.get("layout", "csc66") not in ("csc66", "legacy"):
                raise MccError(f"{source}: feature {i}: needs 'id', 'kind' in {KINDS} and layout csc66/legacy")
            dests.append(Destination(
                id=str(p["id"]), name=str(p.get("name", p["id"])), kind=p["kind"],
                layout=p.get("layout", "csc66"), sit915=bool(p.get("sit915", False)),
                countries=frozenset(int(c) for c in p.get("countries", [])),
                rings=_rings(feat.get("geometry"), f"{source}: feature {i}"),
                default=bool(p.get("default", False)),
                format=p.get("format", "sit185"),
            ))
            if dests[-1].format not in ("sit185", "sit1xx"):
                raise MccError(f"{source}: feature {i}: format must be sit185 or sit1xx")
        if not mcc.get("name") or not mcc.get("code"):
            raise MccError(f"{source}: needs a top-level 'mcc' object with 'name' and 'code'")
        regs = obj.get("registries", {})
        if not isinstance(regs, dict) or not all(str(k).isdigit() and isinstance(v, str) for k, v in regs.items()):
            raise MccError(f"{source}: 'registries' must map country codes to registry names")
        return cls(str(mcc["name"]), str(mcc["code"]), tuple(dests),
                   tuple(sorted((int(k), v) for k, v in regs.items())),
                   str(obj.get("default_registry", "WWW.406REGISTRATION.COM")))

    @classmethod
    def load(cls, path: str | Path | None = None) -> RoutingConfig:
        """From a GeoJSON file, or the shipped demo configuration when ``path`` is None."""
        if path is None:
            text = resources.files("sarsat.mcc").joinpath("data/routing.geojson").read_text("utf-8")
            return cls.from_geojson(json.loads(text), "routing.geojson (shipped)")
        try:
            return cls.from_geojson(json.loads(Path(path).read_text("utf-8")), str(path))
        except (OSError, json.JSONDecodeError) as e:
            raise MccError(f"{path}: cannot read routing configuration ({e})") from e

    def areas_of(self, lat_deg: float, lon_deg: float) -> frozenset[str]:
        """Ids of the service areas (RCC/SPOC/MCC polygons) holding a position."""
        return frozenset(d.id for d in self.destinations if d.kind in AREA_KINDS and d.contains(lat_deg, lon_deg))

    def by_id(self, dest_id: str) -> Destination:
        for d in self.destinations:
            if d.id == dest_id:
                return d
        raise MccError(f"unknown destination {dest_id!r}")


def _rings(geom: Any, where: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    if geom is None:
        return ()
    kind, coords = geom.get("type"), geom.get("coordinates")
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if polys is None:
        raise MccError(f"{where}: geometry must be Polygon or MultiPolygon, not {kind!r}")
    return tuple(tuple((float(x), float(y)) for x, y, *_ in poly[0]) for poly in polys)


@dataclass(frozen=True)
class Route:
    """One message to send: the destination, and whether it is a NOCR."""

    destination: Destination
    nocr: bool = False
    rule: str = ""


def route(alert: Alert, config: RoutingConfig) -> list[Route]:
    """Destinations of ``alert`` under the rules of the module docstring (§2.4)."""
    dests = config.destinations
    b = alert.beacon
    default = [d for d in dests if d.default]
    if alert.monitoring:
        return [Route(d, rule="§4.1-7 reference beacon to monitoring") for d in dests if d.kind == "MONITOR"]
    if alert.extra.get("ladr_only"):
        return [Route(d, rule="§2.4 ELT(DT) data to the LADR (A.001 §3.12)") for d in dests if d.kind == "LADR"]
    out: list[Route] = []
    seen: set[str] = set()

    def add(d: Destination, rule: str, nocr: bool = False) -> None:
        if d.id not in seen:
            seen.add(d.id)
            out.append(Route(d, nocr, rule))

    if alert.to_rcc:
        if b.ssas:  # §2.4: SSAS to the competent authority only
            auth = [d for d in dests if d.kind == "SSAS" and b.country_code in d.countries]
            for d in auth or default:
                add(d, "§2.4 SSAS to its competent authority")
            return out
        points = ([alert.reference] if alert.reference else []) + list(alert.positions)
        if points:
            for p in points:
                hit = [d for d in dests if d.kind in AREA_KINDS and d.contains(p.latitude_deg, p.longitude_deg)]
                for d in hit or default:
                    add(d, f"§2.4 service area holds the {p.type} position" if hit else "default destination")
        else:
            by_cc = [d for d in dests if d.kind in AREA_KINDS and b.country_code in d.countries]
            for d in by_cc or default:
                add(d, "§2.4 unlocated alert by country code" if by_cc else "default destination")
        if b.eltdt:
            for d in dests:
                if d.kind == "LADR":
                    add(d, "§2.4 ELT(DT) also to the LADR (A.001 §3.12)")
        if b.rls:
            for d in dests:
                if d.kind == "RLSP":
                    add(d, "§2.4 RLS beacon to the return-link provider")
    if b.reliable and alert.located and b.country_code is not None:  # NOCR (§2.4; not when unreliable §4.1-4)
        for d in dests:
            if d.kind in AREA_KINDS and b.country_code in d.countries and d.id not in seen:
                add(d, "§2.4 NOCR to the country of registration", nocr=True)
    return out
