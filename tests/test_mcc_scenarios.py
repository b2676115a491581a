"""Scenario tests from the worked cases of reference mcc-and-distribution.md §4, with golden
SIT 185 outputs (both layouts) under tests/golden/mcc/.

Regenerate the golden files after an intended format change with
``SARSAT_UPDATE_GOLDEN=1 python -m pytest tests/test_mcc_scenarios.py`` and review the diff.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from mcc_helpers import HEX_FR, MARSEILLE, T0, Run, north_of, pos, record

from sarsat.mcc.ingest import SolutionRecord

from sarsat.mcc.matching import EngineConfig, distance_m
from sarsat.mcc.rules import ACTIONS, INCIDENTS, NOCR_TITLE, STATUSES, THRESHOLDS
from sarsat.mcc.sit185 import MAX_LINE, Envelope, render
from sarsat.mcc.sit185_parse import parse_sit185, split_messages

GOLDEN = Path(__file__).parent / "golden" / "mcc"
KM = 1000.0


def _golden(name: str, run: Run, nocr: bool = False) -> None:
    """Render every alert of ``run`` in both layouts; compare with (or write) the golden files,
    and parse each message back to the alert's fields."""
    for layout in ("legacy", "csc66"):
        texts = []
        for n, out in enumerate((o for o in run.outcomes if o.alert is not None), 1):
            a = out.alert
            assert a is not None
            env = Envelope(n, "FMCC", "2270", "227A", a.detected_at + timedelta(minutes=2), a.site_id)
            text = render(a, env, layout, nocr=nocr)
            assert all(len(line) <= MAX_LINE for line in text.splitlines()), text
            back = parse_sit185(text)
            assert back.layout == layout and back.hex_id == a.beacon.hex_id and back.msg_no == n
            title = NOCR_TITLE if nocr else a.title if layout == "legacy" else a.title_csc66
            assert back.title == f"{a.prefix} {title}"
            assert back.unparsed == ()
            want = {p.type for p in a.positions} | ({"confirmed" if layout == "legacy" else "mcc_reference"}
                                                    if a.reference else set())
            assert {p.type for p in back.positions} == want
            texts.append(text)
        body = "".join(texts)
        path = GOLDEN / f"{name}.{layout}.txt"
        if os.environ.get("SARSAT_UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, "utf-8")
        assert path.exists(), f"{path} missing: run SARSAT_UPDATE_GOLDEN=1 python -m pytest {__file__}"
        assert body == path.read_text("utf-8"), f"{path} differs (SARSAT_UPDATE_GOLDEN=1 to regenerate)"
        assert len(split_messages(body)) == len(texts)


def test_action_table_covers_every_reachable_pair() -> None:
    for status in STATUSES:
        for incident in INCIDENTS:
            if status == "cancelled" or (status == "new" and incident not in (
                    "unlocated", "first_position", "first_position_confirmed", "cancellation")):
                continue
            if status in ("ambiguous", "located", "conflict", "confirmed") and incident.startswith("first"):
                continue
            if status == "unlocated" and incident not in ("unlocated", "first_position",
                                                          "first_position_confirmed", "cancellation"):
                continue
            if status == "ambiguous" and incident == "match_independent":
                continue  # an independent match on an ambiguous site is a resolution
            assert (status, incident) in ACTIONS, (status, incident)


def test_initial_confirmed_doa_and_encoded_agree_then_update_throttle() -> None:
    """LGM test 1 (§3.5, §4.4): DOA + GNSS agree in the first alert -> MCC REFERENCE at once;
    a matching DOA 10 min later is not sent (<= 15 min), one 20 min later is an update."""
    run = Run()
    enc = (43.12383, 5.98683)
    run.feed(record("s1", 0, [pos("doa", MARSEILLE, ehe_m=3700.0), pos("encoded", enc)]))
    assert run.sent == ["POSITION CONFIRMED ALERT"]
    assert run.site is not None and run.site.status == "confirmed"
    assert run.site.reference is not None and run.site.reference.type == "encoded"
    assert run.outcomes[0].alert is not None and run.outcomes[0].alert.title_csc66 == "INITIAL LOCATED ALERT"
    run.feed(record("s2", 600, [pos("doa", north_of(*MARSEILLE, 1.0))]))
    assert run.outcomes[-1].alert is None
    assert "redundant after confirmation" in run.outcomes[-1].audit[-1].rule
    run.feed(record("s3", 1200, [pos("doa", north_of(*MARSEILLE, 0.5))]))
    assert run.sent[-1] == "POSITION CONFIRMED UPDATE ALERT"
    _golden("initial_confirmed", run)


@pytest.mark.parametrize(("km", "incident", "title"), [
    (8.3, "match_independent", "POSITION CONFIRMED ALERT"),  # §4.3: 8.3 km is a match
    (22.2, "conflict", "POSITION CONFLICT ALERT"),  # §4.3: 22.2 km is a conflict
])
def test_conflict_at_22_km_match_at_8_km(km: float, incident: str, title: str) -> None:
    run = Run()
    run.feed(record("e1", 0, [pos("encoded", MARSEILLE)], system="geosar", sats=("GOES 16",)))
    assert run.sent == ["INITIAL ALERT"]
    doa = north_of(*MARSEILLE, km)
    assert distance_m(*MARSEILLE, *doa) == pytest.approx(km * KM, abs=1.0)
    out = run.feed(record("d1", 300, [pos("doa", doa, ehe_m=5000.0)]))
    assert [e.decision for e in out.audit if e.step == "classify"] == [incident]
    assert run.sent[-1] == title
    if incident == "conflict":
        assert out.alert is not None and out.alert.remarks == ("THIS POSITION 22 KILOMETRES FROM PREVIOUS ALERT",)
    _golden(f"{incident}_{str(km).replace('.', '_')}km", run)


def test_doppler_ambiguity_resolved_by_a_later_pass() -> None:
    """§4.3: pass 1 gives A/B; pass 2's A matches the first A -> A is the position."""
    run = Run()
    a, b = (36.635, 168.97), (36.651667, 175.02)
    run.feed(record("p1", 0, [pos("doppler_a", a, probability_pct=50), pos("doppler_b", b, probability_pct=50)],
                    system="leosar", sats=("S11",), pass_id="S11-1"))
    assert run.site is not None and run.site.status == "ambiguous"
    run.feed(record("p2", 6000, [pos("doppler_a", north_of(*a, 3.0), probability_pct=70),
                                 pos("doppler_b", (20.0, 150.0), probability_pct=30)],
                    system="leosar", sats=("S08",), pass_id="S08-7"))
    assert run.sent == ["INITIAL ALERT", "POSITION CONFIRMED ALERT"]
    assert run.site.status == "confirmed" and run.site.reference is not None
    assert distance_m(run.site.reference.latitude_deg, run.site.reference.longitude_deg, *a) < 3.5 * KM
    _golden("doppler_resolved", run)


def test_doppler_unresolved_when_both_sides_match_both() -> None:
    run = Run()
    a, b = (41.118333, 1.211667), (36.806667, 22.336667)
    run.feed(record("p1", 0, [pos("doppler_a", a), pos("doppler_b", b)], system="leosar", sats=("S08",), pass_id="1"))
    out = run.feed(record("p2", 6000, [pos("doppler_a", north_of(*a, 2)), pos("doppler_b", north_of(*b, 2))],
                          system="leosar", sats=("S08",), pass_id="2"))
    assert run.sent[-1] == "UNRESOLVED DOPPLER POSITION MATCH"
    assert out.alert is not None and "WARNING AMBIGUITY IS NOT RESOLVED" in out.alert.notes
    _golden("doppler_unresolved", run)


def test_same_pass_from_another_lut_is_not_confirmation() -> None:
    run = Run()
    a, b = (36.635, 168.97), (36.651667, 175.02)
    run.feed(record("p1", 0, [pos("doppler_a", a), pos("doppler_b", b)], system="leosar", sats=("S11",), pass_id="X"))
    out = run.feed(record("p1b", 400, [pos("doppler_a", a), pos("doppler_b", b)], system="leosar",
                          sats=("S11",), pass_id="X", lut="AULUTW"))
    assert [e.decision for e in out.audit if e.step == "classify"] == ["match_dependent"]
    assert out.alert is not None and out.alert.title == "POSITION UPDATE ALERT"  # 5 min < 6.7 min


def test_unlocated_then_unlocated_update_then_located() -> None:
    """§4.6, MCC-174: GEOSAR-only detections, then the first position."""
    run = Run()
    geo = {"system": "geosar", "sats": ("GOES 16",), "span_s": 0.0}
    run.feed(record("g1", 0, [], **geo))
    run.feed(record("g2", 120, [], **geo))  # 2 min: redundant (< 5 min)
    run.feed(record("g3", 600, [], **geo))
    run.feed(record("m1", 900, [pos("doa", MARSEILLE, ehe_m=2000.0)]))
    assert run.sent == ["INITIAL ALERT", "UNLOCATED UPDATE ALERT", "INITIAL ALERT"]
    assert run.outcomes[1].alert is None
    assert run.outcomes[3].alert is not None and run.outcomes[3].alert.title_csc66 == "INITIAL LOCATED ALERT"
    _golden("unlocated_to_located", run)


def test_eltdt_schedule_and_cancellation() -> None:
    """MCC-151/152/153: every burst >= 3 s apart in the first 30 s, then every 10 min;
    §4.5: three cancellation bursts within 110 s -> USER CANCELLATION ALERT."""
    run = Run()
    dt = {"family": "elt-dt", "beacon_type": "ELT(DT)", "span_s": 0.0}
    track = [0, 5, 7, 20, 60, 300, 700]
    for i, t in enumerate(track):
        run.feed(record(f"t{i}", t, [pos("doa", north_of(*MARSEILLE, t / 100), ehe_m=4000.0),
                                     pos("doppler_a", (0.0, 0.0))], **dt))
    rcc = [t for t, o in zip(track, run.outcomes, strict=True) if o.alert is not None and o.alert.to_rcc]
    assert rcc == [0, 5, 20, 700]  # 7 s is 2 s after 5 s; 60 s and 300 s are < 10 min after 20 s
    ladr_only = [t for t, o in zip(track, run.outcomes, strict=True) if o.alert and o.alert.extra.get("ladr_only")]
    assert ladr_only == [60, 300]  # A.001 §3.12: >= 3 s from every earlier LADR send; 7 s is 2 s after 5 s
    assert all(p.type != "doppler_a" for o in run.outcomes if o.alert for p in o.alert.positions)  # MCC-39
    assert run.outcomes[0].alert is not None and run.outcomes[0].alert.prefix == "DISTRESS TRACKING COSPAS-SARSAT"
    for i, t in enumerate((800, 840, 890)):
        run.feed(record(f"c{i}", t, [], cancellation=True, **dt))
    assert run.sent[-1] == "USER CANCELLATION ALERT"
    assert run.site is not None and run.site.status == "cancelled"
    old = run.feed(record("late", 750, [pos("doa", MARSEILLE)], **dt))
    assert old.alert is None and "older than the confirmed cancellation" in old.audit[-1].rule
    new = run.feed(record("again", 2000, [pos("doa", MARSEILLE)], **dt))
    assert new.closed and new.site is not None and new.site.site_id == 2
    assert new.alert is not None and new.alert.title == "INITIAL ALERT"
    _golden("eltdt_schedule_cancellation", run)


def test_cancellation_needs_three_bursts_within_110_s() -> None:
    run = Run()
    dt = {"family": "elt-dt", "beacon_type": "ELT(DT)", "span_s": 0.0}
    run.feed(record("a", 0, [pos("doa", MARSEILLE)], **dt))
    for i, t in enumerate((100, 160, 220)):  # 120 s from first to third: never 3 within 110 s
        run.feed(record(f"c{i}", t, [], cancellation=True, **dt))
    assert "USER CANCELLATION ALERT" not in run.sent


@pytest.mark.parametrize(("changes", "rule"), [
    ({"test": True}, "test protocol"),
    ({"self_test": True}, "self-test"),
])
def test_test_and_self_test_filtered(changes: dict, rule: str) -> None:  # type: ignore[type-arg]
    run = Run()
    out = run.feed(record("x", 0, [pos("doa", MARSEILLE)], **changes))
    assert out.alert is None and out.site is None
    assert rule in out.audit[-1].rule and out.audit[-1].decision == "filtered"


def test_old_data_filtered_after_18_h() -> None:
    run = Run()
    out = run.feed(record("old", 0, [pos("doa", MARSEILLE)]), delay_s=THRESHOLDS.old_data_s + 60)
    assert out.alert is None and "old data" in out.audit[-1].rule


def test_unreliable_message() -> None:
    """§4.1 item 4: encoded position dropped, hex ID only + note; not sent without an
    independent position."""
    run = Run()
    out = run.feed(record("u1", 0, [pos("doa", MARSEILLE, ehe_m=3000.0), pos("encoded", (10.0, 10.0))],
                          reliable=False))
    assert out.alert is not None and [p.type for p in out.alert.positions] == ["doa"]
    assert "DATA DECODED FROM THE BEACON MESSAGE IS NOT RELIABLE" in out.alert.notes
    _golden("unreliable", run)
    lone = Run().feed(record("u2", 0, [pos("encoded", MARSEILLE)], reliable=False))
    assert lone.alert is None and "without an independent position" in lone.audit[-1].rule


def test_redundancy_before_confirmation_5_min_then_doa_independent_after_30_min() -> None:
    """§4.4 (A.001 3.2.3.2.1): 3 min later not sent, 6 min later an update; §4.3 31 min apart
    DOAs are independent and confirm (tests 1-3-2, 2-14-2)."""
    run = Run()
    run.feed(record("d0", 0, [pos("doa", MARSEILLE, ehe_m=3000.0)]))
    run.feed(record("d3", 180, [pos("doa", north_of(*MARSEILLE, 1), ehe_m=3000.0)]))
    run.feed(record("d6", 360, [pos("doa", north_of(*MARSEILLE, 2), ehe_m=3000.0)]))
    run.feed(record("d31", 31 * 60, [pos("doa", north_of(*MARSEILLE, 3), ehe_m=3000.0)]))
    assert [o.alert is not None for o in run.outcomes] == [True, False, True, True]
    assert run.sent == ["INITIAL ALERT", "POSITION UPDATE ALERT", "POSITION CONFIRMED ALERT"]
    _golden("redundancy_throttles", run)


def test_uncorroborated_meosar_alert() -> None:
    """§4.1 item 8: one satellite, bursts within 2.5 s: not for the RCC unless the LUT is
    processing-anomaly capable, then sent with a note."""
    single = {"sats": ("329",), "span_s": 0.0}
    out = Run().feed(record("u", 0, [pos("doa", MARSEILLE)], **single))
    assert out.alert is not None and out.alert.to_rcc is False
    capable = Run(EngineConfig(anomaly_capable_luts=frozenset({"2276"})))
    out = capable.feed(record("u", 0, [pos("doa", MARSEILLE)], **single))
    assert out.alert is not None and out.alert.to_rcc and "UNCORROBORATED MEOSAR ALERT" in out.alert.notes


def test_reference_beacon_goes_to_monitoring() -> None:
    run = Run(EngineConfig(monitor_ids=frozenset({HEX_FR})))
    out = run.feed(record("ref", 0, [pos("doa", MARSEILLE)]))
    assert out.alert is not None and out.alert.monitoring and out.site is None


def test_message_hex_is_decoded_with_the_beacon_codec() -> None:
    """A LUT may send the corrected message instead of decoded fields; its encoded position
    becomes an encoded fix (here it agrees with the DOA: confirmed at once)."""
    from sarsat.beacon import encode_fgb
    from sarsat.mcc.ingest import SolutionRecord

    hex_msg = encode_fgb({"family": "standard-location", "code": "0011", "country_code": 227,
                          "identity": {"aircraft_address": "39C6B2"},
                          "position": {"latitude_deg": 48.1, "longitude_deg": -4.5}})
    base = record("h", 0, [pos("doa", north_of(48.1, -4.5, 2.0), ehe_m=3000.0)]).to_json()
    del base["beacon"]
    rec = SolutionRecord.from_json({**base, "message_hex": hex_msg})
    assert rec.beacon.hex_id == "1C66738D64FFBFF" and rec.beacon.beacon_type == "ELT"
    assert rec.beacon.homing == "OTHER (NOT 121.5 MHZ) OR NIL"  # homing flag not set in this message
    from sarsat.mcc.sit185 import Envelope, render

    text = render(Run().feed(rec).alert, Envelope(1, "FMCC", "2270", "227A", rec.detected_at, 1), "legacy")
    assert parse_sit185(text).extra["homing_signal"] == "OTHER (NOT 121.5 MHZ) OR NIL"
    assert [f.type for f in rec.fixes] == ["doa", "encoded"]
    out = Run().feed(rec)
    assert out.alert is not None and out.alert.title == "POSITION CONFIRMED ALERT"
    test_msg = SolutionRecord.from_json({**base, "message_hex": "FFFE2F8E3E0425A72AC0626AE5B716C2DB8E"})
    assert test_msg.beacon.test  # T.001 Annex B example is a test-protocol message: filtered
    assert Run().feed(test_msg).alert is None


def test_site_closes_after_48_h_without_data_and_a_new_one_opens() -> None:
    """§4.2 [K]: a site idle for longer than the closure time is closed; new data opens a new
    activation with an initial alert."""
    run = Run()
    run.feed(record("a", 0, [pos("doa", MARSEILLE)]))
    later = THRESHOLDS.site_close_after_s + 60
    out = run.feed(record("b", later, [pos("doa", MARSEILLE)]))
    assert [s.status for s in out.closed] == ["closed"] and out.closed[0].site_id == 1
    assert out.site is not None and out.site.site_id == 2
    assert out.alert is not None and out.alert.title == "INITIAL ALERT"


def test_encoded_position_outside_the_footprint_is_dropped() -> None:
    """§4.1 item 3: an encoded position outside every relaying satellite's footprint (the LUT
    flags it with footprint_ok=false) is discarded; the DOA position stays."""
    rec = record("f", 0, [pos("doa", MARSEILLE), pos("encoded", (-40.0, 100.0))]).to_json()
    from sarsat.mcc.ingest import SolutionRecord

    out = Run().feed(SolutionRecord.from_json({**rec, "footprint_ok": False}))
    assert out.alert is not None and [p.type for p in out.alert.positions] == ["doa"]
    assert any("footprint" in e.rule for e in out.audit)


def test_operator_switches_and_eltdt_doa_luts() -> None:
    """§4.1 items 9-10: blocked beacons, ELT(DT) not processed, DOA from a MEOLUT not
    commissioned for fast-moving beacons."""
    from sarsat.mcc.matching import load_engine_config

    cfg = load_engine_config({"blocked_ids": [HEX_FR.lower()]})
    out = Run(cfg).feed(record("x", 0, [pos("doa", MARSEILLE)]))
    assert out.alert is None and "distribution blocked" in out.audit[-1].rule
    dt = {"family": "elt-dt", "beacon_type": "ELT(DT)"}
    out = Run(load_engine_config({"process_eltdt": False})).feed(record("y", 0, [pos("doa", MARSEILLE)], **dt))
    assert out.alert is None and "not processed operationally" in out.audit[-1].rule
    out = Run(load_engine_config({"eltdt_doa_luts": ["4123"]})).feed(
        record("z", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)], **dt))
    assert out.alert is not None and [p.type for p in out.alert.positions] == ["encoded"]


