"""The operator web service: a FastAPI app over the MCC store.

``create_app(db, token)`` serves the REST API (OpenAPI at ``/openapi.json``),
a server-sent event stream of new alerts (``/events``) and the operator page (``/``, assets under
``/static``, no CDN). Read endpoints are open; write endpoints (``POST /ingest``,
``POST /close-idle``) need ``Authorization: Bearer <token>`` and refuse every request when the
app was created without a token. ``POST /decode`` stores nothing and is open.

>>> app = create_app("sqlite://")
>>> sorted(p for p in app.openapi()["paths"] if p.startswith("/sites"))[:2]
['/sites', '/sites/{site_id}']
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles

from sarsat.errors import SarsatError
from sarsat.mcc.ingest import SolutionRecord, parse_time
from sarsat.mcc.store import Store, default_url
from sarsat.web import models, queries

#: Largest id accepted in a path or query (both SQL back-ends store 32-bit or wider integers).
MAX_ID = 2**31 - 1
#: Most solutions one ``POST /ingest`` takes (one transaction).
MAX_BATCH = 1000
STATIC = files("sarsat.web") / "static"

_bearer = HTTPBearer(auto_error=False, description="the token given to `sarsat serve --token` "
                                                   "(or $SARSAT_WEB_TOKEN)")
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Problem, "description": "no such site, message or beacon"},
    422: {"model": models.Problem, "description": "malformed input; nothing was stored"},
}
_BAD: dict[int | str, dict[str, Any]] = {
    400: {"model": models.Problem, "description": "a request body that cannot be parsed"},
    422: _ERRORS[422]}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _BAD[400],
    401: {"model": models.Problem, "description": "no bearer token given"},
    403: {"model": models.Problem, "description": "wrong token, or writes disabled (no token configured)"},
    422: {"model": models.Problem, "description": "malformed input; nothing was stored"},
}

SiteId = Annotated[int, Path(ge=1, le=MAX_ID, description="site number (MCC REF)")]
MessageId = Annotated[int, Path(ge=1, le=MAX_ID, description="message id (from /alerts)")]
HexId = Annotated[str, Path(pattern=r"^[0-9A-Fa-f]{15}([0-9A-Fa-f]{8})?$",
                            description="15-hex (FGB) or 23-hex (SGB) beacon ID")]


def open_store(db: str | Store) -> Store:
    """A :class:`Store` from a SQLAlchemy URL, a SQLite file path, or a store itself."""
    if isinstance(db, Store):
        return db
    return Store(db if "://" in db else default_url(db))


def create_app(db: str | Store, token: str | None = None, *, poll_s: float = 1.0) -> FastAPI:
    """The web service over the MCC store ``db`` (URL, SQLite path or :class:`Store`).

    ``token`` enables the write endpoints (None: they refuse every request). ``poll_s`` is how
    often the event stream looks for new alerts in the store (other processes may write it).
    """
    if token is not None and not token.strip():
        raise SarsatError("the web token is empty; give a secret, or none to disable writes")
    store = open_store(db)
    owned = not isinstance(db, Store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(title="sarsat MCC operator service", version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # their default pages load from a CDN
                  description="Alert sites, SIT 185 messages, positions and the audit trail of a sarsat MCC, "
                              "a beacon decoder and an ingest endpoint for LUT solutions. "
                              "Write endpoints need a bearer token.")
    app.state.store = store
    app.state.poll_s = max(poll_s, 0.01)  # never a busy loop
    app.state.writes_enabled = token is not None

    @app.exception_handler(SarsatError)
    async def _bad_input(_request: Request, exc: SarsatError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_message(exc)}, status_code=422)

    def require_token(creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        if token is None:
            raise HTTPException(403, "writes are disabled: start `sarsat serve` with --token or $SARSAT_WEB_TOKEN")
        if creds is None:
            raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(creds.credentials.encode(), token.encode()):
            raise HTTPException(403, "wrong token")

    _read_routes(app, store)
    _write_routes(app, store, require_token)
    _page_routes(app)
    return app


def validation_message(exc: RequestValidationError) -> str:
    """FastAPI's validation errors as one line: ``where: what; ...`` (the CLI's style).

    >>> validation_message(RequestValidationError([{"loc": ("path", "site_id"), "msg": "Input should be a valid integer"}]))
    'path site_id: Input should be a valid integer'
    """
    parts = []
    for err in exc.errors():
        where = " ".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def _site(store: Store, site_id: int) -> Any:
    try:
        return store.site(site_id)
    except SarsatError as e:
        raise HTTPException(404, str(e)) from e


def _read_routes(app: FastAPI, store: Store) -> None:
    @app.get("/health", response_model=models.Health, tags=["service"])
    def health() -> dict[str, Any]:
        """Service status and the store's row counts."""
        return {"status": "ok", "store": store.engine.dialect.name, "counts": store.counts(),
                "writes_enabled": bool(app.state.writes_enabled)}

    @app.get("/sites", response_model=list[models.SiteSummary], responses=_BAD, tags=["sites"])
    def sites(open_only: Annotated[bool, Query(alias="open", description="only open sites")] = False
              ) -> list[dict[str, Any]]:
        """Alert sites (one per beacon activation), oldest first."""
        return [queries.site_summary(s) for s in store.sites(open_only)]

    @app.get("/sites/{site_id}", response_model=models.Site, responses=_ERRORS, tags=["sites"])
    def site(site_id: SiteId) -> dict[str, Any]:
        """One site with its beacon, positions and MCC reference position."""
        return dict(_site(store, site_id).to_json())

    @app.get("/sites/{site_id}/positions", responses=_ERRORS, tags=["positions"])
    def site_positions(site_id: SiteId) -> dict[str, Any]:
        """A site's positions as a GeoJSON FeatureCollection (RFC 7946, longitude first)."""
        return dict(_site(store, site_id).to_geojson())

    @app.get("/positions", responses=_BAD, tags=["positions"])
    def positions(open_only: Annotated[bool, Query(alias="open", description="only open sites")] = False
                  ) -> dict[str, Any]:
        """Every position of every site as one GeoJSON FeatureCollection; each feature's
        properties name its ``site_id``, ``beacon_id``, ``status`` and ``role``
        (``position`` or ``mcc_reference``)."""
        feats = []
        for s in store.sites(open_only):
            for f in s.to_geojson()["features"]:
                f["properties"].update(site_id=s.site_id, beacon_id=s.beacon_id, status=s.status)
                feats.append(f)
        return {"type": "FeatureCollection", "features": feats}

    @app.get("/sites/{site_id}/audit", response_model=list[models.AuditEntry], responses=_ERRORS, tags=["audit"])
    def site_audit(site_id: SiteId) -> list[dict[str, Any]]:
        """The audit trail of a site: every rule that fired, sent or not (``sarsat mcc why``)."""
        _site(store, site_id)
        return queries.audit_rows(store, site_id=site_id)

    @app.get("/beacons/{hex_id}/audit", response_model=list[models.AuditEntry], responses=_ERRORS, tags=["audit"])
    def beacon_audit(hex_id: HexId) -> list[dict[str, Any]]:
        """The audit trail of a beacon, including solutions filtered before reaching a site."""
        rows = queries.audit_rows(store, beacon_id=hex_id)
        if not rows:
            raise HTTPException(404, f"no audit entries for beacon {hex_id.upper()}")
        return rows

    @app.get("/alerts", response_model=list[models.AlertSummary], responses=_BAD, tags=["alerts"])
    def alerts(site_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
               after: Annotated[int, Query(ge=0, le=MAX_ID, description="only message ids above this")] = 0,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
        """Messages the MCC sent (SIT 185, or SIT 1xx to a peer MCC), newest first."""
        return queries.alert_summaries(store, site_id, after, limit)

    @app.get("/alerts/{message_id}", response_model=models.Alert, responses=_ERRORS, tags=["alerts"])
    def alert(message_id: MessageId) -> dict[str, Any]:
        """One sent message: its text as sent and the alert it says, as JSON."""
        try:
            return queries.alert(store, message_id)
        except SarsatError as e:
            raise HTTPException(404, str(e)) from e

    @app.get("/alerts/{message_id}/sit185", tags=["alerts"],
             responses={**_ERRORS, 200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                                         "description": "the message text"}})
    def alert_sit185(message_id: MessageId,
                     layout: Annotated[str, Query(pattern="^(sent|legacy|csc66)$",
                                                  description="`sent` (as sent), `legacy` (16 fields) "
                                                              "or `csc66` (six sections)")] = "sent"
                     ) -> PlainTextResponse:
        """The SIT 185 text of a sent message, as sent or rendered again in either layout."""
        try:
            return PlainTextResponse(queries.sit185_text(store, message_id, None if layout == "sent" else layout))
        except SarsatError as e:
            raise HTTPException(404, str(e)) from e

    @app.post("/decode", response_model=models.DecodedMessage, responses=_BAD, tags=["beacon"])
    def decode(req: models.DecodeRequest) -> dict[str, Any]:
        """Decode a beacon message or ID given as hex (the ``sarsat decode --json`` contract).
        Stores nothing."""
        from sarsat.beacon import decode as decode_hex

        return dict(decode_hex(req.hex, sgb_layout=req.sgb_layout).to_json())

    @app.get("/events", tags=["alerts"],
             responses={**_BAD, 200: {"content": {"text/event-stream": {}},
                              "description": "`alert` events (data: an alert summary, id: its message id) and "
                                             "`update` events (new audit entries: reload sites and positions)"}})
    async def events(request: Request,
                     after: Annotated[int | None, Query(ge=0, le=MAX_ID, description="start after this "
                                                        "message id (default: the newest)")] = None,
                     limit: Annotated[int | None, Query(ge=1, le=10000, description="end the stream "
                                                        "after this many events")] = None,
                     last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
        """Server-sent events: new alerts as the MCC sends them (resumes from ``Last-Event-ID``)."""
        start = queries.parse_after(last_event_id) if last_event_id else after
        stream = _event_stream(store, request, start, limit, app.state.poll_s)
        return StreamingResponse(stream, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _write_routes(app: FastAPI, store: Store, require_token: Callable[..., None]) -> None:
    auth = [Depends(require_token)]

    @app.post("/ingest", response_model=list[models.IngestResult], responses=_WRITE_ERRORS,
              dependencies=auth, tags=["mcc"])
    def ingest(body: Annotated[dict[str, Any] | list[dict[str, Any]], Body(
                   description="one MCC solution object (README \"MCC solution JSON\") or a list of them",
                   openapi_examples={"doa": {"value": _EXAMPLE_SOLUTION}})],
               now: Annotated[str | None, Query(description="MCC clock for this batch (ISO 8601 UTC), "
                                                             "for replays; default: the wall clock")] = None
               ) -> list[dict[str, Any]]:
        """Ingest LUT solutions in one transaction: all are validated first, and one bad record
        stores nothing. A solution id already stored is a duplicate (no second message)."""
        items = body if isinstance(body, list) else [body]
        if len(items) > MAX_BATCH:
            raise HTTPException(422, f"{len(items)} solutions in one request; send at most {MAX_BATCH}")
        clock = parse_time(now, "now") if now is not None else datetime.now(UTC)
        recs = []
        for i, obj in enumerate(items):
            try:
                recs.append(SolutionRecord.from_json(obj))
            except SarsatError as e:
                where = f"solutions[{i}]: " if isinstance(body, list) else ""
                raise HTTPException(422, f"{where}{e}; nothing was stored") from e
        return [r.to_json() for r in store.ingest_many(recs, clock)] if recs else []

    @app.post("/close-idle", response_model=list[int], responses=_WRITE_ERRORS, dependencies=auth, tags=["mcc"])
    def close_idle(now: Annotated[str | None, Query(description="MCC clock (ISO 8601 UTC)")] = None) -> list[int]:
        """Close sites idle past the closure time; returns the closed site numbers."""
        return store.close_idle(parse_time(now, "now") if now is not None else None)


def _page_routes(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")


async def _event_stream(store: Store, request: Request, after: int | None, limit: int | None,
                        poll_s: float, heartbeat_s: float = 15.0) -> AsyncIterator[str]:
    """The ``/events`` body: ``alert`` events for messages above ``after``, ``update`` events
    when the audit trail grows, a comment line every ``heartbeat_s`` while idle."""
    last_m, last_a = await run_in_threadpool(queries.high_water, store)
    if after is not None:
        last_m = min(after, last_m)
    sent = 0
    idle_s = 0.0
    yield "retry: 2000\n\n"
    while limit is None or sent < limit:
        m, a = await run_in_threadpool(queries.high_water, store)
        out: list[str] = []
        if m > last_m:
            rows = await run_in_threadpool(queries.alert_summaries, store, None, last_m, 500, False)
            for row in rows:
                out.append(f"id: {row['message_id']}\nevent: alert\ndata: {json.dumps(row)}\n\n")
                last_m = row["message_id"]
        if a > last_a:
            out.append(f"event: update\ndata: {json.dumps({'audit_id': a, 'message_id': last_m})}\n\n")
            last_a = a
        for chunk in out[: None if limit is None else limit - sent]:
            yield chunk
            sent += 1
        if limit is not None and sent >= limit:
            return
        if not out:
            idle_s += poll_s
            if idle_s >= heartbeat_s:
                idle_s = 0.0
                yield ": keep-alive\n\n"
        if await request.is_disconnected():
            return
        await asyncio.sleep(poll_s)


_EXAMPLE_SOLUTION: dict[str, Any] = {
    "solution_id": "meo-0001", "lut_id": "2276", "system": "meosar",
    "detected_at": "2025-06-12T14:02:11Z", "last_detected_at": "2025-06-12T14:10:11Z",
    "satellites": ["329", "315", "302"], "frequency_hz": 406040000.0, "num_bursts": 3,
    "beacon": {"hex_id": "1C64000000FFBFF", "country_code": 227, "family": "standard-location",
               "beacon_type": "EPIRB", "activation": "manual"},
    "positions": [{"type": "doa", "latitude_deg": 43.125, "longitude_deg": 5.99, "ehe_m": 5000.0}],
}
