"""Encoded positions of first-generation location protocols (T.001 A3.2, A3.3.1).

PDF-1 carries a coarse position as unsigned magnitudes with N/S and E/W flags (N = 0,
E = 0); PDF-2 carries an offset with its own sign (1 = plus, 0 = minus) that is added to
or subtracted from the *magnitude* (A3.3.1: 100°W + 30′ = 100°30′W). Positions are held
in integer arc-seconds inside this module so that rounding is exact.

Each protocol's layout is a :class:`Layout` of spec bit numbers; :func:`read` and
:func:`write` do the rest, shared by every protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sarsat.beacon.bits import field, set_field

#: Seconds field value meaning "no data" (1111 = 60 s, out of range; T.001 A3.2 c).
_SECONDS_DEFAULT = 0b1111


@dataclass(frozen=True)
class Coarse:
    """One coarse axis: flag bit, then fields (first, last, arc-seconds per unit), MSB first.

    ``default`` is the value of bits ``flag``..end when no position is available (A3.2).
    """

    flag: int
    fields: tuple[tuple[int, int, int], ...]
    max_arcsec: int  # 90° or 180°
    default: int = -1  # bits flag..last with no fix; computed in __post_init__

    def __post_init__(self) -> None:
        value = 0
        for first, last, unit in self.fields:
            width = last - first + 1
            all_ones = unit == 3600 or len(self.fields) == 1  # degree fields all 1 (A3.2 a)
            value = (value << width) | (((1 << width) - 1) if all_ones else 0)
        object.__setattr__(self, "default", value)  # the flag bit (0) is the leading zero

    @property
    def last(self) -> int:
        return self.fields[-1][1]

    @property
    def unit_arcsec(self) -> int:
        """Resolution of the axis (the smallest field unit)."""
        return self.fields[-1][2]


@dataclass(frozen=True)
class Offset:
    """One PDF-2 offset axis: sign bit, minutes field, seconds field (4 s steps)."""

    sign: int
    minutes: tuple[int, int]
    seconds: tuple[int, int]
    max_minutes: int
    default: int = -1  # sign 1, minutes 0, seconds 1111 (A3.2 b, c)

    def __post_init__(self) -> None:
        width_m = self.minutes[1] - self.minutes[0] + 1
        object.__setattr__(self, "default", (1 << (width_m + 4)) | _SECONDS_DEFAULT)


@dataclass(frozen=True)
class Layout:
    lat: Coarse
    lon: Coarse
    lat_offset: Offset | None = None
    lon_offset: Offset | None = None

    @property
    def has_offsets(self) -> bool:
        return self.lat_offset is not None


def _deg(first: int, last: int) -> tuple[int, int, int]:
    return (first, last, 3600)


# T.001 A3.3.5.3-4: standard location, 1/4° in PDF-1, offsets ≤ 30′ (4 s) in PDF-2.
STANDARD = Layout(
    lat=Coarse(65, ((66, 74, 900),), 90 * 3600),
    lon=Coarse(75, ((76, 85, 900),), 180 * 3600),
    lat_offset=Offset(113, (114, 118), (119, 122), 30),
    lon_offset=Offset(123, (124, 128), (129, 132), 30),
)
# T.001 A3.3.6.2-3: national location, 1° + 2′ in PDF-1, offsets ≤ 3′ in PDF-2.
NATIONAL = Layout(
    lat=Coarse(59, (_deg(60, 66), (67, 71, 120)), 90 * 3600),
    lon=Coarse(72, (_deg(73, 80), (81, 85, 120)), 180 * 3600),
    lat_offset=Offset(113, (114, 115), (116, 119), 3),
    lon_offset=Offset(120, (121, 122), (123, 126), 3),
)
# T.001 A3.3.7.1-2 and A3.3.8.2-3: RLS and ELT(DT), 1/2° in PDF-1, offsets ≤ 15′ in PDF-2.
HALF_DEGREE = Layout(
    lat=Coarse(67, ((68, 75, 1800),), 90 * 3600),
    lon=Coarse(76, ((77, 85, 1800),), 180 * 3600),
    lat_offset=Offset(115, (116, 119), (120, 123), 15),
    lon_offset=Offset(124, (125, 128), (129, 132), 15),
)
# T.001 A3.3.4.3: user-location, 1° + 4′ in PDF-2 only.
USER_LOCATION = Layout(
    lat=Coarse(108, (_deg(109, 115), (116, 119, 240)), 90 * 3600),
    lon=Coarse(120, (_deg(121, 128), (129, 132, 240)), 180 * 3600),
)


def coarse_default(axis: Coarse) -> int:
    """Bits flag..last at their no-fix default: flag 0, degree fields all 1, minutes 0 (A3.2)."""
    return axis.default


def set_coarse_default(msg: int, layout: Layout) -> int:
    """Return ``msg`` with the PDF-1 (or user-location PDF-2) position at its defaults."""
    for axis in (layout.lat, layout.lon):
        msg = set_field(msg, axis.flag, axis.last, coarse_default(axis))
    return msg


def _offset_default(off: Offset) -> int:
    """Sign 1, minutes 0, seconds 1111 (A3.2 b, c)."""
    return off.default


class Reading(NamedTuple):
    """A decoded position: degrees (north/east positive) or ``None``, with the reason."""

    latitude_deg: float | None
    longitude_deg: float | None
    resolution: str | None  # "fine", "coarse" or None
    problems: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.latitude_deg is not None


def _read_coarse(msg: int, axis: Coarse, name: str) -> tuple[tuple[int, int] | None, bool, str | None]:
    """((sign, arc-seconds) | None, is_default, problem)."""
    raw = field(msg, axis.flag, axis.last)
    if raw == coarse_default(axis):
        return None, True, None
    magnitude = 0
    for first, last, unit in axis.fields:
        magnitude += field(msg, first, last) * unit
    sub_fields = axis.fields[1:]
    for first, last, unit in sub_fields:  # minutes must stay below one degree
        if field(msg, first, last) * unit >= 3600:
            return None, False, f"{name} minutes field {field(msg, first, last)} out of range (bits {first}-{last})"
    if magnitude > axis.max_arcsec:
        return None, False, f"coarse {name} {magnitude / 3600:g}° out of range (bits {axis.flag}-{axis.last})"
    sign = -1 if field(msg, axis.flag, axis.flag) else 1
    return (sign, magnitude), False, None


def _read_offset(msg: int, off: Offset, name: str) -> tuple[int | None, str | None]:
    """(arc-seconds | None when at default, problem)."""
    raw = field(msg, off.sign, off.seconds[1])
    if raw == _offset_default(off):
        return None, None
    minutes = field(msg, *off.minutes)
    seconds = field(msg, *off.seconds) * 4
    if seconds > 56 or minutes > off.max_minutes:
        return None, f"{name} offset {minutes}′{seconds}″ out of range (bits {off.sign}-{off.seconds[1]})"
    sign = 1 if field(msg, off.sign, off.sign) else -1  # A3.3.5.4: 1 = plus
    return sign * (minutes * 60 + seconds), None


_NO_POSITION = Reading(None, None, None)


def _fast_axis(axis: Coarse) -> tuple[int, int, int, int, int, int, int]:
    """(shift, mask of flag..last, default, width without flag, minutes width, minutes unit,
    max arc-seconds) for :func:`_fast_read`; minutes width 0 for single-field axes."""
    width = axis.last - axis.flag + 1
    if len(axis.fields) == 1:
        return (144 - axis.last, (1 << width) - 1, axis.default, width - 1, 0, axis.fields[0][2], axis.max_arcsec)
    first, last, unit = axis.fields[1]
    return (144 - axis.last, (1 << width) - 1, axis.default, width - 1, last - first + 1, unit, axis.max_arcsec)


def _fast_offset(off: Offset) -> tuple[int, int, int, int, int]:
    width_m = off.minutes[1] - off.minutes[0] + 1
    return (144 - off.seconds[1], (1 << (width_m + 5)) - 1, off.default, width_m, off.max_minutes)


_FAST: dict[int, tuple] = {}  # type: ignore[type-arg]  # id(layout) -> precomputed shifts and masks


def _fast_read(msg: int, layout: Layout, offsets_present: bool) -> Reading | None:
    """The position without a single helper call, or None when anything needs the careful
    path below (defaults, out-of-range fields: that path words the problems)."""
    fast = _FAST.get(id(layout))
    if fast is None:
        offs = (_fast_offset(layout.lat_offset), _fast_offset(layout.lon_offset)) if layout.lat_offset else None
        fast = _FAST[id(layout)] = (_fast_axis(layout.lat), _fast_axis(layout.lon), offs)
    out = []
    for i, (shift, mask, default, width, min_width, unit, max_arcsec) in enumerate(fast[:2]):
        raw = (msg >> shift) & mask
        if raw == default:
            return None
        value = raw & ((1 << width) - 1)
        if min_width:
            minutes = value & ((1 << min_width) - 1)
            if minutes * unit >= 3600:
                return None
            magnitude = (value >> min_width) * 3600 + minutes * unit
        else:
            magnitude = value * unit
        if magnitude > max_arcsec:
            return None
        if offsets_present and fast[2] is not None:
            oshift, omask, odefault, owidth, omax = fast[2][i]
            oraw = (msg >> oshift) & omask
            if oraw != odefault:
                seconds = (oraw & 0xF) * 4
                ominutes = (oraw >> 4) & ((1 << owidth) - 1)
                if seconds > 56 or ominutes > omax:
                    return None
                magnitude += (ominutes * 60 + seconds) if oraw >> (owidth + 4) else -(ominutes * 60 + seconds)
                if not 0 <= magnitude <= max_arcsec:
                    return None
            elif i == 1 and len(out) == 1 and out[0][2]:
                return None  # one offset at its default, the other not: the careful path decides
            out.append((raw >> width, magnitude, oraw != odefault))
        else:
            out.append((raw >> width, magnitude, False))
    (south, lat, fine_lat), (west, lon, fine_lon) = out
    if fine_lat != fine_lon:
        return None
    return Reading((-lat if south else lat) / 3600 + 0.0, (-lon if west else lon) / 3600 + 0.0,
                   "fine" if fine_lat else "coarse")


def read(msg: int, layout: Layout, offsets_present: bool) -> Reading:
    """Decode the position of ``layout`` from ``msg`` (144-bit spec numbering).

    ``offsets_present`` is false when PDF-2 is absent, truncated or carries no offsets.
    """
    lat_axis, lon_axis = layout.lat, layout.lon
    if (field(msg, lat_axis.flag, lat_axis.last) == lat_axis.default
            and field(msg, lon_axis.flag, lon_axis.last) == lon_axis.default):
        return _NO_POSITION  # A3.2: no fix (the common case of a beacon without GNSS)
    fast = _fast_read(msg, layout, offsets_present)
    if fast is not None:
        return fast
    return read_careful(msg, layout, offsets_present)


def read_careful(msg: int, layout: Layout, offsets_present: bool) -> Reading:
    """:func:`read` field by field, wording every problem (the reference for the fast path)."""
    lat, lat_default, p1 = _read_coarse(msg, layout.lat, "latitude")
    lon, lon_default, p2 = _read_coarse(msg, layout.lon, "longitude")
    problems = tuple(p for p in (p1, p2) if p)
    if problems:
        return Reading(None, None, None, problems)
    if lat_default and lon_default:
        return Reading(None, None, None)
    if lat_default or lon_default or lat is None or lon is None:
        which = "latitude" if lat_default else "longitude"
        return Reading(None, None, None, (f"{which} at its no-fix default but not the other",))
    resolution = "coarse"
    if offsets_present and layout.lat_offset is not None and layout.lon_offset is not None:
        dlat, q1 = _read_offset(msg, layout.lat_offset, "latitude")
        dlon, q2 = _read_offset(msg, layout.lon_offset, "longitude")
        problems = tuple(q for q in (q1, q2) if q)
        if problems:
            return Reading(None, None, None, problems)
        if dlat is not None or dlon is not None:
            resolution = "fine"
            # A3.3.1: offsets act on the magnitude (100°W + 30′ = 100°30′W).
            lat = (lat[0], lat[1] + (dlat or 0))
            lon = (lon[0], lon[1] + (dlon or 0))
            if not (0 <= lat[1] <= 90 * 3600 and 0 <= lon[1] <= 180 * 3600):
                return Reading(None, None, None, ("position with offset out of range",))
    return Reading(lat[0] * lat[1] / 3600 + 0.0, lon[0] * lon[1] / 3600 + 0.0, resolution)


def _round_half_up(x: float) -> int:
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def write(msg: int, layout: Layout, latitude_deg: float | None, longitude_deg: float | None) -> int:
    """Encode a position into ``msg`` following T.001 A3.3.1; ``None`` writes the defaults.

    The position is rounded to 4″; the coarse value is the one closest to it and the
    offset is the remainder (a zero offset keeps the default sign 1).
    """
    axes = ((layout.lat, layout.lat_offset, latitude_deg), (layout.lon, layout.lon_offset, longitude_deg))
    if latitude_deg is None or longitude_deg is None:
        msg = set_coarse_default(msg, layout)
        for _axis, off, _v in axes:
            if off is not None:
                msg = set_field(msg, off.sign, off.seconds[1], _offset_default(off))
        return msg
    for axis, off, value in axes:
        if not abs(value) <= axis.max_arcsec / 3600:
            raise ValueError(f"{value}° is out of range")
        rounded = _round_half_up(abs(value) * 3600 / 4) * 4  # A3.3.1: round to 4″
        unit = axis.unit_arcsec
        coarse = (rounded + unit // 2) // unit * unit if off is not None else _round_half_up(abs(value) * 3600 / unit) * unit
        coarse = min(coarse, axis.max_arcsec)
        total = rounded if off is not None else coarse
        msg = set_field(msg, axis.flag, axis.flag, 1 if value < 0 and total > 0 else 0)  # no "-0
        remaining = coarse
        for first, last, field_unit in axis.fields:
            msg = set_field(msg, first, last, remaining // field_unit)
            remaining %= field_unit
        if off is not None:
            delta = rounded - coarse
            mins, secs = divmod(abs(delta), 60)
            msg = set_field(msg, off.sign, off.sign, 0 if delta < 0 else 1)
            msg = set_field(msg, *off.minutes, mins)
            msg = set_field(msg, *off.seconds, secs // 4)
    return msg
