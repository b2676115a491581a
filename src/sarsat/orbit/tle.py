"""Satellites from two-line element sets, propagated with sgp4 and rotated into ECEF.

TLEs are good to a few km near their epoch and drift 1-3 km/day (location note §8.1):
propagate truth and processing with the same elements in simulations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sgp4.api import Satrec, SatrecArray

from sarsat.errors import SarsatError
from sarsat.orbit.ephemeris import Satellite, julian_date
from sarsat.orbit.frames import teme_to_ecef
from sarsat.orbit.satellite_ids import constellation_of


@dataclass(frozen=True)
class TleSet:
    """Element sets of several satellites: names, line pairs, and C/S IDs (0 when unknown)."""

    names: tuple[str, ...]
    lines: tuple[tuple[str, str], ...]
    satellites: tuple[Satellite, ...] = field(init=False, repr=False, compare=False)
    sat_id_by_norad: Mapping[int, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        sats = []
        for name, (l1, _) in zip(self.names, self.lines, strict=True):
            norad = int(l1[2:7])
            sat_id = int(self.sat_id_by_norad.get(norad, 0))
            sats.append(Satellite(sat_id, name, constellation_of(sat_id) if sat_id else "unknown"))
        object.__setattr__(self, "satellites", tuple(sats))
        satrecs = tuple(Satrec.twoline2rv(a, b) for a, b in self.lines)
        object.__setattr__(self, "_satrecs", satrecs)
        object.__setattr__(self, "_satrec_array", SatrecArray(list(satrecs)))

    @classmethod
    def from_text(cls, text: str, sat_id_by_norad: Mapping[int, int] | None = None) -> TleSet:
        """Parse 3-line (name + 2 lines) or bare 2-line element text."""
        rows = [r.rstrip() for r in text.splitlines() if r.strip()]
        names: list[str] = []
        lines: list[tuple[str, str]] = []
        i = 0
        while i < len(rows):
            name = ""
            if not rows[i].startswith("1 "):
                name, i = rows[i].strip(), i + 1
            if i + 1 >= len(rows) or not rows[i].startswith("1 ") or not rows[i + 1].startswith("2 "):
                raise SarsatError(f"TLE text line {i + 1}: expected a '1 ' line followed by a '2 ' line")
            l1, l2 = rows[i], rows[i + 1]
            names.append(name or f"NORAD {int(l1[2:7])}")
            lines.append((l1, l2))
            i += 2
        return cls(tuple(names), tuple(lines), sat_id_by_norad=dict(sat_id_by_norad or {}))

    @classmethod
    def from_file(cls, path: str | Path, sat_id_by_norad: Mapping[int, int] | None = None) -> TleSet:
        return cls.from_text(Path(path).read_text(encoding="ascii"), sat_id_by_norad)

    def norad_ids(self) -> tuple[int, ...]:
        return tuple(int(l1[2:7]) for l1, _ in self.lines)

    def select(self, keep: Iterable[int]) -> TleSet:
        """The subset at the given indices."""
        idx = list(keep)
        return TleSet(tuple(self.names[i] for i in idx), tuple(self.lines[i] for i in idx), sat_id_by_norad=self.sat_id_by_norad)

    def state_ecef(self, epoch_utc: datetime, t_s: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """ECEF position (m) and velocity (m/s), (..., n_sat, 3); ``t_s`` broadcasts to (..., n_sat)."""
        n = len(self.lines)
        jd0, fr0 = julian_date(epoch_utc)
        t = np.asarray(t_s, dtype=np.float64)
        if t.ndim == 0 or t.shape[-1] == 1:  # every satellite at the same times: one SatrecArray call
            tt = t.reshape(-1) if t.ndim else t.reshape(1)
            jd = np.full(tt.shape, jd0)
            fr = fr0 + tt / 86400.0
            err, r_all, v_all = self._satrec_array.sgp4(jd, fr)  # type: ignore[attr-defined]  # (n, T, 3) km
            if np.any(err):
                bad = int(np.flatnonzero(err.any(axis=1))[0])
                raise SarsatError(f"sgp4 failed for {self.names[bad]} (error code {int(err.max())}); elements too old?")
            r_m, v_mps = teme_to_ecef(np.swapaxes(r_all, 0, 1) * 1e3, np.swapaxes(v_all, 0, 1) * 1e3, jd[:, None], fr[:, None])
            shape = (t.shape[:-1] if t.ndim else ()) + (n, 3)
            return r_m.reshape(shape), v_mps.reshape(shape)
        t = np.broadcast_to(t, np.broadcast_shapes(t.shape, (n,)))
        r = np.empty(t.shape + (3,))
        v = np.empty(t.shape + (3,))
        satrecs = self._satrecs  # type: ignore[attr-defined]
        for k in range(n):
            tk = np.ascontiguousarray(t[..., k]).ravel()
            jd = np.full(tk.shape, jd0)
            fr = fr0 + tk / 86400.0
            err, rk, vk = satrecs[k].sgp4_array(jd, fr)
            if np.any(err):
                raise SarsatError(f"sgp4 failed for {self.names[k]} (error code {int(err.max())}); elements too old?")
            rk_m, vk_mps = teme_to_ecef(rk * 1e3, vk * 1e3, jd, fr)
            r[..., k, :] = rk_m.reshape(t[..., k].shape + (3,))
            v[..., k, :] = vk_mps.reshape(t[..., k].shape + (3,))
        return r, v
