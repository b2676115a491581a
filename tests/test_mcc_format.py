"""SIT 185 coordinate format: writer -> parser round trip (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sarsat.mcc.sit185 import format_latlon
from sarsat.mcc.sit185_parse import parse_sit185

lat = st.floats(-89.99, 89.99, allow_nan=False)
lon = st.floats(-179.99, 179.99, allow_nan=False)


@given(lat, lon, st.sampled_from([1, 2]))
def test_latlon_printed_then_parsed(lat_deg: float, lon_deg: float, decimals: int) -> None:
    text = format_latlon(lat_deg, lon_deg, decimals)
    msg = parse_sit185(f"1. DISTRESS COSPAS-SARSAT INITIAL ALERT\n8. POSITIONS\n   DOA - {text}\nEND OF MESSAGE\n")
    (p,) = msg.positions
    half_step_deg = 0.5 * 10 ** -decimals / 60 + 1e-9  # rounding to 0.1' or 0.01'
    assert abs(p.latitude_deg - lat_deg) <= half_step_deg
    assert abs(p.longitude_deg - lon_deg) <= half_step_deg

