"""Alert processing: validate a solution, match it against its site, pick the action.

:func:`process` is pure: (site or None, solution, clock) -> (site, audit entries, alert or None).
The store runs it inside one transaction, so a decision and its consequences are kept together.
Every rule it applies is in :mod:`sarsat.mcc.rules`; every decision is an
:class:`~sarsat.mcc.audit.AuditEntry`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sarsat.mcc.audit import AuditEntry
from sarsat.mcc.footprint import inside_footprint
from sarsat.mcc.ingest import BeaconInfo, SolutionRecord
from sarsat.mcc.rules import (
    ROTATING_UPDATE,
    PREFIX_DISTRESS,
    PREFIX_ELTDT,
    PREFIX_SSAS,
    THRESHOLDS,
    Thresholds,
    action_for,
)
from sarsat.mcc.sites import Site, SitePosition

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius


def distance_m(lat1_deg: float, lon1_deg: float, lat2_deg: float, lon2_deg: float) -> float:
    """Great-circle distance in metres (haversine on the mean sphere).

    >>> round(distance_m(0.0, 0.0, 0.0, 1.0) / 1000, 1)
    111.2
    """
    p1, p2 = math.radians(lat1_deg), math.radians(lat2_deg)
    dp, dl = p2 - p1, math.radians(lon2_deg - lon1_deg)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def pos_distance_m(a: SitePosition, b: SitePosition) -> float:
    return distance_m(a.latitude_deg, a.longitude_deg, b.latitude_deg, b.longitude_deg)


def independent(a: SitePosition, b: SitePosition, th: Thresholds = THRESHOLDS) -> bool:
    """Are two positions independent (§4.3)? Encoded vs measured: yes. Doppler vs Doppler:
    different passes. DOA vs DOA: bursts >= 30 min apart. Doppler vs DOA: different systems.
    Encoded vs encoded: no (the same beacon's own navigation fix)."""
    enc_a, enc_b = a.type == "encoded", b.type == "encoded"
    if enc_a != enc_b:
        return True
    if enc_a and enc_b:
        return False
    dop_a, dop_b = a.type.startswith("doppler"), b.type.startswith("doppler")
    if dop_a and dop_b:
        return a.pass_id is None or b.pass_id is None or a.pass_id != b.pass_id
    if dop_a != dop_b:
        return True
    return abs((a.detected_at - b.detected_at).total_seconds()) >= th.doa_independence_s


_RANK = {"encoded": 0, "doa": 1, "doppler_a": 2, "doppler_b": 2}


def best_position(*candidates: SitePosition) -> SitePosition:
    """The MCC reference among matching positions: encoded, else the DOA with the smallest
    EHE, else a Doppler side [K: A.005 composite rules not read]."""
    return min(candidates, key=lambda p: (_RANK[p.type], p.ehe_m if p.ehe_m is not None else 1e9))


@dataclass(frozen=True)
class EngineConfig:
    """Deployment settings of the rules engine (not thresholds: those are in ``rules``)."""

    monitor_ids: frozenset[str] = frozenset()  # orbitography / reference beacons (§4.1 item 7)
    anomaly_capable_luts: frozenset[str] = frozenset()  # §4.1 item 8
    # §4.1 item 9 (MCC-39): MEOLUTs commissioned for fast-moving beacons; None: all of them.
    eltdt_doa_luts: frozenset[str] | None = None
    blocked_ids: frozenset[str] = frozenset()  # §4.1 item 10: operator blocks distribution
    process_eltdt: bool = True  # §4.1 item 10: process ELT(DT) operationally
    process_sgb: bool = True  # §4.1 item 10: process second-generation beacons operationally
    thresholds: Thresholds = THRESHOLDS
    #: Orbit model (``sarsat.orbit`` TLE set / Walker constellation) for the footprint check of
    #: records that name their satellites but give no positions (§4.1 item 3); None: not used.
    ephemeris: Any = None
    #: Service areas holding a position (ids); the store sets it from the routing config.
    area_of: Callable[[float, float], frozenset[str]] = field(default=lambda _lat, _lon: frozenset())


DEFAULT_CONFIG = EngineConfig()


def load_engine_config(obj: Any, source: str = "<config>") -> EngineConfig:
    """An :class:`EngineConfig` from JSON: ``monitor_ids``, ``anomaly_capable_luts``,
    ``eltdt_doa_luts``, ``blocked_ids`` (lists of strings), ``process_eltdt``, ``process_sgb``
    (booleans), ``footprint_tle`` (TLE file of the SAR satellites, for the §4.1-3 footprint
    check) with ``footprint_satellite_ids`` (``cs_id,norad`` CSV giving their C/S numbers).
    Unknown keys are an error (a typo must not silently disable a rule)."""
    from sarsat.errors import MccError, SarsatError

    if not isinstance(obj, dict):
        raise MccError(f"{source}: expected a JSON object")
    lists = ("monitor_ids", "anomaly_capable_luts", "eltdt_doa_luts", "blocked_ids")
    flags = ("process_eltdt", "process_sgb")
    paths = ("footprint_tle", "footprint_satellite_ids")
    unknown = set(obj) - set(lists) - set(flags) - set(paths)
    if unknown:
        raise MccError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                       f"expected {', '.join(lists + flags + paths)}")
    kw: dict[str, Any] = {}
    for key in lists:
        if key in obj:
            if not isinstance(obj[key], list) or not all(isinstance(x, str) for x in obj[key]):
                raise MccError(f"{source}: {key} must be a list of strings")
            kw[key] = frozenset(x.upper() if key.endswith("_ids") else x for x in obj[key])
    for key in flags:
        if key in obj:
            if not isinstance(obj[key], bool):
                raise MccError(f"{source}: {key} must be true or false")
            kw[key] = obj[key]
    if "footprint_satellite_ids" in obj and "footprint_tle" not in obj:
        raise MccError(f"{source}: footprint_satellite_ids needs footprint_tle")
    if "footprint_tle" in obj:
        from sarsat.orbit.satellite_ids import read_satellite_ids
        from sarsat.orbit.tle import TleSet

        if not all(isinstance(obj.get(k, ""), str) for k in paths):
            raise MccError(f"{source}: footprint_tle and footprint_satellite_ids must be file paths")
        try:
            ids = read_satellite_ids(obj["footprint_satellite_ids"]) if "footprint_satellite_ids" in obj else {}
            kw["ephemeris"] = TleSet.from_file(obj["footprint_tle"], ids)
        except (OSError, ValueError, SarsatError) as e:
            raise MccError(f"{source}: footprint ephemeris: {str(e).splitlines()[0] if str(e) else e!r}") from e
    return EngineConfig(**kw)


