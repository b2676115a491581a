"""SGB fields from the decoded JSON form, so that ``decode --json`` output encodes back.

:func:`fields_from_json` reads the keys :func:`~sarsat.beacon.sgb.decode_sgb` writes
(``country_code``, ``identity``, ``details``, ``position``; README "Second-generation")
and returns :class:`~sarsat.beacon.sgb.SgbFields`. Keys left out take defaults: no homing,
RLS or test flag, beacon type ELT, no vessel ID, location capable but no fix, and rotating
field #0 with every value "not available". Every label a decode writes maps back to one code
(spare codes are written with their bits, e.g. ``"spare (0010)"``).

>>> from sarsat.beacon.sgb import decode_sgb, encode_sgb
>>> text = "0039823D32618658622811F0000000000003FFF004030680258492A4FC57A49"
>>> encode_sgb(fields_from_json(decode_sgb(text).to_json())) == text
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sarsat.beacon.sgb.codec import encode_sgb
from sarsat.beacon.sgb.fields import BeaconType, SgbFields
from sarsat.beacon.sgb.location import EncodedLocation
from sarsat.beacon.sgb.rls import RLS_PROVIDERS, RlsAcknowledgement, TwoWayCommunication
from sarsat.beacon.sgb.rotating import (
    ACTIVATION,
    ALTITUDE_NOT_AVAILABLE,
    BATTERY_ELT,
    BATTERY_G008,
    DEACTIVATION,
    DOP,
    GNSS_ELT,
    GNSS_G008,
    NO_LOCATION_MINUTES,
    TIME_OF_DAY_NOT_AVAILABLE,
    TRIGGER,
    Cancellation,
    EltDtInFlight,
    G008Objective,
    NationalUse,
    RotatingField,
    SpareRotating,
    altitude_code,
)
from sarsat.beacon.sgb.vessel_id import (
    AircraftOperator,
    AircraftRegistration,
    Aviation24BitAddress,
    Mmsi,
    NoVesselId,
    OtherVesselId,
    RadioCallSign,
    VesselId,
)
from sarsat.errors import EncodeError

_BEACON_TYPES = {bt.label: bt for bt in BeaconType}
_NOTHING_KNOWN = G008Objective(0, NO_LOCATION_MINUTES, ALTITUDE_NOT_AVAILABLE, 15, 15, 0, 7, 0)


def fields_from_json(spec: Mapping[str, Any]) -> SgbFields:
    """:class:`SgbFields` from a decoded message's JSON (or a hand-written subset of it).

    Raises :class:`~sarsat.errors.EncodeError` naming the key that cannot be used.
    """
    try:
        return _fields(spec)
    except EncodeError:
        raise
    except KeyError as e:
        raise EncodeError(f"SGB fields: missing key {e.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as e:
        raise EncodeError(f"SGB fields: {e}") from None


def _fields(spec: Mapping[str, Any]) -> SgbFields:
    identity = spec["identity"]
    details = spec.get("details") or {}
    beacon_type = details.get("beacon_type", "ELT")
    if beacon_type not in _BEACON_TYPES:
        raise EncodeError(f"beacon_type {beacon_type!r} is not one of {', '.join(_BEACON_TYPES)}")
    test = details.get("test_protocol", (spec.get("protocol") or {}).get("test", False))
    return SgbFields(
        tac=int(identity["tac"]),
        serial_number=int(identity["serial_number"]),
        country_code=int(spec["country_code"]),
        homing=bool(details.get("homing", False)),
        rls=bool(details.get("rls_function", False)),
        test_protocol=bool(test),
        location=_location(spec.get("position"), str(details.get("location_status", ""))),
        vessel_id=_vessel_id(identity),
        beacon_type=_BEACON_TYPES[beacon_type],
        rotating=_rotating(details.get("rotating_field")),
    )


def _location(position: Mapping[str, Any] | None, status: str) -> EncodedLocation:
    if position is not None:
        return EncodedLocation.from_degrees(
            float(position["latitude_deg"]), float(position["longitude_deg"])
        )
    if status == "invalid":
        raise EncodeError("an invalid encoded location cannot be rebuilt: give a position")
    if "no encoded-location capability" in status:
        return EncodedLocation.no_capability()
    return EncodedLocation.no_fix()


def _hex(value: Any) -> int:
    return int(str(value), 16)


def _vessel_id(identity: Mapping[str, Any]) -> VesselId:
    kind = identity.get("vessel_id_type", "none")
    if kind == "none":
        return NoVesselId(_hex(identity.get("vessel_id_bits_hex", "0")))
    if kind == "mmsi":
        mmsi, ais = identity.get("mmsi"), identity.get("epirb_ais_last_4_digits")
        return Mmsi(None if mmsi is None else int(mmsi), None if ais is None else int(ais))
    if kind == "radio-call-sign":
        return RadioCallSign(identity.get("radio_call_sign"))
    if kind == "aircraft-registration":
        return AircraftRegistration(identity.get("aircraft_registration"))
    if kind == "aviation-24-bit-address":
        return Aviation24BitAddress(
            _hex(identity["aviation_24_bit_address"]), identity.get("aircraft_operator_3ld")
        )
    if kind == "aircraft-operator-and-serial":
        return AircraftOperator(
            str(identity["aircraft_operator_3ld"]), int(identity["aircraft_operator_serial"])
        )
    if kind in ("spare", "system-testing"):
        code = 0b110 if kind == "spare" else 0b111
        return OtherVesselId(code, _hex(identity.get("vessel_id_bits_hex", "0")))
    raise EncodeError(f"vessel_id_type {kind!r} is unknown")


def _altitude(rf: Mapping[str, Any]) -> int:
    alt = rf.get("altitude_m")
    return altitude_code(None if alt is None else float(alt))


def _rotating(rf: Mapping[str, Any] | None) -> RotatingField:
    if rf is None:
        return _NOTHING_KNOWN
    ident = int(rf["identifier"])
    if ident == 0:
        t = rf.get("time_since_last_location_min")
        return G008Objective(
            elapsed_time_h=int(rf.get("elapsed_time_since_activation_h", 0)),
            time_since_location_min=NO_LOCATION_MINUTES if t is None else int(t),
            altitude_code=_altitude(rf),
            hdop_code=DOP.code(rf.get("hdop", "not available"), "hdop"),
            vdop_code=DOP.code(rf.get("vdop", "not available"), "vdop"),
            activation_code=ACTIVATION.code(rf.get("activation", 0), "activation"),
            battery_code=BATTERY_G008.code(rf.get("battery", "not available"), "battery"),
            gnss_status_code=GNSS_G008.code(rf.get("gnss_status", 0), "gnss_status"),
        )
    if ident == 1:
        t = rf.get("time_of_last_location_s")
        return EltDtInFlight(
            time_of_location_s=TIME_OF_DAY_NOT_AVAILABLE if t is None else int(t),
            altitude_code=_altitude(rf),
            trigger_code=TRIGGER.code(rf["triggering_event"], "triggering_event"),
            gnss_status_code=GNSS_ELT.code(rf.get("gnss_status", 0), "gnss_status"),
            battery_code=BATTERY_ELT.code(rf.get("battery", "not available"), "battery"),
        )
    if ident == 2:
        rlm = rf.get("galileo_short_rlm_bits_61_80")
        return RlsAcknowledgement(
            type1_capable=bool(rf["type1_automatic_ack_accepted"]),
            type2_capable=bool(rf["type2_manual_rlm_accepted"]),
            provider_code=RLS_PROVIDERS.code(rf["rls_provider"], "rls_provider"),
            type1_received=bool(rf.get("type1_rlm_received", False)),
            type2_received=bool(rf.get("type2_rlm_received", False)),
            rlm_bits=0 if rlm is None else int(str(rlm), 2),
        )
    if ident == 3:
        return NationalUse(_hex(rf.get("national_use_bits_hex", "0")))
    if ident == 4:
        slots = [rf.get(f"twc_{s}") or {} for s in "abc"]
        return TwoWayCommunication(
            RLS_PROVIDERS.code(rf["twc_provider"], "twc_provider"),
            int(rf.get("twc_database_version", 0)),
            bool(rf.get("twc_acknowledgement_received", False)),
            *(int(slot.get(k, 0)) for slot in slots for k in ("question", "answer")),
        )
    if ident == 15:
        return Cancellation(DEACTIVATION.code(rf["deactivation_method"], "deactivation_method"))
    if 5 <= ident <= 14:
        return SpareRotating(ident, _hex(rf.get("spare_bits_hex", "0")))
    raise EncodeError(f"rotating field identifier {ident} is not 0-15")


def encode_sgb_json(spec: Mapping[str, Any], *, self_test: bool | None = None) -> str:
    """The 63-hex codeword of a decoded message's JSON; ``self_test`` defaults to the
    JSON's own ``self_test`` (pad ``10`` when true)."""
    if self_test is None:
        self_test = bool(spec.get("self_test"))
    return encode_sgb(fields_from_json(spec), self_test=self_test)
