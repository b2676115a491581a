"""``sarsat serve`` in-process: options reach the app; uvicorn is replaced by a recorder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web service needs fastapi")
import uvicorn  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import NOW, TOKEN, auth, dataset  # noqa: E402

from sarsat.cli import main  # noqa: E402

PG_URL = os.environ.get("SARSAT_TEST_POSTGRES_URL")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def run(app: Any, **kw: Any) -> None:
        seen.update(app=app, **kw)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.delenv("SARSAT_WEB_TOKEN", raising=False)
    return seen


def test_serve_defaults_to_loopback_and_no_writes(served: dict[str, Any], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "m.db")]) == 0
    assert (served["host"], served["port"]) == ("127.0.0.1", 8406)
    assert "writes disabled" in capsys.readouterr().err
    with TestClient(served["app"]) as c:
        assert c.post("/ingest", json=dataset(), headers=auth()).status_code == 403


def test_serve_token_from_environment(served: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SARSAT_WEB_TOKEN", TOKEN)
    assert main(["serve", "--db", f"sqlite:///{tmp_path / 'm.db'}", "--port", "18406"]) == 0
    assert served["port"] == 18406
    with TestClient(served["app"]) as c:
        assert c.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth()).status_code == 200
        assert c.post("/ingest", json=dataset(), headers=auth("guess")).status_code == 403


def test_serve_warns_when_listening_beyond_loopback(served: dict[str, Any], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "m.db"), "--host", "0.0.0.0"]) == 0
    assert "open to every client" in capsys.readouterr().err


def test_serve_bad_store_is_a_one_line_error(served: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", "nosuchdialect://x"]) == 2
    assert capsys.readouterr().err.startswith("sarsat: error: cannot open store")
    assert "app" not in served


def test_api_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same reads and writes on PostgreSQL (``.ci/postgres.sh`` server)."""
    if not PG_URL:
        pytest.skip("SARSAT_TEST_POSTGRES_URL not set: no PostgreSQL server configured")
    from sqlalchemy import create_engine

    from sarsat.mcc.store import metadata
    from sarsat.web.app import create_app

    eng = create_engine(PG_URL)
    metadata.drop_all(eng)
    eng.dispose()
    with TestClient(create_app(PG_URL, TOKEN)) as c:
        res = c.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth()).json()
        assert [r["site_id"] for r in res] == [1, 2]
        alerts = c.get("/alerts").json()
        assert len(alerts) == 2
        assert "END OF MESSAGE" in c.get(f"/alerts/{alerts[0]['message_id']}/sit185", params={"layout": "csc66"}).text
        assert c.get("/health").json()["store"] == "postgresql"
