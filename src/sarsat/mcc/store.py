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
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from sarsat.errors import MccError
from sarsat.mcc.ingest import SolutionRecord
from sarsat.mcc.matching import DEFAULT_CONFIG, EngineConfig, Outcome, process
from sarsat.mcc.routing import RoutingConfig, route
from sarsat.mcc.sit185 import Envelope, render, wrap_sit915
from sarsat.mcc.sit_inter import sit_number, write_sit
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
_SEL_SOLUTIONS = select(solutions.c.solution_id).where(solutions.c.solution_id.in_(bindparam("b_ids", expanding=True)))
_SEL_OPEN_SITES = (select(sites.c.site_id, sites.c.beacon_id, sites.c.state)
                   .where(sites.c.beacon_id.in_(bindparam("b_ids", expanding=True)), sites.c.is_open.is_(True))
                   .order_by(sites.c.site_id).with_for_update())
_SEL_RECORD = select(solutions.c.record).where(solutions.c.solution_id == bindparam("b_sid"))
_SEL_COUNTER = select(counters.c.value).where(counters.c.name == bindparam("b_name")).with_for_update()
_SET_COUNTER = update(counters).where(counters.c.name == bindparam("b_name")).values(value=bindparam("b_value"))
_UPD_SITE = update(sites).where(sites.c.site_id == bindparam("b_site_id")).values(
    {c: bindparam(f"b_{c}") for c in ("beacon_id", "status", "is_open", "updated_at", "state")})


_INS_MESSAGE = insert(messages)
# Serialises ingest transactions on PostgreSQL (two writers could otherwise both open a site
# for the same beacon); the key is arbitrary but fixed.
_PG_WRITER_LOCK = sql_text("SELECT pg_advisory_xact_lock(406025)")


