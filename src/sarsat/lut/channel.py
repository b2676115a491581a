"""One satellite channel: demodulate every segment, refer each burst to the satellite.

Demodulators are looked up by generation in :data:`DEMODULATORS` (``first``: the FGB receiver of
:mod:`sarsat.signal`); an SGB demodulator joins by adding ``"second"`` with the same signature
(samples, sample rate -> bursts with ``time_s``, ``frequency_hz``, ``cn0_dbhz``, ``message``).

Downlink inversion: bit 1 reached the antenna at ``t_g``; the relay time solves
``t_r = t_g − |g − Rz(−ω(t_g − t_r)) s(t_r)| / c`` (ECEF, the satellite from the orbit in the
file's metadata, the site from its position); the satellite output frequency is the received one
times ``dt_g/dt_r`` (central difference), the input frequency that minus the translation.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import LutError
from sarsat.lut.detection import Detection
from sarsat.orbit.frames import C_M_S, OMEGA_E_RAD_S, geodetic_to_ecef
from sarsat.orbit.ephemeris import Ephemeris
from sarsat.orbit.tle import TleSet
from sarsat.orbit.walker import WalkerConstellation
from sarsat.signal.captures import iter_segments, read_meta
from sarsat.signal.receiver import Receiver

F64 = NDArray[np.float64]


BLOCK_SAMPLES = 1 << 18  #: samples read at a time from a (memory-mapped) segment


def _fgb_bursts(samples: NDArray[np.complex64], sample_rate_hz: float) -> list[Any]:
    """FGB bursts of a segment of any length, fed to the streaming receiver block by block
    (memory: the receiver's window plus one block)."""
    rx = Receiver("iq", sample_rate_hz)
    out = []
    for i in range(0, len(samples), BLOCK_SAMPLES):
        out += rx.feed(np.asarray(samples[i:i + BLOCK_SAMPLES], np.complex64))
    # a receiver that also searches SGB (wide inputs) tags those bursts; they are not FGB's
    return [b for b in out + rx.flush() if b.extra.get("generation", "first") == "first"]


#: generation -> demodulator (samples, sample_rate_hz) -> bursts; "second" (SGB) to come.
DEMODULATORS: dict[str, Callable[[NDArray[np.complex64], float], list[Any]]] = {"first": _fgb_bursts}


@dataclass(frozen=True)
class ChannelInfo:
    """What the LUT needs from a channel file's metadata."""

    path: str
    sat_id: int
    lut_id: str
    site_ecef_m: F64
    translation_hz: float
    sample_rate_hz: float
    orbit: Ephemeris  # a Walker constellation or a one-satellite TLE set
    orbit_index: int

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ChannelInfo:
        g = read_meta(path)["global"]
        need = ("sarsat:sat_id", "sarsat:site_lat_deg", "sarsat:site_lon_deg", "sarsat:translation_hz", "sarsat:orbit")
        missing = [k for k in need if k not in g]
        if missing:
            raise LutError(f"{path}: channel metadata lacks {', '.join(missing)} (satellite, site and orbit are needed)")
        o = g["sarsat:orbit"]
        if not isinstance(o, dict) or o.get("kind") not in ("walker", "tle"):
            raise LutError(f"{path}: sarsat:orbit must describe a Walker satellite or a TLE (kind 'walker' or 'tle')")
        try:
            w: Any
            if o["kind"] == "tle":
                l1 = str(o["line1"])
                w = TleSet((str(o.get("name", "")),), ((l1, str(o["line2"])),),
                           sat_id_by_norad={int(l1[2:7]): int(g["sarsat:sat_id"])})
                idx = 0
            else:
                w = WalkerConstellation(str(o["name"]), int(o["n_sats"]), int(o["n_planes"]), int(o["phasing"]),
                                        float(o["semi_major_axis_m"]), float(o["inclination_deg"]),
                                        float(o.get("raan0_deg", 0.0)), int(o.get("first_sat_id", 0)))
                idx = int(o["index"])
            site = geodetic_to_ecef(float(g["sarsat:site_lat_deg"]), float(g["sarsat:site_lon_deg"]),
                                    float(g.get("sarsat:site_alt_m", 0.0)))
        except (KeyError, TypeError, ValueError) as e:
            raise LutError(f"{path}: bad sarsat:orbit or site ({e})") from None
        if not 0 <= idx < len(w.satellites):
            raise LutError(f"{path}: orbit index {idx} outside the {len(w.satellites)} satellites of {o['name']}")
        return cls(str(path), int(g["sarsat:sat_id"]), str(g.get("sarsat:lut_id", "0000")), site,
                   float(g["sarsat:translation_hz"]), float(g["core:sample_rate"]), w, idx)

    def state(self, epoch: datetime, t_s: F64) -> tuple[F64, F64]:
        """Satellite ECEF position and velocity at ``t_s`` (...,) s after ``epoch``: (..., 3)."""
        t = np.asarray(t_s, np.float64)
        r, v = self.orbit.state_ecef(epoch, t[..., None])
        return r[..., self.orbit_index, :], v[..., self.orbit_index, :]

    def relay_time(self, epoch: datetime, t_g: F64) -> F64:
        """Relay times at the satellite for ground arrivals ``t_g`` (s after ``epoch``)."""
        t_g = np.asarray(t_g, np.float64)
        d = np.full(t_g.shape, 0.08)
        for _ in range(5):
            s, _ = self.state(epoch, t_g - d)
            ang = OMEGA_E_RAD_S * d
            c, sn = np.cos(ang), np.sin(ang)
            rot = np.stack([c * s[..., 0] + sn * s[..., 1], -sn * s[..., 0] + c * s[..., 1], s[..., 2]], axis=-1)
            d = np.linalg.norm(self.site_ecef_m - rot, axis=-1) / C_M_S
        return t_g - d


def _vec(a: F64) -> tuple[float, float, float]:
    return (float(a[0]), float(a[1]), float(a[2]))


def detections(path: str | os.PathLike[str], generations: tuple[str, ...] = ("first",)) -> Iterator[Detection]:
    """Detections of one channel file, segment by segment (bounded memory)."""
    ch = ChannelInfo.from_file(path)
    h = 0.05
    for seg in iter_segments(path):
        epoch = seg.start_utc.replace(microsecond=0)
        off_s = seg.start_utc.microsecond * 1e-6
        for gen in generations:
            for b in DEMODULATORS[gen](seg.samples, ch.sample_rate_hz):
                if b.message is None or b.frequency_hz is None:
                    continue
                js = b.message.to_json()
                t_g = off_s + b.time_s  # bit 1 at the antenna, s after epoch
                foa_ref = 0.5 * (b.n_bits / b.bit_rate_bps - 0.160)  # demod FOA: middle of the burst
                t_f = t_g + foa_ref
                t_r, t_rf = ch.relay_time(epoch, np.array([t_g, t_f]))
                tp, tm = ch.relay_time(epoch, np.array([t_f + h, t_f - h]))
                f_rx = seg.center_freq_hz + b.frequency_hz
                f_in = f_rx * (2 * h) / (tp - tm) - ch.translation_hz
                s, v = ch.state(epoch, np.array(t_r))
                sf, vf = ch.state(epoch, np.array(t_rf))
                yield Detection(
                    ch.sat_id, ch.lut_id, js["generation"], js["hex_id"], js["message_hex"], b.sync == "self_test",
                    epoch, float(t_r), float(f_in), float(b.cn0_dbhz if b.cn0_dbhz is not None else 0.0),
                    _vec(s), _vec(v), epoch + timedelta(seconds=t_g), float(t_rf - t_r), _vec(sf), _vec(vf), b.message)


def channel_detections(path: str) -> list[Detection]:
    """All detections of a channel file (the unit of work of a worker process)."""
    return list(detections(path))