@pytest.mark.parametrize("bad", [[], {"monitor_id": ["X"]}, {"blocked_ids": "X"}, {"process_sgb": "yes"}])
def test_engine_config_errors(bad: object) -> None:
    from sarsat.errors import MccError
    from sarsat.mcc.matching import load_engine_config

    with pytest.raises(MccError):
        load_engine_config(bad)


def test_nocr_golden() -> None:
    """§2.4: a located alert for a beacon registered elsewhere is notified to the country of
    registration (routing decides who; the store test checks it); the NOCR text, both layouts."""
    run = Run()
    run.feed(record("n1", 0, [pos("doa", (-33.86, 151.21), ehe_m=3000.0), pos("encoded", (-33.87, 151.20))]))
    assert run.sent == ["POSITION CONFIRMED ALERT"]
    _golden("nocr", run, nocr=True)


def test_sgb_message_hex_through_the_mcc() -> None:
    """A second-generation message (T.018; the codec's own example): the site is keyed by the
    23-hex ID and the encoded position confirms a matching DOA."""
    from sarsat.mcc.ingest import SolutionRecord

    sgb = "0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49"
    base = record("sgb", 0, [pos("doa", north_of(48.79315, 69.00876, 3.0), ehe_m=2000.0)]).to_json()
    del base["beacon"]
    rec = SolutionRecord.from_json({**base, "message_hex": sgb})
    assert rec.beacon.hex_id == "9934039823D000000000000" and rec.beacon.family == "sgb"
    assert rec.beacon.activation == "manual activation by user"
    out = Run().feed(rec)
    assert out.site is not None and out.site.beacon_id == "9934039823D000000000000"
    assert out.alert is not None and out.alert.title == "POSITION CONFIRMED ALERT"


