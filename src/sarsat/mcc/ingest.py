"""The MCC's input record: one LUT solution, read from JSON Lines (README "MCC solution JSON").

A LUT (``sarsat.lut``) emits one JSON object per line; the MCC validates it into a frozen
:class:`SolutionRecord`. The beacon is given either decoded (a ``beacon`` object) or as the
``message_hex`` the LUT demodulated, decoded here with ``sarsat.beacon.decode`` when that is
available.

>>> rec = SolutionRecord.from_json({"lut_id": "2276", "system": "meosar",
...     "detected_at": "2025-06-12T14:02:11Z", "satellites": ["329", "315"],
...     "beacon": {"hex_id": "1C64000000FFBFF", "country_code": 227},
...     "positions": [{"type": "doa", "latitude_deg": 43.125, "longitude_deg": 5.99}]})
>>> rec.beacon.hex_id, rec.fixes[0].type, len(rec.solution_id)
('1C64000000FFBFF', 'doa', 16)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sarsat.errors import MccError, SarsatError

FIX_TYPES = ("doppler_a", "doppler_b", "doa", "encoded")
SYSTEMS = ("leosar", "meosar", "geosar")


def parse_time(value: Any, what: str) -> datetime:
    """An ISO 8601 time with a zone (``Z`` allowed) as an aware UTC datetime."""
    if not isinstance(value, str):
        raise MccError(f"{what}: expected an ISO 8601 UTC time string, got {value!r}")
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise MccError(f"{what}: {value!r} is not an ISO 8601 time") from e
    if t.tzinfo is None:
        raise MccError(f"{what}: {value!r} has no time zone; give UTC as 'Z' or '+00:00'")
    return t.astimezone(UTC)


def _num(obj: dict[str, Any], key: str, what: str, lo: float, hi: float, required: bool = True) -> float | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise MccError(f"{what}: '{key}' is missing")
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
        raise MccError(f"{what}: '{key}' = {v!r}, expected a number in [{lo}, {hi}]")
    return float(v)


def _ellipse(obj: Any, what: str) -> dict[str, float] | None:
    """An optional 95 % error ellipse {semi_major_m, semi_minor_m, orientation_deg}."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise MccError(f"{what}: 'ellipse95' must be an object with semi_major_m, semi_minor_m, orientation_deg")
    major = _num(obj, "semi_major_m", f"{what} ellipse95", 0, 1e7)
    minor = _num(obj, "semi_minor_m", f"{what} ellipse95", 0, 1e7)
    orientation = _num(obj, "orientation_deg", f"{what} ellipse95", -360, 360)
    if minor > major:  # type: ignore[operator]
        raise MccError(f"{what}: ellipse95 semi_minor_m {minor} exceeds semi_major_m {major}")
    return {"semi_major_m": major, "semi_minor_m": minor, "orientation_deg": orientation}  # type: ignore[dict-item]


