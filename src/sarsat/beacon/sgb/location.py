"""Encoded GNSS location of the SGB main field, bits 44–90 (T.018 Table 3.1, Appendix C).

Latitude: N/S flag (bit 44), degrees 0–90 (45–51), fraction in 2^-15 degree (52–66).
Longitude: E/W flag (bit 67), degrees 0–180 (68–75), fraction in 2^-15 degree (76–90).
Two default patterns mean "no position" (App. C.3): capable but no fix yet (flags 0) and no
encoded-location capability (flags 1). Both decode to ``None``, never to 127°/255°.

>>> loc = EncodedLocation.from_bits(0b0_0110000_110010110000110_0_01000101_000000100011111)
>>> loc.latitude_deg, loc.longitude_deg
(48.79315185546875, 69.00875854492188)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sarsat.errors import EncodeError

FRACTION_STEPS = 1 << 15  # App. C.4: 15 fraction bits, 0.5 down to 2^-15 degree

# App. C.3 / Table 3.1 default fraction patterns
_LAT_DEFAULT_FRACTION = 0b000001111100000
_LON_DEFAULT_FRACTION = 0b111110000011111


@dataclass(frozen=True)
class EncodedLocation:
    """The 47 location bits, sub-field by sub-field (lossless: any bit pattern fits).

    Build one from degrees with :meth:`from_degrees` (rounded to 2^-15 degree, App. C.4.2),
    or take :meth:`no_fix` / :meth:`no_capability` for the defaults.
    """

    south: bool
    latitude_whole_deg: int  # 7 bits
    latitude_fraction: int  # 15 bits, units of 2^-15 degree
    west: bool
    longitude_whole_deg: int  # 8 bits
    longitude_fraction: int  # 15 bits, units of 2^-15 degree

    @classmethod
    def from_bits(cls, bits: int) -> EncodedLocation:
        """From message bits 44–90 as a 47-bit int (bit 44 at the top)."""
        return cls(
            south=bool(bits >> 46 & 1),
            latitude_whole_deg=bits >> 39 & 0x7F,
            latitude_fraction=bits >> 24 & 0x7FFF,
            west=bool(bits >> 23 & 1),
            longitude_whole_deg=bits >> 15 & 0xFF,
            longitude_fraction=bits & 0x7FFF,
        )

    def to_bits(self) -> int:
        """Message bits 44–90 as a 47-bit int."""
        return (
            int(self.south) << 46
            | self.latitude_whole_deg << 39
            | self.latitude_fraction << 24
            | int(self.west) << 23
            | self.longitude_whole_deg << 15
            | self.longitude_fraction
        )

    @classmethod
    def no_fix(cls) -> EncodedLocation:
        """Default for a beacon with location capability but no fix yet (App. C.3)."""
        return cls(False, 0x7F, _LAT_DEFAULT_FRACTION, False, 0xFF, _LON_DEFAULT_FRACTION)

    @classmethod
    def no_capability(cls) -> EncodedLocation:
        """Default for a beacon without encoded-location capability (Table 3.1)."""
        return cls(True, 0x7F, _LAT_DEFAULT_FRACTION, True, 0xFF, _LON_DEFAULT_FRACTION)

    @classmethod
    def from_degrees(cls, latitude_deg: float, longitude_deg: float) -> EncodedLocation:
        """Encode WGS-84 degrees (north, east positive), rounding each magnitude to the
        nearest 2^-15 degree (App. C.4.2 "rounded off, not truncated"; App. C.5 integral
        number conversion). A fraction that rounds up to a whole degree carries into it.

        >>> EncodedLocation.from_degrees(35.77158, -148.0).latitude_fraction
        25283
        """
        if not (math.isfinite(latitude_deg) and -90.0 <= latitude_deg <= 90.0):
            raise EncodeError(f"latitude {latitude_deg} deg is outside -90..90")
        if not (math.isfinite(longitude_deg) and -180.0 <= longitude_deg <= 180.0):
            raise EncodeError(f"longitude {longitude_deg} deg is outside -180..180")
        lat_steps = math.floor(abs(latitude_deg) * FRACTION_STEPS + 0.5)
        lon_steps = math.floor(abs(longitude_deg) * FRACTION_STEPS + 0.5)
        return cls(
            south=latitude_deg < 0 and lat_steps > 0,
            latitude_whole_deg=lat_steps >> 15,
            latitude_fraction=lat_steps & 0x7FFF,
            west=longitude_deg < 0 and lon_steps > 0,
            longitude_whole_deg=lon_steps >> 15,
            longitude_fraction=lon_steps & 0x7FFF,
        )

    def status(self) -> str:
        """``"fix"``, ``"no-fix"`` (capable, no fix yet), ``"no-capability"`` or ``"invalid"``
        (degrees beyond 90 / 180, or a default pattern with one flag set)."""
        lat_default = (
            self.latitude_whole_deg == 0x7F and self.latitude_fraction == _LAT_DEFAULT_FRACTION
        )
        lon_default = (
            self.longitude_whole_deg == 0xFF and self.longitude_fraction == _LON_DEFAULT_FRACTION
        )
        if lat_default and lon_default:
            if not self.south and not self.west:
                return "no-fix"
            if self.south and self.west:
                return "no-capability"
            return "invalid"
        if self.latitude_deg_magnitude > 90.0 or self.longitude_deg_magnitude > 180.0:
            return "invalid"
        return "fix"

    @property
    def latitude_deg_magnitude(self) -> float:
        return self.latitude_whole_deg + self.latitude_fraction / FRACTION_STEPS

    @property
    def longitude_deg_magnitude(self) -> float:
        return self.longitude_whole_deg + self.longitude_fraction / FRACTION_STEPS

    @property
    def latitude_deg(self) -> float:
        """Latitude in degrees, north positive (meaningful when ``status == "fix"``)."""
        m = self.latitude_deg_magnitude
        return -m if self.south else m

    @property
    def longitude_deg(self) -> float:
        """Longitude in degrees, east positive (meaningful when ``status == "fix"``)."""
        m = self.longitude_deg_magnitude
        return -m if self.west else m
