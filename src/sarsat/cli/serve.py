"""``sarsat serve``: the operator web service (REST API, event stream, map page) over an MCC store."""

from __future__ import annotations

import os

import click

from sarsat.cli import cli

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command("serve")
@click.option("--db", default=lambda: os.environ.get("SARSAT_MCC_URL") or os.environ.get("SARSAT_MCC_DB", "mcc.db"),
              show_default="mcc.db, or $SARSAT_MCC_URL / $SARSAT_MCC_DB",
              help="MCC store: a SQLite file or any SQLAlchemy URL (postgresql+psycopg://…).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8406, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", envvar="SARSAT_WEB_TOKEN", show_envvar=True,
              help="Bearer token for the write endpoints (POST /ingest, /close-idle); none: writes refused. "
                   "Prefer the environment variable: options show in the process list.")
@click.option("--poll", "poll_s", default=1.0, show_default=True, type=click.FloatRange(0.05, 60),
              help="Seconds between store checks for the live alert stream.")
def serve_cmd(db: str, host: str, port: int, token: str | None, poll_s: float) -> int:
    """Serve the MCC store on http://HOST:PORT/ (operator page at /, OpenAPI at /openapi.json)."""
    return serve_store(db, host, port, token, poll_s)


def serve_store(db: str, host: str = "127.0.0.1", port: int = 8406, token: str | None = None,
                poll_s: float = 1.0) -> int:
    """Run the web service over the store ``db`` until interrupted (also used by ``sarsat demo --serve``)."""
    import uvicorn

    from sarsat.web.app import create_app

    app = create_app(db, token, poll_s=poll_s)
    writes = "enabled (bearer token)" if token else "disabled (no --token / $SARSAT_WEB_TOKEN)"
    click.echo(f"sarsat serve: {app.state.store.url} on http://{host}:{port}/  writes {writes}", err=True)
    if host not in LOOPBACK:
        click.echo(f"sarsat serve: warning: read endpoints are open to every client that reaches {host}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)
    return 0
