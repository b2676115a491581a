"""IQ-level simulation: a scenario -> one segmented SigMF file per satellite channel + ground truth.

Physics per burst and satellite (ECEF, Earth rotation during each light time):

* uplink: bit 1 leaves the beacon at ``t_e``; the relay time ``t_r`` solves
  ``t_r = t_e + |s(t_r) − Rz(−ω(t_r − t_e)) b(t_e)| / c``; the satellite input frequency is
  ``f_e · dt_e/dt_r``;
* the transponder adds ``translation_hz``;
* downlink: the LUT antenna receives it at ``t_g = t_r + |g − Rz(−ω(t_g − t_r)) s(t_r)| / c`` at
  ``(f_in + translation) · dt_r/dt_g``; bit (FGB) and chip (SGB) durations scale with ``dt_g/dt_e``.

The reference point of a burst is bit 1 for FGB (the end of the 160 ms carrier, T.001 §2.2.3)
and the first I chip of the preamble for SGB (T.018 §2.2.4); an SGB burst lasts 38 400.5 chips
(1 s, T.018 §2.2.2) at 38 400 chip/s times the time-scale factor.

The MEOLUT tracks the ``antennas`` highest satellites above its mask (re-pointed every minute);
a burst reaches a channel when its satellite is tracked and above the mask at the beacon. Each
FGB arrival is written as a window of ``sample_rate_hz`` samples (0.3 s before the carrier, 0.3 s
after the burst) centred within ±5 kHz of the carrier. Each SGB arrival is written to the
satellite's second-generation channel as a window of ``sgb_sample_rate_hz`` samples (0.1 s
before and after the burst) centred where a LUT tunes for SGB: the nominal 406.05 MHz
(T.018 §2.3.1.1) through the transponder translation and that satellite's downlink Doppler, so
the beacon's own offset (±1.2 kHz) and the uplink Doppler are left to the receiver's search.
Every other arrival on the same satellite that overlaps a window in time and lies wholly in its
band is added (an FGB burst inside an SGB window, one SGB burst over another; SGB bursts are not
added to the narrow FGB windows, where their 77 kHz wide chips would alias), with white noise
at the window's C/N0 (link budget).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.beacon import decode
from sarsat.locate.measurements import format_utc
from sarsat.orbit.frames import C_M_S, OMEGA_E_RAD_S, ecef_to_geodetic
from sarsat.orbit.visibility import elevation_deg
from sarsat.signal.captures import Segment, write_channel
from sarsat.signal.channel import Emission, compose
from sarsat.signal.fgb_modulator import BIT_RATE_BPS, CARRIER_S, frame_bits, modulate_fgb
from sarsat.signal.sgb_modulator import modulate_sgb
from sarsat.signal.sgb_prn import CHIP_RATE_HZ, CHIPS_PER_RAIL
from sarsat.sim.scenario import SGB_CARRIER_HZ, Scenario, burst_times_s

F64 = NDArray[np.float64]
PRE_S, POST_S = 0.3, 0.3  #: FGB window margins around a burst (s)
SGB_PRE_S, SGB_POST_S = 0.1, 0.1  #: SGB window margins (s): 0.2 s of code phases for the LUT to search
SGB_CHIPS = CHIPS_PER_RAIL + 0.5  #: T.018 §2.3.3: the Q rail ends half a chip after the I rail
_HALF_BAND_HZ = {"first": 2e3, "second": 38.4e3}  #: one-sided width of a burst's main lobe
N0 = 1e-4  #: noise density of every window (full scale = 1 for a 40 dB-Hz carrier)
REPOINT_S = 60.0  #: antenna assignment period


def _rot(xyz: F64, ang: F64) -> F64:
    """Rz(−ang) applied to ``xyz`` (..., 3): a point fixed in inertial space seen ``ang`` later."""
    c, s = np.cos(ang), np.sin(ang)
    x, y, z = np.broadcast_arrays(xyz[..., 0], xyz[..., 1], xyz[..., 2], c)[:3]
    return np.stack([c * x + s * y, -s * x + c * y, z], axis=-1)


@dataclass(frozen=True)
class Arrival:
    """One burst on one satellite channel, as the antenna receives it."""

    beacon: int
    burst: int
    sat_index: int
    t_ground_s: float  # bit 1 at the antenna, s after the scenario start
    f_ground_hz: float  # carrier at the antenna at bit 1 (RF)
    rate_hz_s: float  # carrier drift at the antenna
    time_scale: float  # dt_e/dt_g: bit rate at the antenna = 400 * time_scale
    cn0_dbhz: float
    bits: NDArray[np.uint8]  # FGB frame (empty for SGB)
    generation: str = "first"
    codeword: int = 0  # SGB: the 250-bit codeword
    mode: str = "normal"  # SGB PRN pair (T.018 Table 2.2): "normal" or "self_test"
    downlink_factor: float = 1.0  # dt_r/dt_g: the downlink Doppler factor at bit 1 / first chip

    @property
    def start_s(self) -> float:
        """Start of the emission at the antenna (FGB: the unmodulated carrier)."""
        if self.generation == "second":
            return self.t_ground_s
        return self.t_ground_s - CARRIER_S / self.time_scale

    @property
    def end_s(self) -> float:
        if self.generation == "second":
            return self.t_ground_s + SGB_CHIPS / (CHIP_RATE_HZ * self.time_scale)
        return self.t_ground_s + len(self.bits) / (BIT_RATE_BPS * self.time_scale)

    def baseband(self, sample_rate_hz: float, rel_s: float) -> tuple[NDArray[np.complex64], int]:
        """The burst's baseband (carrier at 0 Hz) and its first sample's index in a window whose
        sample 0 is ``rel_s`` s before the emission starts."""
        off = int(np.floor(rel_s * sample_rate_hz))
        frac = rel_s - off / sample_rate_hz
        if self.generation == "second":
            x = modulate_sgb(self.codeword, sample_rate_hz, mode=self.mode, start_s=frac,
                             chip_rate_hz=CHIP_RATE_HZ * self.time_scale)
        else:
            x = modulate_fgb(self.bits, sample_rate_hz, start_s=frac, bit_rate_bps=BIT_RATE_BPS * self.time_scale,
                             carrier_s=CARRIER_S / self.time_scale)
        return x, off


class Simulator:
    """Arrivals and channel windows of a :class:`Scenario` (reproducible by its seed)."""

    def __init__(self, scn: Scenario) -> None:
        self.scn = scn
        self.eph = scn.ephemeris()
        self.sats = self.eph.satellites
        self.site = scn.lut.ecef_m()
        self.rng = np.random.default_rng(scn.seed)
        # SGB beacons and windows draw from their own stream: adding one leaves the FGB ones as they were
        self.rng_sgb = np.random.default_rng([scn.seed, 2])
        self.truth: list[dict[str, Any]] = []
        self.arrivals: list[Arrival] = self._arrivals()

    def _state(self, t: F64) -> tuple[F64, F64]:
        return self.eph.state_ecef(self.scn.start_utc, t)

    def _uplink(self, t_e: F64, rb: F64) -> F64:
        """Relay times (B, S) for emissions at ``t_e`` (B,) from ``rb`` (B, 3)."""
        d = np.full(t_e.shape + (len(self.sats),), 0.08)
        for _ in range(5):
            s, _ = self._state(t_e[:, None] + d)
            d = np.linalg.norm(s - _rot(rb[:, None, :], OMEGA_E_RAD_S * d), axis=-1) / C_M_S
        return t_e[:, None] + d

    def _downlink(self, t_r: F64) -> F64:
        """Ground reception times for relays at ``t_r`` (B, S)."""
        s, _ = self._state(t_r)
        d = np.full(t_r.shape, 0.08)
        for _ in range(5):
            d = np.linalg.norm(self.site - _rot(s, OMEGA_E_RAD_S * d), axis=-1) / C_M_S
        return t_r + d

    def tracked(self, t_s: F64) -> NDArray[np.bool_]:
        """(B, S) mask of the satellites the LUT antennas point at, at times ``t_s`` (B,)."""
        t0 = np.floor(np.asarray(t_s) / REPOINT_S) * REPOINT_S
        s, _ = self._state(t0[:, None])
        el = elevation_deg(self.site, s)
        ok = el >= self.scn.lut.mask_deg
        rank = np.argsort(np.argsort(-np.where(ok, el, -1e9), axis=1), axis=1)
        return ok & (rank < self.scn.lut.antennas)

    def _arrivals(self) -> list[Arrival]:
        scn, out = self.scn, []
        h = 0.05
        for bi, b in enumerate(scn.beacons):
            rng = self.rng_sgb if b.generation == "second" else self.rng
            t_e = burst_times_s(b, scn.duration_s, rng)
            if t_e.size == 0:
                continue
            rb = b.position_ecef(t_e)
            t_r = self._uplink(t_e, rb)
            s_r, _ = self._state(t_r)
            vis = (elevation_deg(rb[:, None, :], s_r) >= scn.lut.mask_deg) & self.tracked(t_r.min(axis=1))
            t_g = self._downlink(t_r)
            # derivatives by central differences of the whole light-time chain
            t_rp = self._uplink(t_e + h, b.position_ecef(t_e + h))
            t_rm = self._uplink(t_e - h, b.position_ecef(t_e - h))
            up = 2 * h / (t_rp - t_rm)  # dt_e/dt_r
            t_gp, t_gm = self._downlink(t_rp), self._downlink(t_rm)
            dn = (t_rp - t_rm) / (t_gp - t_gm)  # dt_r/dt_g
            # one second later, for the drift at the antenna
            t_r1 = self._uplink(t_e + 1.0, b.position_ecef(t_e + 1.0))
            f_e = b.f0_hz + np.cumsum(rng.normal(0.0, 0.01, t_e.size))  # oscillator random walk, 10 mHz a burst
            f_in = f_e[:, None] * up
            f_g = (f_in + scn.translation_hz) * dn
            tp1 = self._uplink(t_e + 1.0 + h, b.position_ecef(t_e + 1.0 + h))
            tm1 = self._uplink(t_e + 1.0 - h, b.position_ecef(t_e + 1.0 - h))
            up1 = 2 * h / (tp1 - tm1)
            dn1 = (tp1 - tm1) / (self._downlink(tp1) - self._downlink(tm1))
            f_g1 = (f_e[:, None] * up1 + scn.translation_hz) * dn1
            rate = (f_g1 - f_g) / (self._downlink(t_r1) - t_g)
            rng_m = np.linalg.norm(s_r - rb[:, None, :], axis=-1)
            cn0 = scn.link.cn0_dbhz(rng_m)
            sgb = b.generation == "second"
            for k in range(t_e.size):
                lat, lon, alt = (float(x) for x in ecef_to_geodetic(rb[k]))
                hexmsg = b.message_hex(lat, lon)
                bits = np.zeros(0, np.uint8) if sgb else frame_bits(hexmsg, self_test=b.self_test)
                cw = b.codeword(lat, lon) if sgb else 0
                sat_ids = []
                for j in np.flatnonzero(vis[k]):
                    sat_ids.append(self.sats[j].sat_id)
                    out.append(Arrival(bi, k, int(j), float(t_g[k, j]), float(f_g[k, j]), float(rate[k, j]),
                                       float(up[k, j] * dn[k, j]), float(cn0[k, j]), bits, b.generation, cw,
                                       "self_test" if b.self_test else "normal", float(dn[k, j])))
                self.truth.append({
                    "beacon": b.name, "generation": b.generation, "burst_index": k, "t_emit_s": float(t_e[k]),
                    "time_utc": format_utc(scn.start_utc + timedelta(seconds=float(t_e[k]))),
                    "lat_deg": lat, "lon_deg": lon, "alt_m": alt, "f_emit_hz": float(f_e[k]),
                    "message_hex": hexmsg, "self_test": b.self_test, "sat_ids": sat_ids,
                    "cn0_dbhz": [round(float(cn0[k, j]), 2) for j in np.flatnonzero(vis[k])]})
        return sorted(out, key=lambda a: a.t_ground_s)

    def sgb_tuning_hz(self, a: Arrival) -> float:
        """Where the LUT tunes for SGB on ``a``'s satellite (RF at the antenna, 1 Hz steps): the
        nominal 406.05 MHz (T.018 §2.3.1.1) translated and shifted by the downlink Doppler."""
        return round((SGB_CARRIER_HZ + self.scn.translation_hz) * a.downlink_factor, 0)

    def windows(self, sat_index: int, generation: str = "first") -> Iterator[Segment]:
        """The channel's segments in time order, one per arrival of ``generation`` (see the
        module docstring)."""
        sgb = generation == "second"
        rng = self.rng_sgb if sgb else self.rng
        fs = self.scn.lut.sgb_sample_rate_hz if sgb else self.scn.lut.sample_rate_hz
        pre, post = (SGB_PRE_S, SGB_POST_S) if sgb else (PRE_S, POST_S)
        on_sat = [a for a in self.arrivals if a.sat_index == sat_index]
        others = on_sat if sgb else [a for a in on_sat if a.generation == "first"]
        for a in (a for a in on_sat if a.generation == generation):
            t0 = a.start_s - pre
            start = self.scn.start_utc + timedelta(seconds=t0)
            t0 = (start - self.scn.start_utc) / timedelta(seconds=1)
            n = int((a.end_s + post - t0) * fs)
            center = self.sgb_tuning_hz(a) if sgb else round(a.f_ground_hz + rng.uniform(-5e3, 5e3), 0)
            ems = []
            for o in others:
                if (o.end_s < t0 or o.start_s > t0 + n / fs
                        or abs(o.f_ground_hz - center) > fs / 2 - _HALF_BAND_HZ[o.generation]):
                    continue
                x, off = o.baseband(fs, o.start_s - t0)
                # carrier at the reference point (bit 1, first chip) is f_ground; drift about it
                ems.append(Emission(x, off, o.f_ground_hz - center, o.rate_hz_s,
                                    float(rng.uniform(0, 2 * np.pi)),
                                    float(np.sqrt(N0 * 10 ** (o.cn0_dbhz / 10))), o.t_ground_s - t0))
            yield Segment(start, center, compose(n, fs, ems, N0, rng))

    def channel_meta(self, sat_index: int, generation: str = "first") -> dict[str, Any]:
        """Global SigMF keys of a channel (see :mod:`sarsat.signal.captures`); ``generation``:
        the bursts its windows were cut for (``sarsat:generation``)."""
        scn = self.scn
        i, walker = sat_index, None
        for w in scn.constellation:
            if i < w.n_sats:
                walker = w
                break
            i -= w.n_sats
        if walker is None:  # a TLE satellite: its element set travels with the channel
            assert scn.tle is not None
            l1, l2 = scn.tle.lines[i]
            orbit: dict[str, Any] = {"kind": "tle", "name": scn.tle.names[i], "line1": l1, "line2": l2}
        else:
            orbit = {"kind": "walker", "name": walker.name, "n_sats": walker.n_sats, "n_planes": walker.n_planes,
                     "phasing": walker.phasing, "semi_major_axis_m": walker.semi_major_axis_m,
                     "inclination_deg": walker.inclination_deg, "raan0_deg": walker.raan0_deg,
                     "first_sat_id": walker.first_sat_id, "index": i}
        return {"sarsat:sat_id": self.sats[sat_index].sat_id, "sarsat:lut_id": scn.lut.lut_id,
                "sarsat:site_lat_deg": scn.lut.lat_deg, "sarsat:site_lon_deg": scn.lut.lon_deg,
                "sarsat:site_alt_m": scn.lut.alt_m, "sarsat:translation_hz": scn.translation_hz,
                "sarsat:uplink_center_hz": SGB_CARRIER_HZ, "sarsat:generation": generation, "sarsat:orbit": orbit}


@dataclass(frozen=True)
class SimOutput:
    """Where a run wrote its files and what it holds."""

    channel_paths: tuple[Path, ...]
    truth_path: Path
    n_arrivals: int
    n_bursts: int


def truth_json(scn: Scenario, sim: Simulator) -> dict[str, Any]:
    beacons = []
    for b in scn.beacons:
        msg = decode(b.message_hex(b.lat_deg, b.lon_deg))
        beacons.append({**b.to_json(), "hex_id": msg.hex_id})
    return {"scenario": scn.name, "start_utc": format_utc(scn.start_utc), "duration_s": scn.duration_s,
            "lut": {"id": scn.lut.lut_id, "lat_deg": scn.lut.lat_deg, "lon_deg": scn.lut.lon_deg},
            "beacons": beacons, "bursts": sim.truth}


def simulate_iq(scn: Scenario, out_dir: str | Path,
                progress: Callable[[int, int], None] | None = None) -> SimOutput:
    """Write ``out_dir/channels/sat-NNN.sigmf-*`` (FGB windows) and ``sat-NNN-sgb.sigmf-*`` (SGB
    windows), one each per satellite with such arrivals, and ``out_dir/truth.json``.
    ``progress(done, total)`` counts arrivals written."""
    out = Path(out_dir)
    (out / "channels").mkdir(parents=True, exist_ok=True)
    for stale in (out / "channels").glob("sat-*.sigmf-*"):
        stale.unlink()  # a rerun replaces the channels (a generation may have gone)
    sim = Simulator(scn)
    total, done, paths = len(sim.arrivals), 0, []
    for j, gen in sorted({(a.sat_index, a.generation) for a in sim.arrivals}):
        sid = sim.sats[j].sat_id

        def counted(j: int = j, gen: str = gen) -> Iterator[Segment]:
            nonlocal done
            for seg in sim.windows(j, gen):
                yield seg
                done += 1
                if progress is not None:
                    progress(done, total)

        sgb = gen == "second"
        paths.append(write_channel(out / "channels" / f"sat-{sid:03d}{'-sgb' if sgb else ''}",
                                   scn.lut.sgb_sample_rate_hz if sgb else scn.lut.sample_rate_hz,
                                   sim.channel_meta(j, gen), counted(),
                                   f"sarsat scenario {scn.name!r}: satellite {sid} at LUT {scn.lut.lut_id}"
                                   + (", second-generation band" if sgb else "")))
    truth_path = out / "truth.json"
    truth_path.write_text(json.dumps(truth_json(scn, sim), indent=1), "utf-8")
    return SimOutput(tuple(paths), truth_path, total, len(sim.truth))

