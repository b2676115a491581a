"""The MCC store: idempotent, transactional ingest, routing, export, audit trail.

Every test runs against SQLite and, when ``SARSAT_TEST_POSTGRES_URL`` names a server (as
``.ci/postgres.sh`` sets up), against PostgreSQL too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from mcc_helpers import HEX_FR, MARSEILLE, T0, pos, record

from sarsat.errors import MccError, SarsatError
from sarsat.mcc import store as store_mod
from sarsat.mcc.matching import EngineConfig
from sarsat.mcc.routing import RoutingConfig
from sarsat.mcc.sit185_parse import parse_sit185
from sarsat.mcc.store import Store, metadata

PG_URL = os.environ.get("SARSAT_TEST_POSTGRES_URL")
SYDNEY = (-33.86, 151.21)  # inside the demo AUSTRALIA area
NOW = T0 + timedelta(minutes=30)


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Store]]:
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("SARSAT_TEST_POSTGRES_URL not set: no PostgreSQL server configured")
        from sqlalchemy import create_engine

        eng = create_engine(PG_URL)
        metadata.drop_all(eng)
        eng.dispose()
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'mcc.db'}"
    made: list[Store] = []

    def factory(**kw: object) -> Store:
        s = Store(url, **kw)  # type: ignore[arg-type]
        made.append(s)
        return s

    yield factory
    for s in made:
        s.close()


def test_duplicate_never_produces_a_second_message(make_store: Callable[..., Store]) -> None:
    st = make_store()
    rec = record("dup", 0, [pos("doa", MARSEILLE, ehe_m=3000.0)])
    first = st.ingest(rec, NOW)
    again = st.ingest(rec, NOW + timedelta(seconds=5))
    assert not first.duplicate and first.message_ids
    assert again.duplicate and again.message_ids == ()
    assert st.counts() == {"mcc_solutions": 1, "mcc_sites": 1, "mcc_messages": len(first.message_ids),
                           "mcc_audit": st.counts()["mcc_audit"]}
    # a fresh Store on the same database (a restart) still knows it
    assert make_store().ingest(rec, NOW).duplicate


def test_ingest_is_all_or_nothing(make_store: Callable[..., Store], monkeypatch: pytest.MonkeyPatch) -> None:
    st = make_store()
    rec = record("tx", 0, [pos("doa", MARSEILLE)])

    def boom(*_a: object, **_k: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_mod, "render", boom)
    with pytest.raises(RuntimeError):
        st.ingest(rec, NOW)
    assert st.counts() == {"mcc_solutions": 0, "mcc_sites": 0, "mcc_messages": 0, "mcc_audit": 0}
    monkeypatch.undo()
    res = st.ingest(rec, NOW)
    assert not res.duplicate and len(res.message_ids) == 1


def test_routing_area_nocr_and_layouts(make_store: Callable[..., Store]) -> None:
    """A French beacon located off Sydney: the Australian RCC (legacy layout) gets the alert,
    the French RCC a NOCR (CSC-66 layout)."""
    st = make_store()
    st.ingest(record("au", 0, [pos("doa", SYDNEY, ehe_m=3000.0)]), NOW)
    msgs = {m["destination"]: m for m in st.messages()}
    assert set(msgs) == {"503A", "227A"}
    assert msgs["503A"]["layout"] == "legacy" and not msgs["503A"]["nocr"]
    assert msgs["227A"]["nocr"]
    assert parse_sit185(msgs["227A"]["text"]).title == (
        "DISTRESS COSPAS-SARSAT NOTIFICATION OF COUNTRY OF BEACON REGISTRATION ALERT")
    assert parse_sit185(msgs["503A"]["text"]).layout == "legacy"


def test_unlocated_by_country_and_sit915_for_non_capable_mcc(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("ca", 0, [], system="geosar", sats=("GOES 16",), span_s=0.0, country_code=316), NOW)
    (m,) = st.messages()
    assert m["destination"] == "3160"
    lines = m["text"].splitlines()
    assert lines[1] == "/915/3160" and lines[2].startswith("/1.") and lines[-3:] == ["QQQQ", "/LASSIT", "/ENDMSG"]
    parsed = parse_sit185(m["text"])
    assert parsed.sit915_destination == "3160" and parsed.positions == ()


@pytest.mark.parametrize(("changes", "expected"), [
    ({"family": "elt-dt", "beacon_type": "ELT(DT)"}, {"227A", "LADR"}),
    ({"family": "rls", "beacon_type": "PLB"}, {"227A", "RLSP"}),
    ({"beacon_type": "SSAS"}, {"227S"}),
])
def test_special_routing(make_store: Callable[..., Store], changes: dict, expected: set) -> None:  # type: ignore[type-arg]
    st = make_store()
    st.ingest(record("sp", 0, [pos("doa", MARSEILLE)], **changes), NOW)
    assert {m["destination"] for m in st.messages()} == expected


def test_reference_beacon_only_to_monitoring(make_store: Callable[..., Store]) -> None:
    st = make_store(config=EngineConfig(monitor_ids=frozenset({HEX_FR})))
    st.ingest(record("qms", 0, [pos("doa", MARSEILLE)]), NOW)
    assert [m["destination"] for m in st.messages()] == ["QMS1"]
    assert st.sites() == []


def test_why_explains_a_suppressed_alert(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("w1", 0, [pos("doa", MARSEILLE)]), NOW)
    st.ingest(record("w2", 60, [pos("doa", MARSEILLE)]), NOW)
    st.ingest(record("w3", 120, [pos("doa", MARSEILLE)], test=True), NOW)
    trail = st.audit_trail(1)
    suppressed = [r for r in trail if r["solution_id"] == "w2" and r["step"] == "action"]
    assert suppressed and suppressed[0]["decision"] == "suppressed update"
    assert "5 min before confirmation" in suppressed[0]["rule"]
    by_beacon = st.audit_trail(HEX_FR)  # includes the filtered test-protocol solution (no site)
    assert any(r["solution_id"] == "w3" and "test protocol" in r["rule"] for r in by_beacon)


def test_message_numbers_per_destination_and_site_lookup(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("n1", 0, [pos("doa", MARSEILLE)]), NOW)
    st.ingest(record("n2", 600, [pos("doa", MARSEILLE)]), NOW)
    assert [m["msg_no"] for m in st.messages()] == [1, 2]
    assert st.site(HEX_FR).site_id == st.site("1").site_id == 1
    with pytest.raises(MccError):
        st.site("99")


def test_export_writes_each_message_once(make_store: Callable[..., Store], tmp_path: Path) -> None:
    st = make_store()
    st.ingest(record("x1", 0, [pos("doa", SYDNEY)]), NOW)
    out = tmp_path / "out"
    first = st.export(out)
    assert sorted(p.name for p in first) == ["2270_227A_00000002.txt", "2270_503A_00000001.txt"]
    assert st.export(out) == []
    assert parse_sit185(first[0].read_text("utf-8")).hex_id == HEX_FR


def test_bad_store_url_and_routing_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(SarsatError):
        Store("nosuchdialect://x")
    bad = tmp_path / "r.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"properties": {"id": "X", "kind": "PIZZA"}}]}')
    with pytest.raises(MccError):
        RoutingConfig.load(bad)
    with pytest.raises(MccError):
        RoutingConfig.load(tmp_path / "missing.geojson")


def _box(dest: str, lon0: float, lon1: float) -> dict:  # type: ignore[type-arg]
    ring = [[lon0, 40.0], [lon1, 40.0], [lon1, 50.0], [lon0, 50.0], [lon0, 40.0]]
    return {"type": "Feature", "properties": {"id": dest, "kind": "RCC", "countries": []},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_update_into_a_new_service_area_is_always_sent(make_store: Callable[..., Store]) -> None:
    """§4.4 (tests 7-2-3, 9.7): a throttled update whose position lies in a service area not
    yet informed is sent anyway; the same update inside the known area is not."""
    cfg = RoutingConfig.from_geojson({"type": "FeatureCollection", "mcc": {"name": "XMCC", "code": "9990"},
                                      "features": [_box("WEST", 0.0, 5.0), _box("EAST", 5.0, 10.0)]})
    st = make_store(routing=cfg)
    st.ingest(record("b1", 0, [pos("doa", (45.0, 4.95))]), NOW)
    same = st.ingest(record("b2", 60, [pos("doa", (45.0, 4.96))]), NOW)
    moved = st.ingest(record("b3", 120, [pos("doa", (45.0, 5.05))]), NOW)  # 8 km east, other area
    assert same.message_ids == () and any("5 min before confirmation" in x for x in same.audit)
    assert moved.message_ids and any("new SRR" in x for x in moved.audit)
    assert {m["destination"] for m in st.messages() if m["solution_id"] == "b3"} == {"EAST"}


def test_mcc_peer_taking_inter_mcc_sits(make_store: Callable[..., Store]) -> None:
    """A peer MCC configured for SIT 1xx gets a SIT 145 for a DOA solution with an FGB message
    (read back by the SIT reader), and a SIT 185 in a SIT 915 when there is no 30-hex message."""
    from sarsat.mcc.sit_inter import read_sits

    peer = _box("3660", 0.0, 10.0)
    peer["properties"].update(kind="MCC", format="sit1xx")
    cfg = RoutingConfig.from_geojson({"type": "FeatureCollection", "mcc": {"name": "XMCC", "code": "9990"},
                                      "features": [peer]})
    st = make_store(routing=cfg)
    fgb = record("m1", 0, [pos("doa", (45.0, 5.0))]).to_json()
    fgb["beacon"]["message_hex"] = "D6E30F3C0618618C46EAEFE0FF0146"
    from sarsat.mcc.ingest import SolutionRecord

    st.ingest(SolutionRecord.from_json(fgb), NOW)
    st.ingest(record("m2", 0, [pos("doa", (45.0, 5.0))], hex_id="1C64000000FFBFE"), NOW)
    m1, m2 = st.messages()
    assert m1["title"] == "SIT 145"
    (back,) = read_sits(m1["text"])
    assert not isinstance(back, Exception) and back.fixes[0].latitude_deg == pytest.approx(45.0)
    assert m2["text"].splitlines()[1] == "/915/3660"


def test_mcc_peer_gets_sit_3xx_for_sgb(make_store: Callable[..., Store]) -> None:
    """An SGB solution read from the public SIT 345 sample leaves for a SIT 1xx/3xx peer as a
    SIT 345 (initial, §3.2) carrying the same 23-hex ID, read back by the SIT reader."""
    from pathlib import Path

    from sarsat.mcc.sit_inter import read_sits

    peer = _box("3660", 100.0, 130.0)
    peer["geometry"]["coordinates"] = [[[100.0, 0.0], [130.0, 0.0], [130.0, 30.0], [100.0, 30.0], [100.0, 0.0]]]
    peer["properties"].update(kind="MCC", format="sit1xx")
    cfg = RoutingConfig.from_geojson({"type": "FeatureCollection", "mcc": {"name": "XMCC", "code": "9990"},
                                      "features": [peer]})
    st = make_store(routing=cfg)
    sample = Path(__file__).parent / "data" / "sit_inter" / "venus_sgb_1.2.5_sit345.txt"
    (rec,) = read_sits(sample.read_text())
    assert not isinstance(rec, Exception)
    res = st.ingest(rec, rec.detected_at + timedelta(minutes=2))
    (msg,) = st.messages()
    assert res.message_ids and msg["title"] == "SIT 345"
    (back,) = read_sits(msg["text"])
    assert not isinstance(back, Exception) and back.beacon.hex_id == "A7949C44001000000000000"
    assert back.fixes[0].type == "doa" and back.fixes[0].latitude_deg == pytest.approx(17.246)


def test_geojson_of_a_site(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("g1", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)]), NOW)
    gj = st.site(1).to_geojson()
    coords = [f["geometry"]["coordinates"] for f in gj["features"]]
    assert coords[0] == [MARSEILLE[1], MARSEILLE[0]]  # RFC 7946: lon, lat
    assert [f["properties"]["role"] for f in gj["features"]] == ["position", "position", "mcc_reference"]


def test_sgb_sites_keyed_by_23_hex_id(make_store: Callable[..., Store]) -> None:
    """§4.2 (test 2-12-2): two SGBs with the same 15-hex prefix but different 23-hex IDs are
    different sites."""
    st = make_store()
    for sid, hex_id in (("a", "9934039823D000000000000"), ("b", "9934039823D000000000001")):
        st.ingest(record(sid, 0, [pos("doa", MARSEILLE)], hex_id=hex_id, family="sgb"), NOW)
    assert sorted(s.beacon_id for s in st.sites()) == ["9934039823D000000000000", "9934039823D000000000001"]


def test_uncorroborated_alert_still_sends_the_nocr(make_store: Callable[..., Store]) -> None:
    """§4.1 item 8: an uncorroborated MEOSAR alert is not sent to the RCC; the NOCR still goes."""
    st = make_store()
    st.ingest(record("u", 0, [pos("doa", SYDNEY)], sats=("329",), span_s=0.0), NOW)
    (m,) = st.messages()
    assert m["destination"] == "227A" and m["nocr"]


def test_close_idle_sites(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("c1", 0, [pos("doa", MARSEILLE)]), NOW)
    assert st.close_idle(NOW + timedelta(hours=1)) == []
    assert st.close_idle(NOW + timedelta(hours=49)) == [1]
    assert st.sites(open_only=True) == [] and st.site(1).status == "closed"
    assert any(r["decision"] == "closed" and "closure timer" in r["rule"] for r in st.audit_trail(1))
    res = st.ingest(record("c2", 49 * 3600, [pos("doa", MARSEILLE)]), NOW + timedelta(hours=49))
    assert res.site_id == 2


def test_eltdt_burst_held_back_for_the_rcc_still_goes_to_the_ladr(make_store: Callable[..., Store]) -> None:
    st = make_store()
    dt = {"family": "elt-dt", "beacon_type": "ELT(DT)", "span_s": 0.0}
    st.ingest(record("l0", 0, [pos("doa", MARSEILLE)], **dt), NOW)
    held = st.ingest(record("l1", 120, [pos("doa", MARSEILLE)], **dt), NOW)  # RCC: < 10 min after
    assert {m["destination"] for m in st.messages() if m["solution_id"] == "l0"} == {"227A", "LADR"}
    assert held.message_ids and {m["destination"] for m in st.messages() if m["solution_id"] == "l1"} == {"LADR"}


def test_registration_pointer_in_the_sit185(make_store: Callable[..., Store]) -> None:
    """§4.7: the SIT 185 says where the beacon is registered (demo config: French beacons at
    the FMCC, others at the IBRD); an unreliable message gets no pointer."""
    st = make_store()
    st.ingest(record("r1", 0, [pos("doa", MARSEILLE)]), NOW)
    st.ingest(record("r2", 0, [pos("doa", MARSEILLE)], hex_id="1C64000000FFBF0", country_code=503), NOW)
    st.ingest(record("r3", 0, [pos("doa", MARSEILLE)], hex_id="1C64000000FFBF1", reliable=False), NOW)
    ops = {m["solution_id"]: parse_sit185(m["text"]).operational_information for m in st.messages()}
    assert "BEACON REGISTRATION AT FMCC" in ops["r1"]
    assert "BEACON REGISTRATION AT WWW.406REGISTRATION.COM" in ops["r2"]
    assert not any("REGISTRATION" in x for x in ops["r3"])


def test_same_id_other_content_is_kept_once_and_reported(make_store: Callable[..., Store]) -> None:
    st = make_store()
    st.ingest(record("same", 0, [pos("doa", MARSEILLE)]), NOW)
    other = st.ingest(record("same", 0, [pos("doa", SYDNEY)]), NOW)
    assert other.duplicate and "different content" in other.audit[0]
    assert st.ingest(record("same", 0, [pos("doa", MARSEILLE)]), NOW).audit == ()
    in_batch = st.ingest_many([record("b", 0, [pos("doa", MARSEILLE)]), record("b", 0, [pos("doa", SYDNEY)])], NOW)
    assert [r.duplicate for r in in_batch] == [False, True] and in_batch[1].audit
    assert len([m for m in st.messages() if m["solution_id"] == "same"]) == 1
