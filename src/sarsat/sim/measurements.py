"""Measurement-level simulator: beacons + satellites + LUT -> truth and TOA/FOA or Doppler records.

Physics (exact within classical kinematics): each burst leaves the beacon at t_e; the relay
time t_r at each satellite solves t_r = t_e + |s(t_r) - Rz(-w_E (t_r - t_e)) r_b(t_e)| / c
(ECEF, Earth rotation during the light time); the frequency at the satellite is
f_b(t_e) * dt_e/dt_r (numerical derivative of the light-time solution). Noise: white Gaussian
with per-channel sigmas (fixed or from C/N0), optional beacon frequency random walk, per-
satellite delay/frequency biases and ephemeris errors. Reproducible by seed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.locate.measurements import LeoMeasurement, MeoMeasurement, format_utc
from sarsat.orbit.ephemeris import Ephemeris
from sarsat.orbit.frames import (
    C_M_S,
    OMEGA_E_RAD_S,
    ecef_to_geodetic,
    enu_basis,
    geodetic_to_ecef,
    rotate_z,
)
from sarsat.orbit.visibility import elevation_deg
from sarsat.sim.noise import FGB_FIXED, NoiseModel

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class BeaconTruth:
    """A beacon: position at t = 0 (s after the scenario epoch), frequency law, velocity."""

    beacon_id: str
    lat_deg: float
    lon_deg: float
    alt_m: float = 0.0
    f0_hz: float = 406.04e6
    drift_hz_per_s: float = 0.0
    velocity_en_mps: tuple[float, float] = (0.0, 0.0)
    wander_frac: float = 0.0  # RMS random-walk frequency deviation over 900 s, fraction of f0
    first_burst_s: float = 0.0
    period_s: float = 50.0
    period_jitter_s: float = 2.5

    def position_ecef(self, t_s: F64) -> F64:
        """ECEF position (..., 3) m at times t_s (straight line in the local tangent plane)."""
        r0 = geodetic_to_ecef(self.lat_deg, self.lon_deg, self.alt_m)
        basis = enu_basis(self.lat_deg, self.lon_deg)
        v = self.velocity_en_mps[0] * basis[0] + self.velocity_en_mps[1] * basis[1]
        return r0 + np.asarray(t_s, dtype=np.float64)[..., None] * v

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MeoScenario:
    """MEOSAR scenario: who transmits, which satellites, where the LUT is, how noisy."""

    epoch_utc: datetime
    ephemeris: Ephemeris
    beacons: tuple[BeaconTruth, ...]
    lut_lat_deg: float = 43.56
    lut_lon_deg: float = 1.48
    duration_s: float = 0.0  # bursts with t_e <= duration_s (0: the first burst only)
    mask_deg: float = 5.0  # at the beacon and at the LUT
    max_sats: int | None = 6  # K satellites highest at the LUT (None: all mutually visible)
    noise: NoiseModel = FGB_FIXED
    sat_delay_s: dict[int, float] = field(default_factory=dict)  # uncalibrated biases per sat_id
    sat_freq_offset_hz: dict[int, float] = field(default_factory=dict)
    ephemeris_error_m: float = 0.0  # sigma of a constant per-satellite position error


@dataclass(frozen=True)
class BurstTruth:
    """Truth of one burst: emission time (s after epoch), position and frequency."""

    beacon_id: str
    burst_index: int
    t_emit_s: float
    lat_deg: float
    lon_deg: float
    alt_m: float
    f_emit_hz: float
    sat_ids: tuple[int, ...]

    def to_json(self, epoch_utc: datetime) -> dict[str, Any]:
        d = asdict(self)
        d["sat_ids"] = list(self.sat_ids)
        d["time_utc"] = format_utc(epoch_utc + timedelta(seconds=self.t_emit_s))
        return d


def burst_times_s(b: BeaconTruth, duration_s: float, rng: np.random.Generator) -> F64:
    """Emission times: first burst, then the period with uniform jitter (T.001: 50 s +- 2.5 s)."""
    n = int(np.floor(max(duration_s - b.first_burst_s, 0.0) / max(b.period_s - b.period_jitter_s, 1e-3))) + 1
    steps = b.period_s + rng.uniform(-b.period_jitter_s, b.period_jitter_s, size=n - 1)
    t = b.first_burst_s + np.concatenate([[0.0], np.cumsum(steps)])
    return t[t <= max(duration_s, b.first_burst_s)]


def _relay(eph: Ephemeris, epoch: datetime, t_e: F64, rb: F64) -> tuple[F64, F64, F64]:
    """Relay delay (t_r - t_e), satellite position and velocity at t_r; shapes (B, N).

    Fixed-point iteration of t_r = t_e + |s(t_r) - Rz(-w_E (t_r - t_e)) r_b| / c (ECEF of the
    relay epoch; the emission point has rotated with the Earth during the light time).
    """
    n_sat = len(eph.satellites)
    delay = np.full(t_e.shape + (n_sat,), 0.08)
    for _ in range(4):
        s, v = eph.state_ecef(epoch, t_e[:, None] + delay)
        rrot = rotate_z(rb[:, None, :], -OMEGA_E_RAD_S * delay)
        delay = np.linalg.norm(s - rrot, axis=-1) / C_M_S
    s, v = eph.state_ecef(epoch, t_e[:, None] + delay)
    return delay, s, v


def _frequency_ratio(eph: Ephemeris, epoch: datetime, t_e: F64, b: BeaconTruth) -> F64:
    """dt_e/dt_r by a central difference of the light-time solution (classical Doppler)."""
    h = 0.05
    d_plus, _, _ = _relay(eph, epoch, t_e + h, b.position_ecef(t_e + h))
    d_minus, _, _ = _relay(eph, epoch, t_e - h, b.position_ecef(t_e - h))
    return 1.0 / (1.0 + (d_plus - d_minus) / (2 * h))


def _wander_hz(b: BeaconTruth, t_s: F64, rng: np.random.Generator) -> F64:
    """Random-walk frequency deviation (Hz) at sorted times, zero at the first."""
    if b.wander_frac == 0 or t_s.size == 0:
        return np.zeros_like(t_s)
    q = (b.wander_frac * b.f0_hz) ** 2 / 900.0  # Hz^2 per second
    steps = rng.normal(0.0, 1.0, t_s.size) * np.sqrt(q * np.diff(t_s, prepend=t_s[0]))
    return np.cumsum(steps)


def simulate_meosar(scn: MeoScenario, seed: int = 0) -> tuple[list[MeoMeasurement], list[BurstTruth]]:
    """Measurements (one per burst per satellite channel) and the truth of every burst."""
    rng = np.random.default_rng(seed)
    eph = scn.ephemeris
    sats = eph.satellites
    lut = geodetic_to_ecef(scn.lut_lat_deg, scn.lut_lon_deg, 0.0)
    eph_err = {s.sat_id: rng.normal(0.0, scn.ephemeris_error_m, 3) for s in sats} if scn.ephemeris_error_m else {}
    out: list[MeoMeasurement] = []
    truth: list[BurstTruth] = []
    for b in scn.beacons:
        t_e = burst_times_s(b, scn.duration_s, rng)
        rb = b.position_ecef(t_e)  # (B, 3)
        s0, _ = eph.state_ecef(scn.epoch_utc, t_e[:, None] + 0.08)
        el_b = elevation_deg(rb[:, None, :], s0)
        el_l = elevation_deg(lut, s0)
        ok = (el_b >= scn.mask_deg) & (el_l >= scn.mask_deg)
        if scn.max_sats is not None:  # the K highest at the LUT among the mutually visible
            rank = np.argsort(np.argsort(-np.where(ok, el_l, -1e9), axis=1), axis=1)
            ok &= rank < scn.max_sats
        delay, s, v = _relay(eph, scn.epoch_utc, t_e, rb)
        ratio = _frequency_ratio(eph, scn.epoch_utc, t_e, b)
        f_emit = b.f0_hz + b.drift_hz_per_s * (t_e - b.first_burst_s) + _wander_hz(b, t_e, rng)
        sig_t, sig_f, cn0 = scn.noise.draw(rng, ok.shape)
        n_t = rng.normal(size=ok.shape) * sig_t
        n_f = rng.normal(size=ok.shape) * sig_f
        for k in range(t_e.size):
            whole = float(np.floor(t_e[k]))
            epoch_k = scn.epoch_utc + timedelta(seconds=whole)
            ids = []
            for j in np.flatnonzero(ok[k]):
                sid = sats[j].sat_id
                ids.append(sid)
                pos = s[k, j] + eph_err.get(sid, 0.0)
                toa = (t_e[k] - whole) + delay[k, j] + n_t[k, j] + scn.sat_delay_s.get(sid, 0.0)
                foa = f_emit[k] * ratio[k, j] + n_f[k, j] + scn.sat_freq_offset_hz.get(sid, 0.0)
                out.append(
                    MeoMeasurement(
                        b.beacon_id, k, sid, epoch_k, float(toa), float(foa), float(sig_t[k, j]), float(sig_f[k, j]),
                        tuple(float(x) for x in pos), tuple(float(x) for x in v[k, j]),  # type: ignore[arg-type]
                        None if cn0 is None else float(round(cn0[k, j], 2)),
                    )
                )
            la, lo, al = ecef_to_geodetic(rb[k])
            truth.append(BurstTruth(b.beacon_id, k, float(t_e[k]), float(la), float(lo), float(al), float(f_emit[k]), tuple(ids)))
    return out, truth


@dataclass(frozen=True)
class LeoScenario:
    """LEOSAR scenario: one beacon, one or more LEO satellites, a time span (s after epoch)."""

    epoch_utc: datetime
    ephemeris: Ephemeris
    beacons: tuple[BeaconTruth, ...]
    duration_s: float = 6000.0
    mask_deg: float = 5.0
    sigma_freq_hz: float = 0.2  # SARP-3 (location note §2.1)


def simulate_leosar(scn: LeoScenario, seed: int = 0) -> tuple[list[LeoMeasurement], list[BurstTruth]]:
    """Doppler records for every burst seen above the mask by each LEO satellite."""
    rng = np.random.default_rng(seed)
    eph = scn.ephemeris
    out: list[LeoMeasurement] = []
    truth: list[BurstTruth] = []
    for b in scn.beacons:
        t_e = burst_times_s(b, scn.duration_s, rng)
        rb = b.position_ecef(t_e)
        s0, _ = eph.state_ecef(scn.epoch_utc, t_e[:, None] + 0.005)
        ok = elevation_deg(rb[:, None, :], s0) >= scn.mask_deg
        delay, s, v = _relay(eph, scn.epoch_utc, t_e, rb)
        ratio = _frequency_ratio(eph, scn.epoch_utc, t_e, b)
        f_emit = b.f0_hz + b.drift_hz_per_s * (t_e - b.first_burst_s) + _wander_hz(b, t_e, rng)
        noise = rng.normal(0.0, scn.sigma_freq_hz, ok.shape)
        for k, j in zip(*np.nonzero(ok), strict=True):
            t_r = t_e[k] + delay[k, j]
            out.append(
                LeoMeasurement(
                    b.beacon_id, eph.satellites[j].sat_id, scn.epoch_utc + timedelta(seconds=float(t_r)),
                    float(f_emit[k] * ratio[k, j] + noise[k, j]), scn.sigma_freq_hz,
                    tuple(float(x) for x in s[k, j]), tuple(float(x) for x in v[k, j]),  # type: ignore[arg-type]
                )
            )
        la, lo, al = ecef_to_geodetic(rb)
        for k in range(t_e.size):
            ids = tuple(eph.satellites[j].sat_id for j in np.flatnonzero(ok[k]))
            truth.append(BurstTruth(b.beacon_id, k, float(t_e[k]), float(la[k]), float(lo[k]), float(al[k]), float(f_emit[k]), ids))
    return out, truth


def cross_track_point(eph: Ephemeris, epoch_utc: datetime, t_s: float, cross_track_m: float, sat_index: int = 0) -> tuple[float, float]:
    """(lat_deg, lon_deg) at ``cross_track_m`` from the sub-satellite point at t_s (+ = left of track)."""
    s, v = eph.state_ecef(epoch_utc, np.full(len(eph.satellites), t_s))
    s, v = s[sat_index], v[sat_index]
    lat, lon, _ = ecef_to_geodetic(s)
    basis = enu_basis(lat, lon)
    ve, vn = basis[0] @ v, basis[1] @ v
    heading = np.arctan2(ve, vn)  # ground-track azimuth
    az = heading - np.pi / 2  # to the left
    ang = cross_track_m / 6371008.8
    la1, lo1 = np.radians(lat), np.radians(lon)
    la2 = np.arcsin(np.sin(la1) * np.cos(ang) + np.cos(la1) * np.sin(ang) * np.cos(az))
    lo2 = lo1 + np.arctan2(np.sin(az) * np.sin(ang) * np.cos(la1), np.cos(ang) - np.sin(la1) * np.sin(la2))
    return float(np.degrees(la2)), float((np.degrees(lo2) + 180) % 360 - 180)


def random_beacons(
    rng: np.random.Generator,
    n: int,
    center_lat_deg: float,
    center_lon_deg: float,
    max_distance_m: float = 3000e3,
    *,
    prefix: str = "SIM",
    f0_range_hz: tuple[float, float] = (406.022e6, 406.076e6),
    period_s: float = 50.0,
    velocity_mps: float = 0.0,
    horizon_s: float = 0.0,
) -> tuple[BeaconTruth, ...]:
    """n beacons uniformly spread over the cap within ``max_distance_m`` of a centre.

    Emission starts at a random time in [0, period); with ``velocity_mps`` each drifts in a
    random direction.
    """
    out = []
    ang_max = max_distance_m / 6371008.8
    la1, lo1 = np.radians(center_lat_deg), np.radians(center_lon_deg)
    for i in range(n):
        ang = np.arccos(1 - rng.uniform() * (1 - np.cos(ang_max)))  # uniform on the cap
        az = rng.uniform(0, 2 * np.pi)
        la2 = np.arcsin(np.sin(la1) * np.cos(ang) + np.cos(la1) * np.sin(ang) * np.cos(az))
        lo2 = lo1 + np.arctan2(np.sin(az) * np.sin(ang) * np.cos(la1), np.cos(ang) - np.sin(la1) * np.sin(la2))
        heading = rng.uniform(0, 2 * np.pi)
        out.append(
            BeaconTruth(
                f"{prefix}{i:04d}",
                float(np.degrees(la2)),
                float((np.degrees(lo2) + 180) % 360 - 180),
                f0_hz=float(rng.uniform(*f0_range_hz)),
                velocity_en_mps=(float(velocity_mps * np.sin(heading)), float(velocity_mps * np.cos(heading))),
                first_burst_s=float(rng.uniform(0, period_s)) + horizon_s,
                period_s=period_s,
            )
        )
    return tuple(out)