@dataclass(frozen=True)
class Fix:
    """One position of a solution (WGS-84 degrees, north/east positive)."""

    type: str  # doppler_a, doppler_b, doa, encoded
    latitude_deg: float
    longitude_deg: float
    probability_pct: float | None = None  # Doppler side probability
    ehe_m: float | None = None  # DOA expected horizontal error (95 %)
    altitude_m: float | None = None
    #: DOA 95 % error ellipse from the LUT: semi_major_m, semi_minor_m, orientation_deg (clockwise from north)
    ellipse95: dict[str, float] | None = None

    @classmethod
    def from_json(cls, obj: Any, what: str) -> Fix:
        if not isinstance(obj, dict):
            raise MccError(f"{what}: a position must be an object")
        ptype = obj.get("type")
        if ptype not in FIX_TYPES:
            raise MccError(f"{what}: position type {ptype!r}, expected one of {', '.join(FIX_TYPES)}")
        return cls(
            type=ptype,
            latitude_deg=_num(obj, "latitude_deg", what, -90, 90),  # type: ignore[arg-type]
            longitude_deg=_num(obj, "longitude_deg", what, -180, 180),  # type: ignore[arg-type]
            probability_pct=_num(obj, "probability_pct", what, 0, 100, required=False),
            ehe_m=_num(obj, "ehe_m", what, 0, 1e7, required=False),
            altitude_m=_num(obj, "altitude_m", what, -1e3, 1e5, required=False),
            ellipse95=_ellipse(obj.get("ellipse95"), what),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "latitude_deg": self.latitude_deg,
                               "longitude_deg": self.longitude_deg}
        for k in ("probability_pct", "ehe_m", "altitude_m", "ellipse95"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        return out


@dataclass(frozen=True)
class BeaconInfo:
    """What the MCC needs from the decoded beacon message (DESIGN.md decoded-message JSON).

    ``reliable`` is false when the message failed validation (uncorrectable BCH, invalid MID or
    protocol: A.001 Table 4-6, reference §4.1 item 4). ``family`` is ``protocol.family``
    (user, user-location, standard-location, national-location, rls, elt-dt, sgb, ...).
    """

    hex_id: str
    country_code: int | None = None
    country: str | None = None
    family: str = "unknown"
    beacon_type: str | None = None  # EPIRB, ELT, PLB, SSAS, ELT(DT) as printed in SIT 185
    test: bool = False
    self_test: bool = False
    reliable: bool = True
    cancellation: bool = False  # this burst is a user-cancellation message (SGB, FGB ELT(DT))
    activation: str | None = None  # MANUAL, AUTOMATIC, ...
    encoded_source: str | None = None  # internal / external navigation device
    homing: str | None = None  # "121.5 MHZ", "OTHER (NOT 121.5 MHZ) OR NIL", or unknown
    rotating: dict[str, Any] | None = None  # SGB rotating field as decoded (T.018 §3.3)
    identity: dict[str, Any] = field(default_factory=dict)
    message_hex: str | None = None
    # FGB ELT(DT) altitude band of the encoded position (T.001 A3.3.8.3 b): {"above_m", "up_to_m"}
    gnss_altitude: dict[str, Any] | None = None
    # encoded-position uncertainty as printed after PLUS-MINUS (MCC-118), e.g. "15 MINUTES"
    position_uncertainty: str | None = None

    @property
    def eltdt(self) -> bool:
        return self.family == "elt-dt" or self.beacon_type == "ELT(DT)"

    @property
    def ssas(self) -> bool:
        return self.beacon_type == "SSAS"

    @property
    def rls(self) -> bool:
        return self.family == "rls"

    @property
    def rotating_content(self) -> str | None:
        """What an operator would call the rotating field's content: its identifier and values,
        leaving out the ones that change with every burst (times, altitude, DOP) [I: the SGB
        test plan's ROTATING FIELD UPDATE cases (tests 3-x) do not say which items count]."""
        if not self.rotating:
            return None
        volatile = ("time", "elapsed", "altitude", "dop")
        items = sorted((k, str(v)) for k, v in self.rotating.items()
                       if not any(w in k.lower() for w in volatile))
        return repr(items)

    @classmethod
    def from_json(cls, obj: Any) -> BeaconInfo:
        if not isinstance(obj, dict):
            raise MccError("'beacon' must be an object")
        hex_id = str(obj.get("hex_id", "")).upper()
        if not re.fullmatch(r"[0-9A-F]{15}|[0-9A-F]{23}", hex_id):
            raise MccError(f"beacon hex_id {hex_id!r}: expected 15 (FGB) or 23 (SGB) hex digits")
        cc = obj.get("country_code")
        if cc is not None and (isinstance(cc, bool) or not isinstance(cc, int) or not 0 <= cc <= 999):
            raise MccError(f"beacon country_code {cc!r}: expected a 3-digit MID")
        identity = obj.get("identity") or {}
        if not isinstance(identity, dict):
            raise MccError("beacon identity must be an object")
        return cls(
            hex_id=hex_id, country_code=cc, country=obj.get("country"),
            family=str(obj.get("family", "unknown")), beacon_type=obj.get("beacon_type"),
            test=bool(obj.get("test", False)), self_test=bool(obj.get("self_test", False)),
            reliable=bool(obj.get("reliable", True)), cancellation=bool(obj.get("cancellation", False)),
            activation=obj.get("activation"), encoded_source=obj.get("encoded_source"),
            homing=obj.get("homing"), identity=identity, message_hex=obj.get("message_hex"),
            rotating=obj.get("rotating_field") if isinstance(obj.get("rotating_field"), dict) else None,
            gnss_altitude=_altitude_band(obj.get("gnss_altitude")),
            position_uncertainty=(str(obj["position_uncertainty"]).upper()
                                  if obj.get("position_uncertainty") is not None else None),
        )

    @classmethod
    def from_message(cls, msg: Any) -> BeaconInfo:
        """From a :class:`sarsat.beacon.message.BeaconMessage` (its public JSON contract)."""
        js = msg.to_json()
        details = js.get("details") or {}
        bch_ok = all(b is None or b.get("valid") for b in (js.get("bch") or {}).values())
        mid_ok = js.get("country") is not None
        pos = js.get("position") or {}
        protocol = js.get("protocol") or {}
        return cls(
            hex_id=js["hex_id"], country_code=js.get("country_code"), country=js.get("country"),
            family=protocol.get("family", "unknown"),
            beacon_type=_beacon_type(protocol, js.get("identity") or {}, details),
            test=bool((js.get("protocol") or {}).get("test", False)),
            self_test=bool(js.get("self_test")),
            reliable=bool(bch_ok and mid_ok),
            # FGB ELT(DT) sets details.cancellation; an SGB sends rotating field #15 (T.018 Table 3.9)
            cancellation=bool(details.get("cancellation", False))
            or (details.get("rotating_field") or {}).get("name") == "cancellation",
            activation=details.get("activation") or (details.get("rotating_field") or {}).get("activation"),
            encoded_source=pos.get("source") or details.get("position_source"),
            rotating=details.get("rotating_field") if isinstance(details.get("rotating_field"), dict) else None,
            homing=(None if "homing_121_5" not in details
                    else "121.5 MHZ" if details["homing_121_5"] else "OTHER (NOT 121.5 MHZ) OR NIL"),
            identity=js.get("identity") or {},
            message_hex=js.get("message_hex"),
            gnss_altitude=_altitude_band(details.get("altitude")) if (details.get("altitude") or {}).get("known") else None,
            position_uncertainty=_eltdt_uncertainty(protocol, pos),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "hex_id": self.hex_id, "country_code": self.country_code, "country": self.country,
            "family": self.family, "beacon_type": self.beacon_type, "test": self.test,
            "self_test": self.self_test, "reliable": self.reliable, "cancellation": self.cancellation,
            "activation": self.activation, "encoded_source": self.encoded_source, "homing": self.homing,
            "rotating_field": self.rotating,
            "identity": self.identity, "message_hex": self.message_hex, "gnss_altitude": self.gnss_altitude,
            "position_uncertainty": self.position_uncertainty,
        }


@dataclass(frozen=True)
class SolutionRecord:
    """One LUT solution handed to the MCC.

    ``solution_id`` is the idempotency key: the same id ingested twice is a duplicate. When the
    LUT gives none, it is a hash of the record's canonical JSON, so re-feeding a file is safe.
    ``pass_id`` identifies a LEOSAR pass (satellite + orbit); Doppler solutions of different
    passes are independent (§4.3).
    """

    solution_id: str
    beacon: BeaconInfo
    detected_at: datetime  # first burst, UTC
    last_detected_at: datetime
    lut_id: str
    system: str  # leosar, meosar, geosar
    satellites: tuple[str, ...]
    fixes: tuple[Fix, ...]
    pass_id: str | None = None
    frequency_hz: float | None = None
    num_bursts: int = 1
    footprint_ok: bool = True  # LUT's flag: encoded position inside a relaying footprint (fallback)
    # ECEF positions (m) of the relaying satellites at detection, when the LUT gives them (§4.1-3)
    satellite_ecef_m: tuple[tuple[float, float, float], ...] = ()

    @classmethod
    def from_json(cls, obj: Any) -> SolutionRecord:
        """Validate one JSON object (README "MCC solution JSON") into a record."""
        if not isinstance(obj, dict):
            raise MccError("a solution must be a JSON object")
        decoded_fix = None
        if "beacon" in obj:
            beacon = BeaconInfo.from_json(obj["beacon"])
        elif "message_hex" in obj:
            beacon, decoded_fix = _decode_beacon(obj["message_hex"])
        else:
            raise MccError("a solution needs 'beacon' (decoded fields) or 'message_hex'")
        system = obj.get("system")
        if system not in SYSTEMS:
            raise MccError(f"system {system!r}: expected one of {', '.join(SYSTEMS)}")
        lut = obj.get("lut_id")
        if not isinstance(lut, str) or not lut:
            raise MccError("'lut_id' is missing")
        first = parse_time(obj.get("detected_at"), "detected_at")
        last = parse_time(obj["last_detected_at"], "last_detected_at") if obj.get("last_detected_at") else first
        if last < first:
            raise MccError("last_detected_at is before detected_at")
        sats = obj.get("satellites", [])
        if not isinstance(sats, list):
            raise MccError("'satellites' must be a list")
        positions = obj.get("positions", [])
        if not isinstance(positions, list):
            raise MccError("'positions' must be a list")
        fixes = tuple(Fix.from_json(p, f"positions[{i}]") for i, p in enumerate(positions))
        if decoded_fix is not None and beacon.reliable and not any(f.type == "encoded" for f in fixes):
            fixes += (decoded_fix,)
        freq = _num(obj, "frequency_hz", "frequency_hz", 405.9e6, 406.2e6, required=False)
        nb = obj.get("num_bursts", 1)
        if isinstance(nb, bool) or not isinstance(nb, int) or nb < 1:
            raise MccError(f"num_bursts {nb!r}: expected a positive integer")
        sat_pos = obj.get("satellite_ecef_m") or []
        if not isinstance(sat_pos, list) or not all(
                isinstance(p, list) and len(p) == 3 and all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                            and abs(x) < 1e9 for x in p) for p in sat_pos):
            raise MccError("'satellite_ecef_m' must be a list of [x, y, z] ECEF positions in metres")
        sid = obj.get("solution_id")
        if sid is None:
            canon = json.dumps(obj, sort_keys=True, separators=(",", ":"))
            sid = hashlib.sha256(canon.encode()).hexdigest()[:16]
        return cls(
            solution_id=str(sid), beacon=beacon, detected_at=first, last_detected_at=last,
            lut_id=lut, system=system, satellites=tuple(str(s) for s in sats), fixes=fixes,
            pass_id=obj.get("pass_id"), frequency_hz=freq, num_bursts=nb,
            footprint_ok=bool(obj.get("footprint_ok", True)),
            satellite_ecef_m=tuple((float(p[0]), float(p[1]), float(p[2])) for p in sat_pos),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "solution_id": self.solution_id, "beacon": self.beacon.to_json(),
            "detected_at": self.detected_at.isoformat(), "last_detected_at": self.last_detected_at.isoformat(),
            "lut_id": self.lut_id, "system": self.system, "satellites": list(self.satellites),
            "positions": [f.to_json() for f in self.fixes], "pass_id": self.pass_id,
            "frequency_hz": self.frequency_hz, "num_bursts": self.num_bursts, "footprint_ok": self.footprint_ok,
            **({"satellite_ecef_m": [list(p) for p in self.satellite_ecef_m]} if self.satellite_ecef_m else {}),
        }


