"""Property-based tests of the web API against its own OpenAPI spec (schemathesis).

Every operation gets generated requests, valid and invalid, with the write token; no response
may be a server error or stray from the spec (status codes, content types, response schemas),
and invalid requests must be rejected.
Bounded: a few dozen examples per operation, no deadline on a shared machine. ``/events`` is an
endless stream and is tested in ``test_web_api.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web service needs fastapi")
schemathesis = pytest.importorskip("schemathesis", reason="the schema test needs the schemathesis package")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from web_helpers import NOW, TOKEN, auth, dataset  # noqa: E402

from sarsat.web.app import create_app  # noqa: E402


@pytest.fixture
def web_schema(tmp_path: Path) -> Any:
    """The spec of an app over a store holding the small dataset (so reads find sites)."""
    app = create_app(f"sqlite:///{tmp_path / 'mcc.db'}", TOKEN)
    with TestClient(app) as c:
        assert c.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth()).status_code == 200
    # the spec's own HTTPBearer scheme gets the token: schemathesis also sends requests without it
    config = schemathesis.config.SchemathesisConfig.from_dict({"auth": {"openapi": {"HTTPBearer": {"bearer": TOKEN}}}})
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("web_schema").exclude(path="/events")


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_conforms_to_its_spec(case: Any) -> None:
    # Every check but "schema-valid data is accepted": a hex string that is no beacon message, a
    # solution the MCC rejects or a clock that is no ISO time are schema-valid and rightly 422.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
