"""Every MCC threshold and the status x incident -> action table, in one reviewed module.

The normative tables are C/S A.001 (distribution) and A.005 (site status word Sw x incident I
-> action word Aw); they were not readable when this was written, so each value cites the
public evidence it rests on (reference mcc-and-distribution.md §4) with its confidence tag:
[S] stated in a source, [I] inferred from test geometry or samples, [K] our assumption.
Change a value here and nowhere else; the audit log names the rule id of every decision.

>>> THRESHOLDS.match_radius_m
20000.0
>>> action_for("located", "match_independent").title
'POSITION CONFIRMED ALERT'
"""

from __future__ import annotations

from dataclasses import dataclass

#: Version of this rule set, written into every audit entry.
RULESET = "sarsat-mcc-rules/1 (A.001/A.005 reconstructed from public evidence, 2026-11)"


@dataclass(frozen=True)
class Thresholds:
    """Numeric limits, each with its source (reference §4)."""

    # §4.3 [I]: 0.9-11.1 km pairs match, 22.2 km and more conflict in every public test.
    match_radius_m: float = 20_000.0
    # §4.3 [I]: two DOA positions are independent when their bursts are >= 30 min apart
    # (tests 1-3-2, 2-14-2 confirm with a 31-minute gap).
    doa_independence_s: float = 30 * 60.0
    # §4.1 item 2 [S]: alerts whose detection time is older than 18 h are dropped.
    old_data_s: float = 18 * 3600.0
    # §4.4 [S] A.001 §3.2.3.2.1, SGB test 10-2: before confirmation a position update is sent
    # only if its data time is >= 5 min after the last one sent.
    update_min_before_confirm_s: float = 5 * 60.0
    # §4.4 [S] LGM test 1 steps 3 and 5: after confirmation a matching DOA is sent as an
    # update only if > 15 min since the last sent (test 1-2-7: 1 min later is not sent).
    update_min_after_confirm_s: float = 15 * 60.0
    # §4.4 [S] MCC-151/152/153: ELT(DT) every burst (>= 3 s apart) during the first 30 s
    # after activation, then the best unsent solution once 10 min passed since the last sent.
    eltdt_initial_window_s: float = 30.0
    eltdt_min_separation_s: float = 3.0
    eltdt_update_interval_s: float = 10 * 60.0
    # §4.4 [S] A.001 §3.12 as quoted: ELT(DT) data go to the LADR when their reference time
    # differs by >= 3 s from every earlier LADR send (independently of the RCC schedule).
    ladr_min_separation_s: float = 3.0
    # §4.5 [S] tests 13.x/14.x: three cancellation bursts within 110 s confirm a cancellation.
    cancellation_bursts: int = 3
    cancellation_window_s: float = 110.0
    # §4.1 item 8 [S] tests 9-1, 9-2: single satellite, first/last burst within 2.5 s.
    uncorroborated_span_s: float = 2.5
    # §4.1 item 3 [K]: "inside the footprint" = the satellite is above this elevation seen from
    # the encoded position (the geometric horizon; test 12-3-1 gives no mask angle).
    footprint_elevation_deg: float = 0.0
    # §4.1 item 3 [S] SGB/FGB test tables: "TLEs/orbit vectors will be current within 7 days";
    # an older element set is not trusted for the footprint check (the LUT flag is used instead).
    footprint_max_tle_age_s: float = 7 * 86400.0
    # §4.2 [K]: site closure timers are in A.001/A.005 (not read); our assumptions.
    site_close_after_s: float = 48 * 3600.0
    cancelled_site_close_after_s: float = 3600.0


THRESHOLDS = Thresholds()

#: Site statuses (A.005 "status word", our names).
STATUSES = ("new", "unlocated", "ambiguous", "located", "conflict", "confirmed", "cancelled")

#: Incidents: how a new solution relates to its site (A.005 "incident", our names).
INCIDENTS = (
    "unlocated",  # no usable position in the solution
    "first_position",  # the site had no position; the solution brings one (or a Doppler pair)
    "first_position_confirmed",  # ... and two independent positions in it agree (DOA + encoded)
    "match_independent",  # matches a site position and is independent of it: confirmation
    "match_dependent",  # matches, but not independent (same pass, DOA < 30 min): update
    "conflict",  # independent position matching none of the site's positions
    "doppler_resolved",  # a later pass or encoded/DOA position picks one Doppler side
    "doppler_unresolved",  # both sides of a new pass match both earlier sides
    "cancellation",  # confirmed user cancellation (§4.5)
)


@dataclass(frozen=True)
class Action:
    """What to do: the SIT 185 title (legacy and CSC-66 wording), whether to send at all, and
    which update throttle applies (``None``: always sent)."""

    name: str
    title: str | None  # legacy title after the DISTRESS/... COSPAS-SARSAT prefix; None: nothing sent
    title_csc66: str | None
    throttle: str | None  # "before_confirm", "after_confirm" or None
    rule: str  # the evidence, quoted in the audit log


def _a(name: str, title: str | None, throttle: str | None, rule: str, title_csc66: str | None = None) -> Action:
    return Action(name, title, title_csc66 if title_csc66 is not None else title, throttle, rule)


