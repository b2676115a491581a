"""Inter-MCC SIT messages, in and out: FGB SIT 122/125/142/145 (and their conflict, confirmed and
NOCR variants) and the second-generation SIT 3xx counterparts (322/342/345 ..., 338/339 RLS).

**Evidence.** A.002 itself was not readable (reference mcc-and-distribution.md, access caveat).
The line layouts below are those of the public Venus commissioning inputs (mcmsar/
cs-auto-commissioning: the SIT 145 "resulting file" of the SGB ``config.xml``, reference §3.3;
the FGB input templates 5.1.125, 10.1.142, 16.1.122; the SGB templates 1.1.1.322, 1.1.3.324,
1.2.1.342, 1.2.4.344, 1.2.5.345, 1.1.4.346, 1.3.2.347, 1.2.6.338, 1.2.7.339; samples in
``tests/data/sit_inter``). They fix the *order and shape* of every line; what an item *means*
is named in the reference only for the burst times (MF 14a/b), the satellites (MF 83), the
SGB BCH status (MF 91) and the 23-hex ID. Everything marked [I] is our reading of the
templates; items marked "unidentified" are carried as the templates show them and ignored on
input. This is **not** the official A.002 field list: check it before exchanging with a real MCC.

FGB, GEOSAR (122; 123/124 conflict/confirmed and 132 NOCR by analogy with 322-324/332 [I])::

    /MMMMM RRRRR/OOOO/YY DDD HHMM      A.002 line 1 (message, reference, originator, time)
    /122/DDDD/SSS/01                   SIT, destination, GEO satellite [I: 16.1.122 has 263, 322
                                       has #LocalGeoSat#], solutions in message
    /LLLL/+FFFFF.F 999.9 +99.99/YY DDD HHMM SS.SS/NN
                                       LUT, frequency offset in Hz from 406.025 MHz [I] and two
                                       unidentified items, detection time, bursts [I]
    /<30-hex message>

FGB, MEOSAR (142 without DOA, 145 with; 143/144, 146/147 conflict/confirmed [I]; 136/137 NOCR)::

    /MMMMM RRRRR/OOOO/YY DDD HHMM
    /145/DDDD/01                                         solutions in the message (the test tables
                                                         send SIT 145/345/346 "with two solutions";
                                                         each repeats the lines below [I])
    /LLLL/+FFFFF.F 999.9 +00.00/YY DDD HHMM SS.SS        first burst (MF 14a)
    /YY DDD HHMM SS.SS/NN/FFFE2F<30 hex>                 last burst (MF 14b), bursts, sync + message
    /-366/+38.948/-076.831/872/010.00                    145 only: unidentified, DOA latitude (MF 25
                                                         [S: FGB test table]) and longitude [I],
                                                         two unidentified items
    /38.50/00/00/...                                     quality items (unidentified)
    /329 315 302 000 ... (17 slots)                      satellites (MF 83), 000 = empty

FGB, LEOSAR Doppler (125, template 5.1.125; no SGB counterpart: LEOSAR does not process SGBs)::

    /MMMMM RRRRR/OOOO/YY DDD HHMM
    /125/DDDD/SSS/01                   SIT, destination, LEO satellite [I, as 322], solutions
    /LLLL/+8/-00105.3 003.0 +00.00/YY DDD HHMM SS.SS/0
                                       LUT, unidentified, frequency offset [I] + two unidentified,
                                       pass time (read as the detection time and, with the
                                       satellite, as the pass identity [I]), unidentified
    /9/09.345/0000/03                  unidentified (last item read as the number of bursts [I])
    /<30-hex message>
    /+503/-18.000/+132.000/285 001.3 000.8/50/00 000 0000/1/000.0 000.0
                                       Doppler A: unidentified, lat/lon [I], ellipse? (unidentified),
                                       probability in percent [I: 50 on both sides of 5.1], rest
                                       unidentified
    /+563/+01.388/+103.801/.../50/...  Doppler B, same layout

SGB, GEOSAR (322 initial, 323 conflict, 324 confirmed; 332 NOCR by analogy [I])::

    /MMMMM RRRRR/OOOO/YY DDD HHMM
    /322/DDDD/SSS/01
    /LLLL/+99999.9 999.9 +99.99/YY DDD HHMM SS.SS/NN
    /<51-hex message>                  the 202-bit SGB message, C/S ground-segment representation
    /0/<23-hex ID>                     MF 91 BCH status (0 none, digit corrected, N uncorrectable)

SGB, MEOSAR (342-344 without DOA, 345-347 with; 336/337 NOCR [I]; RLS 338 without, 339 with)::

    /MMMMM RRRRR/OOOO/YY DDD HHMM
    /345/DDDD/01
    /LLLL/+24984.0 999.9 +00.00/YY DDD HHMM SS.SS/YY DDD HHMM SS.SS/NN
                                       first and last burst on one line, then bursts
    /<51-hex message>
    /0/<23-hex ID>
    /-477/+17.246/+114.761/992/002.60  345-347, 339 only: as the SIT 145 DOA line
    /34.00/00/05/...                   quality items (unidentified)
    /426 419 427 303 302 000 ...       satellites (MF 83), 17 slots
    /477302 477303 ... 000000          16 six-digit slots over two lines, the second without '/'
    000000 ... 000000                  (LUT code + two digits: antennas/channels [I])

:func:`read_sit` turns each message into a :class:`~sarsat.mcc.ingest.SolutionRecord` (the
message decoded with the beacon codec, its encoded position kept); :func:`write_sit` writes one
from a record, choosing the SIT number with :func:`sit_number` unless told. On output the
unidentified items are written as fixed placeholders in the shapes above (a project choice).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sarsat.errors import MccError, SarsatError
from sarsat.mcc.ingest import SolutionRecord

BASE_FREQUENCY_HZ = 406.025e6  # SIT frequency items are offsets from 406.025 MHz [I, §3.3]
_HEADER = re.compile(r"^/\s*(\d{5})\s+(\d{5})\s*/\s*(\w{4})\s*/\s*(\d{2})\s+(\d{3})\s+(\d{4})\s*$")
_TIME = r"(\d{2})\s+(\d{3})\s+(\d{2})(\d{2})\s+(\d{2}\.\d+)"
_FREQ = r"([+-]\d+\.\d+)\s+\S+\s+\S+"
_COORD = r"([+-]?\d{1,2}\.\d+)/([+-]?\d{1,3}\.\d+)"

# SIT number -> (generation, layout, has DOA). Layout: "geo", "meo" or "leo" (above).
SITS: dict[str, tuple[str, str, bool]] = {
    **{s: ("fgb", "geo", False) for s in ("122", "123", "124", "132")},
    **{s: ("fgb", "meo", False) for s in ("142", "143", "144", "136")},
    **{s: ("fgb", "meo", True) for s in ("145", "146", "147", "137")},
    "125": ("fgb", "leo", False),
    **{s: ("sgb", "geo", False) for s in ("322", "323", "324", "332")},
    **{s: ("sgb", "meo", False) for s in ("342", "343", "344", "336", "338")},
    **{s: ("sgb", "meo", True) for s in ("345", "346", "347", "337", "339")},
}
_SYSTEM = {"geo": "geosar", "meo": "meosar", "leo": "leosar"}


def _sit_time(m: re.Match[str], first: int = 1) -> datetime:
    """``YY DDD HHMM SS.SS`` groups (from group ``first``) as a UTC datetime."""
    yy, ddd, hh, mm, ss = (m.group(first + i) for i in range(5))
    if not 1 <= int(ddd) <= 366 or int(hh) > 23 or int(mm) > 59 or float(ss) >= 60:
        raise MccError(f"SIT time '{yy} {ddd} {hh}{mm} {ss}' is out of range")
    return (datetime(2000 + int(yy), 1, 1, int(hh), int(mm), tzinfo=UTC)
            + timedelta(days=int(ddd) - 1, seconds=float(ss)))


def split_sits(text: str) -> list[list[str]]:
    """The SIT messages of a transmission, each as its lines (header line first)."""
    sits: list[list[str]] = []
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        if not line or line in ("/LASSIT", "/ENDMSG"):
            continue
        if _HEADER.match(line):
            sits.append([line])
        elif sits:
            sits[-1].append(line)
        else:
            raise MccError(f"text before the first SIT header: {line[:40]!r}")
    return sits


def _hexline(line: str, n: int, what: str) -> str:
    s = line.strip().lstrip("/").strip().upper()
    if not re.fullmatch(rf"[0-9A-F]{{{n}}}", s):
        raise MccError(f"{what} is not '/<{n} hex digits>'")
    return s


def _sats(lines: list[str]) -> list[str]:
    """Satellite ids of the MF 83 line (17 three-digit slots, 000 = empty)."""
    return [s for line in lines if re.fullmatch(r"/\d{3}(?: \d{3})+", line) for s in line[1:].split() if s != "000"]


_BLOCK_START = re.compile(r"^/\w{4}/[+-]\d")  # line 3 of every layout: /LUT/+FREQ... or /LUT/+N/...


def read_sit(lines: list[str], source: str = "<sit>") -> SolutionRecord:
    """One inter-MCC SIT message (its lines) holding one solution, as a solution record."""
    recs = read_sit_solutions(lines, source)
    if len(recs) != 1:
        raise MccError(f"{source}: SIT message {lines[0].strip()!r}: {len(recs)} solutions; use read_sit_solutions")
    return recs[0]


def read_sit_solutions(lines: list[str], source: str = "<sit>") -> list[SolutionRecord]:
    """Every solution of one inter-MCC SIT message. The solution count is the last item of line 2
    (the SGB/FGB test tables send "a SIT 145/345 message with two solutions"); each solution
    repeats the layout from line 3 on [I: no multi-solution sample is public]."""
    where = f"{source}: SIT message {lines[0].strip()!r}"
    try:
        if len(lines) < 4:
            raise MccError("too few lines")
        m2 = re.match(r"^/\d{3}/\w{4}(?:/[^/]*)*/(\d{1,2})$", lines[1])
        count = int(m2.group(1)) if m2 else 1
        starts = [i for i in range(2, len(lines)) if _BLOCK_START.match(lines[i])] or [2]
        if starts[0] != 2 or len(starts) != max(count, 1):
            raise MccError(f"line 2 announces {count} solution(s), {len(starts)} found")
        bounds = [*starts, len(lines)]
        return [_read([lines[0], lines[1], *lines[a:b]], k if len(starts) > 1 else 0)
                for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False), 1)]
    except (SarsatError, IndexError) as e:
        raise MccError(f"{where}: {e if isinstance(e, SarsatError) else 'too few lines'}") from e


def _read(lines: list[str], k: int = 0) -> SolutionRecord:
    """Lines 1-2 of the message and the lines of one solution (``k``: its number, 0 if alone)."""
    if len(lines) < 4:
        raise MccError("too few lines")
    head = _HEADER.match(lines[0])
    second = re.match(r"^/(\d{3})/(\w{4})((?:/[^/]*)*)$", lines[1])
    if head is None or second is None:
        raise MccError("expected '/MMMMM RRRRR/OOOO/YY DDD HHMM' then '/SIT/DEST/...'")
    sit = second.group(1)
    if sit not in SITS:
        raise MccError(f"SIT {sit} is not read (inter-MCC SITs read: {', '.join(sorted(SITS))})")
    gen, layout, has_doa = SITS[sit]
    items = [x.strip() for x in second.group(3).split("/")[1:]]
    sat = items[0] if layout in ("geo", "leo") and len(items) >= 2 else None  # /SIT/DEST/SAT/NN [I]
    obj: dict[str, Any] = {
        "solution_id": f"SIT{sit}-{head.group(3)}-{head.group(1)}-{head.group(4)}{head.group(5)}{head.group(6)}"
                       + (f"-{k}" if k else ""),
        "system": _SYSTEM[layout], "positions": [],
    }
    if layout == "leo":
        m = re.match(rf"^/(\w{{4}})/[+-]?\d+/{_FREQ}/{_TIME}(?:/\S*)?$", lines[2])
        if m is None:
            raise MccError("line 3 is not '/LUT/N/+FREQ .../YY DDD HHMM SS.SS/N'")
        q = re.match(r"^/[^/]*/[^/]*/[^/]*/(\d+)$", lines[3])
        obj["num_bursts"] = max(1, int(q.group(1))) if q else 1  # [I] last item of line 4
        msg = _hexline(lines[4], 30, "line 5 (the 30-hex message)")
        first = _sit_time(m, 3)
        obj["pass_id"] = f"{sat or '000'}@{first:%Y%m%dT%H%M%S}"  # satellite + pass time [I]
        for side, line in zip(("doppler_a", "doppler_b"), lines[5:7], strict=False):
            p = re.match(rf"^/[+-]?\d+/{_COORD}/[^/]*/(\d{{1,3}})(?:/.*)?$", line)
            if p is None:
                raise MccError(f"{side} line is not '/N/+LAT/+LON/.../PROB/...'")
            obj["positions"].append({"type": side, "latitude_deg": float(p.group(1)),
                                     "longitude_deg": float(p.group(2)), "probability_pct": float(p.group(3))})
        if len(obj["positions"]) != 2:
            raise MccError("SIT 125 needs the Doppler A and B lines")
        rest: list[str] = []
    else:
        tail = r"/(\d+)" if layout == "geo" else (rf"/{_TIME}/(\d+)" if gen == "sgb" else "")
        m = re.match(rf"^/(\w{{4}})/{_FREQ}/{_TIME}{tail}$", lines[2])
        if m is None:
            raise MccError("line 3 is not '/LUT/+FREQ .../YY DDD HHMM SS.SS...' as the evidenced layout")
        first = _sit_time(m, 3)
        nxt = 3
        if layout == "geo":
            obj["num_bursts"] = max(1, int(m.group(8)))
        elif gen == "sgb":
            obj["last_detected_at"] = _sit_time(m, 8).isoformat()
            obj["num_bursts"] = max(1, int(m.group(13)))
        else:
            m4 = re.match(rf"^/{_TIME}/(\d+)/(?:FFFE2F|FFFED0)?([0-9A-Fa-f]{{30}})$", lines[3])
            if m4 is None:
                raise MccError("line 4 is not '/YY DDD HHMM SS.SS/NN/FFFE2F<30 hex>'")
            obj["last_detected_at"] = _sit_time(m4).isoformat()
            obj["num_bursts"] = max(1, int(m4.group(6)))
            msg, nxt = m4.group(7).upper(), 4
        if gen == "fgb" and layout == "geo":
            msg, nxt = _hexline(lines[3], 30, "line 4 (the 30-hex message)"), 4
        elif gen == "sgb":
            msg = _hexline(lines[3], 51, "line 4 (the 51-hex SGB message)")
            idl = re.match(r"^/([0-9N])/([0-9A-Fa-f]{23})$", lines[4].strip())
            if idl is None:
                raise MccError("line 5 is not '/<MF 91 BCH status>/<23-hex ID>'")
            bch, id23, nxt = idl.group(1), idl.group(2).upper(), 5
        rest = lines[nxt:]
        if has_doa:
            doa = re.match(rf"^/[+-]?\d+/{_COORD}/", rest[0] if rest else "")
            if doa is None:
                raise MccError(f"SIT {sit}: the DOA line is not '/N/+LAT/+LON/...'")
            obj["positions"].append({"type": "doa", "latitude_deg": float(doa.group(1)),
                                     "longitude_deg": float(doa.group(2))})
    obj["lut_id"] = m.group(1)
    obj["detected_at"] = first.isoformat()
    obj["frequency_hz"] = BASE_FREQUENCY_HZ + float(m.group(2))
    sats = _sats(rest)
    obj["satellites"] = sats if sats or sat in (None, "000") else [sat]
    if gen == "sgb" and bch == "N":  # MF 91: not correctable -> unreliable, only the ID kept (§4.1-4)
        obj["beacon"] = {"hex_id": id23, "reliable": False, "message_hex": msg}
    else:
        obj["message_hex"] = msg
    rec = SolutionRecord.from_json(obj)
    if gen == "sgb" and rec.beacon.hex_id != id23:
        raise MccError(f"the 23-hex ID {id23} is not the message's ({rec.beacon.hex_id})")
    return rec


def read_sits(text: str, source: str = "<sit>") -> list[SolutionRecord | SarsatError]:
    """Every SIT message of a transmission file; a bad one yields its error in its place."""
    out: list[SolutionRecord | SarsatError] = []
    try:
        sits = split_sits(text)
    except SarsatError as e:
        return [MccError(f"{source}: {e}")]
    for lines in sits:
        try:
            out.extend(read_sit_solutions(lines, source))
        except SarsatError as e:
            out.append(e)
    return out


def _fmt_time(t: datetime) -> str:
    return f"{t:%y} {t.timetuple().tm_yday:03d} {t:%H%M} {t.second + t.microsecond / 1e6:05.2f}"


def sit_number(rec: SolutionRecord, status: str = "new", nocr: bool = False, rls: bool = False) -> str:
    """The SIT number for ``rec``: its family (GEOSAR / MEOSAR without or with DOA / LEOSAR
    Doppler; FGB 1xx or SGB 3xx) and, by the site's ``status``, initial / conflict (x3, x6) /
    confirmed (x4, x7) (§3.2: the receiver re-decides anyway); ``nocr`` gives 132/136/137 or
    332/336/337. SIT 125 has no evidenced conflict/confirmed/NOCR variant: it stays 125.
    ``rls``: the message for the return-link provider (§2.4: SIT 338 without, 339 with DOA, as
    SGB tests 1.2.6/1.2.7; SIT 334, for GEOSAR, is named but its layout is not evidenced)."""
    sgb = len(rec.beacon.hex_id) == 23
    has_doa = any(f.type == "doa" for f in rec.fixes)
    if rls and sgb:
        if rec.system != "meosar":
            raise MccError(f"solution {rec.solution_id}: SIT 334 (RLS, GEOSAR) layout is not evidenced")
        return "339" if has_doa else "338"
    if rec.system == "leosar" and any(f.type.startswith("doppler") for f in rec.fixes):
        if sgb:
            raise MccError(f"solution {rec.solution_id}: no inter-MCC SIT for SGB LEOSAR Doppler data")
        return "125"
    base = 45 if has_doa else 42 if rec.system == "meosar" else 22
    if nocr:
        sub = 37 if has_doa else 36 if rec.system == "meosar" else 32
    else:
        sub = base + (1 if status == "conflict" else 2 if status == "confirmed" else 0)
    return f"{3 if sgb else 1}{sub}"


def write_sit(rec: SolutionRecord, msg_no: int, originator: str, dest: str, sent_at: datetime,
              sit: str | None = None) -> str:
    """The inter-MCC SIT for ``rec`` (``sit`` or :func:`sit_number`), in the layout :func:`read_sit`
    reads. Needs the beacon's message: 30 hex (FGB) or 51 hex (SGB)."""
    b = rec.beacon
    sit = sit or sit_number(rec)
    if sit not in SITS:
        raise MccError(f"SIT {sit} is not written (inter-MCC SITs: {', '.join(sorted(SITS))})")
    gen, layout, has_doa = SITS[sit]
    need = 30 if gen == "fgb" else 51
    if not b.message_hex or len(b.message_hex) != need:
        raise MccError(f"solution {rec.solution_id}: SIT {sit} needs the {need}-hex beacon message")
    if gen == "sgb" and len(b.hex_id) != 23:
        raise MccError(f"solution {rec.solution_id}: SIT {sit} needs a 23-hex SGB ID")
    doa = next((f for f in rec.fixes if f.type == "doa"), None)
    if has_doa and doa is None:
        raise MccError(f"solution {rec.solution_id}: SIT {sit} carries a DOA position and the solution has none")
    t = sent_at
    offset = (rec.frequency_hz or BASE_FREQUENCY_HZ) - BASE_FREQUENCY_HZ
    sats = [s for s in rec.satellites if re.fullmatch(r"\d{1,3}", s)]
    lines = [f"/{msg_no % 100000:05d} 00000/{originator}/{t:%y} {t.timetuple().tm_yday:03d} {t:%H%M}"]
    lut = rec.lut_id[:4]
    if layout in ("geo", "leo"):
        lines.append(f"/{sit}/{dest}/{int(sats[0]) if sats else 0:03d}/01")
    else:
        lines.append(f"/{sit}/{dest}/01")
    sat_line = "/" + " ".join([f"{int(s):03d}" for s in sats[:17]] + ["000"] * (17 - len(sats[:17])))
    id_line = [f"/{0 if b.reliable else 'N'}/{b.hex_id}"] if gen == "sgb" else []
    if layout == "leo":
        dop = {f.type: f for f in rec.fixes if f.type.startswith("doppler")}
        if set(dop) != {"doppler_a", "doppler_b"}:
            raise MccError(f"solution {rec.solution_id}: SIT 125 needs Doppler A and B positions")
        lines += [f"/{lut}/+0/{offset:+08.1f} 000.0 +00.00/{_fmt_time(rec.detected_at)}/0",
                  f"/0/00.000/0000/{min(rec.num_bursts, 99):02d}", f"/{b.message_hex}"]
        for side in ("doppler_a", "doppler_b"):
            f = dop[side]
            prob = round(f.probability_pct) if f.probability_pct is not None else 50
            lines.append(f"/+000/{f.latitude_deg:+07.3f}/{f.longitude_deg:+08.3f}/000 000.0 000.0/{prob:02d}"
                         "/00 000 0000/0/000.0 000.0")
    elif layout == "geo":
        lines += [f"/{lut}/{offset:+08.1f} 999.9 +99.99/{_fmt_time(rec.detected_at)}/{min(rec.num_bursts, 99):02d}",
                  f"/{b.message_hex}", *id_line]
    else:
        nb = f"{min(rec.num_bursts, 99):02d}"
        if gen == "sgb":
            lines += [f"/{lut}/{offset:+08.1f} 999.9 +00.00/{_fmt_time(rec.detected_at)}/"
                      f"{_fmt_time(rec.last_detected_at)}/{nb}", f"/{b.message_hex}", *id_line]
        else:
            lines += [f"/{lut}/{offset:+08.1f} 999.9 +00.00/{_fmt_time(rec.detected_at)}",
                      f"/{_fmt_time(rec.last_detected_at)}/{nb}/FFFE2F{b.message_hex}"]
        if doa is not None and has_doa:
            lines.append(f"/+000/{doa.latitude_deg:+07.3f}/{doa.longitude_deg:+08.3f}/000/000.00")
        lines += ["/00.00/00/00/000", sat_line]
        if gen == "sgb":  # 16 antenna slots over two lines (templates 342/345); unknown here
            lines += ["/" + " ".join(["000000"] * 8), " ".join(["000000"] * 8)]
    return "\n".join([*lines, "/LASSIT", "/ENDMSG"]) + "\n"
