"""REST API of the operator web service (``sarsat.web``), in-process with FastAPI's TestClient.

Data goes in through ``POST /ingest`` (the MCC's own ingest), so every read is of what the MCC
itself stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web service needs the 'web' extra (fastapi)")

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import (  # noqa: E402
    ELT_HEX,
    ELT_ID,
    EPIRB_ID,
    NOW,
    TOKEN,
    auth,
    dataset,
    elt_doppler,
    epirb_doa,
)

from sarsat.errors import SarsatError  # noqa: E402
from sarsat.mcc.sit185_parse import parse_sit185  # noqa: E402
from sarsat.mcc.store import Store  # noqa: E402
from sarsat.web.app import create_app  # noqa: E402


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'mcc.db'}"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, TOKEN, poll_s=0.02)) as c:
        yield c


@pytest.fixture
def loaded(client: TestClient) -> TestClient:
    r = client.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth())
    assert r.status_code == 200, r.text
    return client


def counts(client: TestClient) -> dict[str, int]:
    return dict(client.get("/health").json()["counts"])


# -- auth ---------------------------------------------------------------------------------

def test_ingest_without_token_is_refused_and_stores_nothing(client: TestClient) -> None:
    r = client.post("/ingest", json=dataset())
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in r.json()["detail"]
    assert counts(client)["mcc_solutions"] == 0


def test_ingest_with_wrong_token_is_refused(client: TestClient) -> None:
    r = client.post("/ingest", json=dataset(), headers=auth("not-the-token"))
    assert r.status_code == 403
    assert r.json()["detail"] == "wrong token"
    assert counts(client)["mcc_solutions"] == 0


def test_writes_refused_when_no_token_is_configured(db_url: str) -> None:
    with TestClient(create_app(db_url)) as c:
        for path in ("/ingest", "/close-idle"):
            r = c.post(path, json=dataset(), headers=auth())
            assert r.status_code == 403, path
            assert "--token" in r.json()["detail"]
        assert c.get("/health").json()["writes_enabled"] is False
        assert c.get("/sites").status_code == 200  # reads stay open
        assert counts(c)["mcc_solutions"] == 0


def test_empty_token_is_an_error(db_url: str) -> None:
    with pytest.raises(SarsatError, match="empty"):
        create_app(db_url, "  ")


def test_close_idle_needs_the_token_and_closes(loaded: TestClient) -> None:
    assert loaded.post("/close-idle", params={"now": "2025-06-20T00:00:00Z"}).status_code == 401
    r = loaded.post("/close-idle", params={"now": "2025-06-20T00:00:00Z"}, headers=auth())
    assert r.status_code == 200
    assert sorted(r.json()) == [1, 2]
    assert loaded.get("/sites", params={"open": True}).json() == []


# -- ingest ---------------------------------------------------------------------------------

def test_ingest_result_names_site_and_messages(client: TestClient) -> None:
    r = client.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth())
    assert r.status_code == 200
    res = r.json()
    assert [x["solution_id"] for x in res] == ["meo-epirb-1", "leo-elt-1"]
    assert [x["site_id"] for x in res] == [1, 2]
    assert all(len(x["message_ids"]) == 1 and not x["duplicate"] for x in res)
    assert any(line.startswith("route: 227A") for line in res[0]["audit"])


def test_ingest_is_idempotent(loaded: TestClient) -> None:
    before = counts(loaded)
    r = loaded.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth())
    assert r.status_code == 200
    assert [x["duplicate"] for x in r.json()] == [True, True]
    assert counts(loaded) == before


def test_ingest_single_object(client: TestClient) -> None:
    r = client.post("/ingest", json=epirb_doa(), params={"now": NOW}, headers=auth())
    assert r.status_code == 200
    assert r.json()[0]["site_id"] == 1


@pytest.mark.parametrize(("bad", "message"), [
    ({"system": "hf"}, "system 'hf'"),
    ({"detected_at": "2025-06-12 14:02"}, "no time zone"),
    ({"message_hex": "XYZ"}, "XYZ"),
    ({"positions": [{"type": "doa", "latitude_deg": 91, "longitude_deg": 0}]}, "latitude_deg"),
    ({"positions": [{"type": "somewhere", "latitude_deg": 1, "longitude_deg": 0}]}, "position type"),
    ({"lut_id": ""}, "lut_id"),
])
def test_malformed_solution_is_422_and_nothing_stored(client: TestClient, bad: dict[str, object], message: str) -> None:
    good = elt_doppler()
    r = client.post("/ingest", json=[good, {**epirb_doa(), **bad}], params={"now": NOW}, headers=auth())
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail.startswith("solutions[1]: ") and message in detail and "nothing was stored" in detail
    assert counts(client) == {"mcc_solutions": 0, "mcc_sites": 0, "mcc_messages": 0, "mcc_audit": 0}


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "null"])
def test_ingest_body_that_is_not_solutions_is_422(client: TestClient, body: str) -> None:
    r = client.post("/ingest", content=body, headers={**auth(), "Content-Type": "application/json"})
    assert r.status_code == 422
    assert counts(client)["mcc_solutions"] == 0


def test_ingest_bad_clock_is_422(client: TestClient) -> None:
    r = client.post("/ingest", json=dataset(), params={"now": "yesterday"}, headers=auth())
    assert r.status_code == 422
    assert "'yesterday' is not an ISO 8601 time" in r.json()["detail"]
    assert counts(client)["mcc_solutions"] == 0


def test_ingest_batch_limit(client: TestClient) -> None:
    r = client.post("/ingest", json=[epirb_doa(f"s{i}") for i in range(1001)], headers=auth())
    assert r.status_code == 422
    assert "at most 1000" in r.json()["detail"]


# -- reads ----------------------------------------------------------------------------------

def test_sites_list_and_detail(loaded: TestClient) -> None:
    rows = loaded.get("/sites").json()
    assert [(s["site_id"], s["beacon_id"]) for s in rows] == [(1, EPIRB_ID), (2, ELT_ID)]
    assert rows[0]["status"] == "confirmed" and rows[0]["where"]["type"] == "encoded"
    site = loaded.get("/sites/2").json()
    assert site["beacon"]["message_hex"] == ELT_HEX
    assert {p["type"] for p in site["positions"]} == {"doppler_a", "doppler_b"}


@pytest.mark.parametrize("path", ["/sites/99", "/sites/99/positions", "/sites/99/audit", "/alerts/99",
                                  "/alerts/99/sit185", f"/beacons/{'A' * 15}/audit"])
def test_unknown_ids_are_404(loaded: TestClient, path: str) -> None:
    r = loaded.get(path)
    assert r.status_code == 404
    assert r.json()["detail"]


@pytest.mark.parametrize("path", ["/sites/0", "/sites/abc", f"/sites/{2**63}", "/alerts/-1",
                                  "/beacons/XYZ/audit", "/alerts?limit=0", "/alerts/1/sit185?layout=pdf"])
def test_malformed_ids_are_422(loaded: TestClient, path: str) -> None:
    assert loaded.get(path).status_code == 422


def test_positions_geojson(loaded: TestClient) -> None:
    fc = loaded.get("/positions").json()
    assert fc["type"] == "FeatureCollection"
    kinds = sorted((f["properties"]["site_id"], f["properties"]["role"], f["properties"]["type"]) for f in fc["features"])
    assert kinds == [(1, "mcc_reference", "encoded"), (1, "position", "doa"), (1, "position", "encoded"),
                     (2, "position", "doppler_a"), (2, "position", "doppler_b")]
    doa = next(f for f in fc["features"] if f["properties"]["type"] == "doa")
    assert doa["geometry"]["coordinates"] == [5.32, 43.21]  # RFC 7946: longitude first
    assert doa["properties"]["ehe_m"] == 3000.0
    one = loaded.get("/sites/2/positions").json()
    assert len(one["features"]) == 2 and one["properties"]["beacon_id"] == ELT_ID


def test_alerts_and_sit185_in_both_layouts(loaded: TestClient) -> None:
    alerts = loaded.get("/alerts").json()
    assert [(a["site_id"], a["destination"], a["layout"]) for a in alerts] == [(2, "366A", "legacy"), (1, "227A", "csc66")]
    for a in alerts:
        mid = a["message_id"]
        sent = loaded.get(f"/alerts/{mid}/sit185")
        assert sent.headers["content-type"].startswith("text/plain")
        # rendered again in the layout it was sent in: the very text that was sent
        assert loaded.get(f"/alerts/{mid}/sit185", params={"layout": a["layout"]}).text == sent.text
        for layout in ("legacy", "csc66"):
            parsed = parse_sit185(loaded.get(f"/alerts/{mid}/sit185", params={"layout": layout}).text)
            assert parsed.layout == layout
            assert parsed.hex_id == a["beacon_id"]
            assert parsed.msg_no == a["msg_no"]
    detail = loaded.get(f"/alerts/{alerts[1]['message_id']}").json()
    assert detail["alert"]["hex_id"] == EPIRB_ID
    assert "MMSI 227123456" in detail["text"]
    assert loaded.get("/alerts", params={"site_id": 1}).json()[0]["beacon_id"] == EPIRB_ID
    assert loaded.get("/alerts", params={"after": alerts[0]["message_id"]}).json() == []


def test_audit_trail(loaded: TestClient) -> None:
    rows = loaded.get("/sites/1/audit").json()
    assert rows[0]["decision"] == "opened"
    assert any(r["step"] == "route" and r["decision"] == "sent to 227A" for r in rows)
    by_beacon = loaded.get(f"/beacons/{ELT_ID.lower()}/audit").json()
    assert {r["site_id"] for r in by_beacon} == {2}


# -- decode ---------------------------------------------------------------------------------

def test_decode_follows_the_json_contract(client: TestClient) -> None:
    r = client.post("/decode", json={"hex": ELT_HEX})
    assert r.status_code == 200
    js = r.json()
    contract = {"input", "generation", "message_hex", "hex_id", "country_code", "country", "protocol",
                "self_test", "bch", "position", "identity", "warnings"}
    assert contract <= set(js)
    assert (js["hex_id"], js["country_code"], js["identity"]["aircraft_address"]) == (ELT_ID, 366, "A1B2C3")
    assert counts(client)["mcc_solutions"] == 0


def test_decode_second_generation(client: TestClient) -> None:
    # T.018 Appendix B example message (tests/test_sgb_codec.py): 202 information bits as 51 hex
    js = client.post("/decode", json={"hex": "0039823D32618658622811F0000000000003FFF004030680258"}).json()
    assert (js["generation"], js["hex_id"], js["country_code"]) == ("second", "9934039823D000000000000", 201)
    assert (js["identity"]["tac"], js["identity"]["serial_number"]) == (230, 573)


@pytest.mark.parametrize(("body", "status"), [
    ({"hex": "XYZ"}, 422), ({"hex": "ABC"}, 422), ({"hex": ""}, 422), ({}, 422),
    ({"hex": ELT_HEX, "extra": 1}, 422), ({"hex": ELT_HEX, "sgb_layout": "middle"}, 422),
])
def test_decode_malformed_is_422(client: TestClient, body: dict[str, object], status: int) -> None:
    r = client.post("/decode", json=body)
    assert r.status_code == status
    assert r.json()["detail"]


def test_decode_error_message_says_what_is_expected(client: TestClient) -> None:
    detail = client.post("/decode", json={"hex": "ABC"}).json()["detail"]
    assert "3 hex digits; expected one of 15, 22, 28, 30, 36" in detail


# -- events and page ---------------------------------------------------------------------------

def test_event_stream_sends_new_alerts(loaded: TestClient) -> None:
    r = loaded.get("/events", params={"after": 0, "limit": 2})
    assert r.headers["content-type"].startswith("text/event-stream")
    events = [e for e in r.text.split("\n\n") if "event: alert" in e]
    assert [e.split("\n")[0] for e in events] == ["id: 1", "id: 2"]
    assert f'"beacon_id": "{EPIRB_ID}"' in events[0]


def test_event_stream_resumes_from_last_event_id(loaded: TestClient) -> None:
    loaded.post("/ingest", json=[epirb_doa("meo-epirb-2", minutes=40, lat=43.22)],
                params={"now": "2025-06-12T15:00:00Z"}, headers=auth())
    r = loaded.get("/events", params={"limit": 1}, headers={"Last-Event-ID": "2"})
    assert r.text.split("\n\n")[1].startswith("id: 3\nevent: alert")


def test_page_and_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/static/app.js" in page.text
    assert "http://" not in page.text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for asset in ("/static/app.js", "/static/app.css", "/static/land.json"):
        r = client.get(asset)
        assert r.status_code == 200, asset
        assert "https://" not in r.text, asset  # nothing fetched from elsewhere
    land = client.get("/static/land.json").json()
    assert len(land["rings"]) > 1000 and "Natural Earth" in land["source"]


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/sites", "/alerts/{message_id}/sit185", "/decode", "/ingest", "/events"} <= set(spec["paths"])
    assert spec["paths"]["/ingest"]["post"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in spec["paths"]["/decode"]["post"]


def test_app_over_an_open_store(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'own.db'}")
    with TestClient(create_app(store, TOKEN)) as c:
        c.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth())
    assert store.counts()["mcc_sites"] == 2  # the caller's store, still open
    store.close()


def test_event_stream_tells_of_audit_growth_without_a_message(db_url: str) -> None:
    """A solution that sends nothing (a duplicate-free repeat inside the update throttle) still
    grows the audit trail: the stream sends an ``update`` event so the page reloads the map."""
    import asyncio
    import json

    from sarsat.mcc.ingest import SolutionRecord, parse_time
    from sarsat.web.app import _event_stream

    class Connected:
        async def is_disconnected(self) -> bool:
            return False

    app = create_app(db_url, TOKEN)
    store = app.state.store
    clock = parse_time(NOW, "now")
    store.ingest_many([SolutionRecord.from_json(r) for r in dataset()], clock)

    async def run() -> list[str]:
        stream = _event_stream(store, Connected(), None, 1, poll_s=0.01)  # type: ignore[arg-type]
        first = await anext(stream)
        # one minute later, 1 km away: inside the 5/15 min update throttle, nothing is sent
        store.ingest(SolutionRecord.from_json(epirb_doa("meo-epirb-1b", minutes=1, lat=43.219)), clock)
        return [first, *[chunk async for chunk in stream]]

    chunks = asyncio.run(run())
    assert chunks[0] == "retry: 2000\n\n"
    assert len(chunks) == 2 and chunks[1].startswith("event: update\ndata: ")
    data = json.loads(chunks[1].split("data: ", 1)[1])
    assert data["message_id"] == 2 and data["audit_id"] > 8
    assert store.counts()["mcc_messages"] == 2
