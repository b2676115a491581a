"""Build ``src/sarsat/web/static/land.json`` from the ``world-atlas`` npm package.

The land polygons are Natural Earth's (public domain), as redistributed in TopoJSON by the
``world-atlas`` package (ISC licence). This script decodes the TopoJSON arcs and writes plain
rings ``[[lon_deg, lat_deg], ...]`` rounded to 0.01 degree, which the operator page draws as
SVG paths. Run once when updating the map; the output is committed as package data.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/coastline.py package/land-50m.json src/sarsat/web/static/land.json
"""

from __future__ import annotations

import json
import sys
from typing import Any


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (quantised, delta-encoded TopoJSON)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """One polygon ring from arc indexes (``~i`` is arc ``i`` reversed)."""
    pts: list[tuple[float, float]] = []
    for i in indexes:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def unwrap(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring crossing the antimeridian made continuous (longitudes past +-180), plus its copy
    shifted by 360 degrees so both sides of the map are filled."""
    out = [pts[0]]
    shift = 0.0
    for (lon0, _), (lon, lat) in zip(pts, pts[1:], strict=False):
        if lon - lon0 > 180:
            shift -= 360
        elif lon0 - lon > 180:
            shift += 360
        out.append((lon + shift, lat))
    lons = [p[0] for p in out]
    if min(lons) >= -180 and max(lons) <= 180:
        return [out]
    k = 360 if min(lons) < -180 else -360
    return [out, [(lon + k, lat) for lon, lat in out]]


def rings(topo: dict[str, Any], name: str) -> list[list[list[float]]]:
    arcs = decode_arcs(topo)
    out = []
    for geom in topo["objects"][name]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for r in poly:
                for pts in unwrap(ring(arcs, r)):
                    simple: list[list[float]] = []
                    for lon, lat in pts:
                        p = [round(lon, 2), round(lat, 2)]
                        if not simple or p != simple[-1]:
                            simple.append(p)
                    if len(simple) >= 4:
                        out.append(simple)
    return out


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as fh:
        topo = json.load(fh)
    data = {"source": "Natural Earth land polygons (public domain), via the world-atlas npm package 2.0.2 "
                      "(ISC licence, Copyright 2013-2019 Michael Bostock)",
            "rings": rings(topo, "land")}
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(data, fh, separators=(",", ":"))
