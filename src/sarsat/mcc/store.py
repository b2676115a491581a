"""The MCC's durable store: SQLAlchemy Core, SQLite (WAL) by default, PostgreSQL for scale.

One code path for both (DESIGN.md). :meth:`Store.ingest` runs a solution through the rules and
keeps everything it decides in ONE transaction: the solution (its id is the primary key, so a
duplicate never produces a second message), the site, the audit trail and every SIT 185 it
writes. A crash at any point leaves either all of it or none of it; feeding the same input
again after a restart completes the work without duplicates.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from sarsat.errors import MccError
from sarsat.mcc.matching import EngineConfig, Outcome, process
from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.routing import RoutingConfig, route
from sarsat.mcc.sit185 import Envelope, render, wrap_sit915
from sarsat.mcc.sit_inter import write_sit
from sarsat.mcc.sites import Site

metadata = MetaData()

solutions = Table(
    "mcc_solutions", metadata,
    Column("solution_id", String(64), primary_key=True),
    Column("received_at", String(40), nullable=False),
    Column("beacon_id", String(23), nullable=False, index=True),
    Column("site_id", Integer, nullable=True),
    Column("record", Text, nullable=False),
)
sites = Table(
    "mcc_sites", metadata,
    Column("site_id", Integer, primary_key=True, autoincrement=False),
    Column("beacon_id", String(23), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("is_open", Boolean, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("state", Text, nullable=False),
)
messages = Table(
    "mcc_messages", metadata,
    Column("message_id", Integer, primary_key=True, autoincrement=True),
    Column("site_id", Integer, nullable=False, index=True),
    Column("solution_id", String(64), nullable=False),
    Column("destination", String(8), nullable=False),
    Column("msg_no", Integer, nullable=False),
    Column("layout", String(8), nullable=False),
    Column("nocr", Boolean, nullable=False),
    Column("title", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("alert", Text, nullable=False),
    Column("exported", Boolean, nullable=False, default=False),
    UniqueConstraint("solution_id", "destination", name="uq_mcc_message_once"),
)
audit = Table(
    "mcc_audit", metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("solution_id", String(64), nullable=False, index=True),
    Column("beacon_id", String(23), nullable=False, index=True),
    Column("site_id", Integer, nullable=True, index=True),
    Column("at", String(40), nullable=False),
    Column("step", String(16), nullable=False),
    Column("decision", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("detail", Text, nullable=False),
)
counters = Table(
    "mcc_counters", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)


# Statements built once (SQLAlchemy caches their compiled form); parameters bound per call.
_SEL_SOLUTION = select(solutions.c.solution_id).where(solutions.c.solution_id == bindparam("b_sid"))
_SEL_OPEN_SITE = (select(sites.c.state)
                  .where(sites.c.beacon_id == bindparam("b_bid"), sites.c.is_open.is_(True))
                  .order_by(sites.c.site_id.desc()).limit(1).with_for_update())
_SEL_COUNTER = select(counters.c.value).where(counters.c.name == bindparam("b_name"))
_UPD_COUNTER = update(counters).where(counters.c.name == bindparam("b_name")).values(value=bindparam("b_value"))
_UPD_SITE = update(sites).where(sites.c.site_id == bindparam("b_site_id")).values(
    {c: bindparam(f"b_{c}") for c in ("beacon_id", "status", "is_open", "updated_at", "state")})


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did: ``duplicate`` (nothing done), the site it touched, the message ids
    it wrote and the audit lines."""

    solution_id: str
    duplicate: bool
    site_id: int | None = None
    message_ids: tuple[int, ...] = ()
    audit: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"solution_id": self.solution_id, "duplicate": self.duplicate, "site_id": self.site_id,
                "message_ids": list(self.message_ids), "audit": list(self.audit)}


def default_url(path: str | Path = "mcc.db") -> str:
    return f"sqlite:///{Path(path)}"