@dataclass(frozen=True)
class Alert:
    """What an alert message says, before routing and formatting (one per sent decision)."""

    site_id: int
    beacon: BeaconInfo
    action: str
    title: str  # legacy wording, without prefix
    title_csc66: str
    prefix: str
    status: str
    detected_at: datetime
    last_detected_at: datetime
    detected_by: str
    system: str
    lut_id: str
    frequency_hz: float | None
    positions: tuple[SitePosition, ...]  # this solution's positions
    reference: SitePosition | None  # MCC reference (confirmed) position
    remarks: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # operational information lines
    to_rcc: bool = True
    monitoring: bool = False
    solution_id: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def located(self) -> bool:
        return bool(self.positions) or self.reference is not None

    def to_json(self) -> dict[str, object]:
        return {
            "site_id": self.site_id, "hex_id": self.beacon.hex_id, "action": self.action,
            "title": f"{self.prefix} {self.title}", "title_csc66": f"{self.prefix} {self.title_csc66}",
            "status": self.status, "detected_at": self.detected_at.isoformat(),
            "last_detected_at": self.last_detected_at.isoformat(), "detected_by": self.detected_by,
            "system": self.system, "lut_id": self.lut_id, "frequency_hz": self.frequency_hz,
            "positions": [p.to_json() for p in self.positions],
            "reference": self.reference.to_json() if self.reference else None,
            "remarks": list(self.remarks), "notes": list(self.notes), "to_rcc": self.to_rcc,
            "monitoring": self.monitoring, "solution_id": self.solution_id,
            "beacon": self.beacon.to_json(),
        }


