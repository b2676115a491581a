"""Error ellipse, EHE radius, NEES, chi-square thresholds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.locate.quality import (
    chi2_threshold,
    ellipse95,
    ellipse_axes,
    horizontal_radius_m,
    inside_ellipse,
    nees,
)


def test_ellipse_of_an_east_west_error() -> None:
    e = ellipse95(np.diag([300.0**2, 100.0**2]))
    assert e.semi_major_m == pytest.approx(300.0 * 2.4477, rel=1e-4)
    assert e.semi_minor_m == pytest.approx(100.0 * 2.4477, rel=1e-4)
    assert e.orientation_deg == pytest.approx(90.0)  # major axis east-west


def test_ellipse_orientation_northeast() -> None:
    c = np.array([[2.0, 1.0], [1.0, 2.0]])  # major axis along (1, 1): azimuth 45 deg
    assert ellipse_axes(c)[2] == pytest.approx(45.0)


@pytest.mark.parametrize(("lam2", "factor"), [(1.0, np.sqrt(-2 * np.log(0.05))), (0.0, 1.959964)])
def test_radius_limits(lam2: float, factor: float) -> None:
    assert horizontal_radius_m(np.diag([1.0, lam2])) == pytest.approx(factor, rel=1e-4)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0, np.pi))
def test_radius_holds_95_percent_by_monte_carlo(ratio: float, angle: float) -> None:
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    cov = rot @ np.diag([1e6, 1e6 * ratio**2]) @ rot.T
    x = np.random.default_rng(0).multivariate_normal([0, 0], cov, 40_000)
    r = horizontal_radius_m(cov)
    assert abs(np.mean(np.hypot(x[:, 0], x[:, 1]) <= r) - 0.95) < 0.005
    assert abs(np.mean(inside_ellipse(x, cov)) - 0.95) < 0.005
    assert np.mean(nees(x, cov)) == pytest.approx(2.0, rel=0.03)


def test_chi2_thresholds() -> None:
    assert float(chi2_threshold(2)) == pytest.approx(13.8155, rel=1e-4)  # -2 ln(1e-3)
    assert float(chi2_threshold(2500)) > float(chi2_threshold(2000))
