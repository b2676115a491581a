"""Shared Monte Carlo helpers for the location benchmarks (fixed seeds, Walker constellations)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import numpy as np

from sarsat.locate.crb import meosar_crb
from sarsat.locate.quality import horizontal_radius_m, nees
from sarsat.orbit import galileo
from sarsat.orbit.frames import ecef_to_geodetic, horizontal_error_m
from sarsat.sim.measurements import MeoScenario, random_beacons, simulate_meosar
from sarsat.sim.noise import NoiseModel

EPOCH = datetime(2024, 8, 14, tzinfo=UTC)
LUT = (43.56, 1.48)  # Toulouse-like MEOLUT (location note §6)


def meo_trials(n: int, k_choices: tuple[int, ...], noise: NoiseModel, seed: int, duration_s: float = 0.0, speed_mps: float = 0.0,
               radius_m: float = 3000e3, eph=None):  # type: ignore[no-untyped-def]
    """n independent scenarios: random epoch over a day, random beacon within radius_m of the LUT."""
    rng = np.random.default_rng(seed)
    eph = eph or galileo()
    out = []
    period = 50.0 if noise.beacon_type == "fgb" else 30.0
    for i in range(n):
        k = int(rng.choice(k_choices))
        b = random_beacons(rng, 1, *LUT, radius_m, prefix=f"T{i}-", period_s=period, velocity_mps=speed_mps)[0]
        b = dataclasses.replace(b, first_burst_s=0.0)
        epoch = EPOCH + timedelta(seconds=float(rng.uniform(0, 86400)))
        scn = MeoScenario(epoch, eph, (b,), *LUT, duration_s=duration_s, max_sats=k, noise=noise)
        ms, truth = simulate_meosar(scn, seed=seed * 100_000 + i)
        out.append((ms, truth, b, epoch, k))
    return out


def truth_at(b, epoch: datetime, t: datetime) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    lat, lon, _ = ecef_to_geodetic(b.position_ecef(np.array((t - epoch).total_seconds())))
    return float(lat), float(lon)


def crb_of(ms, lat: float, lon: float, f0: float, **kw) -> np.ndarray:  # type: ignore[no-untyped-def]
    return meosar_crb(ms, lat, lon, f0, **kw)


def metrics(err_en: np.ndarray, cov: np.ndarray, crb: np.ndarray, ehe: np.ndarray) -> dict[str, float]:
    """Accuracy and honesty figures of a Monte Carlo run; ratio = 95th pct of |e| / r95_CRB per trial."""
    r = np.hypot(err_en[:, 0], err_en[:, 1])
    crb_r95 = horizontal_radius_m(crb, 0.95)
    ne = nees(err_en, cov)
    return {
        "n": float(r.size),
        "r95_m": float(np.percentile(r, 95)),
        "median_m": float(np.median(r)),
        "crb_r95_median_m": float(np.median(crb_r95)),
        "ratio_to_crb": float(np.percentile(r / crb_r95, 95)),
        "within_5km": float(np.mean(r <= 5000.0)),
        "within_100m": float(np.mean(r <= 100.0)),
        "ellipse95_cover": float(np.mean(ne <= 5.991)),
        "ehe_cover": float(np.mean(r <= ehe)),
        "nees_per_dof": float(np.mean(ne) / 2.0),
        "max_m": float(r.max()),
    }


def errors(sols, truths_latlon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    e = np.array([horizontal_error_m(s.lat_deg, s.lon_deg, la, lo) for s, (la, lo) in zip(sols, truths_latlon, strict=True)])
    cov = np.array([s.cov_en_m2 for s in sols])
    ehe = np.array([s.ehe_m for s in sols])
    return e, cov, ehe


def row(name: str, m: dict[str, float], extra: str = "") -> str:
    return (
        f"| {name} | {int(m['n'])} | {m['r95_m']:.0f} | {m['crb_r95_median_m']:.0f} | **{m['ratio_to_crb']:.2f}** | "
        f"{100 * m['within_5km']:.1f} % | {100 * m['within_100m']:.1f} % | {100 * m['ellipse95_cover']:.1f} % | "
        f"{100 * m['ehe_cover']:.1f} % | {m['nees_per_dof']:.2f} | {m['max_m']:.0f} | {extra} |"
    )


HEADER = (
    "| scenario | n | r95 (m) | CRB r95, median (m) | r95 / CRB | ≤ 5 km | ≤ 100 m | in 95 % ellipse | ≤ EHE (95 %) | NEES / dof | max error (m) | notes |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)