def _eltdt_uncertainty(protocol: dict[str, Any], pos: dict[str, Any]) -> str | None:
    """FGB ELT(DT) encoded-position uncertainty (MCC-118): coarse (PDF-1 only, 30-minute steps)
    is +-15 minutes [S: 5.1.RCCVENUS sample]; with PDF-2 offsets (4-second steps) +-2 seconds
    [I: half the step]. Other protocols: not stated (no public sample)."""
    if protocol.get("family") != "elt-dt" or not pos:
        return None
    return {"coarse": "15 MINUTES", "fine": "2 SECONDS"}.get(str(pos.get("resolution")))


def _altitude_band(obj: Any) -> dict[str, Any] | None:
    """``{"above_m": lo|None, "up_to_m": hi|None}`` (metres, at least one bound), else None."""
    if not isinstance(obj, dict):
        return None
    band = {k: obj.get(k) for k in ("above_m", "up_to_m")}
    if all(v is None for v in band.values()):
        return None
    for k, v in band.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not -1e3 <= v <= 1e5):
            raise MccError(f"beacon gnss_altitude {k} = {v!r}: expected metres or null")
    return band


def _beacon_type(protocol: dict[str, Any], identity: dict[str, Any], details: dict[str, Any]) -> str | None:
    """EPIRB / ELT / PLB / SSAS / ELT(DT) as a SIT 185 prints it, from the decoded message."""
    if protocol.get("family") == "elt-dt":
        return "ELT(DT)"
    named = " ".join(str(x) for x in (details.get("beacon_type"), identity.get("beacon_type"),
                                       protocol.get("name", ""), *identity.values()) if x).upper()
    if "ORBITOGRAPHY" in named or "SYSTEM BEACON" in named:  # T.001 A2; T.018 Table 3.1 code 111
        return "ORBITOGRAPHY"
    if "ELT(DT)" in named or "DISTRESS TRACKING" in named:
        return "ELT(DT)"
    if "SSAS" in named or "SHIP SECURITY" in named:
        return "SSAS"
    for kind in ("EPIRB", "ELT", "PLB"):
        if kind in named:
            return kind
    if "AVIATION" in named:  # T.001 Table A2-A user protocols
        return "ELT"
    if "MARITIME" in named or "RADIO CALL SIGN" in named:
        return "EPIRB"
    return None