@dataclass(frozen=True)
class Outcome:
    """Result of :func:`process`: the site to store (None: nothing to store), the sites it
    closed, the audit trail and the alert to route (None: nothing sent)."""

    site: Site | None
    closed: tuple[Site, ...]
    audit: tuple[AuditEntry, ...]
    alert: Alert | None


def detected_by(rec: SolutionRecord) -> str:
    """Field 3 wording: ``MEOSAR``, ``SARSAT S11``, ``GEOSAR GOES 16`` (§3.4, §3.5)."""
    if rec.system == "meosar":
        return "MEOSAR"
    sat = rec.satellites[0] if rec.satellites else ""
    if rec.system == "leosar" and re.fullmatch(r"S\d+", sat):
        return f"SARSAT {sat}"  # legacy samples: "BY SARSAT S11"
    if rec.system == "leosar" and re.fullmatch(r"C\d+", sat):
        return f"COSPAS {sat}"
    return f"{'GEOSAR' if rec.system == 'geosar' else 'LEOSAR'} {sat}".strip()


def _prefix(b: BeaconInfo) -> str:
    return PREFIX_SSAS if b.ssas else PREFIX_ELTDT if b.eltdt else PREFIX_DISTRESS


def process(site: Site | None, rec: SolutionRecord, now: datetime, next_site_id: int | Callable[[], int],
            config: EngineConfig = DEFAULT_CONFIG) -> Outcome:
    """Apply the MCC rules to one solution. ``site`` is the open site of the beacon (or None);
    ``next_site_id`` numbers a site this solution opens (or is called to allocate the number,
    only when one opens); ``now`` is the MCC clock (UTC)."""
    th = config.thresholds
    audit: list[AuditEntry] = []
    b = rec.beacon
    def ok(step: str, rule: str, detail: str = "") -> None:
        audit.append(AuditEntry(step, "accepted", rule, detail))

    def stop(rule: str, detail: str = "", decision: str = "filtered") -> Outcome:
        audit.append(AuditEntry("validate", decision, rule, detail))
        return Outcome(site, (), tuple(audit), None)

    # --- validation (§4.1) -------------------------------------------------------------
    age_s = (now - rec.detected_at).total_seconds()
    if age_s > th.old_data_s:
        return stop("§4.1-2 [S] old data", f"detected {age_s / 3600:.1f} h before processing > {th.old_data_s / 3600:g} h")
    if b.self_test:
        return stop("§4.1-6 [S] self-test burst filtered")
    if b.test:
        return stop("§4.1-5 [S] test protocol filtered (RCC and NOCR)")
    if b.hex_id in config.blocked_ids:
        return stop("§4.1-10 [S] operator switch: distribution blocked for this beacon")
    if (b.eltdt and not config.process_eltdt) or (len(b.hex_id) == 23 and not config.process_sgb):
        return stop("§4.1-10 [S] operator switch: this beacon type is not processed operationally")
    if b.hex_id in config.monitor_ids or b.beacon_type == "ORBITOGRAPHY":
        audit.append(AuditEntry("validate", "monitoring", "§4.1-7 [S] orbitography/reference beacon to QMS monitoring"))
        alert = _alert(rec, None, "monitoring", "REFERENCE BEACON DETECTION", "REFERENCE BEACON DETECTION",
                       "new", tuple(_positions(rec, rec.fixes)), None, (), (), monitoring=True)
        return Outcome(site, (), tuple(audit), alert)
    fixes = list(rec.fixes)
    notes: list[str] = []
    if not b.reliable:
        if any(f.type == "encoded" for f in fixes):
            audit.append(AuditEntry("validate", "dropped encoded position", "§4.1-4 [S] unreliable beacon message"))
        fixes = [f for f in fixes if f.type != "encoded"]
        if not fixes:
            return stop("§4.1-4 [S] unreliable beacon message without an independent position: not sent")
        notes.append("DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE")
    if b.eltdt and any(f.type.startswith("doppler") for f in fixes):
        audit.append(AuditEntry("validate", "dropped Doppler positions", "§4.1-9 [S] MCC-39 ELT(DT) Doppler filtered"))
        fixes = [f for f in fixes if not f.type.startswith("doppler")]
    if (b.eltdt and config.eltdt_doa_luts is not None and rec.lut_id not in config.eltdt_doa_luts
            and any(f.type == "doa" for f in fixes)):
        audit.append(AuditEntry("validate", "dropped DOA position", "§4.1-9 [S] MCC-39 ELT(DT) DOA from a MEOLUT "
                                "not commissioned for fast-moving beacons", rec.lut_id))
        fixes = [f for f in fixes if f.type != "doa"]
    enc = next((f for f in fixes if f.type == "encoded"), None)
    if enc is not None:  # §4.1-3: computed from the satellites' positions, else the LUT's flag
        inside = inside_footprint(rec, enc.latitude_deg, enc.longitude_deg, config.ephemeris,
                                  th.footprint_elevation_deg, th.footprint_max_tle_age_s)
        if inside is False or (inside is None and not rec.footprint_ok):
            how = ("computed from the relaying satellites' positions" if inside is False
                   else "LUT footprint_ok flag (no satellite position known)")
            audit.append(AuditEntry("validate", "dropped encoded position",
                                    "§4.1-3 [S] encoded position outside the relaying satellites' footprint", how))
            fixes = [f for f in fixes if f.type != "encoded"]
    to_rcc = True
    span_s = (rec.last_detected_at - rec.detected_at).total_seconds()
    if rec.system == "meosar" and len(set(rec.satellites)) <= 1 and span_s <= th.uncorroborated_span_s:
        if rec.lut_id in config.anomaly_capable_luts:
            notes.append("UNCORROBORATED MEOSAR ALERT")
            ok("validate", "§4.1-8 [S] uncorroborated MEOSAR alert from a capable LUT: sent with note")
        else:
            to_rcc = False
            audit.append(AuditEntry("validate", "not for RCC", "§4.1-8 [S] uncorroborated MEOSAR alert "
                                    "from a LUT not processing-anomaly capable", f"{span_s:g} s, 1 satellite"))

    # --- site: closure, cancellation, new activation (§4.2, §4.5) -----------------------
    closed: list[Site] = []
    if site is not None:
        idle_s = (rec.detected_at - site.last_data_at).total_seconds()
        if site.status == "cancelled" and site.cancelled_at is not None:
            if rec.detected_at <= site.cancelled_at:
                return stop("§4.5 [S] data older than the confirmed cancellation filtered")
            closed.append(replace(site, status="closed"))
            audit.append(AuditEntry("site", "closed", "§4.5 [S] newer data after a cancellation opens a new activation",
                                    f"site {site.site_id}"))
            site = None
        elif idle_s > th.site_close_after_s:
            closed.append(replace(site, status="closed"))
            audit.append(AuditEntry("site", "closed", f"§4.2 [K] no data for {th.site_close_after_s / 3600:g} h",
                                    f"site {site.site_id}"))
            site = None
    if site is None:
        new_id = next_site_id() if callable(next_site_id) else next_site_id
        site = Site(site_id=new_id, beacon_id=b.hex_id, status="new", opened_at=rec.detected_at,
                    last_data_at=rec.detected_at, beacon=b, frequency_hz=rec.frequency_hz)
        audit.append(AuditEntry("site", "opened", "§4.2 [S] one site per beacon activation",
                                f"site {site.site_id} for {b.hex_id}"))
    status_before = site.status

    if b.cancellation:  # §4.5: three cancellation bursts within 110 s, none other between
        bursts = tuple(t for t in site.cancel_bursts
                       if (rec.detected_at - t).total_seconds() <= th.cancellation_window_s) + (rec.detected_at,)
        site = replace(site, cancel_bursts=bursts, last_data_at=max(site.last_data_at, rec.detected_at))
        if len(bursts) < th.cancellation_bursts:
            audit.append(AuditEntry("classify", "cancellation burst", "§4.5 [S] awaiting three within 110 s",
                                    f"{len(bursts)} of {th.cancellation_bursts}"))
            return Outcome(site, tuple(closed), tuple(audit), None)
        upd: dict[str, Any] = {"status": "cancelled", "cancelled_at": rec.detected_at}
        incident = "cancellation"
        remarks: list[str] = []
        new: list[SitePosition] = []
    else:
        site = replace(site, cancel_bursts=())
        new = _positions(rec, fixes)
        incident, upd, remarks = _classify(site, new, th)
    audit.append(AuditEntry("classify", incident, "§4.3 matching within "
                            f"{th.match_radius_m / 1000:g} km, independence rules", str(upd.pop("_detail", ""))))
    action = action_for(status_before, incident)
    site = replace(site, positions=site.positions + tuple(new), last_data_at=max(site.last_data_at, rec.detected_at),
                   beacon=b, **upd)
    send, why = _throttle(site, status_before, action.throttle, rec, th)
    areas = frozenset().union(*(config.area_of(p.latitude_deg, p.longitude_deg) for p in new))
    if not send and action.title is not None and not areas <= set(site.destinations):
        send, why = True, ""  # §4.4 [S] tests 7-2-3, 9.7: a new service area is always sent
        audit.append(AuditEntry("throttle", "overridden", "§4.4 [S] new SRR / service area always sent",
                                ", ".join(sorted(areas - set(site.destinations)))))
    if action.title is None:
        send, why = False, action.rule
    rot_before = site.extra.get("rotating_content")
    rot_now = b.rotating_content if b.reliable else None  # MCC-154: invalid data are not used
    if rot_now is not None:
        site = replace(site, extra={**site.extra, "rotating_content": rot_now})
    if not send and rot_now is not None and rot_before is not None and rot_now != rot_before:
        action, send, why = ROTATING_UPDATE, True, ""
    audit.append(AuditEntry("action", ("sent " if send else "suppressed ") + action.name,
                            action.rule if send else why, f"status {status_before} -> {site.status}"))
    ladr_times = [datetime.fromisoformat(t) for t in site.extra.get("ladr_sent", [])]
    ladr_due = b.eltdt and bool(new) and all(
        abs((rec.detected_at - t).total_seconds()) >= th.ladr_min_separation_s for t in ladr_times)
    if b.eltdt and (send or ladr_due):
        kept = [t.isoformat() for t in ladr_times][-999:] + [rec.detected_at.isoformat()]
        site = replace(site, extra={**site.extra, "ladr_sent": kept})
    if not send:
        if ladr_due:  # the RCC schedule held it back; the LADR still gets it
            audit.append(AuditEntry("action", "sent ladr_update", "§4.4 [S] A.001 §3.12 ELT(DT) to the LADR: "
                                    f"reference time >= {th.ladr_min_separation_s:g} s from earlier LADR sends"))
            alert = _alert(rec, site, "ladr_update", "POSITION UPDATE ALERT", "POSITION UPDATE ALERT", site.status,
                           tuple(new), site.reference if site.status == "confirmed" else None, (), tuple(notes),
                           to_rcc=False)
            return Outcome(site, tuple(closed), tuple(audit), replace(alert, extra={"ladr_only": True}))
        return Outcome(site, tuple(closed), tuple(audit), None)
    site = replace(site, last_sent_data_at=rec.detected_at, alerts_sent=site.alerts_sent + 1,
                   destinations=tuple(sorted(set(site.destinations) | areas)))
    if incident == "doppler_unresolved":
        notes.append("WARNING AMBIGUITY IS NOT RESOLVED")
    if b.ssas:
        remarks += ["THIS IS A SHIP SECURITY ALERT.", "PROCESS THIS ALERT ACCORDING TO RELEVANT SECURITY REQUIREMENTS"]
    if b.eltdt:
        remarks += ["THIS DISTRESS TRACKING MESSAGE IS BEING SENT TO APPROPRIATE SAR AUTHORITIES",
                    "PROCESS THIS ALERT ACCORDING TO RELEVANT REQUIREMENTS"]
    ref = site.reference if site.status == "confirmed" else None
    title = action.title or ""
    alert = _alert(rec, site, action.name, title, action.title_csc66 or title, site.status,
                   tuple(new), ref, tuple(remarks), tuple(notes), to_rcc=to_rcc)
    return Outcome(site, tuple(closed), tuple(audit), alert)


