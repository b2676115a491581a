"""``sarsat mcc …`` (ingest, sites, show, why) and ``sarsat sit185 parse``.

The store is ``--db PATH`` (SQLite, default ``mcc.db`` or ``$SARSAT_MCC_DB``) or ``--url`` (any
SQLAlchemy URL, e.g. ``postgresql+psycopg://mcc@localhost/mcc``, or ``$SARSAT_MCC_URL``).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import Any

import click

from sarsat.cli import cli
from sarsat.errors import SarsatError

_db = click.option("--db", "db_path", default=lambda: os.environ.get("SARSAT_MCC_DB", "mcc.db"),
                   show_default="mcc.db or $SARSAT_MCC_DB", help="SQLite database file.")
_url = click.option("--url", default=lambda: os.environ.get("SARSAT_MCC_URL"),
                    help="SQLAlchemy URL of the store (overrides --db), e.g. postgresql+psycopg://…")
_json = click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")


def _store(db_path: str, url: str | None, routing: str | None = None, config: str | None = None) -> Any:
    from sarsat.mcc.matching import DEFAULT_CONFIG, load_engine_config
    from sarsat.mcc.routing import RoutingConfig
    from sarsat.mcc.store import Store, default_url

    engine = DEFAULT_CONFIG
    if config:
        try:
            with open(config, encoding="utf-8") as fh:
                engine = load_engine_config(json.load(fh), config)
        except (OSError, json.JSONDecodeError) as e:
            raise SarsatError(f"{config}: cannot read MCC configuration ({e})") from e
    return Store(url or default_url(db_path), RoutingConfig.load(routing), engine)


def _err(e: SarsatError) -> None:
    click.echo(f"sarsat: error: {e}", err=True)


@cli.group()
def mcc() -> None:
    """Mission Control Centre: ingest LUT solutions, alert sites, SIT 185 output."""


@mcc.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@_db
@_url
@click.option("--routing", type=click.Path(exists=True, dir_okay=False), help="Routing GeoJSON (default: the shipped demo).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="MCC settings JSON: monitor_ids, anomaly_capable_luts, eltdt_doa_luts, blocked_ids, "
                   "process_eltdt, process_sgb.")
@click.option("--now", "now_text", help="MCC clock for this run (ISO 8601 UTC), for replays; default: the wall clock.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Also write new SIT 185 files here.")
@click.option("--batch", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="Solutions per transaction (a crash redoes at most one batch; duplicates are ignored).")
@_json
def ingest_cmd(paths: tuple[str, ...], db_path: str, url: str | None, routing: str | None,
               config_path: str | None, now_text: str | None, out_dir: str | None, batch: int,
               as_json: bool) -> int:
    """Ingest solutions from FILEs or DIRs: JSON Lines (README "MCC solution JSON") or
    inter-MCC SIT 122/142/145 transmissions."""
    from sarsat.mcc.ingest import parse_time
    from sarsat.mcc.sources import iter_files, iter_records

    now = parse_time(now_text, "--now") if now_text else None
    store = _store(db_path, url, routing, config_path)
    failed = False
    pending: list[Any] = []

    def flush() -> None:
        for res in store.ingest_many(pending, now or datetime.now(UTC)):
            if as_json:
                click.echo(json.dumps(res.to_json()))
            elif res.duplicate:
                why = " (content differs from the stored solution)" if res.audit else ""
                click.echo(f"{res.solution_id}: duplicate, ignored{why}")
            else:
                click.echo(f"{res.solution_id}: site {res.site_id}, {len(res.message_ids)} message(s)")
        pending.clear()

    try:
        for path in paths:
            for file in iter_files(path):
                for item in iter_records(file):
                    if isinstance(item, SarsatError):
                        _err(item)
                        failed = True
                        continue
                    pending.append(item)
                    if len(pending) >= batch:
                        flush()
        flush()
        if out_dir:
            for p in store.export(out_dir):
                click.echo(f"wrote {p}", err=True)
    finally:
        store.close()
    return 2 if failed else 0


@mcc.command("close-idle")
@_db
@_url
@click.option("--now", "now_text", help="MCC clock (ISO 8601 UTC); default: the wall clock.")
def close_idle_cmd(db_path: str, url: str | None, now_text: str | None) -> int:
    """Close sites idle longer than the closure time (run periodically)."""
    from sarsat.mcc.ingest import parse_time

    store = _store(db_path, url)
    try:
        for site_id in store.close_idle(parse_time(now_text, "--now") if now_text else None):
            click.echo(f"site {site_id} closed")
    finally:
        store.close()
    return 0


@mcc.command("sites")
@_db
@_url
@click.option("--open", "open_only", is_flag=True, help="Only open sites.")
@click.option("--geojson", is_flag=True, help="One GeoJSON FeatureCollection (a point per site).")
@_json
def sites_cmd(db_path: str, url: str | None, open_only: bool, geojson: bool, as_json: bool) -> int:
    """List alert sites."""
    store = _store(db_path, url)
    try:
        if geojson:
            click.echo(json.dumps({"type": "FeatureCollection",
                                   "features": [s.summary_feature() for s in store.sites(open_only)]}))
            return 0
        for s in store.sites(open_only):
            if as_json:
                click.echo(json.dumps(s.to_json()))
            else:
                ref = s.reference or (s.positions[-1] if s.positions else None)
                where = f"{ref.latitude_deg:.4f} {ref.longitude_deg:.4f}" if ref else "-"
                click.echo(f"{s.site_id:5d}  {s.beacon_id:23s}  {s.status:10s}  {s.alerts_sent:3d} sent  "
                           f"last {s.last_data_at:%Y-%m-%d %H:%M:%S}Z  ref {where}")
    finally:
        store.close()
    return 0


@mcc.command("show")
@click.argument("site")
@_db
@_url
@click.option("--geojson", is_flag=True, help="The site's positions as a GeoJSON FeatureCollection.")
@_json
def show_cmd(site: str, db_path: str, url: str | None, geojson: bool, as_json: bool) -> int:
    """A site (number, or beacon hex ID for its newest site) with the messages sent."""
    store = _store(db_path, url)
    try:
        s = store.site(site)
        if geojson:
            click.echo(json.dumps(s.to_geojson()))
            return 0
        msgs = store.messages(s.site_id)
        if as_json:
            click.echo(json.dumps({"site": s.to_json(), "messages": [
                {**m, "alert": json.loads(m["alert"])} for m in msgs]}))
            return 0
        click.echo(json.dumps(s.to_json(), indent=1))
        for m in msgs:
            click.echo(f"--- message {m['message_id']} to {m['destination']} ({m['layout']}) at {m['created_at']}")
            click.echo(m["text"], nl=False)
    finally:
        store.close()
    return 0


@mcc.command("why")
@click.argument("site")
@_db
@_url
@_json
def why_cmd(site: str, db_path: str, url: str | None, as_json: bool) -> int:
    """The audit trail of a site (number) or of a beacon (hex ID): every rule that fired."""
    store = _store(db_path, url)
    try:
        rows = store.audit_trail(site)
        if not rows:
            raise SarsatError(f"no audit entries for {site!r}")
        for r in rows:
            if as_json:
                click.echo(json.dumps(r))
            else:
                detail = f" ({r['detail']})" if r["detail"] else ""
                click.echo(f"{r['at']}  {r['solution_id']}  {r['step']}: {r['decision']} -- {r['rule']}{detail}")
    finally:
        store.close()
    return 0


@cli.group()
def sit185() -> None:
    """SIT 185 alert messages (RCC/SPOC format)."""


@sit185.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_json
def parse_cmd(files: tuple[str, ...], as_json: bool) -> int:
    """Parse SIT 185 messages (any layout or variant) from FILEs; one result per message."""
    from sarsat.mcc.sit185_parse import parse_sit185, split_messages

    failed = False
    for name in files:
        try:
            with open(name, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError as e:
            _err(SarsatError(f"{name}: {e.strerror}"))
            failed = True
            continue
        for i, part in enumerate(split_messages(text) or [text], 1):
            try:
                msg = parse_sit185(part)
            except SarsatError as e:
                _err(SarsatError(f"{name} message {i}: {e}"))
                failed = True
                continue
            js = msg.to_json()
            if as_json:
                click.echo(json.dumps({"file": name, **js}))
            else:
                click.echo(f"{name} #{i}: {js['layout']} | {js['title']} | MSG {js['msg_no']} | "
                           f"HEX {js['hex_id']} | {len(js['positions'])} position(s) | "
                           f"{len(js['unparsed'])} unparsed line(s)")
    return 2 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(cli())
