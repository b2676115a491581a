"""Beacon location: MEOSAR TOA/FOA (single burst, window), LEOSAR Doppler (A/B), GEOSAR pass-through.

>>> from sarsat.locate import locate_burst, locate_window, locate_pass, Solution
"""

from sarsat.locate.doppler import locate_pass, split_passes
from sarsat.locate.geosar import pass_through
from sarsat.locate.measurements import (
    GeoDetection,
    LeoMeasurement,
    MeoMeasurement,
    read_records,
    record_from_json,
)
from sarsat.locate.meosar import Calibration, locate_burst, locate_bursts
from sarsat.locate.solution import DopplerSide, Solution
from sarsat.locate.window import locate_window

__all__ = [
    "Calibration",
    "DopplerSide",
    "GeoDetection",
    "LeoMeasurement",
    "MeoMeasurement",
    "Solution",
    "locate_burst",
    "locate_bursts",
    "locate_pass",
    "locate_window",
    "pass_through",
    "read_records",
    "record_from_json",
    "split_passes",
]