def test_rotating_field_update() -> None:
    """§4.4 (SGB tests 3-x): a redundant update is still sent when the rotating field carries new
    content; changing times alone are not new content."""
    run = Run()
    sgb = {"hex_id": "9934039823D000000000000", "family": "sgb"}
    g008 = {"identifier": 0, "name": "G.008 objective requirements", "battery": ">75% and <=100%",
            "elapsed_time_since_activation_h": 1}
    run.feed(record("r0", 0, [pos("doa", MARSEILLE)], rotating_field=g008, **sgb))
    run.feed(record("r1", 60, [pos("doa", MARSEILLE)], rotating_field={**g008, "elapsed_time_since_activation_h": 2},
                    **sgb))
    run.feed(record("r2", 120, [pos("doa", MARSEILLE)], rotating_field={**g008, "battery": ">50% and <=75%"},
                    **sgb))
    assert [o.alert is not None for o in run.outcomes] == [True, False, True]
    assert run.sent[-1] == "ROTATING FIELD UPDATE ALERT"


# --- §4.1 item 3: footprint computed with sarsat.orbit -------------------------------------
def _over(lat_deg: float, lon_deg: float, height_m: float = 23_222e3) -> list[float]:
    """ECEF of a satellite ``height_m`` above (lat, lon)."""
    from sarsat.orbit.frames import geodetic_to_ecef

    return [float(x) for x in geodetic_to_ecef(lat_deg, lon_deg, height_m)]


