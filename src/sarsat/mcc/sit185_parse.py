"""A tolerant SIT 185 parser: every public variant into one structure.

Reads both layouts (reference mcc-and-distribution.md §3.4 legacy 16 fields, §3.5 CSC-66
six sections) and the variations of §3.7: ``MSG NO: 51479  CMC REF:`` vs ``MSG NO 00042
AUMCC REF NO 00890``; ``36 36.20S`` vs ``36 36.20 S`` vs ``55 45.00 N`` newline
``- 037 45.00 E``; en dashes; ``DOA/ALTITUDE`` vs ``DOA``; 4- or 6-digit times and 2- or
4-digit years; ``HEX ID1C04...``; blank lines; stray spaces in the SIT header; titles
wrapped over lines; two fields on one line (``13. ... NO: 14. OTHER ...``); the Russian
``RCC406E`` preamble, ``RESOLVED`` and ``30-HEX MSG``; a SIT 915 envelope. Text it cannot
place is returned in ``unparsed``, never dropped.

>>> msg = parse_sit185('''1. DISTRESS COSPAS-SARSAT INITIAL ALERT
... 2. MSG NO 00141 SPMCC REF 12345
... 3. DETECTED AT 21 FEB 07 0646 UTC BY MSG-2
... 11. HEX ID 331000033F81FE0 HOMING SIGNAL 121.5 MHZ
... END OF MESSAGE''')
>>> msg.title, msg.msg_no, msg.hex_id, msg.detected_at.isoformat()
('DISTRESS COSPAS-SARSAT INITIAL ALERT', 141, '331000033F81FE0', '2007-02-21T06:46:00+00:00')
"""


from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sarsat.errors import SitParseError
from sarsat.mcc.sit185_fields import _after_label, _Builder, _lines
from sarsat.mcc.sit185_model import (
    _HEADER,
    _LABELS,
    ParsedPosition,
    ParsedSit185,
    parse_datetime,
)

__all__ = ["ParsedPosition", "ParsedSit185", "parse_datetime", "parse_sit185", "split_messages"]


