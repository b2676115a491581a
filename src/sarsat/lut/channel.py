"""One satellite channel: demodulate every segment, refer each burst to the satellite.

Demodulators are looked up by generation in :data:`DEMODULATORS`: ``first``, the FGB receiver of
:mod:`sarsat.signal`, and ``second``, the SGB receiver (:func:`sarsat.signal.sgb_demod.demodulate_sgb`).
Signature: (samples, sample rate, nominal carrier offset) -> bursts with ``time_s``,
``frequency_hz``, ``cn0_dbhz``, ``message``; the nominal offset (Hz from the segment's centre)
is where the generation's nominal uplink frequency lands after the translation and the
satellite's downlink Doppler (406.05 MHz for SGB, T.018 §2.3.1.1; the FGB receiver searches its
whole window and ignores it). A channel file says which generation its windows were cut for in
``sarsat:generation`` (default ``first``).

Reference point of a burst: FGB bit 1 (T.001 §2.2.3), its FOA measured over the burst, i.e. at
its middle ``0.5 (n_bits / bit_rate − 0.160)`` s after bit 1; SGB the middle chip (I chip 19 200,
``Burst.extra["time_mid_s"]``, where delay and chip-rate errors decouple), its FOA measured at
the same instant, so ``foa_ref_s`` is 0.

Downlink inversion: the reference point reached the antenna at ``t_g``; the relay time solves
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
from sarsat.signal.sgb_demod import MIN_RATE_HZ, SgbConfig, demodulate_sgb
from sarsat.signal.sgb_modulator import BURST_S
from sarsat.signal.sgb_prn import CHIP_RATE_HZ

F64 = NDArray[np.float64]


BLOCK_SAMPLES = 1 << 18  #: samples read at a time from a (memory-mapped) segment


GENERATIONS = ("first", "second")
SGB_UPLINK_HZ = 406.05e6  #: T.018 §2.3.1.1 a): nominal SGB carrier
#: Half-width (Hz) of the SGB carrier search about the nominal frequency: the beacon tolerance of
#: ±1200 Hz (T.018 §2.3.1.1) plus the largest MEO uplink Doppler at 406 MHz (a Galileo satellite
#: at 5° elevation: range rate ≤ ~0.75 km/s with Earth rotation, ±1 kHz), capped by the ±2.4 kHz
#: the acquisition's FFT covers (:mod:`sarsat.signal.sgb_acquire`).
SGB_SPAN_HZ = 2350.0


def _fgb_bursts(samples: NDArray[np.complex64], sample_rate_hz: float, _nominal_hz: float = 0.0) -> list[Any]:
    """FGB bursts of a segment of any length, fed to the streaming receiver block by block
    (memory: the receiver's window plus one block)."""
    rx = Receiver("iq", sample_rate_hz)
    out = []
    for i in range(0, len(samples), BLOCK_SAMPLES):
        out += rx.feed(np.asarray(samples[i:i + BLOCK_SAMPLES], np.complex64))
    # a receiver that also searches SGB (wide inputs) tags those bursts; they are not FGB's
    return [b for b in out + rx.flush() if b.extra.get("generation", "first") == "first"]


def _sgb_bursts(samples: NDArray[np.complex64], sample_rate_hz: float, nominal_hz: float = 0.0) -> list[Any]:
    """SGB bursts of a segment (≥ 80 kHz): every code phase where a whole 1 s burst fits
    (T.018 §2.2.2), carriers within :data:`SGB_SPAN_HZ` of ``nominal_hz``, both PRN pairs."""
    burst_s = BURST_S + 0.5 / CHIP_RATE_HZ + 1e-3  # Q rail half a chip late; 1 ms of chip-rate margin
    last_start_s = len(samples) / sample_rate_hz - burst_s
    if last_start_s < 0:
        return []
    cfg = SgbConfig(center_hz=nominal_hz, span_hz=SGB_SPAN_HZ)
    return demodulate_sgb(np.asarray(samples, np.complex64), sample_rate_hz, cfg, start_range_s=(0.0, last_start_s))


#: generation -> demodulator (samples, sample_rate_hz, nominal carrier offset Hz) -> bursts.
DEMODULATORS: dict[str, Callable[[NDArray[np.complex64], float, float], list[Any]]] = {
    "first": _fgb_bursts, "second": _sgb_bursts}


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
    generation: str = "first"  # the bursts the windows were cut for (sarsat:generation)

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
        gen = g.get("sarsat:generation", "first")
        if gen not in GENERATIONS:
            raise LutError(f"{path}: sarsat:generation {gen!r}; expected one of {', '.join(GENERATIONS)}")
        rate = float(g["core:sample_rate"])
        if gen == "second" and rate < MIN_RATE_HZ:
            raise LutError(f"{path}: {rate:.0f} Hz is too low for second-generation bursts (≥ {MIN_RATE_HZ:.0f} Hz)")
        return cls(str(path), int(g["sarsat:sat_id"]), str(g.get("sarsat:lut_id", "0000")), site,
                   float(g["sarsat:translation_hz"]), rate, w, idx, gen)

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

    def downlink_factor(self, epoch: datetime, t_g: float, h: float = 0.05) -> float:
        """dt_r/dt_g at ground time ``t_g`` (s after ``epoch``): received frequency over the
        satellite's output frequency (central difference of the light-time solution)."""
        tp, tm = self.relay_time(epoch, np.array([t_g + h, t_g - h]))
        return float((tp - tm) / (2 * h))


def _vec(a: F64) -> tuple[float, float, float]:
    return (float(a[0]), float(a[1]), float(a[2]))


def _reference_s(b: Any, generation: str) -> tuple[float, float]:
    """A burst's reference point (s from the segment start) and when its FOA was measured,
    seconds after that (see the module docstring)."""
    if generation == "second":
        return float(b.extra["time_mid_s"]), 0.0
    return b.time_s, 0.5 * (b.n_bits / b.bit_rate_bps - 0.160)  # FGB: FOA at the middle of the burst


def detections(path: str | os.PathLike[str], generations: tuple[str, ...] | None = None) -> Iterator[Detection]:
    """Detections of one channel file, segment by segment (bounded memory); ``generations``:
    the demodulators run (default: the file's ``sarsat:generation``)."""
    ch = ChannelInfo.from_file(path)
    gens = generations or (ch.generation,)
    h = 0.05
    for seg in iter_segments(path):
        epoch = seg.start_utc.replace(microsecond=0)
        off_s = seg.start_utc.microsecond * 1e-6
        for gen in gens:
            nominal_hz = 0.0
            if gen == "second":  # where 406.05 MHz lands in this segment (translation, downlink Doppler)
                nominal_hz = (SGB_UPLINK_HZ + ch.translation_hz) * ch.downlink_factor(epoch, off_s) - seg.center_freq_hz
            for b in DEMODULATORS[gen](seg.samples, ch.sample_rate_hz, nominal_hz):
                if b.message is None or b.frequency_hz is None:
                    continue
                js = b.message.to_json()
                ref_s, foa_ref = _reference_s(b, gen)
                t_g = off_s + ref_s  # the reference point at the antenna, s after epoch
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