def _with(rec: SolutionRecord, **changes: object) -> SolutionRecord:
    return SolutionRecord.from_json({**rec.to_json(), **changes})


def test_footprint_computed_from_satellite_positions_overrides_the_flag() -> None:
    """A position the relaying satellite cannot see (other side of the Earth) is dropped even
    when the LUT's flag says ok; one it sees is kept even when the flag says not ok."""
    base = record("fp", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)], sats=("419",))
    far = _with(base, satellite_ecef_m=[_over(-43.0, -174.0)], footprint_ok=True)
    out = Run().feed(far)
    assert out.alert is not None and [p.type for p in out.alert.positions] == ["doa"]
    (e,) = [e for e in out.audit if "footprint" in e.rule]
    assert "computed" in e.detail
    near = _with(base, satellite_ecef_m=[_over(-43.0, -174.0), _over(40.0, 10.0)], footprint_ok=False)
    out = Run().feed(near)
    assert out.alert is not None and sorted(p.type for p in out.alert.positions) == ["doa", "encoded"]
    assert not any("footprint" in e.rule for e in out.audit)


def test_footprint_flag_is_the_fallback_without_satellite_positions() -> None:
    rec = _with(record("fb", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)]), footprint_ok=False)
    out = Run().feed(rec)
    assert out.alert is not None and [p.type for p in out.alert.positions] == ["doa"]
    assert any("footprint_ok flag" in e.detail for e in out.audit)