def _normalise(text: str) -> str:
    """Unify dashes, tabs and line ends; strip trailing blanks (§3.7)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return "\n".join(line.rstrip() for line in text.upper().split("\n"))


def split_messages(text: str) -> list[str]:
    """Split a file holding several SIT 185s after each ``END OF MESSAGE`` line.

    Envelope lines (``QQQQ``, ``/LASSIT``, ``/ENDMSG``, an ``RCC406E.FMT`` trailer) that follow an
    end line stay with that message.
    """
    parts: list[str] = []
    current: list[str] = []
    ended = False
    for line in text.splitlines():
        s = line.strip().upper()
        if ended and s and not re.fullmatch(r"QQQQ|/LASSIT|/ENDMSG|\S+\.FMT", s):
            parts.append("\n".join(current))
            current, ended = [], False
        current.append(line)
        if s.startswith("END OF MESSAGE"):
            ended = True
    if any(x.strip() for x in current):
        parts.append("\n".join(current))
    return parts


def _find_sections(body: str) -> tuple[dict[int, str], str, str]:
    """Numbered fields of ``body``: ({n: text}, text before field 1, text after the last)."""
    starts: list[tuple[int, int, int]] = []  # (n, start of marker, start of content)
    pos = 0
    for n in range(1, 17):
        label = _LABELS[n]
        cands = [
            re.compile(rf"(?m)^[ \t]*{n}\.[ \t]*"),  # "n." at a line start
            re.compile(rf"(?m)^[ \t]*{n}[ \t]+(?={label})"),  # "1 DISTRESS" (dot missing)
            re.compile(rf"(?<=[ \t]){n}\.[ \t]+(?={label})"),  # two fields on one line
        ]
        best = None
        for rx in cands:
            m = rx.search(body, pos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            continue
        starts.append((n, best.start(), best.end()))
        pos = best.end()
    if not starts:
        return {}, body, ""
    sections: dict[int, str] = {}
    for i, (n, _, content) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(body)
        sections[n] = body[content:end]
    return sections, body[: starts[0][1]], ""



def parse_sit185(text: str) -> ParsedSit185:
    """Parse one SIT 185 message (either layout, any public variant; see the module doc).

    Raises :class:`SitParseError` when the text has no numbered SIT 185 field at all.
    """
    body = _normalise(text)
    b = _Builder()
    header: dict[str, Any] | None = None
    sit915: str | None = None
    preamble: list[str] = []
    kept: list[str] = []
    for line in body.split("\n"):
        s = line.strip()
        hm = _HEADER.match(s)
        if hm:  # A.002 line 1: /MMMMM RRRRR/OOOO/YY DDD HHMM (stray spaces tolerated, §3.7)
            msg, ref, orig, yy, ddd, hhmm = hm.groups()
            sent = datetime(2000 + int(yy), 1, 1, int(hhmm[:2]), int(hhmm[2:]), tzinfo=UTC)
            header = {"msg_no": int(msg), "ref_no": int(ref), "originator": orig,
                      "sent_at": (sent + timedelta(days=int(ddd) - 1)).isoformat()}
            continue
        m915 = re.match(r"^/\s*915\s*/\s*(\w{4})\s*$", s)
        if m915:  # SIT 915 narrative envelope (§3.1)
            sit915 = m915.group(1)
            continue
        if re.fullmatch(r"QQQQ|/LASSIT|/ENDMSG|\S+\.FMT", s):
            continue
        if re.match(r"^(DATE|FROM|TO|FORMAT FILE)\s*:", s) and not kept:  # RCC406E preamble
            preamble.append(re.sub(r"\s+", " ", s))
            continue
        if s.startswith("/") and re.match(r"^/\s*\d", s):  # SIT 915 text starts after a "/"
            line = line.replace("/", "", 1)
        kept.append(line)
    text_body = "\n".join(kept)
    end = re.search(r"(?m)^[ \t]*END OF MESSAGE[ \t]*$", text_body)
    tail = ""
    if end is not None:
        tail = text_body[end.end():]
        text_body = text_body[: end.start()]
    else:
        b.warnings.append("no END OF MESSAGE line: message may be truncated")
    sections, before, _ = _find_sections(text_body)
    if not sections:
        raise SitParseError("no numbered SIT 185 fields found (expected '1. ... ALERT', '2. MSG NO ...')")
    b.unparsed.extend(_lines(before))
    b.unparsed.extend(_lines(tail))
    s3 = re.sub(r"\s+", " ", sections.get(3, "")).strip()
    s4 = re.sub(r"\s+", " ", sections.get(4, "")).strip()
    csc66 = s3.startswith("BEACON MESSAGE INFORMATION") or s4.startswith("ALERT POSITION INFORMATION")
    title = re.sub(r"\s+", " ", sections.get(1, "")).strip()
    b.f["title"] = title or None
    if 2 in sections:
        b.msg_line(sections[2])
    if csc66:
        _parse_csc66(sections, b)
    else:
        _parse_legacy(sections, b)
    if b.f["hex_id"] is None and b.f["mcc_ref"] and re.fullmatch(r"[0-9A-F]{15}|[0-9A-F]{23}", b.f["mcc_ref"]):
        b.f["hex_id"] = b.f["mcc_ref"]
        b.warnings.append("hex_id taken from the MCC reference (no HEX ID field)")
    extra = {}
    if "homing_signal" in b.f:
        extra["homing_signal"] = b.f.pop("homing_signal")
    for key in ("emergency_code", "beacon_number"):
        if key in b.f:
            extra[key] = b.f.pop(key)
    return ParsedSit185(
        layout="csc66" if csc66 else "legacy",
        positions=tuple(b.positions),
        beacon_information=tuple(b.beacon_information),
        next_pass_times=tuple(b.next_pass),
        other_encoded_information=tuple(b.other_encoded),
        operational_information=tuple(b.operational),
        remarks=tuple(b.remarks),
        sit_header=header,
        sit915_destination=sit915,
        preamble=tuple(preamble),
        unparsed=tuple(b.unparsed),
        warnings=tuple(b.warnings),
        extra=extra,
        **b.f,
    )


def _parse_legacy(sec: dict[int, str], b: _Builder) -> None:
    """Fields 3-16 of the legacy layout (§3.4)."""
    for n, reader in ((3, b.detected), (4, lambda x: b.frequency(x, keep_rest=True)), (5, b.country_line)):
        if n in sec:  # one-line fields: a line it cannot read, and any further line, is kept
            first, *more = _lines(sec[n]) or [""]
            if not reader(first) and first:
                b.unparsed.append(first)
            b.unparsed.extend(more)
    if 6 in sec:
        first, *more = _lines(sec[6]) or [""]
        user = _after_label(first, "USER CLASS")
        b.beacon_information.extend(([user] if user else []) + more)
    if 7 in sec:
        b.f["emergency_code"] = _after_label(sec[7], "EMERGENCY CODE") or None
    if 8 in sec:
        b.positions_block(sec[8])
    if 9 in sec:
        src = _after_label(sec[9], "ENCODED POSITION PROVIDED BY")
        b.f["encoded_position_source"] = src or None
    if 10 in sec:
        b.next_pass_block(sec[10])
    if 11 in sec:
        lines = _lines(sec[11])
        if not lines or not b.hex_line(lines[0]):
            b.unparsed.extend(lines[:1])
        for extra in lines[1:]:
            b.homing(extra)
    if 12 in sec:
        b.f["activation"] = _after_label(sec[12], "ACTIVATION TYPE") or None
    if 13 in sec:
        b.f["beacon_number"] = _after_label(sec[13], r"BEACON NUMBER ON AIRCRAFT OR VESSEL(?: NO)?") or None
    if 14 in sec:
        lines = _lines(sec[14])
        if lines:
            lines[0] = _after_label(lines[0], "OTHER ENCODED INFORMATION")
        _fold_into(b, [x for x in lines if x], b.other_encoded)
    if 15 in sec:
        lines = _lines(sec[15])
        if lines:
            lines[0] = _after_label(lines[0], "OPERATIONAL INFORMATION")
        folded: list[str] = []
        _fold_into(b, [x for x in lines if x], folded)
        b.info_lines(folded, b.operational)
    if 16 in sec:
        lines = _lines(sec[16])
        if lines:
            lines[0] = _after_label(lines[0], "REMARKS")
        b.remarks.extend(x for x in lines if x)


def _fold_into(b: _Builder, lines: list[str], into: list[str]) -> None:
    """Keep lines, re-joining a phrase folded at ~69 columns (``... OF`` / ``LATITUDE ...``)."""
    for s in lines:
        if into and (re.search(r"\b(OF|AND|IN|TO|THE|SAR|UNCERTAINTY|PLUS-MINUS)$", into[-1])
                     or re.match(r"(PLUS-MINUS|LATITUDE|LONGITUDE|AUTHORITIES)\b", s)):
            into[-1] = f"{into[-1]} {s}"
        else:
            into.append(s)


def _parse_csc66(sec: dict[int, str], b: _Builder) -> None:
    """Sections 3-6 of the CSC-66 layout (§3.5)."""
    for s in _lines(sec.get(3, ""))[1:] if 3 in sec else []:
        if "DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE" in s:
            b.f["beacon_data_reliable"] = False
            b.beacon_information.append(s)
        elif b.hex_line(s) or b.country_line(s):
            continue
        elif s.startswith("ACTIVATION TYPE"):
            b.f["activation"] = _after_label(s, "ACTIVATION TYPE") or None
        else:
            b.beacon_information.append(s)
    if 4 in sec:
        pos_lines = []
        for s in _lines(sec[4])[1:]:
            if not b.detected(s):
                pos_lines.append(s)
        b.positions_block("\n".join(pos_lines))
    if 5 in sec:
        lines = _lines(sec[5])[1:]
        folded: list[str] = []
        _fold_into(b, lines, folded)
        b.info_lines(folded, b.operational)
    if 6 in sec:
        lines = _lines(sec[6])
        if lines:
            lines[0] = _after_label(lines[0], "REMARKS")
        _fold_into(b, [x for x in lines if x], b.remarks)