def _decode_beacon(message_hex: Any) -> tuple[BeaconInfo, Fix | None]:
    """Decode the LUT's message; its encoded position becomes an ``encoded`` fix."""
    try:
        from sarsat.beacon import decode
    except ImportError as e:  # pragma: no cover - the decoder ships with the package
        raise MccError("'message_hex' needs the beacon decoder (sarsat.beacon.decode); "
                       "give the decoded 'beacon' object instead") from e
    msg = decode(str(message_hex))
    info = BeaconInfo.from_message(msg)
    pos = msg.to_json().get("position")
    alt = pos.get("altitude_m") if pos else None  # SGB: encoded altitude (T.018 rotating field #0)
    fix = (Fix("encoded", float(pos["latitude_deg"]), float(pos["longitude_deg"]),
               altitude_m=float(alt) if isinstance(alt, (int, float)) else None) if pos else None)
    return info, fix


def read_solutions(lines: Iterable[str], source: str = "<input>") -> Iterator[SolutionRecord | SarsatError]:
    """Records from JSON Lines; a bad line yields its error (naming the line) in its place."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield MccError(f"{source}:{n}: not JSON ({e.msg})")
            continue
        try:
            yield SolutionRecord.from_json(obj)
        except SarsatError as e:
            yield MccError(f"{source}:{n}: {e}")