def test_footprint_from_an_orbit_model_by_satellite_id() -> None:
    """With an ephemeris (Walker Galileo, IDs 401-424) the record's satellite ids are enough:
    the satellite lowest below Marseille's horizon drops the encoded position, the highest keeps it."""
    import numpy as np

    from sarsat.orbit.frames import geodetic_to_ecef
    from sarsat.orbit.visibility import elevation_deg
    from sarsat.orbit.walker import galileo

    eph = galileo()
    r, _ = eph.state_ecef(T0, np.zeros(len(eph.satellites)))
    el = elevation_deg(np.broadcast_to(geodetic_to_ecef(*MARSEILLE, 0.0), r.shape), r)
    lo, hi = (str(eph.satellites[int(i)].sat_id) for i in (np.argmin(el), np.argmax(el)))
    assert el.min() < -10 and el.max() > 30  # the geometry this test relies on
    cfg = EngineConfig(ephemeris=eph)
    for sat, kept in ((lo, False), (hi, True)):
        rec = record(f"w{sat}", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)], sats=(sat,), span_s=0.0)
        out = Run(cfg).feed(rec)
        assert out.alert is not None
        assert ("encoded" in [p.type for p in out.alert.positions]) is kept, sat


def test_footprint_ephemeris_from_the_config_file(tmp_path: Path, shared_dir: Path) -> None:
    from sarsat.errors import MccError
    from sarsat.mcc.matching import load_engine_config

    tle = shared_dir / "orbits" / "sarsat-group-2024-08-14.tle"
    ids = shared_dir / "orbits" / "meosar-satellites.csv"
    cfg = load_engine_config({"footprint_tle": str(tle), "footprint_satellite_ids": str(ids)})
    assert cfg.ephemeris is not None and any(s.sat_id == 419 for s in cfg.ephemeris.satellites)
    from sarsat.mcc.footprint import inside_footprint

    # elements of 2024-08-14: used the next day, not trusted a month later (7-day rule)
    for day, expect_known in (("2024-08-15T10:00:00+00:00", True), ("2024-09-20T10:00:00+00:00", False)):
        rec = SolutionRecord.from_json({**record("t", 0, [], sats=("419", "301")).to_json(),
                                        "detected_at": day, "last_detected_at": day})
        verdict = inside_footprint(rec, *MARSEILLE, cfg.ephemeris)
        assert (verdict is not None) is expect_known, day
    with pytest.raises(MccError, match="footprint ephemeris"):
        load_engine_config({"footprint_tle": str(tmp_path / "missing.tle")})
    with pytest.raises(MccError, match="needs footprint_tle"):
        load_engine_config({"footprint_satellite_ids": str(ids)})


