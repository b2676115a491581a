"""The locator's Solution as MCC input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from mcc_helpers import Run

from sarsat.errors import MccError
from sarsat.locate.quality import Ellipse
from sarsat.locate.solution import DopplerSide, Solution
from sarsat.mcc.from_locate import record_from_solution
from sarsat.mcc.ingest import BeaconInfo

T = datetime(2025, 6, 12, 14, 0, tzinfo=UTC)
BEACON = BeaconInfo(hex_id="1C64000000FFBFF", country_code=227, family="standard-location", beacon_type="EPIRB")
E = Ellipse(3000.0, 1500.0, 10.0)


def test_meosar_window_solution_becomes_a_doa() -> None:
    sol = Solution("1C64000000FFBFF", "window", 43.125, 5.99, E, 3700.0, 4, 406.04e6,
                   window_start_utc=T, window_end_utc=T + timedelta(minutes=8), n_bursts=9, sat_ids=(329, 315))
    rec = record_from_solution(sol, BEACON, "2276")
    assert rec.system == "meosar" and rec.satellites == ("329", "315") and rec.num_bursts == 9
    assert [(f.type, f.ehe_m) for f in rec.fixes] == [("doa", 3700.0)]
    assert rec.frequency_hz == 406.04e6 and rec.last_detected_at - rec.detected_at == timedelta(minutes=8)
    assert Run().feed(rec).alert is not None


def test_doppler_sides_and_invalid_solution() -> None:
    sides = (DopplerSide("A", 36.6, 169.0, 0.7, E, 4000.0, 406.03e6, 1.0),
             DopplerSide("B", 36.7, 175.0, 0.3, E, 4000.0, 406.03e6, 1.0))
    sol = Solution("1C64000000FFBFF", "doppler", 36.6, 169.0, E, 4000.0, 1, 406.03e6,
                   window_start_utc=T, window_end_utc=T + timedelta(minutes=10), sides=sides)
    rec = record_from_solution(sol, BEACON, "AULUTW", pass_id="S11-12345")
    assert [(f.type, f.probability_pct) for f in rec.fixes] == [("doppler_a", 70.0), ("doppler_b", 30.0)]
    assert rec.system == "leosar" and rec.pass_id == "S11-12345"
    bad = Solution("1C64000000FFBFF", "single", 1.0, 2.0, None, None, 3, None, time_utc=T, valid=False)
    assert record_from_solution(bad, BEACON, "2276").fixes == ()


def test_mismatched_beacon_is_an_error() -> None:
    sol = Solution("ADCE402FA80028D", "single", 1.0, 2.0, None, None, 3, None, time_utc=T)
    with pytest.raises(MccError):
        record_from_solution(sol, BEACON, "2276")


def test_geosar_detection_and_satellite_positions_for_the_footprint() -> None:
    """A GeoDetection becomes a GEOSAR record with its encoded position; the satellite position
    the LUT passes lets the MCC drop an encoded position its satellite cannot see (§4.1-3)."""
    from sarsat.locate.measurements import GeoDetection
    from sarsat.mcc.from_locate import record_from_detection
    from sarsat.orbit.frames import geodetic_to_ecef

    det = GeoDetection("1C64000000FFBFF", 222, T, 43.125, 5.99)
    geo_over_0e = [float(x) for x in geodetic_to_ecef(0.0, 0.0, 35_786e3)]
    geo_over_180 = [float(x) for x in geodetic_to_ecef(0.0, 180.0, 35_786e3)]
    seen = record_from_detection(det, BEACON, "2275", satellite_ecef_m=[geo_over_0e])
    assert seen.system == "geosar" and seen.satellites == ("222",)
    assert [(f.type, f.latitude_deg) for f in seen.fixes] == [("encoded", 43.125)]
    unseen = record_from_detection(det, BEACON, "2275", satellite_ecef_m=[geo_over_180])
    out_seen, out_unseen = Run().feed(seen), Run().feed(unseen)
    assert out_seen.alert is not None and [p.type for p in out_seen.alert.positions] == ["encoded"]
    assert out_unseen.alert is not None and out_unseen.alert.positions == ()  # unlocated
    with pytest.raises(MccError, match="ECEF"):
        record_from_detection(det, BEACON, "2275", satellite_ecef_m=[[1.0, 2.0]])
