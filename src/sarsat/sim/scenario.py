"""IQ-level scenarios from TOML: beacons, a Walker MEOSAR constellation, a MEOLUT, a link budget.

A scenario file (README "Scenario TOML") has top-level ``name``, ``start_utc`` (TOML datetime
with zone), ``duration_s``, ``seed``; tables ``[constellation]``, ``[lut]``, ``[link]``; and one
``[[beacon]]`` per beacon. Every key is checked: an unknown key or a value out of range is a
:class:`sarsat.errors.ScenarioError` naming it.

>>> scn = Scenario.from_toml('''
... name = "one"
... start_utc = 2025-06-12T14:00:00Z
... duration_s = 60
... [[beacon]]
... name = "EPIRB"
... lat_deg = 42.0
... lon_deg = 5.0
... message = { family = "standard-location", code = "0010", country_code = 227, identity = { mmsi = "227123456" } }
... ''')
>>> scn.beacons[0].name, scn.lut.antennas, len(scn.ephemeris().satellites)
('EPIRB', 6, 24)
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.beacon import decode, encode_fgb, encode_sgb_json
from sarsat.beacon.sgb import bch_encode
from sarsat.errors import ScenarioError, SarsatError
from sarsat.orbit.ephemeris import CombinedEphemeris, Ephemeris
from sarsat.orbit.frames import enu_basis, geodetic_to_ecef
from sarsat.orbit.satellite_ids import read_satellite_ids
from sarsat.orbit.tle import TleSet
from sarsat.orbit.walker import CONSTELLATIONS, WalkerConstellation

#: Downlink minus uplink centre frequency (Hz): 406.05 MHz in, 1544.1 MHz out (Galileo SAR
#: transponder, C/S R.012); one value for the whole constellation of a scenario.
TRANSLATION_HZ = 1544.1e6 - 406.05e6
SCHEDULES = ("fgb", "sgb", "elt-dt", "once")
SGB_CARRIER_HZ = 406.05e6  #: T.018 §2.3.1.1: nominal SGB carrier
SGB_TOLERANCE_HZ = 1200.0  #: T.018 §2.3.1.1: 406.05 MHz ± 1200 Hz over 5 years
_SGB_INFO_BITS = 202  #: T.018 §3.1: information bits before BCH(250,202)
_SGB_PAD_SELF_TEST = 0b10  #: leading pad of a self-test 63-hex codeword (sarsat.beacon.sgb)


def _take(table: dict[str, Any], where: str, spec: dict[str, tuple[type | tuple[type, ...], Any]]) -> dict[str, Any]:
    """Check ``table`` against ``spec`` ({key: (types, default)}; default ``...`` = required)."""
    unknown = set(table) - set(spec)
    if unknown:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(spec))}")
    out = {}
    for key, (types, default) in spec.items():
        if key not in table:
            if default is ...:
                raise ScenarioError(f"{where}: '{key}' is missing")
            out[key] = default
            continue
        v = table[key]
        ok = isinstance(v, types) and not (isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)))
        if not ok:
            raise ScenarioError(f"{where}: '{key}' = {v!r} has the wrong type")
        if isinstance(v, float) and not math.isfinite(v):
            raise ScenarioError(f"{where}: '{key}' must be finite")
        out[key] = v
    return out


_NUM = (int, float)


def _range(where: str, key: str, v: float, lo: float, hi: float) -> float:
    if not lo <= v <= hi:
        raise ScenarioError(f"{where}: '{key}' = {v} outside [{lo}, {hi}]")
    return float(v)


@dataclass(frozen=True)
class LutSite:
    """The MEOLUT: id (as printed in SIT 185), position, antennas (satellites tracked at once),
    elevation mask and the channel sample rates (Hz): ``sample_rate_hz`` for the first-generation
    windows, ``sgb_sample_rate_hz`` for the second-generation ones (≥ 80 kHz: the chips' main
    lobe is ±38.4 kHz wide; 153.6 kHz is the SGB receiver's own rate, so nothing is resampled)."""

    lut_id: str = "2277"
    lat_deg: float = 43.56
    lon_deg: float = 1.48
    alt_m: float = 150.0
    antennas: int = 6
    mask_deg: float = 5.0
    sample_rate_hz: float = 24_000.0
    sgb_sample_rate_hz: float = 153_600.0

    def ecef_m(self) -> NDArray[np.float64]:
        return geodetic_to_ecef(self.lat_deg, self.lon_deg, self.alt_m)


@dataclass(frozen=True)
class LinkBudget:
    """Uplink budget (406 MHz) plus a fixed downlink C/N0: per channel
    C/N0 = EIRP − FSPL(range) + G/T + 228.6 − losses, combined with the downlink's."""

    eirp_dbw: float = 7.0  # 5 W into a 0 dBi antenna (T.001 §2.3.1: 5 W ± 2 dB)
    sat_gt_dbk: float = -19.0
    losses_db: float = 3.0
    downlink_cn0_dbhz: float = 55.0

    def cn0_dbhz(self, range_m: NDArray[np.float64] | float, carrier_hz: float = 406.05e6) -> NDArray[np.float64]:
        """C/N0 (dB-Hz) at slant range ``range_m``.

        >>> round(float(LinkBudget().cn0_dbhz(23_000e3)), 1)
        41.5
        """
        fspl_db = 20.0 * np.log10(4.0 * np.pi * np.asarray(range_m, np.float64) * carrier_hz / 299_792_458.0)
        up = self.eirp_dbw - fspl_db + self.sat_gt_dbk + 228.6 - self.losses_db
        return -10.0 * np.log10(10.0 ** (-up / 10.0) + 10.0 ** (-self.downlink_cn0_dbhz / 10.0))


@dataclass(frozen=True)
class BeaconSpec:
    """One simulated beacon: identity (message fields or hex), track, frequency, schedule.

    ``generation``: ``first`` (T.001 FGB) or ``second`` (T.018 SGB), from the message.
    ``schedule``: ``fgb`` (every 47.5–52.5 s, T.001 §2.2.2), ``sgb`` (T.018 §2.2.1 Table 2.1: 6
    bursts at 5 s, 59 at 30 ± 5 s, then 120 ± 5 s), ``elt-dt`` (24 bursts at 5 s, 18 at 10 s,
    then 27–30 s; T.001 ELT(DT) and T.018 §2.2.1 alike) or ``once`` (one burst: a self-test).
    ``encode_position``: the message carries the track position at each burst (a GNSS fix).
    ``distress``: an alert is expected (false for self-test, orbitography and test beacons).
    ``message_hex`` gives FGB bits 25 onward, or the SGB 250-bit codeword as 63 hex (pad ``10``
    for a self-test).
    """

    name: str
    lat_deg: float
    lon_deg: float
    alt_m: float = 0.0
    velocity_en_mps: tuple[float, float] = (0.0, 0.0)
    f0_hz: float = 406.04e6
    first_burst_s: float = 0.0
    schedule: str = "fgb"
    self_test: bool = False
    encode_position: bool = False
    message: dict[str, Any] | None = None
    hex: str | None = None
    distress: bool = True
    active_s: tuple[tuple[float, float], ...] = ()  # (on, off) s after start; empty: always on
    generation: str = "first"

    def position_ecef(self, t_s: NDArray[np.float64]) -> NDArray[np.float64]:
        """ECEF (..., 3) m at ``t_s`` s after the scenario start (straight line in the tangent plane)."""
        r0 = geodetic_to_ecef(self.lat_deg, self.lon_deg, self.alt_m)
        b = enu_basis(self.lat_deg, self.lon_deg)
        v = self.velocity_en_mps[0] * b[0] + self.velocity_en_mps[1] * b[1]
        return r0 + np.asarray(t_s, np.float64)[..., None] * v

    def message_hex(self, lat_deg: float | None = None, lon_deg: float | None = None) -> str:
        """The message (FGB: bits 25 onward; SGB: the 63-hex codeword), with the position when
        ``encode_position``."""
        if self.generation == "second":
            return self._sgb_codeword_hex(lat_deg, lon_deg)
        if self.hex is not None:
            return self.hex
        return encode_fgb(self._fields(lat_deg, lon_deg))

    def _fields(self, lat_deg: float | None, lon_deg: float | None) -> dict[str, Any]:
        spec = dict(self.message or {})
        if self.encode_position and lat_deg is not None and lon_deg is not None:
            spec["position"] = {"latitude_deg": round(lat_deg, 5), "longitude_deg": round(lon_deg, 5)}
        else:
            spec.setdefault("position", None)
        return spec

    def _sgb_codeword_hex(self, lat_deg: float | None, lon_deg: float | None) -> str:
        """63 hex: a 51-hex message gets its BCH(250,202) parity (T.018 §3.2), a 63-hex codeword
        is taken as it is; the pad says self-test or not (``self_test`` decides)."""
        if self.hex is None:
            return encode_sgb_json(self._fields(lat_deg, lon_deg), self_test=self.self_test)
        t = self.hex.strip()
        v = int(t, 16)
        cw = bch_encode(v & ((1 << _SGB_INFO_BITS) - 1)) if len(t) == 51 else v & ((1 << 250) - 1)
        return f"{(_SGB_PAD_SELF_TEST if self.self_test else 0) << 250 | cw:063X}"

    def codeword(self, lat_deg: float | None = None, lon_deg: float | None = None) -> int:
        """SGB only: the 250-bit codeword sent (bit 1 at the top)."""
        return int(self._sgb_codeword_hex(lat_deg, lon_deg), 16) & ((1 << 250) - 1)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def burst_times_s(b: BeaconSpec, duration_s: float, rng: np.random.Generator) -> NDArray[np.float64]:
    """Emission times of every burst's reference point (FGB bit 1, SGB first preamble chip),
    s after the scenario start, up to ``duration_s``."""
    if b.schedule == "once":
        steps: list[float] = []
    elif b.schedule == "elt-dt":
        # T.001 ELT(DT) and T.018 §2.2.1 Table 2.1 alike: 24 transmissions 5 s apart, 18 more
        # 10 s apart, then 28.5 ± 1.5 s (uniform)
        n_tail = int(max(duration_s, 0.0) / 27.0) + 1
        steps = [5.0] * 23 + [10.0] * 18 + list(rng.uniform(27.0, 30.0, n_tail))
    elif b.schedule == "sgb":
        # T.018 §2.2.1 Table 2.1: 6 transmissions 5 s apart, then 59 at 30 ± 5 s (uniform),
        # then 120 ± 5 s (uniform)
        n_tail = int(max(duration_s - 1795.0, 0.0) / 115.0) + 1
        steps = [5.0] * 5 + list(rng.uniform(25.0, 35.0, 59)) + list(rng.uniform(115.0, 125.0, n_tail))
    else:
        steps = list(rng.uniform(47.5, 52.5, int(max(duration_s, 0.0) / 47.5) + 1))
    t = b.first_burst_s + np.concatenate([[0.0], np.cumsum(steps)])
    t = t[t <= duration_s] if b.schedule != "once" else t[:1]
    if b.active_s:
        t = t[np.any([(t >= on) & (t <= off) for on, off in b.active_s], axis=0)]
    return t


def _tles(table: dict[str, Any], base: Path | None) -> TleSet | None:
    """``tle`` (element file) and ``sat_ids`` (``cs_id,norad`` CSV: keep these, with C/S IDs)."""
    if table.get("tle") is None:
        return None
    where = "[constellation]"

    def path(key: str) -> Path:
        p = Path(str(table[key]))
        return p if p.is_absolute() or base is None else base / p

    try:
        ids = read_satellite_ids(path("sat_ids")) if table.get("sat_ids") else {}
        tle = TleSet.from_file(path("tle"), ids)
        if not ids:  # no C/S IDs given: satellites are known by their NORAD numbers
            tle = TleSet(tle.names, tle.lines, sat_id_by_norad={n: n for n in tle.norad_ids()})
    except OSError as e:
        raise ScenarioError(f"{where}: {e.filename}: {e.strerror}") from None
    except SarsatError as e:
        raise ScenarioError(f"{where}: {e}") from None
    if ids:
        tle = tle.select(i for i, n in enumerate(tle.norad_ids()) if n in ids)
    if not tle.lines:
        raise ScenarioError(f"{where}: no satellite of {table['tle']} is listed in {table.get('sat_ids')}")
    return tle


def _walkers(table: dict[str, Any]) -> tuple[WalkerConstellation, ...]:
    where = "[constellation]"
    t = _take(table, where, {"walker": (list, [] if table.get("tle") else ["galileo"]), "custom": (list, []),
                             "tle": (str, None), "sat_ids": (str, None)})
    out = []
    for name in t["walker"]:
        if name not in CONSTELLATIONS:
            raise ScenarioError(f"{where}: walker {name!r}; expected some of {', '.join(CONSTELLATIONS)}")
        out.append(CONSTELLATIONS[name]())
    for i, c in enumerate(t["custom"]):
        w = f"[[constellation.custom]] #{i + 1}"
        if not isinstance(c, dict):
            raise ScenarioError(f"{w}: expected a table")
        k = _take(c, w, {"name": (str, ...), "n_sats": (int, ...), "n_planes": (int, ...), "phasing": (int, 1),
                         "altitude_km": (_NUM, ...), "inclination_deg": (_NUM, ...), "raan0_deg": (_NUM, 0.0),
                         "first_sat_id": (int, ...)})
        if k["n_sats"] < 1 or k["n_planes"] < 1 or k["n_sats"] % k["n_planes"]:
            raise ScenarioError(f"{w}: n_sats {k['n_sats']} must split evenly into n_planes {k['n_planes']}")
        _range(w, "altitude_km", k["altitude_km"], 300, 40_000)
        out.append(WalkerConstellation(k["name"], k["n_sats"], k["n_planes"], k["phasing"],
                                       6_378_137.0 + 1e3 * k["altitude_km"], float(k["inclination_deg"]),
                                       float(k["raan0_deg"]), k["first_sat_id"]))
    if not out and not t["tle"]:
        raise ScenarioError(f"{where}: no satellites (give walker = [\"galileo\"], [[constellation.custom]] or tle)")
    return tuple(out)


def _beacon(i: int, table: Any) -> BeaconSpec:
    where = f"[[beacon]] #{i + 1}"
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: expected a table")
    k = _take(table, where, {
        "name": (str, ...), "lat_deg": (_NUM, ...), "lon_deg": (_NUM, ...), "alt_m": (_NUM, 0.0),
        "velocity_en_mps": (list, [0.0, 0.0]), "f0_hz": (_NUM, None), "first_burst_s": (_NUM, 0.0),
        "schedule": (str, None), "self_test": (bool, False), "encode_position": (bool, False),
        "message": (dict, None), "hex": (str, None), "distress": (bool, None), "active_s": (list, [])})
    where = f"[[beacon]] {k['name']!r}"
    _range(where, "lat_deg", k["lat_deg"], -90, 90)
    _range(where, "lon_deg", k["lon_deg"], -180, 180)
    _range(where, "alt_m", k["alt_m"], -500, 20_000)
    if (k["message"] is None) == (k["hex"] is None):
        raise ScenarioError(f"{where}: give exactly one of 'message' (fields, as sarsat encode) or 'hex'")
    gen = _generation(where, k["message"], k["hex"])
    if k["f0_hz"] is None:
        k["f0_hz"] = SGB_CARRIER_HZ if gen == "second" else 406.04e6
    if gen == "second":  # T.018 §2.3.1.1
        _range(where, "f0_hz", k["f0_hz"], SGB_CARRIER_HZ - SGB_TOLERANCE_HZ, SGB_CARRIER_HZ + SGB_TOLERANCE_HZ)
    else:
        _range(where, "f0_hz", k["f0_hz"], 406.0e6, 406.1e6)
    if k["schedule"] is None:
        k["schedule"] = "sgb" if gen == "second" else "fgb"
    v = k["velocity_en_mps"]
    if len(v) != 2 or not all(isinstance(x, _NUM) and not isinstance(x, bool) for x in v):
        raise ScenarioError(f"{where}: velocity_en_mps must be [east, north] in m/s")
    if k["schedule"] not in SCHEDULES:
        raise ScenarioError(f"{where}: schedule {k['schedule']!r}; expected one of {', '.join(SCHEDULES)}")
    if k["schedule"] in ("fgb", "sgb") and k["schedule"] != {"first": "fgb", "second": "sgb"}[gen]:
        raise ScenarioError(f"{where}: schedule {k['schedule']!r} is for the other generation; "
                            f"this is a {gen}-generation beacon")
    active = k["active_s"]
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, _NUM) for x in p) and p[0] <= p[1] for p in active):
        raise ScenarioError(f"{where}: active_s must be a list of [on, off] pairs in s, on <= off")
    spec = BeaconSpec(k["name"], float(k["lat_deg"]), float(k["lon_deg"]), float(k["alt_m"]),
                      (float(v[0]), float(v[1])), float(k["f0_hz"]), float(k["first_burst_s"]), k["schedule"],
                      k["self_test"], k["encode_position"], k["message"], k["hex"], True, (), gen)
    try:
        msg = decode(spec.message_hex(spec.lat_deg, spec.lon_deg))
    except (SarsatError, ValueError) as e:
        raise ScenarioError(f"{where}: message: {e}") from None
    if msg.generation != gen:
        raise ScenarioError(f"{where}: message decodes as {msg.generation} generation, not {gen}")
    bch = msg.to_json()["bch"].get("bch", {}) if gen == "second" else {}
    if gen == "second" and not (bch.get("valid") and bch.get("errors_corrected") == 0):
        raise ScenarioError(f"{where}: hex: the 63-hex codeword fails its BCH(250,202) check")
    js = msg.to_json()
    orbitography = "orbitography" in str(js.get("protocol", {}).get("name", "")).lower()
    test = bool(js.get("protocol", {}).get("test", False))
    distress = k["distress"] if k["distress"] is not None else not (k["self_test"] or orbitography or test)
    return BeaconSpec(**{**asdict(spec), "velocity_en_mps": spec.velocity_en_mps, "distress": distress,
                         "active_s": tuple((float(a), float(b)) for a, b in active)})


