"""Pieces shared by the first-generation protocol modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sarsat.beacon.bits import bit_string
from sarsat.beacon.bits import field as bits_field
from sarsat.beacon.message import Position, Protocol
from sarsat.beacon.fgb.position import Reading


@dataclass
class Fields:
    """What a protocol module decodes from a message.

    ``problems_pdf1`` / ``problems_pdf2`` are facts a valid message cannot have (field out of
    range, fixed bits wrong, ...): after a BCH correction of that block they reject it as a
    likely miscorrection; in a clean message they become warnings.
    """

    protocol: Protocol
    identity: dict[str, Any]
    details: dict[str, Any] = field(default_factory=dict)
    position: Position | None = None
    problems_pdf1: list[str] = field(default_factory=list)
    problems_pdf2: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Layout(NamedTuple):
    """Which parts of the message are present.

    ``short``: format flag 0. ``pdf2``: bits 107–132 present and BCH-2 checked (a full
    long message). Bits 107–112 are always present.
    """

    short: bool
    pdf2: bool


def bits_text(msg: int, first: int, last: int) -> str:
    """Bits ``first``..``last`` as a string of 0 and 1 (national-use and undefined fields)."""
    return bit_string(bits_field(msg, first, last), last - first + 1)


def source_name(value: int) -> str:
    """Position data source bit (T.001 A3.3.2.1): 1 internal, 0 external navigation device."""
    return "internal" if value else "external"


def position_from(reading: Reading, source: str | None, fields: Fields, pdf2_problem: bool) -> None:
    """Store a :class:`Reading` in ``fields``: problems go to the block they came from."""
    if reading.problems:
        (fields.problems_pdf2 if pdf2_problem else fields.problems_pdf1).extend(reading.problems)
        fields.warnings.append("position not reported: " + "; ".join(reading.problems))
    if reading.latitude_deg is not None and reading.longitude_deg is not None and reading.resolution:
        fields.position = Position(reading.latitude_deg, reading.longitude_deg, reading.resolution, source)


def mmsi(country_code: int, last6: int) -> str | None:
    """Full 9-digit MMSI from the MID and its trailing six digits (None when out of range)."""
    if last6 > 999_999:
        return None
    return f"{country_code:03d}{last6:06d}"


def require(cond: bool, problems: list[str], text: str) -> None:
    """Record ``text`` as a problem unless ``cond`` holds."""
    if not cond:
        problems.append(text)


def int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)
