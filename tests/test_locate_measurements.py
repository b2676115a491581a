"""Measurement records: JSON round trips and one-line errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sarsat.errors import MeasurementError
from sarsat.locate.geosar import pass_through
from sarsat.locate.measurements import (
    GeoDetection,
    LeoMeasurement,
    MeoMeasurement,
    read_records,
    record_from_json,
)
from sarsat.locate.meosar import Calibration

T = datetime(2024, 8, 14, 12, 0, 1, 250000, tzinfo=UTC)
MEO = MeoMeasurement("9C6000000000001", 3, 418, T, 0.0712345678901, 406_022_345.678, 15e-6, 0.15, (1.0, 2.0, 3.0), (4.0, 5.0, 6.0), 41.5)
LEO = LeoMeasurement("ADCD0228C500401", 13, T, 406_028_001.25, 0.2, (7e6, 0.0, 0.0), (0.0, 7e3, 0.0))
GEO = GeoDetection("ADCD0228C500401", 1, T, 43.5, 1.5)


@pytest.mark.parametrize("rec", [MEO, LEO, GEO])
def test_round_trip(rec: MeoMeasurement | LeoMeasurement | GeoDetection) -> None:
    text = json.dumps(rec.to_json())
    assert record_from_json(json.loads(text)) == rec


def test_kind_is_inferred() -> None:
    d = MEO.to_json()
    del d["kind"]
    assert record_from_json(d) == MEO


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sigma_toa_s": 0}, "sigma_toa_s must be > 0"),
        ({"sat_pos_m": [1, 2]}, "list of 3 finite numbers"),
        ({"epoch_utc": "2024-08-14T12:00:00"}, "no time zone"),
        ({"burst_index": 1.5}, "burst_index must be an integer"),
        ({"toa_s": "x"}, "toa_s must be a finite number"),
        ({"kind": "hf"}, "kind 'hf' is not one of"),
    ],
)
def test_bad_records(change: dict[str, object], message: str) -> None:
    with pytest.raises(MeasurementError, match=message) as e:
        record_from_json({**MEO.to_json(), **change})
    assert "\n" not in str(e.value)


def test_read_records_names_lines() -> None:
    lines = [json.dumps(MEO.to_json()), "", "{oops", json.dumps({"kind": "geosar"})]
    out = list(read_records(lines))
    assert out[0] == MEO
    assert isinstance(out[1], MeasurementError) and str(out[1]).startswith("line 3:")
    assert isinstance(out[2], MeasurementError) and str(out[2]).startswith("line 4:")


def test_geosar_passes_the_encoded_position_through() -> None:
    s = pass_through(GEO)
    j = s.to_json()
    assert (j["mode"], j["position_source"], j["lat_deg"], j["ellipse95"]) == ("geosar", "encoded", 43.5, None)
    none = pass_through(GeoDetection("X", 1, T))
    assert none.lat_deg is None and not none.valid and none.position_source == "none"
    with pytest.raises(MeasurementError, match="both"):
        GeoDetection.from_json({**GEO.to_json(), "encoded_lon_deg": None})


def test_calibration_json() -> None:
    c = Calibration({418: 1e-6}, {418: 0.25})
    assert Calibration.from_json(json.loads(json.dumps(c.to_json()))) == c
    with pytest.raises(MeasurementError):
        Calibration.from_json({"delay_s": {"x": 1}})
