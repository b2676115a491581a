"""``sarsat demo --serve`` opens the web service on the demo's own MCC store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sarsat.cli.demo as demo
import sarsat.cli.serve as serve
from sarsat.cli import main


def test_demo_serve_uses_the_demo_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr(demo, "_run", lambda scn, out, workers, as_json, quiet: calls.setdefault("run", out) and 0)
    monkeypatch.setattr(serve, "serve_store", lambda db, port=8406, **kw: calls.setdefault("serve", (db, port)) and 0)
    out = tmp_path / "d"
    assert main(["demo", "--out", str(out), "--serve", "--port", "8499", "-q"]) == 0
    assert calls["run"] == str(out)
    assert calls["serve"] == (str(out / "mcc.db"), 8499)


def test_demo_without_serve_does_not_serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(demo, "_run", lambda *a: 0)
    monkeypatch.setattr(serve, "serve_store", lambda *a, **k: pytest.fail("served without --serve"))
    assert main(["demo", "--out", str(tmp_path), "-q"]) == 0
