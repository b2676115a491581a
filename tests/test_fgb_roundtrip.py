"""Encode → decode round trips for every first-generation protocol (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sarsat.beacon import decode, encode_fgb

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIDS = st.sampled_from([201, 227, 232, 257, 316, 338, 366, 412, 503, 601, 775])


def bits(n: int) -> st.SearchStrategy[str]:
    return st.integers(0, 2**n - 1).map(lambda v: format(v, f"0{n}b"))


def text(alphabet: str, lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=lo, max_size=hi)


latitudes = st.floats(-90, 90, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False)
positions = st.one_of(st.none(), st.builds(lambda a, b: {"latitude_deg": a, "longitude_deg": b}, latitudes, longitudes))
sources = st.sampled_from(["internal", "external"])


@st.composite
def user_identity(draw: st.DrawFn, code: str) -> dict[str, Any]:
    if code == "010":
        if draw(st.booleans()):
            return {"mmsi_last6": draw(text("0123456789", 6, 6)), "specific_beacon": draw(st.sampled_from(ALNUM))}
        sign = draw(text(ALNUM, 1, 6).filter(lambda s: not (len(s) == 6 and s.isdigit())))
        return {"radio_call_sign": sign, "specific_beacon": draw(st.sampled_from(ALNUM))}
    if code == "110":
        head = draw(text(ALNUM, 1, 4))
        tail = draw(text("0123456789", 0, 3)) if len(head) == 4 else ""
        return {"radio_call_sign": head + tail, "specific_beacon": draw(st.sampled_from(ALNUM))}
    if code == "001":
        return {"aircraft_registration": draw(text(ALNUM + "-", 1, 7).filter(lambda s: s[0] != "-")),
                "specific_elt": draw(st.integers(0, 3))}
    if code == "011":
        kind = draw(st.sampled_from(["elt-serial", "elt-operator", "elt-aircraft-address", "epirb-float-free",
                                     "epirb-non-float-free", "plb"]))
        ident: dict[str, Any] = {"beacon_type": kind, "tac_flag": draw(st.booleans())}
        if kind == "elt-aircraft-address":
            ident.update(aircraft_address=format(draw(st.integers(0, 2**24 - 1)), "06X"),
                         specific_elt=draw(st.integers(0, 63)))
        elif kind == "elt-operator":
            ident.update(operator=draw(text(LETTERS, 3, 3)), operator_serial=draw(st.integers(1, 4095)))
        else:
            ident.update(serial_number=draw(st.integers(0, 2**20 - 1)), national_use_64_73=draw(bits(10)))
        if ident["tac_flag"]:
            ident["tac"] = draw(st.integers(1, 1023))
        else:
            ident["national_use_74_83"] = draw(bits(10))
        return ident
    key = "national_use_bits" if code in ("111", "100") else "data_bits"
    return {key: draw(bits(46))}


@st.composite
def user_specs(draw: st.DrawFn) -> dict[str, Any]:
    code = draw(st.sampled_from(["010", "110", "001", "011", "111", "000", "100"]))
    ident = draw(user_identity(code))
    long = draw(st.booleans())
    details: dict[str, Any] = {}
    if code not in ("111", "000", "100"):
        details["auxiliary_device"] = draw(st.sampled_from(["none", "121.5 MHz", "9 GHz SART", "other"]))
    spec: dict[str, Any] = {"code": code, "country_code": draw(MIDS), "identity": ident, "position": None}
    if code == "000":
        spec["family"] = "user"
        spec["format"] = "long" if long else "short"
        if long:
            details["pdf2_bits"] = draw(bits(26))
    elif code == "100":
        spec["family"] = "user"
        spec["format"] = "long" if long else "short"
        details["national_use_pdf2_bits" if long else "national_use_107_112"] = draw(bits(26 if long else 6))
    elif long:
        spec["family"] = "user-location"
        details["position_source"] = draw(sources)
        spec["position"] = draw(positions)
    else:
        spec["family"] = "user"
        details["unprotected"] = {"emergency_code_entered": draw(st.booleans()),
                                  "activation": draw(st.sampled_from(["manual", "manual-or-automatic"])),
                                  "code_bits": draw(bits(4))}
    spec["details"] = details
    return spec


@st.composite
def standard_specs(draw: st.DrawFn) -> dict[str, Any]:
    code = draw(st.sampled_from(["0010", "0011", "0100", "0101", "0110", "0111", "1100", "1110"]))
    if code in ("0010", "1100"):
        ident: dict[str, Any] = {"mmsi_last6": draw(text("0123456789", 6, 6))}
        if code == "0010":
            ident["specific_beacon"] = draw(st.integers(0, 15))
    elif code == "0011":
        ident = {"aircraft_address": format(draw(st.integers(0, 2**24 - 1)), "06X")}
    elif code == "0101":
        ident = {"operator": draw(text(LETTERS, 3, 3)), "operator_serial": draw(st.integers(1, 511))}
    elif code == "1110":
        ident = {"data_bits": draw(bits(24))}
    else:
        ident = {"tac": draw(st.integers(1, 1023)), "serial_number": draw(st.integers(1, 16383))}
    details = {"position_source": draw(sources), "homing_121_5": code != "1100" and draw(st.booleans())}
    return {"family": "standard-location", "code": code, "country_code": draw(MIDS), "identity": ident,
            "details": details, "position": draw(positions)}


@st.composite
def national_specs(draw: st.DrawFn) -> dict[str, Any]:
    details = {"position_source": draw(sources), "homing_121_5": draw(st.booleans()), "additional_data": True,
               "national_use_127_132": draw(bits(6))}
    return {"family": "national-location", "code": draw(st.sampled_from(["1000", "1010", "1011", "1111"])),
            "country_code": draw(MIDS), "identity": {"national_id": draw(st.integers(0, 2**18 - 1))},
            "details": details, "position": draw(positions)}


@st.composite
def rls_specs(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):
        ident: dict[str, Any] = {"beacon_type": draw(st.sampled_from(["first-epirb", "second-epirb", "plb", "test"])),
                                 "mmsi_last6": draw(text("0123456789", 6, 6))}
    else:
        truncated = draw(st.integers(1, 949).filter(lambda v: v >> 6 != 0b1111))
        ident = {"beacon_type": draw(st.sampled_from(["elt", "epirb", "plb", "test"])), "tac_truncated": truncated,
                 "serial_number": draw(st.integers(1, 16383))}
    t1 = draw(st.booleans())
    details = {"position_source": draw(sources), "homing_121_5": draw(st.booleans()),
               "rlm_request": {"type1_auto_ack": t1, "type2_manual": (not t1) or draw(st.booleans())},
               "beacon_feedback": {"type1_received": draw(st.booleans()), "type2_received": draw(st.booleans())},
               "rls_provider": draw(st.sampled_from(["Galileo", "GLONASS", "BDS", "spare"]))}
    return {"family": "rls", "code": "1101", "country_code": draw(MIDS), "identity": ident, "details": details,
            "position": draw(positions)}


@st.composite
def elt_dt_specs(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["aircraft-address", "operator", "tac"]))
    if kind == "aircraft-address":
        ident: dict[str, Any] = {"aircraft_address": format(draw(st.integers(1, 2**24 - 2)), "06X")}
    elif kind == "operator":
        ident = {"operator": draw(text(LETTERS, 3, 3)), "operator_serial": draw(st.integers(1, 511))}
    else:
        ident = {"tac": draw(st.integers(1, 1023)), "serial_number": draw(st.integers(1, 16383))}
    ident["identity_type"] = kind
    mode = draw(st.sampled_from(["offsets", "rotating", "cancellation"]))
    pos = draw(positions)
    details: dict[str, Any] = {"cancellation": mode == "cancellation"}
    if mode != "cancellation":
        details["activation"] = draw(st.sampled_from(["manual", "automatic-beacon", "automatic-external"]))
        details["altitude"] = {"code": draw(bits(4))}
    if mode == "rotating":
        details["rotating_field"] = {"type": "000", "operator_3ld": draw(text(LETTERS, 3, 3))}
    elif mode == "offsets":
        details["location_freshness"] = draw(st.sampled_from(["older-than-60s-or-default", "2-60s", "current"]))
    else:
        pos = None
    return {"family": "elt-dt", "code": "1001", "country_code": draw(MIDS), "identity": ident, "details": details,
            "position": pos}


def contains(actual: Any, expected: Any) -> bool:
    """``expected`` is a sub-structure of ``actual`` (dicts compared key by key)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    return bool(actual == expected)