def _alert(rec: SolutionRecord, site: Site | None, action: str, title: str, title_csc66: str, status: str,
           positions: tuple[SitePosition, ...], ref: SitePosition | None, remarks: tuple[str, ...],
           notes: tuple[str, ...], to_rcc: bool = True, monitoring: bool = False) -> Alert:
    return Alert(
        site_id=site.site_id if site else 0, beacon=rec.beacon, action=action, title=title,
        title_csc66=title_csc66, prefix=_prefix(rec.beacon), status=status, detected_at=rec.detected_at,
        last_detected_at=rec.last_detected_at, detected_by=detected_by(rec), system=rec.system,
        lut_id=rec.lut_id, frequency_hz=rec.frequency_hz, positions=positions, reference=ref,
        remarks=remarks, notes=notes, to_rcc=to_rcc, monitoring=monitoring, solution_id=rec.solution_id,
    )


def _positions(rec: SolutionRecord, fixes: list | tuple) -> list[SitePosition]:  # type: ignore[type-arg]
    return [SitePosition(type=f.type, latitude_deg=f.latitude_deg, longitude_deg=f.longitude_deg,
                         detected_at=rec.detected_at, solution_id=rec.solution_id, lut_id=rec.lut_id,
                         system=rec.system, pass_id=rec.pass_id, probability_pct=f.probability_pct,
                         ehe_m=f.ehe_m, altitude_m=f.altitude_m, ellipse95=getattr(f, "ellipse95", None))
            for f in fixes]