class _Batch:
    """What one transaction has decided so far: sites are read once and written once, solution
    and audit rows inserted together at the end (executemany)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.records: dict[str, str] = {}  # solution id -> record JSON, for this batch
        self.open_sites: dict[str, Site | None] = {}
        self.new_ids: set[int] = set()
        self.dirty: dict[int, Site] = {}
        self.solutions: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []
        self.updated_at = ""
        self.counters: dict[str, tuple[int, bool]] = {}  # name -> (value, row exists)

    def preload(self, conn: Any, recs: Sequence[SolutionRecord]) -> None:
        """Stored solution ids and open sites of the batch's beacons, in a few queries."""
        sids = sorted({r.solution_id for r in recs})
        bids = sorted({r.beacon.hex_id for r in recs})
        for chunk in range(0, len(sids), 500):
            part = sids[chunk:chunk + 500]
            self.seen.update(r[0] for r in conn.execute(_SEL_SOLUTIONS, {"b_ids": part}))
        for chunk in range(0, len(bids), 500):
            part = bids[chunk:chunk + 500]
            rows = conn.execute(_SEL_OPEN_SITES, {"b_ids": part})
            for row in rows:  # the newest open site of a beacon wins
                self.open_sites[row.beacon_id] = Site.from_json(json.loads(row.state))

    def next_value(self, conn: Any, name: str) -> int:
        """Next value of a counter (site numbers, message numbers per destination); read once
        per batch, written back by :meth:`flush`."""
        if name not in self.counters:
            row = conn.execute(_SEL_COUNTER, {"b_name": name}).first()
            self.counters[name] = (row.value if row else 0, row is not None)
        value, exists = self.counters[name]
        self.counters[name] = (value + 1, exists)
        return value + 1

    def flush(self, conn: Any) -> None:
        new_rows, old_rows = [], []
        for site_id, site in self.dirty.items():
            values = {"beacon_id": site.beacon_id, "status": site.status, "is_open": site.status != "closed",
                      "updated_at": self.updated_at, "state": json.dumps(site.to_json(), sort_keys=True)}
            if site_id in self.new_ids:
                new_rows.append({"site_id": site_id, **values})
            else:
                old_rows.append({"b_site_id": site_id, **{f"b_{k}": v for k, v in values.items()}})
        new_ctr = [{"name": k, "value": v} for k, (v, exists) in self.counters.items() if not exists]
        old_ctr = [{"b_name": k, "b_value": v} for k, (v, exists) in self.counters.items() if exists]
        for stmt, rows in ((insert(sites), new_rows), (_UPD_SITE, old_rows), (insert(solutions), self.solutions),
                           (insert(audit), self.audit), (insert(counters), new_ctr), (_SET_COUNTER, old_ctr)):
            if rows:
                conn.execute(stmt, rows)


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

    def __init__(self, url: str, routing: RoutingConfig | None = None, config: EngineConfig = DEFAULT_CONFIG) -> None:
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
                if conn.dialect.name == "postgresql":  # one writer at a time, as SQLite's BEGIN IMMEDIATE
                    conn.execute(_PG_WRITER_LOCK)
                batch = _Batch()
                batch.preload(conn, recs)
                results = [self._ingest(conn, rec, now, batch) for rec in recs]
                batch.flush(conn)
                return results
        except IntegrityError:  # a concurrent writer stored one of them first: redo one by one
            if len(recs) == 1:
                return [IngestResult(recs[0].solution_id, duplicate=True)]
            return [self.ingest(rec, now) for rec in recs]

    def _ingest(self, conn: Any, rec: SolutionRecord, now: datetime, batch: _Batch) -> IngestResult:
        sid, bid, at = rec.solution_id, rec.beacon.hex_id, now.isoformat()
        record_json = json.dumps(rec.to_json(), sort_keys=True)
        if sid in batch.seen:
            stored = batch.records.get(sid)
            if stored is None:
                row = conn.execute(_SEL_RECORD, {"b_sid": sid}).first()
                stored = row.record if row else record_json
            if stored != record_json:  # same id, other content: keep the first, say so
                return IngestResult(sid, duplicate=True, audit=(
                    "duplicate: a solution with this id and different content is already stored; ignored",))
            return IngestResult(sid, duplicate=True)
        batch.seen.add(sid)
        batch.records[sid] = record_json
        site = batch.open_sites.get(bid)

        def new_site_id() -> int:
            n = batch.next_value(conn, "site")
            batch.new_ids.add(n)
            return n

        out: Outcome = process(site, rec, now, new_site_id, self.config)
        for closed in out.closed:
            batch.dirty[closed.site_id] = closed
        if out.site is not None:
            batch.dirty[out.site.site_id] = out.site
        batch.open_sites[bid] = out.site if out.site is not None else site
        batch.updated_at = at
        site_id = out.site.site_id if out.site is not None else None
        batch.solutions.append({"solution_id": sid, "received_at": at, "beacon_id": bid, "site_id": site_id,
                                "record": record_json})
        base = {"solution_id": sid, "beacon_id": bid, "site_id": site_id, "at": at}
        rows = [{**base, "step": e.step, "decision": e.decision, "rule": e.rule, "detail": e.detail}
                for e in out.audit]
        lines = [e.line() for e in out.audit]
        ids: list[int] = []
        alert = out.alert
        if alert is not None:
            registry = self.routing.registry_of(alert.beacon.country_code) if alert.beacon.reliable else None
            if registry:  # §4.7: where the registration is
                alert = replace(alert, notes=(*alert.notes, f"BEACON REGISTRATION AT {registry}"))
            alert_json = json.dumps(alert.to_json(), sort_keys=True)
            for r in route(alert, self.routing):
                d = r.destination
                msg_no = batch.next_value(conn, f"msg:{d.id}")
                env = Envelope(msg_no, self.routing.mcc_name, self.routing.mcc_code, d.id, now,
                               alert.site_id)
                sit = _inter_mcc_sit(rec, alert.status, r.nocr, d.kind == "RLSP") if d.format == "sit1xx" else None
                if sit is not None:  # inter-MCC SIT 1xx (FGB) / 3xx (SGB) (§3.2)
                    text = write_sit(rec, msg_no, self.routing.mcc_code, d.id, now, sit)
                    title = f"SIT {text.splitlines()[1][1:4]}"
                else:
                    text = render(alert, env, d.layout, nocr=r.nocr)
                    if d.sit915 or d.format == "sit1xx":  # not capable of the data type: SIT 915 (§2.4)
                        text = wrap_sit915(text, env)
                    title = text.split("\n")[2 if text.split("\n")[1].startswith("/915/") else 1]
                    title = title.lstrip("/").split(None, 1)[1]
                res = conn.execute(_INS_MESSAGE, {
                    "site_id": alert.site_id, "solution_id": sid, "destination": d.id, "msg_no": msg_no,
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
        batch.audit += rows
        return IngestResult(sid, False, site_id, tuple(ids), tuple(lines))

    def close_idle(self, now: datetime | None = None) -> list[int]:
        """Close open sites idle longer than the closure time (§4.2; cancelled sites after the
        shorter post-cancellation delay); each closure is audited. Returns the closed site ids."""
        now = now or datetime.now(UTC)
        th = self.config.thresholds
        closed: list[int] = []
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(_PG_WRITER_LOCK)
            for row in list(conn.execute(select(sites.c.state).where(sites.c.is_open.is_(True)))):
                site = Site.from_json(json.loads(row.state))
                cancelled = site.status == "cancelled" and site.cancelled_at is not None
                limit_s = th.cancelled_site_close_after_s if cancelled else th.site_close_after_s
                idle_s = (now - site.last_data_at).total_seconds()
                if idle_s <= limit_s:
                    continue
                done = replace(site, status="closed")
                conn.execute(_UPD_SITE, {"b_site_id": site.site_id, "b_beacon_id": site.beacon_id, "b_status": "closed",
                                         "b_is_open": False, "b_updated_at": now.isoformat(),
                                         "b_state": json.dumps(done.to_json(), sort_keys=True)})
                rule = ("§4.5 [S] closed after a confirmed cancellation" if cancelled else "§4.2 [K] closure timer")
                conn.execute(insert(audit), {"solution_id": f"close-{site.site_id}", "beacon_id": site.beacon_id,
                                             "site_id": site.site_id, "at": now.isoformat(), "step": "site",
                                             "decision": "closed", "rule": rule,
                                             "detail": f"idle {idle_s / 3600:.1f} h > {limit_s / 3600:g} h"})
                closed.append(site.site_id)
        return closed

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



def _inter_mcc_sit(rec: SolutionRecord, status: str, nocr: bool, rls: bool = False) -> str | None:
    """The inter-MCC SIT number for ``rec`` (§3.2), or None when no evidenced SIT carries it
    (no beacon message, or SGB LEOSAR data): the destination then gets the SIT 185 in a SIT 915."""
    msg = rec.beacon.message_hex or ""
    if len(msg) != (51 if len(rec.beacon.hex_id) == 23 else 30):
        return None
    try:
        return sit_number(rec, status, nocr, rls)
    except MccError:
        return None