def test_satellite_positions_are_validated() -> None:
    from sarsat.errors import MccError

    base = record("v", 0, []).to_json()
    for bad in ([[1.0, 2.0]], [["x", 0, 0]], "nope", [[True, 0, 0]]):
        with pytest.raises(MccError, match="satellite_ecef_m"):
            SolutionRecord.from_json({**base, "satellite_ecef_m": bad})


# --- SIT 185 encoded-position lines: update time and ELT(DT) altitude (§3.4 field 8, §3.5) ----
def test_eltdt_gnss_update_time_and_altitude_in_feet_and_metres() -> None:
    """The 5.1.RCCVENUS sample (§3.5) prints under the GNSS position ``UPDATE TIME WITHIN 4 HOURS
    OF DETECTION TIME`` and ``ALTITUDE OF GNSS LOCATION LESS THAN 400 METRES (1300 FEET)``."""
    from sarsat.mcc.sit185 import render as render185

    dt = {"family": "elt-dt", "beacon_type": "ELT(DT)", "span_s": 0.0}
    run = Run()
    run.feed(record("g0", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE)],
                    gnss_altitude={"above_m": None, "up_to_m": 400}, position_uncertainty="15 minutes", **dt))
    run.feed(record("g1", 700, [pos("encoded", north_of(*MARSEILLE, 1))],
                    gnss_altitude={"above_m": 400, "up_to_m": 800}, **dt))
    run.feed(record("g2", 1400, [pos("encoded", north_of(*MARSEILLE, 2), altitude_m=9144.0)], **dt))
    a0, a1, a2 = (o.alert for o in run.outcomes)
    assert a0 is not None and a1 is not None and a2 is not None
    env = Envelope(1, "FMCC", "2270", "227A", a0.detected_at, 1)
    csc = render185(a0, env, "csc66").splitlines()
    i = next(n for n, line in enumerate(csc) if line.lstrip().startswith("GNSS - "))
    assert csc[i + 1:i + 3] == ["          UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME",
                                "          ALTITUDE OF GNSS LOCATION LESS THAN 400 METRES (1300 FEET)"]
    assert "    GNSS POSITION UNCERTAINTY PLUS-MINUS 15 MINUTES OF LATITUDE AND" in csc  # MCC-118, folded
    assert csc[csc.index("    GNSS POSITION UNCERTAINTY PLUS-MINUS 15 MINUTES OF LATITUDE AND") + 1] == "    LONGITUDE"
    legacy = render185(a1, env, "legacy")
    assert "    UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME\n" in legacy
    flat = " ".join(legacy.split())  # the line is folded at 69 columns
    assert "ALTITUDE OF ENCODED LOCATION BETWEEN 400 AND 800 METRES (1300 AND 2600 FEET)" in flat
    assert "ALTITUDE OF GNSS LOCATION 9144 METRES (30000 FEET)" in render185(a2, env, "csc66")
    gnss = [p for p in parse_sit185("\n".join(csc)).positions if p.type == "encoded"]
    assert [p.altitude for p in gnss] == ["LESS THAN 400 METRES (1300 FEET)"]
    back = parse_sit185(legacy)
    assert back.encoded_update_time == "UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME" and back.unparsed == ()
    assert [p.altitude for p in back.positions if p.type == "encoded"] == [
        "BETWEEN 400 AND 800 METRES (1300 AND 2600 FEET)"]
    _golden("eltdt_gnss_altitude", run)