def _throttle(site: Site, status_before: str, throttle: str | None, rec: SolutionRecord,
              th: Thresholds) -> tuple[bool, str]:
    """Redundancy filter (§4.4): is this update far enough from the last alert sent?"""
    if throttle is None or site.last_sent_data_at is None:
        return True, ""
    since_s = (rec.detected_at - site.last_sent_data_at).total_seconds()
    if site.beacon.eltdt:  # MCC-151/152/153
        in_window = (rec.detected_at - site.opened_at).total_seconds() <= th.eltdt_initial_window_s
        if in_window and since_s >= th.eltdt_min_separation_s:
            return True, ""
        if since_s >= th.eltdt_update_interval_s:
            return True, ""
        return False, (f"§4.4 [S] MCC-151..153 ELT(DT) schedule: {since_s:g} s since last sent "
                       f"(every burst >= {th.eltdt_min_separation_s:g} s apart in the first "
                       f"{th.eltdt_initial_window_s:g} s, then every {th.eltdt_update_interval_s / 60:g} min)")
    if throttle == "before_confirm":
        if since_s >= th.update_min_before_confirm_s:
            return True, ""
        return False, (f"§4.4 [S] A.001 3.2.3.2.1 redundant: {since_s / 60:.1f} min since last sent "
                       f"< {th.update_min_before_confirm_s / 60:g} min before confirmation")
    if since_s > th.update_min_after_confirm_s:
        return True, ""
    return False, (f"§4.4 [S] redundant after confirmation: {since_s / 60:.1f} min since last sent "
                   f"<= {th.update_min_after_confirm_s / 60:g} min")


