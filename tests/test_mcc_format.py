"""SIT 185 coordinate format: writer -> parser round trip (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.mcc.sit185 import format_latlon
from sarsat.mcc.sit185_parse import parse_sit185

lat = st.floats(-89.99, 89.99, allow_nan=False)
lon = st.floats(-179.99, 179.99, allow_nan=False)


@settings(derandomize=True, deadline=None)
@given(lat, lon, st.sampled_from([1, 2]))
def test_latlon_printed_then_parsed(lat_deg: float, lon_deg: float, decimals: int) -> None:
    text = format_latlon(lat_deg, lon_deg, decimals)
    msg = parse_sit185(f"1. DISTRESS COSPAS-SARSAT INITIAL ALERT\n8. POSITIONS\n   DOA - {text}\nEND OF MESSAGE\n")
    (p,) = msg.positions
    half_step_deg = 0.5 * 10 ** -decimals / 60 + 1e-6  # printed to 0.1' or 0.01'; parsed to 1e-6 deg
    assert abs(p.latitude_deg - lat_deg) <= half_step_deg
    assert abs(p.longitude_deg - lon_deg) <= half_step_deg



def test_solution_record_json_round_trip() -> None:
    from mcc_helpers import pos, record

    from sarsat.mcc.ingest import SolutionRecord

    rec = record("r", 0, [pos("doa", (1.0, 2.0), ehe_m=3000.0, altitude_m=10.0),
                          pos("doppler_a", (3.0, 4.0), probability_pct=60.0)], pass_id="S11-1")
    assert SolutionRecord.from_json(rec.to_json()) == rec


def test_solution_record_errors_are_one_line() -> None:
    from sarsat.errors import MccError
    from sarsat.mcc.ingest import read_solutions

    bad = ['{"system": "meosar"}', '{"beacon": {"hex_id": "XYZ"}}', "[1, 2]",
           '{"beacon": {"hex_id": "1C64000000FFBFF"}, "system": "meosar", "lut_id": "1", '
           '"detected_at": "2025-01-01T00:00:00"}',
           '{"beacon": {"hex_id": "1C64000000FFBFF"}, "system": "meosar", "lut_id": "1", '
           '"detected_at": "2025-01-01T00:00:00Z", "positions": [{"type": "doa", "latitude_deg": 91, '
           '"longitude_deg": 0}]}']
    out = list(read_solutions(bad, "in.jsonl"))
    assert len(out) == len(bad) and all(isinstance(e, MccError) for e in out)
    assert all("\n" not in str(e) and str(e).startswith("in.jsonl:") for e in out)
    assert "no time zone" in str(out[3]) and "latitude_deg" in str(out[4])


class _FakeSgb:
    """A decoded second-generation message as the SGB codec's JSON form gives it (T.018)."""

    def __init__(self, beacon_type: str, rotating: str) -> None:
        self.js = {"hex_id": "9934039823D000000000000", "country_code": 201, "country": "Albania",
                   "protocol": {"family": "sgb", "name": "second generation", "test": False},
                   "self_test": False, "bch": {"bch": {"valid": True}}, "position": None,
                   "identity": {"tac": 1, "serial_number": 2}, "message_hex": "0" * 51,
                   "details": {"beacon_type": beacon_type, "rotating_field": {"name": rotating}}}

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return self.js


def test_beacon_info_from_sgb_json() -> None:
    from sarsat.mcc.ingest import BeaconInfo

    dt = BeaconInfo.from_message(_FakeSgb("ELT(DT)", "ELT(DT) in-flight emergency"))
    assert dt.eltdt and dt.beacon_type == "ELT(DT)" and not dt.cancellation and dt.reliable
    cancel = BeaconInfo.from_message(_FakeSgb("EPIRB", "cancellation"))
    assert cancel.cancellation and cancel.beacon_type == "EPIRB"
    assert BeaconInfo.from_message(_FakeSgb("system beacon", "spare")).beacon_type == "ORBITOGRAPHY"
