"""A LUT's 95 % error ellipse travels with a DOA position: record → site → JSON."""

from __future__ import annotations

import pytest
from mcc_helpers import MARSEILLE, Run, pos, record

from sarsat.errors import MccError
from sarsat.mcc.sites import SitePosition

ELLIPSE = {"semi_major_m": 2400.0, "semi_minor_m": 900.0, "orientation_deg": 35.0}


def test_ellipse_is_kept_on_the_site_position() -> None:
    run = Run()
    run.feed(record("s1", 0, [pos("doa", MARSEILLE, ehe_m=2500.0, ellipse95=ELLIPSE)]))
    assert run.site is not None
    doa = [p for p in run.site.positions if p.type == "doa"]
    assert doa and doa[0].ellipse95 == ELLIPSE
    again = SitePosition.from_json(doa[0].to_json())
    assert again.ellipse95 == ELLIPSE and again == doa[0]


def test_record_json_round_trip_with_ellipse() -> None:
    rec = record("s1", 0, [pos("doa", MARSEILLE, ehe_m=2500.0, ellipse95=ELLIPSE)])
    assert rec.fixes[0].ellipse95 == ELLIPSE
    assert rec.fixes[0].to_json()["ellipse95"] == ELLIPSE


@pytest.mark.parametrize("bad", [
    {"semi_major_m": 100.0, "semi_minor_m": 200.0, "orientation_deg": 0.0},
    {"semi_major_m": 100.0, "orientation_deg": 0.0},
    "wide",
    {"semi_major_m": -1.0, "semi_minor_m": 0.0, "orientation_deg": 0.0},
])
def test_bad_ellipse_is_a_one_line_error(bad: object) -> None:
    with pytest.raises(MccError) as info:
        record("s1", 0, [pos("doa", MARSEILLE, ellipse95=bad)])
    assert "ellipse95" in str(info.value) and "\n" not in str(info.value)
