"""Satellites: TLE (sgp4) and Walker constellations, WGS-84 frames, visibility, C/S IDs."""

from sarsat.orbit.ephemeris import Ephemeris, Satellite
from sarsat.orbit.frames import ecef_to_geodetic, enu_basis, geodetic_to_ecef
from sarsat.orbit.tle import TleSet
from sarsat.orbit.walker import WalkerConstellation, beidou, galileo, glonass, gps, leo

__all__ = [
    "Ephemeris",
    "Satellite",
    "TleSet",
    "WalkerConstellation",
    "beidou",
    "ecef_to_geodetic",
    "enu_basis",
    "galileo",
    "geodetic_to_ecef",
    "glonass",
    "gps",
    "leo",
]
