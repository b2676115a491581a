"""Build first-generation messages from fields (the inverse of :mod:`.decode`).

The fields are those of the decoded JSON: ``family``, ``code`` (protocol-code bits as in
T.001 Table A2), ``country_code``, ``format`` (``"short"``/``"long"``), ``identity``,
``details`` and ``position`` (``{"latitude_deg", "longitude_deg"}`` or ``None`` for the
no-fix defaults). Both BCH codes are computed (T.001 Annex B).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sarsat.beacon.bits import field, hex_string, set_field
from sarsat.beacon.fgb import bch, elt_dt, national_location, rls, standard_location, user
from sarsat.beacon.fgb.frame import SYNC_NORMAL, SYNC_SELF_TEST
from sarsat.errors import EncodeError

FAMILIES = ("user", "user-location", "standard-location", "national-location", "rls", "elt-dt")


def encode_bits(spec: Mapping[str, Any]) -> tuple[int, bool]:
    """Encode ``spec`` into a 144-bit spec-numbered int (sync bits 1–24 left 0); returns
    (message, is_long)."""
    family = spec.get("family")
    if family not in FAMILIES:
        raise EncodeError(f"family {family!r}; expected one of {', '.join(FAMILIES)}")
    country = int(spec.get("country_code", 0))
    if not 0 <= country <= 999:
        raise EncodeError(f"country_code {country} is not a 3-digit MID")
    identity = dict(spec.get("identity") or {})
    details = dict(spec.get("details") or {})
    pos = spec.get("position")
    code = str(spec.get("code", ""))
    if family == "user-location":
        fmt = "long"
    elif family == "user":
        fmt = spec.get("format", "short")
    else:
        fmt = spec.get("format", "long")
    if fmt not in ("short", "long"):
        raise EncodeError(f"format {fmt!r}; expected 'short' or 'long'")
    short = fmt == "short"
    msg = set_field(0, 25, 25, 0 if short else 1)  # A1.2.1 format flag
    msg = set_field(msg, 27, 36, country)  # A1.2.3 country code
    try:
        if family in ("user", "user-location"):
            msg = set_field(msg, 26, 26, 1)  # A1.2.2 protocol flag
            msg = user.encode(msg, code, country, identity, details, pos, short)
        elif family == "standard-location":
            msg = standard_location.encode(msg, code, country, identity, details, pos)
        elif family == "national-location":
            msg = national_location.encode(msg, code, country, identity, details, pos)
        elif family == "rls":
            msg = rls.encode(msg, identity, details, pos, country)
        else:
            msg = elt_dt.encode(msg, identity, details, pos)
    except (KeyError, ValueError, TypeError) as e:
        raise EncodeError(f"cannot encode {family} message: {e}") from e
    msg = set_field(msg, 86, 106, bch.parity(bch.BCH1, field(msg, 25, 85)))
    if short:
        return msg & ~((1 << 32) - 1), False
    msg = set_field(msg, 133, 144, bch.parity(bch.BCH2, field(msg, 107, 132)))
    return msg, True


def encode(spec: Mapping[str, Any], *, sync: bool = False, self_test: bool = False) -> str:
    """Hex of the message built from ``spec``: bits 25–144 (30 hex) or 25–112 (22 hex);
    with ``sync`` the bit and frame sync come first (36 or 28 hex, ``FFFE2F``/``FFFED0``).

    >>> encode({"family": "standard-location", "code": "0011", "country_code": 227,
    ...         "identity": {"aircraft_address": "39C6B2"}, "position": None})[:15]
    '8E3339C6B27FDFF'
    """
    msg, is_long = encode_bits(spec)
    last = 144 if is_long else 112
    first = 25
    if sync or self_test:
        msg = set_field(msg, 1, 15, (1 << 15) - 1)
        msg = set_field(msg, 16, 24, SYNC_SELF_TEST if self_test else SYNC_NORMAL)
        first = 1
    return hex_string(field(msg, first, last), (last - first + 1) // 4)