def _generation(where: str, message: dict[str, Any] | None, hex_text: str | None) -> str:
    """``second`` for SGB fields (``generation = "second"`` or ``family = "sgb"``, as ``sarsat
    encode``) or a 51/63-hex SGB message; ``first`` for FGB fields or 22/30 hex (bits 25 on)."""
    if message is not None:
        return "second" if message.get("generation") == "second" or message.get("family") == "sgb" else "first"
    assert hex_text is not None
    t = hex_text.strip()
    if not t or any(c not in "0123456789abcdefABCDEF" for c in t):
        raise ScenarioError(f"{where}: hex {hex_text!r} is not hexadecimal")
    if len(t) == 51 and int(t, 16) >> _SGB_INFO_BITS:
        raise ScenarioError(f"{where}: hex: a 51-hex SGB message starts with 2 zero bits (T.018 App. B)")
    if len(t) in (51, 63):
        return "second"
    if len(t) in (22, 28, 30, 36):
        return "first"
    raise ScenarioError(f"{where}: hex has {len(t)} digits; expected 22 or 30 (FGB bits 25 onward), 28 or 36 "
                        f"(FGB frame), 51 (SGB message) or 63 (SGB codeword)")


@dataclass(frozen=True)
class Scenario:
    """A whole scenario (see the module docstring for the TOML form)."""

    name: str
    start_utc: datetime
    duration_s: float
    seed: int
    constellation: tuple[WalkerConstellation, ...]
    lut: LutSite
    link: LinkBudget
    beacons: tuple[BeaconSpec, ...]
    translation_hz: float = TRANSLATION_HZ
    tle: TleSet | None = None

    def ephemeris(self) -> Ephemeris:
        """Walker satellites first, then the TLE ones (the order of ``satellites``)."""
        parts: list[Any] = [*self.constellation, *([self.tle] if self.tle is not None else [])]
        return CombinedEphemeris(parts)

    @classmethod
    def from_toml(cls, text: str, source: str = "<scenario>", base: Path | None = None) -> Scenario:
        """Parse scenario TOML; relative file names in it are relative to ``base``."""
        try:
            d = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioError(f"{source}: not TOML ({e})") from None
        try:
            return cls.from_dict(d, base)
        except ScenarioError as e:
            raise ScenarioError(f"{source}: {e}") from None

    @classmethod
    def from_file(cls, path: str | Path) -> Scenario:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as e:
            raise ScenarioError(f"{path}: {e.strerror}") from None
        return cls.from_toml(text, str(path), Path(path).resolve().parent)

    @classmethod
    def from_dict(cls, d: dict[str, Any], base: Path | None = None) -> Scenario:
        k = _take(d, "scenario", {"name": (str, "scenario"), "start_utc": (datetime, ...), "duration_s": (_NUM, ...),
                                  "seed": (int, 0), "constellation": (dict, {}), "lut": (dict, {}),
                                  "link": (dict, {}), "beacon": (list, ...), "translation_hz": (_NUM, TRANSLATION_HZ)})
        start = k["start_utc"]
        if start.tzinfo is None:
            raise ScenarioError("start_utc has no zone; write it with Z, e.g. 2025-06-12T14:00:00Z")
        _range("scenario", "duration_s", k["duration_s"], 0, 86_400)
        lt = _take(k["lut"], "[lut]", {"id": (str, "2277"), "lat_deg": (_NUM, 43.56), "lon_deg": (_NUM, 1.48),
                                       "alt_m": (_NUM, 150.0), "antennas": (int, 6), "mask_deg": (_NUM, 5.0),
                                       "sample_rate_hz": (_NUM, 24_000.0), "sgb_sample_rate_hz": (_NUM, 153_600.0)})
        _range("[lut]", "antennas", lt["antennas"], 1, 64)
        _range("[lut]", "sample_rate_hz", lt["sample_rate_hz"], 16_000, 250_000)
        _range("[lut]", "sgb_sample_rate_hz", lt["sgb_sample_rate_hz"], 80_000, 250_000)
        _range("[lut]", "lat_deg", lt["lat_deg"], -90, 90)
        _range("[lut]", "lon_deg", lt["lon_deg"], -180, 180)
        lut = LutSite(lt["id"], float(lt["lat_deg"]), float(lt["lon_deg"]), float(lt["alt_m"]), lt["antennas"],
                      float(lt["mask_deg"]), float(lt["sample_rate_hz"]), float(lt["sgb_sample_rate_hz"]))
        lk = _take(k["link"], "[link]", {"eirp_dbw": (_NUM, 7.0), "sat_gt_dbk": (_NUM, -19.0),
                                         "losses_db": (_NUM, 3.0), "downlink_cn0_dbhz": (_NUM, 55.0)})
        link = LinkBudget(*(float(lk[x]) for x in ("eirp_dbw", "sat_gt_dbk", "losses_db", "downlink_cn0_dbhz")))
        beacons = tuple(_beacon(i, b) for i, b in enumerate(k["beacon"]))
        if not beacons:
            raise ScenarioError("no [[beacon]]")
        names = [b.name for b in beacons]
        if len(set(names)) != len(names):
            raise ScenarioError("beacon names must be unique")
        return cls(k["name"], start.astimezone(UTC), float(k["duration_s"]), k["seed"], _walkers(k["constellation"]),
                   lut, link, beacons, float(k["translation_hz"]), _tles(k["constellation"], base))