def test_encoded_update_time_without_altitude_for_other_beacons() -> None:
    """Not an ELT(DT): the update-time line is written, no altitude line (feet/metres is ELT(DT))."""
    run = Run()
    out = run.feed(record("e", 0, [pos("doa", MARSEILLE), pos("encoded", MARSEILLE, altitude_m=100.0)]))
    assert out.alert is not None
    text = render(out.alert, Envelope(1, "FMCC", "2270", "227A", out.alert.detected_at, 1), "csc66")
    assert "UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME" in text and "ALTITUDE OF GNSS" not in text
    assert parse_sit185(text).encoded_update_time == "UPDATE TIME WITHIN 4 HOURS OF DETECTION TIME"


def test_sgb_encoded_altitude_in_feet_and_metres() -> None:
    """MCC-119: the encoded altitude goes out in feet as well as metres for SGBs too."""
    from sarsat.mcc.sit_inter import read_sits

    (rec,) = read_sits((Path(__file__).parent / "data" / "sit_inter" / "venus_sgb_1.1.1_sit322.txt").read_text())
    assert isinstance(rec, SolutionRecord)
    out = Run().feed(rec, delay_s=120.0)
    assert out.alert is not None
    text = render(out.alert, Envelope(1, "FMCC", "2270", "227A", out.alert.detected_at, 1), "csc66")
    assert "ALTITUDE OF GNSS LOCATION -368 METRES (-1200 FEET)" in text  # T.018 rotating field #0
    assert parse_sit185(text).unparsed == ()


def test_eltdt_uncertainty_from_the_decoded_message() -> None:
    """MCC-118: a coarse FGB ELT(DT) position (the SIT 125 sample's message) is +-15 minutes."""
    from sarsat.mcc.sit_inter import read_sits

    (rec,) = read_sits((Path(__file__).parent / "data" / "sit_inter" / "venus_fgb_5.1_sit125.txt").read_text())
    assert isinstance(rec, SolutionRecord) and rec.beacon.position_uncertainty == "15 MINUTES"
    out = Run().feed(rec, delay_s=120.0)
    assert out.alert is not None
    legacy = render(out.alert, Envelope(1, "FMCC", "2270", "227A", out.alert.detected_at, 1), "legacy")
    flat = " ".join(legacy.split())
    assert "14. OTHER ENCODED INFORMATION ENCODED POSITION UNCERTAINTY PLUS-MINUS 15 MINUTES" in flat
    back = parse_sit185(legacy)
    assert back.unparsed == () and any("PLUS-MINUS 15 MINUTES" in x for x in back.other_encoded_information)
