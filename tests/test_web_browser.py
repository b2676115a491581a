"""The operator page in a real headless Chromium (Debian ``chromium``, driven by Playwright).

A live server (uvicorn on 127.0.0.1, a free port) over a store filled through ``POST /ingest``;
the test checks the map markers, the SIT 185 and beacon panels, clicks an alert, watches a new
alert arrive over server-sent events, and takes a screenshot (into ``docs/web-operator.png``, the
README's picture, only when ``SARSAT_UPDATE_SCREENSHOT=1``; into the test's temporary folder
otherwise, so a test run leaves the working tree clean).
Chromium is installed by ``.ci/browser.sh`` (called from ``.ci/run``); without it the test skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web service needs fastapi")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs the playwright package")
import httpx  # noqa: E402
import uvicorn  # noqa: E402
from web_helpers import ELT_ID, EPIRB_ID, NOW, TOKEN, auth, dataset, epirb_doa  # noqa: E402

from sarsat.web.app import create_app  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def chromium_path() -> str:
    path = os.environ.get("SARSAT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.skip(f"no Chromium at {path}: run `bash .ci/browser.sh` (installs Debian's chromium) "
                    "or set $SARSAT_CHROMIUM")
    return path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The web service on a free loopback port for the duration of one test."""
    app = create_app(f"sqlite:///{tmp_path / 'mcc.db'}", TOKEN, poll_s=0.1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_operator_page_in_chromium(server: str, tmp_path: Path) -> None:
    exe = chromium_path()
    with httpx.Client(base_url=server, timeout=30) as http:
        r = http.post("/ingest", json=dataset(), params={"now": NOW}, headers=auth())
        assert r.status_code == 200, r.text
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                requests: list[str] = []
                page.on("request", lambda req: requests.append(req.url))
                page.goto(server + "/")
                page.wait_for_selector("body[data-ready='1']", timeout=30_000)

                # land drawn from the bundled coastline; one marker per position type
                assert len(page.get_attribute("#land", "d") or "") > 100_000
                def markers(beacon: str, kind: str) -> int:
                    return page.locator(f"#markers g.marker[data-beacon='{beacon}'][data-type='{kind}']").count()
                assert [markers(EPIRB_ID, k) for k in ("doa", "encoded", "mcc_reference")] == [1, 1, 1]
                assert [markers(ELT_ID, k) for k in ("doppler_a", "doppler_b")] == [1, 1]
                assert page.locator(f"#markers g.marker[data-beacon='{EPIRB_ID}'] ellipse.ellipse95").count() == 1

                # the newest alert (the ELT) is selected first: its SIT 185 is shown
                assert page.locator("#alerts li").count() == 2
                page.wait_for_function("document.querySelector('#sit185').textContent.includes('HEX ID')")
                assert f"HEX ID {ELT_ID}" in page.text_content("#sit185")

                # click the EPIRB alert: SIT 185, beacon fields and audit trail follow
                page.click(f"#alerts li[data-beacon='{EPIRB_ID}']")
                page.wait_for_function(f"document.querySelector('#sit185').textContent.includes('{EPIRB_ID}')")
                sit = page.text_content("#sit185")
                assert "MSG NO 00001  FMCC REF 00001" in sit and "DOA - 43 12.6N  005 19.2E" in sit
                page.wait_for_function("document.querySelector('#beacon').textContent.includes('227123456')")
                assert "Standard location: EPIRB (MMSI)" in page.text_content("#beacon")
                page.wait_for_function("document.querySelector('#audit').textContent.includes('sent to 227A')")
                assert page.locator(f"#markers g.marker.sel[data-beacon='{EPIRB_ID}']").count() == 3
                assert page.locator(f"#markers g.marker.dim[data-beacon='{ELT_ID}']").count() == 2

                # the same alert in the legacy layout
                page.click("#layouts button[data-layout='legacy']")
                page.wait_for_function("document.querySelector('#sit185').textContent.includes('8.  POSITIONS')")
                assert "CONFIRMED - 43 12.00N  005 18.00E" in page.text_content("#sit185")
                page.click("#layouts button[data-layout='sent']")
                page.wait_for_function("document.querySelector('#sit185').textContent.includes('4.  ALERT POSITION')")

                # a new solution arrives: the alert list updates live (server-sent events)
                r = http.post("/ingest", json=[epirb_doa("meo-epirb-2", minutes=40, lat=43.22)],
                              params={"now": "2025-06-12T15:00:00Z"}, headers=auth())
                assert r.json()[0]["message_ids"], r.text
                page.wait_for_selector("#alerts li:nth-child(3)", timeout=15_000)
                assert page.get_attribute("#alerts li:first-child", "data-beacon") == EPIRB_ID
                assert page.text_content("#live") == "live"
                page.wait_for_function(
                    f"document.querySelectorAll(\"#markers g.marker[data-beacon='{EPIRB_ID}'][data-type='doa']\").length == 2")
                page.wait_for_timeout(2200)  # the new alert's highlight fades: a stable picture
                update = os.environ.get("SARSAT_UPDATE_SCREENSHOT") == "1"
                shot = (DOCS if update else tmp_path) / "web-operator.png"
                shot.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 50_000
                assert errors == []
                # offline: every request went to this server (no CDN, no tile server)
                assert requests and all(u.startswith(server + "/") or u.startswith("data:") for u in requests), requests
            finally:
                browser.close()


def test_operator_page_on_end_to_end_data(tmp_path: Path) -> None:
    """The page over an MCC store filled by the whole pipeline (the small end-to-end scenario:
    sim → LUT → MCC): both distress beacons are on the map and their alerts carry their IDs;
    the self-test and orbitography beacons have no alert for a rescue centre."""
    exe = chromium_path()
    from sarsat.cli.demo import run_scenario
    from sarsat.sim.scenario import Scenario

    scenario = Path(__file__).parent / "data" / "e2e_small.toml"
    result = run_scenario(Scenario.from_file(scenario), tmp_path / "run", workers=2, quiet=True)
    ids = {r["beacon"]: r["hex_id"] for r in result.rows}
    app = create_app(f"sqlite:///{tmp_path / 'run' / 'mcc.db'}", None, poll_s=0.2)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not srv.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        feats = httpx.get(url + "positions", timeout=30).json()["features"]
        doa = [f["properties"] for f in feats if f["properties"].get("type") == "doa"
               and f["properties"].get("beacon_id") == ids["EPIRB with GNSS"]]
        assert doa and all(p.get("ellipse95", {}).get("semi_major_m", 0) > 0 for p in doa)  # the LUT's ellipse
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(url)
                page.wait_for_selector("body[data-ready='1']", timeout=30_000)
                for name in ("EPIRB with GNSS", "PLB without GNSS"):
                    assert page.locator(f"#markers g.marker[data-beacon='{ids[name]}']").count() >= 1, name
                    assert page.locator(f"#alerts li[data-beacon='{ids[name]}']").count() >= 1, name
                epirb = ids["EPIRB with GNSS"]
                # the LUT's own 95 % ellipse is drawn around each DOA position
                assert page.locator(f"#markers g.marker[data-beacon='{epirb}'][data-type='doa'] ellipse.ellipse95").count() >= 1
                page.click(f"#alerts li[data-beacon='{epirb}']")
                page.wait_for_function(f"document.querySelector('#sit185').textContent.includes('{epirb}')")
                assert "227123456" in (page.text_content("#beacon") or "")
                assert page.locator(f"#alerts li[data-beacon='{ids['EPIRB self-test']}']").count() == 0
                page.screenshot(path=str(tmp_path / "e2e-page.png"), full_page=True)
                assert errors == []
            finally:
                browser.close()
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()
