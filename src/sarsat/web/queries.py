"""Read-only views of the MCC store for the web service.

The store (:class:`sarsat.mcc.store.Store`) owns the tables; this module only selects from them
(SQLAlchemy Core, the same statements on SQLite and PostgreSQL) and rebuilds a stored alert so its
SIT 185 can be shown in either layout.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from sarsat.errors import MccError
from sarsat.mcc import rules
from sarsat.mcc.ingest import BeaconInfo, parse_time
from sarsat.mcc.matching import Alert
from sarsat.mcc.sit185 import Envelope, render
from sarsat.mcc.sites import Site, SitePosition
from sarsat.mcc.store import Store, audit, messages

#: The message columns of an alert summary (the text and alert JSON stay out of lists).
_SUMMARY = (messages.c.message_id, messages.c.site_id, messages.c.solution_id, messages.c.destination,
            messages.c.msg_no, messages.c.layout, messages.c.nocr, messages.c.title, messages.c.created_at)
_PREFIXES = (rules.PREFIX_ELTDT, rules.PREFIX_SSAS, rules.PREFIX_DISTRESS)


def site_summary(site: Site) -> dict[str, Any]:
    """A site list row: ``where`` is the MCC reference position, else the latest one."""
    where = site.reference or (site.positions[-1] if site.positions else None)
    return {"site_id": site.site_id, "beacon_id": site.beacon_id, "status": site.status, "open": site.open,
            "opened_at": site.opened_at.isoformat(), "last_data_at": site.last_data_at.isoformat(),
            "alerts_sent": site.alerts_sent, "positions": len(site.positions),
            "where": where.to_json() if where else None}


def _summary_row(row: Any, beacon_ids: dict[int, str]) -> dict[str, Any]:
    out = {k: row._mapping[k] for k in row._mapping.keys() if k not in ("text", "alert")}
    out["nocr"] = bool(out["nocr"])
    out["beacon_id"] = beacon_ids.get(out["site_id"], "")
    return out


def _beacon_ids(store: Store, site_ids: set[int]) -> dict[int, str]:
    from sarsat.mcc.store import sites

    if not site_ids:
        return {}
    q = select(sites.c.site_id, sites.c.beacon_id).where(sites.c.site_id.in_(sorted(site_ids)))
    with store.engine.connect() as conn:
        return {r.site_id: r.beacon_id for r in conn.execute(q)}


def alert_summaries(store: Store, site_id: int | None = None, after: int = 0, limit: int = 200,
                    newest_first: bool = True) -> list[dict[str, Any]]:
    """Sent messages, without text: of one site or all, with ``message_id > after``."""
    q = select(*_SUMMARY).where(messages.c.message_id > after)
    if site_id is not None:
        q = q.where(messages.c.site_id == site_id)
    q = q.order_by(messages.c.message_id.desc() if newest_first else messages.c.message_id).limit(limit)
    with store.engine.connect() as conn:
        rows = list(conn.execute(q))
    ids = _beacon_ids(store, {r.site_id for r in rows})
    return [_summary_row(r, ids) for r in rows]


def alert(store: Store, message_id: int) -> dict[str, Any]:
    """One sent message with its text and its alert JSON (MccError when there is none)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(messages).where(messages.c.message_id == message_id)).first()
    if row is None:
        raise MccError(f"no alert message {message_id}")
    out = _summary_row(row, _beacon_ids(store, {row.site_id}))
    out["text"] = row.text
    out["alert"] = json.loads(row.alert)
    return out


def audit_rows(store: Store, site_id: int | None = None, beacon_id: str | None = None,
               limit: int = 1000) -> list[dict[str, Any]]:
    """Audit entries of a site or of a beacon (every solution, sent or filtered), oldest first."""
    q = select(audit).order_by(audit.c.audit_id).limit(limit)
    if site_id is not None:
        q = q.where(audit.c.site_id == site_id)
    if beacon_id is not None:
        q = q.where(audit.c.beacon_id == beacon_id.upper())
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def high_water(store: Store) -> tuple[int, int]:
    """The newest message id and audit id (0 when empty): what the event stream watches."""
    with store.engine.connect() as conn:
        m = conn.execute(select(func.max(messages.c.message_id))).scalar() or 0
        a = conn.execute(select(func.max(audit.c.audit_id))).scalar() or 0
    return int(m), int(a)


def alert_from_json(obj: dict[str, Any]) -> Alert:
    """Rebuild a stored alert (``Alert.to_json``) so it can be rendered again.

    The JSON keeps the title with its prefix; the prefix is one of the §3.6 prefixes of
    :mod:`sarsat.mcc.rules`.
    """
    def pos(p: dict[str, Any] | None) -> SitePosition | None:
        return SitePosition.from_json(p) if p else None

    full, full66 = obj["title"], obj["title_csc66"]
    prefix = next((p for p in _PREFIXES if full.startswith(p + " ")), "")
    cut = len(prefix) + 1 if prefix else 0
    return Alert(
        site_id=obj["site_id"], beacon=BeaconInfo.from_json(obj["beacon"]), action=obj["action"],
        title=full[cut:], title_csc66=full66[cut:], prefix=prefix, status=obj["status"],
        detected_at=parse_time(obj["detected_at"], "detected_at"),
        last_detected_at=parse_time(obj["last_detected_at"], "last_detected_at"),
        detected_by=obj["detected_by"], system=obj["system"], lut_id=obj["lut_id"],
        frequency_hz=obj["frequency_hz"], positions=tuple(SitePosition.from_json(p) for p in obj["positions"]),
        reference=pos(obj.get("reference")), remarks=tuple(obj.get("remarks", ())),
        notes=tuple(obj.get("notes", ())), to_rcc=obj.get("to_rcc", True), monitoring=obj.get("monitoring", False),
        solution_id=obj.get("solution_id", ""),
    )


def sit185_text(store: Store, message_id: int, layout: str | None) -> str:
    """The SIT 185 of a sent message: as sent (``layout`` None) or rendered again in
    ``"legacy"`` or ``"csc66"`` with the same header, message number and site reference.

    A message sent inside a SIT 915 or as an inter-MCC SIT 1xx is rendered as a plain SIT 185.
    """
    row = alert(store, message_id)
    if layout is None:
        return str(row["text"])
    env = Envelope(row["msg_no"], store.routing.mcc_name, store.routing.mcc_code, row["destination"],
                   datetime.fromisoformat(row["created_at"]), row["site_id"])
    return render(alert_from_json(row["alert"]), env, layout, nocr=row["nocr"])


def parse_after(value: str | None) -> int:
    """A ``Last-Event-ID`` header as a message id (0 when absent or unreadable)."""
    try:
        return max(0, int(value)) if value else 0
    except ValueError:
        return 0


__all__ = ["alert", "alert_from_json", "alert_summaries", "audit_rows", "high_water", "parse_after",
           "parse_time", "sit185_text", "site_summary"]