def _sqlite_setup(engine: Engine) -> None:
    """WAL journal, NORMAL sync (durable against process crashes; WAL keeps committed data on
    SIGKILL), and BEGIN IMMEDIATE so concurrent writers queue instead of deadlocking."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    """The MCC database. ``url`` is any SQLAlchemy URL (``sqlite:///mcc.db``,
    ``postgresql+psycopg://user@host/db``)."""

    def __init__(self, url: str, routing: RoutingConfig | None = None, config: EngineConfig = EngineConfig()) -> None:
        self.url = url
        try:
            self.engine = create_engine(url, future=True)
        except Exception as e:  # bad URL or missing driver: a user error
            raise MccError(f"cannot open store {url!r}: {e}") from e
        if self.engine.dialect.name == "sqlite":
            _sqlite_setup(self.engine)
        self.routing = routing or RoutingConfig.load()
        self.config = replace(config, area_of=self.routing.areas_of)
        try:
            metadata.create_all(self.engine)
        except (OperationalError, ProgrammingError) as e:
            raise MccError(f"cannot open store {url!r}: {str(e).splitlines()[0]}") from e

    def close(self) -> None:
        self.engine.dispose()

    # -- ingest ---------------------------------------------------------------------------
    def ingest(self, rec: SolutionRecord, now: datetime | None = None) -> IngestResult:
        """Process one solution, all or nothing. A solution id already stored is a duplicate."""
        return self.ingest_many([rec], now)[0]

    def ingest_many(self, recs: Sequence[SolutionRecord], now: datetime | None = None) -> list[IngestResult]:
        """Process solutions in order in ONE transaction (a batch is kept whole or not at all;
        re-feeding it after a crash is safe because stored ids are duplicates)."""
        now = now or datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                return [self._ingest(conn, rec, now) for rec in recs]
        except IntegrityError:  # a concurrent writer stored one of them first: redo one by one
            if len(recs) == 1:
                return [IngestResult(recs[0].solution_id, duplicate=True)]
            return [self.ingest(rec, now) for rec in recs]

    def _ingest(self, conn: Any, rec: SolutionRecord, now: datetime) -> IngestResult:
        sid, bid, at = rec.solution_id, rec.beacon.hex_id, now.isoformat()
        if conn.execute(_SEL_SOLUTION, {"b_sid": sid}).first():
            return IngestResult(sid, duplicate=True)
        row = conn.execute(_SEL_OPEN_SITE, {"b_bid": bid}).first()
        site = Site.from_json(json.loads(row.state)) if row else None
        next_id = self._counter(conn, "site", peek=True)
        out: Outcome = process(site, rec, now, next_id, self.config)
        for closed in out.closed:
            self._save_site(conn, closed, now, exists=True)
        if out.site is not None:
            is_new = out.site.site_id == next_id and (site is None or site.site_id != next_id)
            if is_new:
                self._counter(conn, "site")
            self._save_site(conn, out.site, now, exists=not is_new)
        site_id = out.site.site_id if out.site is not None else None
        conn.execute(insert(solutions), {"solution_id": sid, "received_at": at, "beacon_id": bid,
                                         "site_id": site_id, "record": json.dumps(rec.to_json(), sort_keys=True)})
        base = {"solution_id": sid, "beacon_id": bid, "site_id": site_id, "at": at}
        rows = [{**base, "step": e.step, "decision": e.decision, "rule": e.rule, "detail": e.detail}
                for e in out.audit]
        lines = [e.line() for e in out.audit]
        ids: list[int] = []
        if out.alert is not None:
            alert_json = json.dumps(out.alert.to_json(), sort_keys=True)
            for r in route(out.alert, self.routing):
                d = r.destination
                msg_no = self._counter(conn, f"msg:{d.id}")
                env = Envelope(msg_no, self.routing.mcc_name, self.routing.mcc_code, d.id, now,
                               out.alert.site_id)
                if d.format == "sit1xx" and rec.beacon.message_hex and len(rec.beacon.message_hex) == 30:
                    text = write_sit(rec, msg_no, self.routing.mcc_code, d.id, now)  # inter-MCC (§3.2)
                    title = f"SIT {text.splitlines()[1][1:4]}"
                else:
                    text = render(out.alert, env, d.layout, nocr=r.nocr)
                    if d.sit915 or d.format == "sit1xx":  # not capable of the data type: SIT 915 (§2.4)
                        text = wrap_sit915(text, env)
                    title = text.split("\n")[2 if text.split("\n")[1].startswith("/915/") else 1]
                    title = title.lstrip("/").split(None, 1)[1]
                res = conn.execute(insert(messages), {
                    "site_id": out.alert.site_id, "solution_id": sid, "destination": d.id, "msg_no": msg_no,
                    "layout": d.layout, "nocr": r.nocr, "title": title, "created_at": at, "text": text,
                    "alert": alert_json, "exported": False})
                ids.append(int(res.inserted_primary_key[0]))
                rows.append({**base, "step": "route", "decision": f"sent to {d.id}", "rule": r.rule,
                             "detail": f"msg {msg_no:05d}, {d.layout}{', NOCR' if r.nocr else ''}"})
                lines.append(f"route: {d.id} ({d.kind}{', NOCR' if r.nocr else ''}) -- {r.rule}")
            if not ids:
                rows.append({**base, "step": "route", "decision": "no destination",
                             "rule": "§2.4 no destination takes this alert", "detail": ""})
                lines.append("route: no destination")
        conn.execute(insert(audit), rows)
        return IngestResult(sid, False, site_id, tuple(ids), tuple(lines))

    def _counter(self, conn: Any, name: str, peek: bool = False) -> int:
        """Next value of a counter (site ids, message numbers per destination)."""
        row = conn.execute(_SEL_COUNTER, {"b_name": name}).first()
        value = (row.value if row else 0) + 1
        if not peek:
            if row:
                conn.execute(_UPD_COUNTER, {"b_name": name, "b_value": value})
            else:
                conn.execute(insert(counters), {"name": name, "value": value})
        return value

    def _save_site(self, conn: Any, site: Site, now: datetime, exists: bool) -> None:
        values = {"beacon_id": site.beacon_id, "status": site.status, "is_open": site.status != "closed",
                  "updated_at": now.isoformat(), "state": json.dumps(site.to_json(), sort_keys=True)}
        if exists:
            conn.execute(_UPD_SITE, {"b_site_id": site.site_id, **{f"b_{k}": v for k, v in values.items()}})
        else:
            conn.execute(insert(sites), {"site_id": site.site_id, **values})

    # -- queries --------------------------------------------------------------------------
    def sites(self, open_only: bool = False) -> list[Site]:
        q = select(sites.c.state).order_by(sites.c.site_id)
        if open_only:
            q = q.where(sites.c.is_open.is_(True))
        with self.engine.connect() as conn:
            return [Site.from_json(json.loads(r.state)) for r in conn.execute(q)]

    def site(self, ref: str | int) -> Site:
        """A site by number, or the newest site of a beacon hex ID."""
        with self.engine.connect() as conn:
            row = conn.execute(self._site_query(ref)).first()
        if row is None:
            raise MccError(f"no site {ref!r} in {self.url}")
        return Site.from_json(json.loads(row.state))

    def _site_query(self, ref: str | int) -> Any:
        text = str(ref).strip().upper()
        if text.isdigit() and len(text) < 15:
            return select(sites.c.state).where(sites.c.site_id == int(text))
        return select(sites.c.state).where(sites.c.beacon_id == text).order_by(sites.c.site_id.desc()).limit(1)

    def messages(self, site_id: int | None = None) -> list[dict[str, Any]]:
        q = select(messages).order_by(messages.c.message_id)
        if site_id is not None:
            q = q.where(messages.c.site_id == site_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def audit_trail(self, ref: str | int) -> list[dict[str, Any]]:
        """Audit entries of a site (number) or of every solution of a beacon (hex ID), including
        solutions filtered before they reached a site."""
        text = str(ref).strip().upper()
        q = select(audit).order_by(audit.c.audit_id)
        q = q.where(audit.c.site_id == int(text)) if text.isdigit() and len(text) < 15 else q.where(
            audit.c.beacon_id == text)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in (solutions, sites, messages, audit)}

    def export(self, out_dir: str | Path) -> list[Path]:
        """Write every message not yet exported to ``out_dir`` as ``MCCC_DEST_NNNNNNNN.txt``
        (atomic rename; names are fixed by message id, so a re-export after a crash rewrites
        the same file, never a second one)."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(messages.c.message_id, messages.c.destination, messages.c.text)
                                     .where(messages.c.exported.is_(False)).order_by(messages.c.message_id)))
        for r in rows:
            path = out / f"{self.routing.mcc_code}_{r.destination}_{r.message_id:08d}.txt"
            tmp = path.with_suffix(".tmp")
            tmp.write_text(r.text, "utf-8")
            os.replace(tmp, path)
            with self.engine.begin() as conn:
                conn.execute(update(messages).where(messages.c.message_id == r.message_id).values(exported=True))
            written.append(path)
        return written

