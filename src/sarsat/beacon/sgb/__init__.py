"""Second-generation 406 MHz beacon (SGB) messages, C/S T.018 Issue 1 Rev. 12.

>>> m = decode_sgb("0039823D32618658622811F0000000000003FFF004030680258")
>>> m.generation, m.hex_id, m.details["hex_id_15"]
('second', '9934039823D000000000000', '9934039823D0000')

Modules: :mod:`.bch` (BCH(250,202) encode / correct), :mod:`.fields` (main field),
:mod:`.location` (App. C), :mod:`.vessel_id`, :mod:`.rotating` (fields #0-#15, with #2 and #4
in :mod:`.rls`), :mod:`.hex_id` (23-hex / 15-hex IDs), :mod:`.codec` (text in,
``BeaconMessage`` out; encoder), :mod:`.json_form` (fields from the decoded JSON).
"""

from __future__ import annotations

from sarsat.beacon.sgb.bch import BchResult, bch_correct, bch_encode, bch_parity
from sarsat.beacon.sgb.codec import (
    BIT_LENGTHS,
    HEX_LENGTHS,
    Layout,
    decode_sgb,
    decode_sgb_codeword,
    encode_sgb,
    encode_sgb_bits,
    is_sgb_text,
)
from sarsat.beacon.sgb.fields import BeaconType, SgbFields, decode_fields, tac_range
from sarsat.beacon.sgb.hex_id import hex_id_15, hex_id_23, is_sgb_id
from sarsat.beacon.sgb.json_form import encode_sgb_json, fields_from_json
from sarsat.beacon.sgb.location import EncodedLocation
from sarsat.beacon.sgb.rls import RlsAcknowledgement, TwoWayCommunication
from sarsat.beacon.sgb.rotating import (
    Cancellation,
    EltDtInFlight,
    G008Objective,
    NationalUse,
    RotatingField,
    SpareRotating,
    altitude_code,
    altitude_m,
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

__all__ = [
    "BIT_LENGTHS",
    "HEX_LENGTHS",
    "AircraftOperator",
    "AircraftRegistration",
    "Aviation24BitAddress",
    "BchResult",
    "BeaconType",
    "Cancellation",
    "EltDtInFlight",
    "EncodedLocation",
    "G008Objective",
    "Layout",
    "Mmsi",
    "NationalUse",
    "NoVesselId",
    "OtherVesselId",
    "RadioCallSign",
    "RlsAcknowledgement",
    "RotatingField",
    "SgbFields",
    "SpareRotating",
    "TwoWayCommunication",
    "VesselId",
    "altitude_code",
    "altitude_m",
    "bch_correct",
    "bch_encode",
    "bch_parity",
    "decode_fields",
    "decode_sgb",
    "decode_sgb_codeword",
    "encode_sgb",
    "encode_sgb_bits",
    "encode_sgb_json",
    "fields_from_json",
    "hex_id_15",
    "hex_id_23",
    "is_sgb_id",
    "is_sgb_text",
    "tac_range",
]
