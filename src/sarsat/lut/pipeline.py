"""The MEOLUT pipeline: detections of all channels -> bursts -> positions -> MCC solution records.

Detections arrive in order of reception (:meth:`Lut.add`). Detections of one beacon whose uplink
TOAs lie within ``group_s`` are one burst (a satellite seen twice keeps its best C/N0); a burst
closes once the input has moved ``close_after_s`` past it. Each closed burst is located alone
(>= 3 satellites) and, with the beacon's earlier bursts of the last ``window_s`` (ELT(DT):
``eltdt_window_s``, a moving aircraft), in a multi-burst window; the better valid solution goes
out as one record of README "MCC solution JSON" (DOA position; the MCC decodes the message and
adds its encoded position). Memory and work are bounded: a window holds at most the newest
``max_bursts`` bursts, and a beacon silent for ``window_s`` is forgotten. A beacon's newest valid
solution is the reference for referring its next FOAs to their TOAs (:mod:`sarsat.lut.locate`).
Height: an ELT(DT) gives its altitude band; other beacons are fitted at sea level, and when that
fails integrity, in 3-D, whose heights (median of the last 12) then hold the window.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from sarsat.beacon.sgb import bch_encode
from sarsat.locate.measurements import format_utc
from sarsat.locate.solution import Solution
from sarsat.lut.detection import Detection
from sarsat.lut.locate import locate_bursts_window, locate_single


def _abs_s(d: Detection) -> float:
    return d.epoch_utc.timestamp() + d.toa_s


@dataclass(frozen=True)
class BurstGroup:
    """One burst of one beacon seen through several satellites."""

    hex_id: str
    burst_index: int
    detections: tuple[Detection, ...]

    @property
    def toa_utc(self) -> datetime:
        return min(d.toa_utc for d in self.detections)

    @property
    def rx_utc(self) -> datetime:
        """When the last channel received it (the earliest the LUT can know the burst)."""
        return max(d.rx_utc for d in self.detections)

    @property
    def sat_ids(self) -> tuple[int, ...]:
        return tuple(sorted({d.sat_id for d in self.detections}))

    @property
    def best(self) -> Detection:
        return max(self.detections, key=lambda d: d.cn0_dbhz)


@dataclass(frozen=True)
class LutOutput:
    """What the LUT made of one burst: the record for the MCC and the solution it carries."""

    burst: BurstGroup
    record: dict[str, Any]
    solution: Solution | None
    compute_s: float = 0.0  # wall time spent locating this burst

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "solution": None if self.solution is None else self.solution.to_json(),
                "burst_index": self.burst.burst_index, "sat_ids": list(self.burst.sat_ids)}


@dataclass
class _Beacon:
    bursts: deque[BurstGroup]
    open: list[Detection] = field(default_factory=list)
    count: int = 0
    last: Solution | None = None  # newest valid solution: the FOA reference of the next ones
    heights_m: deque[float] = field(default_factory=lambda: deque(maxlen=12))  # from 3-D single fits


def _mcc_message_hex(d: Detection) -> str:
    """The message as the MCC reads it, with what says self-test: FGB with its frame sync (the
    pattern, not the message, says self-test; T.001 §2.2.4.2); SGB as the 63-hex codeword whose
    leading pad is ``10`` for the self-test PRN pair (T.018 Table 2.2; :mod:`sarsat.beacon.sgb`)."""
    if d.generation == "second":
        return f"{(0b10 if d.self_test else 0) << 250 | bch_encode(int(d.message_hex, 16)):063X}"
    return ("FFFED0" if d.self_test else "FFFE2F") + d.message_hex


def _is_eltdt(d: Detection) -> bool:
    """An ELT(DT): the FGB ELT(DT) protocol (T.001 A3.3.8) or the SGB beacon type 011 (T.018
    §3.2 Table 3.1, bits 138–140; the decoder's ``details.beacon_type``)."""
    if d.message is None:
        return False
    js = d.message.to_json()
    return ((js.get("protocol") or {}).get("family") == "elt-dt"
            or (js.get("details") or {}).get("beacon_type") == "ELT(DT)")


def _height_m(d: Detection) -> float:
    """Altitude for an ELT(DT): an SGB's rotating-field altitude (16 m steps, T.018 §3.3),
    else the middle of the band an FGB message encodes (T.001 A3.3.8), else 0."""
    if d.message is None:
        return 0.0
    details = d.message.to_json().get("details") or {}
    rf_alt = (details.get("rotating_field") or {}).get("altitude_m")
    if isinstance(rf_alt, (int, float)):
        return float(rf_alt)
    alt = details.get("altitude") or {}
    lo, hi = alt.get("above_m"), alt.get("up_to_m")
    if alt.get("known") is False or lo is None and hi is None:
        return 0.0
    if lo is None:
        return 0.5 * float(hi)  # type: ignore[arg-type]
    return float(lo) if hi is None else 0.5 * (float(lo) + float(hi))


class Lut:
    """Feed detections in reception order (:meth:`add`), then :meth:`flush`."""

    def __init__(self, lut_id: str, *, window_s: float = 1800.0, eltdt_window_s: float = 60.0,
                 group_s: float = 0.2, close_after_s: float = 2.0, max_bursts: int = 12) -> None:
        self.lut_id = lut_id
        self.window_s, self.eltdt_window_s = window_s, eltdt_window_s
        self.group_s, self.close_after_s, self.max_bursts = group_s, close_after_s, max_bursts
        self._beacons: dict[str, _Beacon] = {}
        self._now_s = float("-inf")

    def add(self, d: Detection) -> list[LutOutput]:
        """Take one detection; return the bursts it made complete (located)."""
        self._now_s = max(self._now_s, d.rx_utc.timestamp())
        # a beacon's self-test bursts never join its operational ones (T.001 §2.2.4.2 sync)
        key = d.hex_id + ("/self-test" if d.self_test else "")
        b = self._beacons.setdefault(key, _Beacon(deque(maxlen=self.max_bursts)))
        out: list[LutOutput] = []
        if b.open and abs(_abs_s(d) - _abs_s(b.open[0])) > self.group_s:
            out += self._close(b)
        b.open.append(d)
        return out + self._close_stale()

    def flush(self) -> list[LutOutput]:
        """Close every open burst (end of input)."""
        out = []
        for b in self._beacons.values():
            if b.open:
                out += self._close(b)
        return sorted(out, key=lambda o: o.burst.rx_utc)

    def _close_stale(self) -> list[LutOutput]:
        out = []
        for key, b in list(self._beacons.items()):
            if b.open and self._now_s - max(x.rx_utc.timestamp() for x in b.open) > self.close_after_s:
                out += self._close(b)
            elif not b.open and b.bursts and self._now_s - b.bursts[-1].rx_utc.timestamp() > self.window_s:
                del self._beacons[key]  # silent beacon: forget it (bounded memory)
        return out

    def _close(self, b: _Beacon) -> list[LutOutput]:
        hex_id = b.open[0].hex_id
        best: dict[int, Detection] = {}
        for d in b.open:
            if d.sat_id not in best or d.cn0_dbhz > best[d.sat_id].cn0_dbhz:
                best[d.sat_id] = d
        b.open = []
        group = BurstGroup(hex_id, b.count, tuple(sorted(best.values(), key=lambda d: d.sat_id)))
        b.count += 1
        latest = group.best
        eltdt = _is_eltdt(latest)
        span = self.eltdt_window_s if eltdt else self.window_s
        while b.bursts and (group.toa_utc - b.bursts[0].toa_utc).total_seconds() > span:
            b.bursts.popleft()
        b.bursts.append(group)
        t = time.perf_counter()
        height = _height_m(latest) if eltdt else (float(np.median(b.heights_m)) if b.heights_m else 0.0)
        recent = b.last is not None and (group.toa_utc - (b.last.time_utc or group.toa_utc)).total_seconds() < 600
        prior = b.last if recent else None
        single = locate_single(group.detections, hex_id, group.burst_index, height, prior)
        if not eltdt and single is not None and single.valid and single.alt_m != height:
            b.heights_m.append(single.alt_m)  # a 3-D fit: the window uses the beacon's height
        window = locate_bursts_window([(g.burst_index, g.detections) for g in b.bursts], hex_id, height, prior)
        sol = window if window is not None and window.valid else single if single is not None and single.valid else None
        if sol is not None:
            b.last = sol
        rec = self.record(group, list(b.bursts) if sol is window else [group], sol)
        return [LutOutput(group, rec, sol, time.perf_counter() - t)]

    def record(self, group: BurstGroup, bursts: list[BurstGroup], sol: Solution | None) -> dict[str, Any]:
        """The MCC solution record (README "MCC solution JSON") of a burst and its solution."""
        first, last = bursts[0], bursts[-1]
        sats = sorted({s for g in bursts for s in g.sat_ids})
        rec: dict[str, Any] = {
            "lut_id": self.lut_id, "system": "meosar",
            "detected_at": format_utc(first.toa_utc), "last_detected_at": format_utc(last.toa_utc),
            "satellites": [str(s) for s in sats], "num_bursts": len(bursts),
            "message_hex": _mcc_message_hex(group.best),
            "positions": []}
        if sol is not None and sol.lat_deg is not None and sol.lon_deg is not None:
            rec["positions"] = [{"type": "doa", "latitude_deg": round(sol.lat_deg, 5),
                                 "longitude_deg": round(sol.lon_deg, 5),
                                 "ehe_m": None if sol.ehe_m is None else round(min(sol.ehe_m, 9e6), 1),
                                 "altitude_m": round(sol.alt_m, 1)}]
            if sol.ellipse95 is not None and sol.ellipse95.semi_major_m <= 1e7:
                rec["positions"][0]["ellipse95"] = sol.ellipse95.to_json()
            if sol.f0_hz is not None and 405.9e6 <= sol.f0_hz <= 406.2e6:
                rec["frequency_hz"] = round(sol.f0_hz, 2)
        key = f"{self.lut_id}/{group.hex_id}/{format_utc(group.toa_utc)}"
        rec["solution_id"] = hashlib.sha256(key.encode()).hexdigest()[:16]
        return rec