def check_round_trip(spec: dict[str, Any], tolerance_deg: float) -> None:
    hex_msg = encode_fgb(spec)
    msg = decode(hex_msg)
    assert msg.valid and not msg.warnings, msg.warnings
    assert (msg.protocol.family, msg.protocol.code) == (spec["family"], spec["code"])
    assert msg.country_code == spec["country_code"]
    assert contains(msg.identity, spec["identity"]), (msg.identity, spec["identity"])
    assert contains(msg.details, spec["details"]), (msg.details, spec["details"])
    if spec["position"] is None:
        assert msg.position is None
    else:
        assert msg.position is not None
        assert abs(msg.position.latitude_deg - spec["position"]["latitude_deg"]) <= tolerance_deg
        dlon = abs(msg.position.longitude_deg - spec["position"]["longitude_deg"])
        assert min(dlon, 360 - dlon) <= tolerance_deg
    # Decoding is lossless: the decoded JSON encodes back to the same message.
    data = msg.to_json()
    again = encode_fgb({**data, "family": data["protocol"]["family"], "code": data["protocol"]["code"]})
    assert again == hex_msg


FOUR_SECONDS = 2.001 / 3600  # half the 4″ step
FOUR_MINUTES = 2.001 / 60  # half the 4′ step of user-location


@settings(max_examples=300)
@given(user_specs())
def test_user_and_user_location_round_trip(spec: dict[str, Any]) -> None:
    check_round_trip(spec, FOUR_MINUTES)


@settings(max_examples=200)
@given(standard_specs())
def test_standard_location_round_trip(spec: dict[str, Any]) -> None:
    check_round_trip(spec, FOUR_SECONDS)


@settings(max_examples=150)
@given(national_specs())
def test_national_location_round_trip(spec: dict[str, Any]) -> None:
    check_round_trip(spec, FOUR_SECONDS)


@settings(max_examples=150)
@given(rls_specs())
def test_rls_round_trip(spec: dict[str, Any]) -> None:
    check_round_trip(spec, FOUR_SECONDS)


@settings(max_examples=150)
@given(elt_dt_specs())
def test_elt_dt_round_trip(spec: dict[str, Any]) -> None:
    # With the rotating field (A3.3.8.3 f) PDF-2 has no offsets: 30′ coarse position only.
    check_round_trip(spec, 0.2501 if "rotating_field" in spec["details"] else FOUR_SECONDS)