_INITIAL = _a("initial", "INITIAL ALERT", None, "§4.6 [S] initial alert (unlocated by country code)")
_INITIAL_LOC = _a("initial_located", "INITIAL ALERT", None, "§3.6 [S] first position of a site",
                  "INITIAL LOCATED ALERT")
_CONFIRMED_FIRST = _a("confirmed_first", "POSITION CONFIRMED ALERT", None,
                      "§4.3 [S] DOA + encoded that agree in one alert confirm at once (LGM test 1)",
                      "INITIAL LOCATED ALERT")
_UNLOC_UPDATE = _a("unlocated_update", "UNLOCATED UPDATE ALERT", "before_confirm",
                   "§4.6 [S] MCC-174: new detection without position")
_CONFIRM = _a("confirm", "POSITION CONFIRMED ALERT", None, "§4.3 [S] independent matching position confirms")
_UPDATE = _a("update", "POSITION UPDATE ALERT", "before_confirm", "§4.4 [S] A.001 3.2.3.2.1 update before confirmation")
_CONF_UPDATE = _a("confirmed_update", "POSITION CONFIRMED UPDATE ALERT", "after_confirm",
                  "§4.4 [S] LGM test 1: update after confirmation")
_CONFLICT = _a("conflict", "POSITION CONFLICT ALERT", None, "§4.3 [S] independent non-matching position; always sent")
_RESOLVED = _a("doppler_resolved", "POSITION CONFIRMED ALERT", None,
               "§4.3 [S] a later pass or an encoded position resolves the Doppler ambiguity")
_UNRESOLVED = _a("doppler_unresolved", "UNRESOLVED DOPPLER POSITION MATCH", None,
                 "§4.3 [S] both sides match both: WARNING AMBIGUITY IS NOT RESOLVED")
_CANCEL = _a("cancellation", "USER CANCELLATION ALERT", None, "§4.5 [S] three cancellation bursts within 110 s")
ROTATING_UPDATE = _a("rotating_field_update", "ROTATING FIELD UPDATE ALERT", None,
                     "§4.4 [S] tests 3-x: new rotating-field content (SGB) is sent")
_NOTHING = _a("nothing_new", None, None, "§4.4 [K] detection without new position on a located site: not sent")

#: The status x incident -> action table (A.005 Sw x I -> Aw, reconstructed).
ACTIONS: dict[tuple[str, str], Action] = {
    ("new", "unlocated"): _INITIAL,
    ("new", "first_position"): _INITIAL_LOC,
    ("new", "first_position_confirmed"): _CONFIRMED_FIRST,
    ("unlocated", "unlocated"): _UNLOC_UPDATE,
    ("unlocated", "first_position"): _INITIAL_LOC,
    ("unlocated", "first_position_confirmed"): _CONFIRMED_FIRST,
    ("ambiguous", "unlocated"): _NOTHING,
    ("ambiguous", "match_dependent"): _UPDATE,
    ("ambiguous", "conflict"): _CONFLICT,
    ("ambiguous", "doppler_resolved"): _RESOLVED,
    ("ambiguous", "doppler_unresolved"): _UNRESOLVED,
    ("located", "unlocated"): _NOTHING,
    ("located", "match_independent"): _CONFIRM,
    ("located", "match_dependent"): _UPDATE,
    ("located", "conflict"): _CONFLICT,
    ("located", "doppler_resolved"): _CONFIRM,
    ("conflict", "unlocated"): _NOTHING,
    ("conflict", "match_independent"): _CONFIRM,
    ("conflict", "match_dependent"): _UPDATE,
    ("conflict", "conflict"): _CONFLICT,
    ("conflict", "doppler_resolved"): _CONFIRM,
    ("confirmed", "unlocated"): _NOTHING,
    ("confirmed", "match_independent"): _CONF_UPDATE,
    ("confirmed", "match_dependent"): _CONF_UPDATE,
    ("confirmed", "conflict"): _CONFLICT,
    ("confirmed", "doppler_resolved"): _CONF_UPDATE,
}
for _status in STATUSES:
    if _status != "cancelled":
        ACTIONS[(_status, "cancellation")] = _CANCEL
# A Doppler pair seen first, or an unresolved one, is handled as in the "ambiguous" row.
for _status in ("located", "conflict", "confirmed"):
    ACTIONS.setdefault((_status, "doppler_unresolved"), _UNRESOLVED)


def action_for(status: str, incident: str) -> Action:
    """The action for a site in ``status`` receiving ``incident`` (KeyError: a gap in the table,
    which is a bug: tests check the table covers every reachable pair)."""
    return ACTIONS[(status, incident)]


#: Title prefixes (§3.6): distress, ship security (SSAS), distress tracking (ELT(DT)).
PREFIX_DISTRESS = "DISTRESS COSPAS-SARSAT"
PREFIX_SSAS = "SHIP SECURITY COSPAS-SARSAT"
PREFIX_ELTDT = "DISTRESS TRACKING COSPAS-SARSAT"
NOCR_TITLE = "NOTIFICATION OF COUNTRY OF BEACON REGISTRATION ALERT"
