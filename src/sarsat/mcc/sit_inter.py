"""Inter-MCC SIT messages for first-generation beacons: SIT 122, 142 and 145, in and out.

Layout as evidenced by the public SIT 145 example and the Venus input templates (reference
mcc-and-distribution.md §3.1-3.3; field meanings there are partly inferred [I], and A.002
should confirm them before this is used between real MCCs):

    /MMMMM RRRRR/OOOO/YY DDD HHMM                  A.002 line 1 (message, reference, originator, time)
    /145/DDDD/01                                   SIT number, destination, solutions in message
    /LLLL/+14968.0 999.9 +00.00/YY DDD HHMM SS.SS  source LUT, frequency offset (Hz from 406.025 MHz),
                                                   two unidentified items, first burst time (MF 14a)
    /YY DDD HHMM SS.SS/NN/FFFE2F<30 hex>           last burst (MF 14b), bursts, sync + message
    /-366/+38.948/-076.831/872/010.00              SIT 145 only: DOA lat/lon in decimal degrees [I]
    /38.50/00/00/...                               quality items (not used)
    /329 315 302 000 ...                           satellites (MF 83), 000 = empty slot
    /LASSIT
    /ENDMSG

SIT 122 (alert without MEOSAR location, GEOSAR here [I]) carries ``/LLLL/+freq .../YY DDD HHMM
SS.SS/NN`` then the message hex. :func:`read_sit` turns each into a
:class:`~sarsat.mcc.ingest.SolutionRecord` (the message decoded with the beacon codec, its
encoded position kept); :func:`write_sit` writes one from a record.
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
_SYSTEM = {"122": "geosar", "142": "meosar", "145": "meosar"}


def _sit_time(m: re.Match[str], first: int = 1) -> datetime:
    """``YY DDD HHMM SS.SS`` groups (from group ``first``) as a UTC datetime."""
    yy, ddd, hh, mm, ss = (m.group(first + i) for i in range(5))
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


def read_sit(lines: list[str], source: str = "<sit>") -> SolutionRecord:
    """One SIT 122/142/145 message (its lines) as a solution record."""
    where = f"{source}: SIT message {lines[0].strip()!r}"
    if len(lines) < 4:
        raise MccError(f"{where}: too few lines")
    head = _HEADER.match(lines[0])
    second = re.match(r"^/(\d{3})/(\w{4})(?:/.*)?$", lines[1])
    if head is None or second is None:
        raise MccError(f"{where}: expected '/MMMMM RRRRR/OOOO/YY DDD HHMM' then '/SIT/DEST/...'")
    sit = second.group(1)
    if sit not in _SYSTEM:
        raise MccError(f"{where}: SIT {sit} is not read (SIT 122, 142 and 145 are)")
    m = re.match(rf"^/(\w{{4}})/([+-]\d+\.\d+)\s+\S+\s+\S+/{_TIME}(?:/(\d+))?$", lines[2])
    if m is None:
        raise MccError(f"{where}: line 3 is not '/LUT/+FREQ .../YY DDD HHMM SS.SS'")
    lut, offset_hz, first = m.group(1), float(m.group(2)), _sit_time(m, 3)
    obj: dict[str, Any] = {
        "solution_id": f"SIT{sit}-{head.group(3)}-{head.group(1)}-{head.group(4)}{head.group(5)}{head.group(6)}",
        "lut_id": lut, "system": _SYSTEM[sit], "detected_at": first.isoformat(),
        "frequency_hz": BASE_FREQUENCY_HZ + offset_hz, "positions": [],
    }
    if sit == "122":
        burst = re.sub(r"[^0-9A-F]", "", lines[3].upper())
        obj["num_bursts"] = int(m.group(8)) if m.group(8) else 1
        rest = lines[4:]
    else:
        m4 = re.match(rf"^/{_TIME}/(\d+)/([0-9A-Fa-f]+)$", lines[3])
        if m4 is None:
            raise MccError(f"{where}: line 4 is not '/YY DDD HHMM SS.SS/NN/MESSAGE'")
        obj["last_detected_at"] = _sit_time(m4).isoformat()
        obj["num_bursts"] = int(m4.group(6))
        burst = m4.group(7).upper()
        rest = lines[4:]
        if sit == "145":
            doa = re.match(r"^/[+-]?\d+/([+-]\d+\.\d+)/([+-]\d+\.\d+)/", rest[0] if rest else "")
            if doa is None:
                raise MccError(f"{where}: SIT 145 line 5 is not '/N/+LAT/+LON/...'")
            obj["positions"].append({"type": "doa", "latitude_deg": float(doa.group(1)),
                                     "longitude_deg": float(doa.group(2))})
    sats = [s for line in rest if re.fullmatch(r"/\d{3}(?: \d{3})+", line) for s in line[1:].split() if s != "000"]
    obj["satellites"] = sats
    obj["message_hex"] = burst[6:] if burst.startswith(("FFFE2F", "FFFED0")) else burst
    try:
        return SolutionRecord.from_json(obj)
    except SarsatError as e:
        raise MccError(f"{where}: {e}") from e


def read_sits(text: str, source: str = "<sit>") -> list[SolutionRecord | SarsatError]:
    """Every SIT message of a transmission file; a bad one yields its error in its place."""
    out: list[SolutionRecord | SarsatError] = []
    try:
        sits = split_sits(text)
    except SarsatError as e:
        return [MccError(f"{source}: {e}")]
    for lines in sits:
        try:
            out.append(read_sit(lines, source))
        except SarsatError as e:
            out.append(e)
    return out


def _fmt_time(t: datetime) -> str:
    return f"{t:%y} {t.timetuple().tm_yday:03d} {t:%H%M} {t.second + t.microsecond / 1e6:05.2f}"


def write_sit(rec: SolutionRecord, msg_no: int, originator: str, dest: str, sent_at: datetime) -> str:
    """A SIT 145 (with a DOA position), 142 (MEOSAR, no DOA) or 122 (otherwise) for ``rec``,
    in the layout :func:`read_sit` reads. Needs the beacon's 30-hex message."""
    b = rec.beacon
    if not b.message_hex or len(b.message_hex) != 30:
        raise MccError(f"solution {rec.solution_id}: inter-MCC SIT 1xx needs the 30-hex FGB message")
    doa = next((f for f in rec.fixes if f.type == "doa"), None)
    sit = "145" if doa is not None else "142" if rec.system == "meosar" else "122"
    t = sent_at
    offset = (rec.frequency_hz or BASE_FREQUENCY_HZ) - BASE_FREQUENCY_HZ
    lines = [f"/{msg_no % 100000:05d} 00000/{originator}/{t:%y} {t.timetuple().tm_yday:03d} {t:%H%M}",
             f"/{sit}/{dest}/01"]
    sats = [s for s in rec.satellites if re.fullmatch(r"\d{1,3}", s)][:17]
    sat_line = "/" + " ".join([f"{int(s):03d}" for s in sats] + ["000"] * (17 - len(sats)))
    if sit == "122":
        lines += [f"/{rec.lut_id[:4]}/{offset:+08.1f} 999.9 +99.99/{_fmt_time(rec.detected_at)}/{rec.num_bursts:02d}",
                  f"/{b.message_hex}"]
    else:
        lines += [f"/{rec.lut_id[:4]}/{offset:+08.1f} 999.9 +00.00/{_fmt_time(rec.detected_at)}",
                  f"/{_fmt_time(rec.last_detected_at)}/{rec.num_bursts:02d}/FFFE2F{b.message_hex}"]
        if doa is not None:
            lines.append(f"/+000/{doa.latitude_deg:+07.3f}/{doa.longitude_deg:+08.3f}/000/000.00")
        lines.append(sat_line)
    return "\n".join([*lines, "/LASSIT", "/ENDMSG"]) + "\n"
