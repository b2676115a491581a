"""Location of grouped detections through :mod:`sarsat.locate`, FOA referred to the TOA.

The demodulator measures the carrier over the whole burst (its middle, ``foa_ref_s`` after bit
1); the location model wants it at the TOA. Between the two the uplink Doppler moves by up to
~0.1 Hz (MEO range acceleration ≈ 0.5 m/s² over 0.1 s), several FOA sigmas. Two passes: locate
with the measured FOA and a widened FOA sigma, then move each FOA to its TOA with the range
rates predicted from that first position (``refer_foa``) and locate again with the exact sigmas.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sarsat.errors import SarsatError
from sarsat.locate.measurements import MeoMeasurement
from sarsat.locate.meosar import locate_burst
from sarsat.locate.solution import Solution
from sarsat.locate.window import locate_window
from sarsat.lut.detection import Detection
from sarsat.orbit.frames import C_M_S, geodetic_to_ecef

#: FOA sigma added in pass 1 (Hz): the largest uplink Doppler change over 0.1 s.
PASS1_EXTRA_SIGMA_HZ = 0.1

Burst = Sequence[Detection]


def refer_foa(d: Detection, lat_deg: float, lon_deg: float, alt_m: float, f0_hz: float) -> float:
    """The FOA of ``d`` moved from its measurement instant to its TOA, for a beacon at the
    given position transmitting ``f0_hz`` (F = f0 (1 − ρ̇/c), ρ̇ = u · v_sat)."""
    if d.sat_pos_foa_m is None or d.sat_vel_foa_mps is None or d.foa_ref_s == 0.0:
        return d.foa_hz
    b = geodetic_to_ecef(lat_deg, lon_deg, alt_m)

    def rdot(s: tuple[float, float, float], v: tuple[float, float, float]) -> float:
        u = np.asarray(s) - b
        return float(u @ np.asarray(v) / np.linalg.norm(u))

    return d.foa_hz - f0_hz / C_M_S * (rdot(d.sat_pos_m, d.sat_vel_mps) - rdot(d.sat_pos_foa_m, d.sat_vel_foa_mps))


def _measurements(bursts: Sequence[tuple[int, Burst]], beacon_id: str, first: Solution | None) -> list[MeoMeasurement]:
    out = []
    for k, dets in bursts:
        for d in dets:
            if first is None or first.lat_deg is None or first.lon_deg is None or first.f0_hz is None:
                out.append(d.measurement(beacon_id, k, extra_sigma_foa_hz=PASS1_EXTRA_SIGMA_HZ))
            else:
                out.append(d.measurement(beacon_id, k, refer_foa(d, first.lat_deg, first.lon_deg, first.alt_m, first.f0_hz)))
    return out


def locate_single(dets: Burst, beacon_id: str, burst_index: int, height_m: float = 0.0,
                  prior: Solution | None = None) -> Solution | None:
    """Single-burst solution (>= 3 satellites), or None when there are too few or it fails.
    ``prior`` (a recent valid solution of the beacon) replaces the first pass. When the fit at
    ``height_m`` fails integrity and >= 4 satellites are there, a 3-D fit is tried."""
    n_sat = len({d.sat_id for d in dets})
    if n_sat < 3:
        return None
    try:
        first = prior or locate_burst(_measurements([(burst_index, dets)], beacon_id, None), height_m=height_m)
        sol = locate_burst(_measurements([(burst_index, dets)], beacon_id, first), height_m=height_m)
        if sol.valid or n_sat < 4:
            return sol
        # the surface fit failed: a beacon off the assumed height (a PLB on a mountain) fits in 3-D
        first = locate_burst(_measurements([(burst_index, dets)], beacon_id, None), three_d=True)
        sol3 = locate_burst(_measurements([(burst_index, dets)], beacon_id, first), three_d=True)
        return sol3 if sol3.valid else sol
    except SarsatError:
        return None


def locate_bursts_window(bursts: Sequence[tuple[int, Burst]], beacon_id: str, height_m: float = 0.0,
                         prior: Solution | None = None) -> Solution | None:
    """Joint solution over several bursts (velocity estimated when the static fit fails);
    ``prior`` as in :func:`locate_single`."""
    if len(bursts) < 2:
        return None
    try:
        first = prior or locate_window(_measurements(bursts, beacon_id, None), height_m=height_m)
        return locate_window(_measurements(bursts, beacon_id, first), height_m=height_m)
    except SarsatError:
        return None
