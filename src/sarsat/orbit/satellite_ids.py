"""Cospas-Sarsat MEOSAR satellite identifiers.

The ID ranges are a fact of the C/S MEOSAR identification scheme (location note §2.2):
3xx GPS, 4xx Galileo, 5xx GLONASS, 6xx BeiDou. The full ID <-> NORAD table lives in
``../shared/orbits/meosar-satellites.csv`` (from moricef/MEOSAR-pointing, MIT); read it
with :func:`read_satellite_ids`.

>>> constellation_of(418)
'Galileo'
"""

from __future__ import annotations

import csv
from pathlib import Path

from sarsat.errors import SarsatError

_RANGES = {3: "GPS", 4: "Galileo", 5: "GLONASS", 6: "BeiDou"}


def constellation_of(sat_id: int) -> str:
    """The MEOSAR system of a C/S satellite ID (3xx..6xx), or "unknown"."""
    return _RANGES.get(sat_id // 100, "unknown") if 100 <= sat_id <= 999 else "unknown"


def read_satellite_ids(path: str | Path) -> dict[int, int]:
    """Read a ``cs_id,norad,...`` CSV and return {NORAD number: C/S satellite ID}."""
    out: dict[int, int] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                out[int(row["norad"])] = int(row["cs_id"])
            except (KeyError, ValueError) as e:
                raise SarsatError(f"{path}: row {row} lacks integer cs_id/norad columns") from e
    return out
