"""Country (ITU Maritime Identification Digits) table, T.001 A1.2.3.

The country code in bits 27–36 (FGB) or 31–40 (SGB) is a 3-digit ITU MID. Names come from the
ITU MID allocation list shipped as ``data/itu-mid.csv`` (ITU facts, see ../shared/specs).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def _table() -> dict[int, str]:
    text = resources.files("sarsat.beacon").joinpath("data/itu-mid.csv").read_text("utf-8")
    return {int(row["mid"]): row["allocated_to"] for row in csv.DictReader(text.splitlines())}


def country_name(mid: int) -> str | None:
    """Name of the country or territory allocated MID ``mid``; ``None`` if unassigned.

    >>> country_name(227)
    'France'
    """
    return _table().get(mid)


def is_assigned(mid: int) -> bool:
    """True when ``mid`` is allocated by the ITU (201–775 range, with gaps)."""
    return mid in _table()
