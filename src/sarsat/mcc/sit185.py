"""SIT 185 writer: the alert message to an RCC/SPOC, legacy 16 fields or CSC-66 six sections.

Layouts follow reference mcc-and-distribution.md §3.4 (legacy) and §3.5 (CSC-66: MCC REFERENCE
instead of CONFIRMED, ESTIMATED ERROR instead of EXPECTED ACCURACY, GNSS instead of ENCODED, NIL
lines and next-pass times dropped). Lines are at most 69 characters (A.002, §3.1). A destination
that cannot take the new data type gets the text wrapped in a SIT 915 (§2.4).
:func:`sarsat.mcc.sit185_parse.parse_sit185` reads every message written here back to the same
fields (tested).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from sarsat.beacon.countries import country_name
from sarsat.mcc.matching import Alert
from sarsat.mcc.sites import SitePosition

MAX_LINE = 69  # A.002: at most 69 characters per line (§3.1)
NM_M = 1852.0
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class Envelope:
    """Who sends what to whom: message number, the MCC's name and 4-character code, the
    destination's code, the send time (UTC) and the MCC's reference for the site."""

    msg_no: int
    mcc_name: str  # e.g. "FMCC"
    mcc_code: str  # e.g. "2270"
    dest_code: str  # e.g. "227A"
    sent_at: datetime
    site_ref: int


def sit_header(env: Envelope) -> str:
    """A.002 line 1: ``/MMMMM 00000/OOOO/YY DDD HHMM`` (§3.1).

    >>> from datetime import UTC
    >>> sit_header(Envelope(417, "FMCC", "2270", "227A", datetime(2025, 6, 12, 14, 14, tzinfo=UTC), 1))
    '/00417 00000/2270/25 163 1414'
    """
    t = env.sent_at
    return f"/{env.msg_no % 100000:05d} 00000/{env.mcc_code}/{t:%y} {t.timetuple().tm_yday:03d} {t:%H%M}"


def format_time(t: datetime) -> str:
    """``12 JUN 25 140211 UTC`` (6-digit time, as MEOSAR-era MCCs print it)."""
    return f"{t.day:02d} {_MONTHS[t.month - 1]} {t:%y} {t:%H%M%S} UTC"


def format_latlon(lat_deg: float, lon_deg: float, decimals: int = 1) -> str:
    """``43 07.4N  005 59.2E``: degrees and decimal minutes (1 decimal, 2 for encoded).

    >>> format_latlon(-36.6033, 174.7167, 2)
    '36 36.20S  174 43.00E'
    """
    def dm(v: float, width: int) -> tuple[int, float]:
        scale = 10 ** decimals
        total = round(abs(v) * 60 * scale)  # in 1/scale minutes, rounded once
        return total // (60 * scale), (total % (60 * scale)) / scale

    la_d, la_m = dm(lat_deg, 2)
    lo_d, lo_m = dm(lon_deg, 3)
    w = 3 + decimals
    return (f"{la_d:02d} {la_m:0{w}.{decimals}f}{'S' if lat_deg < 0 else 'N'}  "
            f"{lo_d:03d} {lo_m:0{w}.{decimals}f}{'W' if lon_deg < 0 else 'E'}")


def _wrap(line: str, indent: str) -> list[str]:
    """Fold ``line`` at 69 columns, continuation lines indented like the first text."""
    if len(line) <= MAX_LINE:
        return [line]
    lead = len(line) - len(line.lstrip())
    return textwrap.wrap(line, MAX_LINE, initial_indent="", subsequent_indent=indent or " " * lead,
                         break_long_words=True, break_on_hyphens=False) or [line[:MAX_LINE]]


def _fmt_pos(p: SitePosition, csc66: bool) -> str:
    text = format_latlon(p.latitude_deg, p.longitude_deg, 2 if p.type == "encoded" else 1)
    if p.type.startswith("doppler") and p.probability_pct is not None:
        text += f" PROB {round(p.probability_pct):02d} PERCENT"
    if p.type == "doa":
        if p.ehe_m is not None:
            nm = max(1, round(p.ehe_m / NM_M))
            text += f"  ESTIMATED ERROR {nm} NM" if csc66 else f" EXPECTED ACCURACY {nm:02d} NMS"
        elif csc66:
            text += "  ESTIMATED ERROR UNKNOWN"
        if p.altitude_m is not None and not csc66:
            text += f" ALTITUDE {round(p.altitude_m)} METRES"
    return text


FT_PER_M = 1 / 0.3048
UPDATE_WITHIN_4H = "UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME"  # §3.4 field 8, §3.5 sample


def _feet(m: float) -> int:
    """Feet rounded to 100, as the 5.1.RCCVENUS sample prints 400 m: ``(1300 FEET)``."""
    return int(round(m * FT_PER_M / 100.0)) * 100


def _gnss_altitude(alert: Alert, p: SitePosition, label: str) -> str | None:
    """Altitude of the encoded position in metres and feet for FGB ELT(DT)s and SGBs (MCC-118,
    MCC-119 in the public FGB ELT(DT) test table; §3.5: ``ALTITUDE OF GNSS LOCATION LESS THAN 400
    METRES (1300 FEET)``): the FGB altitude band, else the SGB altitude. The BETWEEN / GREATER
    THAN and exact-value wordings are ours [I: only LESS THAN is sampled]."""
    if not (alert.beacon.eltdt or len(alert.beacon.hex_id) == 23):
        return None
    head = f"ALTITUDE OF {label} LOCATION"
    band = alert.beacon.gnss_altitude if alert.beacon.reliable else None
    if band:
        lo, hi = band.get("above_m"), band.get("up_to_m")
        if lo is None and hi is not None:
            return f"{head} LESS THAN {hi:g} METRES ({_feet(hi)} FEET)"
        if hi is None and lo is not None:
            return f"{head} GREATER THAN {lo:g} METRES ({_feet(lo)} FEET)"
        if lo is not None and hi is not None:
            return f"{head} BETWEEN {lo:g} AND {hi:g} METRES ({_feet(lo)} AND {_feet(hi)} FEET)"
    if p.altitude_m is not None:
        return f"{head} {round(p.altitude_m)} METRES ({_feet(p.altitude_m)} FEET)"
    return None


def _uncertainty(alert: Alert, label: str, has_encoded: bool) -> str | None:
    """MCC-118 (§3.5 sample): ``GNSS POSITION UNCERTAINTY PLUS-MINUS 15 MINUTES OF LATITUDE AND
    LONGITUDE`` when an encoded position is sent and its uncertainty is known."""
    u = alert.beacon.position_uncertainty if alert.beacon.reliable else None
    if not (has_encoded and u):
        return None
    return f"{label} POSITION UNCERTAINTY PLUS-MINUS {u} OF LATITUDE AND LONGITUDE"


def _country(alert: Alert) -> str:
    b = alert.beacon
    if b.country_code is None:
        return "NIL"
    name = b.country or country_name(b.country_code) or "UNASSIGNED"
    return f"{b.country_code:03d}/{name.upper()}"


def _hex_homing(hex_id: str, homing: str | None) -> list[str]:
    """Field 11: ``HEX ID ...  HOMING SIGNAL ...`` on one line, or two when it would pass 69."""
    line = f"11. HEX ID {hex_id}"
    if homing is None:
        return [line]
    if len(f"{line}  HOMING SIGNAL {homing}") <= MAX_LINE:
        return [f"{line}  HOMING SIGNAL {homing}"]
    return [line, f"    HOMING SIGNAL {homing}"]


def _beacon_lines(alert: Alert) -> list[str]:
    """Beacon type and identification lines (field 6 / section 3)."""
    b = alert.beacon
    kind = (b.beacon_type or "").upper()
    # the protocol family reads well for FGB location/user protocols ("STANDARD LOCATION")
    family = b.family.upper().replace("-", " ") if b.family not in ("unknown", "", "elt-dt", "sgb") else ""
    first = " - ".join(x for x in (family, kind) if x) or "NIL"
    lines = [first]
    for key, value in b.identity.items():
        if value is not None and not isinstance(value, (dict, list)):
            lines.append(f"{key.upper().replace('_', ' ')} {str(value).upper()}")
    return lines


def render(alert: Alert, env: Envelope, layout: str = "csc66", nocr: bool = False) -> str:
    """The SIT 185 text for ``alert`` (``layout`` ``"legacy"`` or ``"csc66"``); ``nocr``
    retitles it as a notification of country of beacon registration (§2.4)."""
    if layout == "legacy":
        lines = _legacy(alert, env, nocr)
    elif layout == "csc66":
        lines = _csc66(alert, env, nocr)
    else:
        raise ValueError(f"unknown SIT 185 layout {layout!r}")
    out: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()))
        if line[:3].rstrip(" .").isdigit():
            indent = "    "
        out.extend(_wrap(line, indent))
    return "\n".join(out) + "\n"


def wrap_sit915(text: str, env: Envelope) -> str:
    """SIT 185 text inside a SIT 915 narrative (§3.1, the 5.1.CMCC sample): ``/915/DDDD``,
    ``/`` before the text, then ``QQQQ``, ``/LASSIT``, ``/ENDMSG``."""
    body = [line for line in text.rstrip("\n").split("\n") if not line.startswith("/")]
    return "\n".join([sit_header(env), f"/915/{env.dest_code}", "/" + body[0], *body[1:],
                      "QQQQ", "/LASSIT", "/ENDMSG"]) + "\n"


def _title(alert: Alert, nocr: bool, csc66: bool) -> str:
    from sarsat.mcc.rules import NOCR_TITLE

    title = NOCR_TITLE if nocr else (alert.title_csc66 if csc66 else alert.title)
    return f"{alert.prefix} {title}"


def _legacy(alert: Alert, env: Envelope, nocr: bool) -> list[str]:
    b = alert.beacon
    by_type = {p.type: p for p in alert.positions}
    def pos(t: str) -> str:
        return _fmt_pos(by_type[t], False) if t in by_type else "NIL"
    ref = _fmt_pos(alert.reference, False) if alert.reference else "NIL"
    ref = ref.split(" EXPECTED")[0].split(" PROB")[0].split(" ALTITUDE")[0] if alert.reference else "NIL"
    freq = f"{alert.frequency_hz / 1e6:.4f} MHZ" if alert.frequency_hz else "NIL"
    lines = [
        sit_header(env),
        f"1.  {_title(alert, nocr, False)}",
        f"2.  MSG NO {env.msg_no:05d}  {env.mcc_name} REF {env.site_ref:05d}",
        # legacy field 3 names the GEO satellite alone ("BY GOES 15"), CSC-66 says "BY GEOSAR GOES 16"
        f"3.  DETECTED AT {format_time(alert.detected_at)} BY {alert.detected_by.removeprefix('GEOSAR ')}",
        f"4.  DETECTION FREQUENCY {freq}",
        f"5.  COUNTRY OF BEACON REGISTRATION {_country(alert) if b.reliable else 'NIL'}",
    ]
    blines = _beacon_lines(alert) if b.reliable else ["NIL"]
    lines.append(f"6.  USER CLASS {blines[0]}")
    lines += [f"    {x}" for x in blines[1:]]
    lines += [
        "7.  EMERGENCY CODE NIL",
        "8.  POSITIONS",
        f"    CONFIRMED - {ref}",
        f"    DOPPLER A - {pos('doppler_a')}",
        f"    DOPPLER B - {pos('doppler_b')}",
        f"    DOA       - {pos('doa')}",
        f"    ENCODED   - {pos('encoded')}",
    ]
    if "encoded" in by_type:  # §3.4 field 8: update time (and ELT(DT) altitude) of the encoded position
        lines.append(f"    {UPDATE_WITHIN_4H}")
        alt = _gnss_altitude(alert, by_type["encoded"], "ENCODED")
        if alt:
            lines.append(f"    {alt}")
    src = (b.encoded_source or "").upper()
    lines.append(f"9.  ENCODED POSITION PROVIDED BY {src + ' DEVICE' if src and 'encoded' in by_type else 'NIL'}")
    meo = "MEOSAR DATA USUALLY SENT WITHIN 15 MINUTES" if alert.system == "meosar" else "NIL"
    lines += [
        "10. NEXT PASS/EXPECTED DATA TIMES",
        f"    CONFIRMED - {meo if alert.reference else 'NIL'}",
        "    DOPPLER A - NIL",
        "    DOPPLER B - NIL",
        f"    DOA       - {meo if 'doa' in by_type else 'NIL'}",
        "    ENCODED   - NIL",
        *_hex_homing(b.hex_id, b.homing if b.reliable else None),
        f"12. ACTIVATION TYPE {(b.activation or 'NIL').upper() if b.reliable else 'NIL'}",
        "13. BEACON NUMBER ON AIRCRAFT OR VESSEL NIL",
    ]
    unc = _uncertainty(alert, "ENCODED", "encoded" in by_type)
    lines.append(f"14. OTHER ENCODED INFORMATION {unc}" if unc else "14. OTHER ENCODED INFORMATION NIL")
    ops = [f"LUT ID {alert.lut_id}", *alert.notes]
    if alert.system == "meosar":
        ops.append(f"MEOSAR ALERT LAST DETECTED AT {format_time(alert.last_detected_at)}")
    lines.append("15. OPERATIONAL INFORMATION")
    lines += [f"    {x}" for x in ops]
    if alert.remarks:
        lines.append("16. REMARKS")
        lines += [f"    {x}" for x in alert.remarks]
    else:
        lines.append("16. REMARKS NIL")
    lines.append("END OF MESSAGE")
    return lines


def _csc66(alert: Alert, env: Envelope, nocr: bool) -> list[str]:
    b = alert.beacon
    lines = [
        sit_header(env),
        f"1.  {_title(alert, nocr, True)}",
        f"2.  MSG NO {env.msg_no:05d}  {env.mcc_name} REF {env.site_ref:05d}",
        "3.  BEACON MESSAGE INFORMATION",
    ]
    if b.reliable:
        blines = _beacon_lines(alert)
        lines.append(f"    BEACON TYPE  {blines[0]}")
        lines += [f"    {x}" for x in blines[1:]]
        lines.append(f"    HEX ID {b.hex_id}")
        if b.country_code is not None:
            lines.append(f"    COUNTRY OF BEACON REGISTRATION {_country(alert)}")
        if b.activation:
            lines.append(f"    ACTIVATION TYPE {b.activation.upper()}")
    else:  # §4.1 item 4: only the hex ID and the note
        lines += ["    DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE", f"    HEX ID {b.hex_id}"]
    lines.append("4.  ALERT POSITION INFORMATION")
    lines.append(f"        DETECTED AT {format_time(alert.detected_at)} BY {alert.detected_by}")
    if alert.last_detected_at != alert.detected_at:
        lines.append(f"        ALERT LAST DETECTED AT {format_time(alert.last_detected_at)}")
    if alert.reference is not None:
        lines.append(f"        MCC REFERENCE - {format_latlon(alert.reference.latitude_deg, alert.reference.longitude_deg)}")
    labels = {"doppler_a": "DOPPLER A", "doppler_b": "DOPPLER B", "doa": "DOA", "encoded": "GNSS"}
    for p in sorted(alert.positions, key=lambda q: list(labels).index(q.type)):
        lines.append(f"        {labels[p.type]} - {_fmt_pos(p, True)}")
        if p.type == "doa" and p.altitude_m is not None:
            lines.append(f"          ALTITUDE {round(p.altitude_m)} METRES")
        if p.type == "encoded":  # §3.5 sample (5.1.RCCVENUS): update time, then ELT(DT) altitude
            lines.append(f"          {UPDATE_WITHIN_4H}")
            alt = _gnss_altitude(alert, p, "GNSS")
            if alt:
                lines.append(f"          {alt}")
    lines.append("5.  OTHER INFORMATION")
    if alert.frequency_hz:
        lines.append(f"    DETECTION FREQUENCY {alert.frequency_hz / 1e6:.4f} MHZ")
    unc = _uncertainty(alert, "GNSS", any(p.type == "encoded" for p in alert.positions))
    if unc:  # §3.5 sample order: after the frequency, before the LUT ID
        lines.append(f"    {unc}")
    lines.append(f"    LUT ID {alert.lut_id}")
    lines += [f"    {x}" for x in alert.notes if "NOT RELIABLE" not in x]
    if alert.remarks:
        lines.append("6.  REMARKS")
        lines += [f"    {x}" for x in alert.remarks]
    else:
        lines.append("6.  REMARKS  NIL")
    lines.append("END OF MESSAGE")
    return lines