def _classify(site: Site, new: list[SitePosition], th: Thresholds) -> tuple[str, dict[str, Any], list[str]]:
    """Incident of ``new`` positions against ``site`` and the site fields it changes."""
    r = th.match_radius_m
    def match(a: SitePosition, b: SitePosition) -> bool:
        return pos_distance_m(a, b) <= r
    dop = [p for p in new if p.type.startswith("doppler")]
    pair = (dop[0], dop[1]) if len(dop) == 2 else None
    others = [p for p in new if not p.type.startswith("doppler")]
    if not new:
        return "unlocated", {"status": site.status if site.positions else "unlocated"}, []

    if not site.positions:  # first position(s) of the site
        if pair is not None:
            sides = [s for s in pair if any(match(s, o) for o in others)]
            if len(sides) == 1:
                ref = best_position(sides[0], *[o for o in others if match(sides[0], o)])
                return "first_position_confirmed", {"status": "confirmed", "reference": ref,
                                                     "_detail": "encoded/DOA resolves and confirms Doppler"}, []
            return "first_position", {"status": "ambiguous", "doppler_pair": pair}, []
        enc = [p for p in others if p.type == "encoded"]
        meas = [p for p in others if p.type != "encoded"]
        if enc and meas:
            d = pos_distance_m(enc[0], meas[0])
            if d <= r:
                return "first_position_confirmed", {"status": "confirmed", "reference": best_position(enc[0], meas[0]),
                                                    "_detail": f"encoded and {meas[0].type} {d / 1000:.1f} km apart"}, []
            return "first_position", {"status": "conflict", "_detail": f"encoded and {meas[0].type} "
                                      f"{d / 1000:.1f} km apart"}, []
        return "first_position", {"status": "located"}, []

    if site.status == "ambiguous" and site.doppler_pair is not None:
        a, b = site.doppler_pair
        cands = list(new)
        indep = [p for p in cands if independent(p, a, th)]
        if not indep:
            hit = any(match(p, a) or match(p, b) for p in cands)
            return ("match_dependent", {"_detail": "same pass"}, []) if hit else _conflict(site, new, a)
        sides = [s for s in (a, b) if any(match(s, p) for p in indep)]
        if len(sides) == 2:
            return "doppler_unresolved", {"_detail": "both sides of the new pass match both earlier sides"}, []
        if len(sides) == 1:
            mates = [p for p in indep if match(sides[0], p)]
            ref = best_position(sides[0], *mates)
            return "doppler_resolved", {"status": "confirmed", "reference": ref, "doppler_pair": None,
                                        "_detail": f"{sides[0].type} of the first pass confirmed"}, []
        return _conflict(site, new, a)

    anchors = [site.reference] if site.status == "confirmed" and site.reference else list(site.positions)
    units: list[list[SitePosition]] = [[p] for p in others] + ([list(pair)] if pair else [[p] for p in dop])
    hits: list[tuple[SitePosition, SitePosition]] = []
    for unit in units:
        unit_hits = [(p, q) for p in unit for q in anchors if match(p, q)]
        if not unit_hits:
            return _conflict(site, new, anchors[-1])
        hits += unit_hits
    indep_hits = [(p, q) for p, q in hits if independent(p, q, th)]
    if indep_hits:
        p, q = indep_hits[0]
        ref = best_position(p, q, *([site.reference] if site.reference else []))
        return "match_independent", {"status": "confirmed", "reference": ref, "doppler_pair": None,
                                     "_detail": f"{p.type} {pos_distance_m(p, q) / 1000:.1f} km from {q.type}"}, []
    p, q = hits[0]
    return "match_dependent", {"_detail": f"{p.type} {pos_distance_m(p, q) / 1000:.1f} km from {q.type}, "
                                          "not independent"}, []


def _conflict(site: Site, new: list[SitePosition], prev: SitePosition) -> tuple[str, dict[str, Any], list[str]]:
    """Conflict: the legacy remark gives the distance from the previous alert (§3.4 field 16)."""
    ref = site.reference or prev
    d_km = min(pos_distance_m(p, ref) for p in new) / 1000
    status = "confirmed" if site.status == "confirmed" else "conflict"
    return "conflict", {"status": status, "_detail": f"{d_km:.1f} km from {ref.type}"}, [
        f"THIS POSITION {round(d_km)} KILOMETRES FROM PREVIOUS ALERT"]
