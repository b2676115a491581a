"""A small MCC dataset for the web tests, fed through the MCC's own ingest (``POST /ingest``).

Two beacons, messages made with ``sarsat.beacon.encode_fgb`` and decoded by the MCC:
a French EPIRB (standard location, MMSI 227123456, encoded 43.2 N 5.3 E) seen by a MEOLUT with a
DOA position, and a US ELT (24-bit address A1B2C3, no encoded position) seen on a LEOSAR pass
with a Doppler A/B pair.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

T0 = datetime(2025, 6, 12, 14, 2, 11, tzinfo=UTC)
EPIRB_HEX = "8E321E24002B40AE86EC360C2302D6"
EPIRB_ID = "1C643C4800FFBFF"
ELT_HEX = "96E3A1B2C37FDFFF4CA7B683E0F00E"
ELT_ID = "2DC7436586FFBFF"
TOKEN = "s3cret-test-token"
NOW = (T0 + timedelta(minutes=20)).isoformat()


def iso(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def epirb_doa(sid: str = "meo-epirb-1", minutes: float = 0.0, lat: float = 43.21, lon: float = 5.32) -> dict[str, Any]:
    """A MEOSAR solution of the EPIRB with a DOA position (EHE 3 km); the MCC adds the encoded one."""
    return {"solution_id": sid, "lut_id": "2276", "system": "meosar", "detected_at": iso(minutes),
            "last_detected_at": iso(minutes + 8), "satellites": ["329", "315", "302"],
            "frequency_hz": 406.04e6, "num_bursts": 4, "message_hex": EPIRB_HEX,
            "positions": [{"type": "doa", "latitude_deg": lat, "longitude_deg": lon, "ehe_m": 3000.0}]}


def elt_doppler(sid: str = "leo-elt-1", minutes: float = 2.0) -> dict[str, Any]:
    """A LEOSAR pass over the US ELT: Doppler A (70 %) and its mirror B (30 %)."""
    return {"solution_id": sid, "lut_id": "3669", "system": "leosar", "detected_at": iso(minutes),
            "last_detected_at": iso(minutes + 6), "satellites": ["S11"], "pass_id": "S11-40211",
            "frequency_hz": 406.028e6, "num_bursts": 5, "message_hex": ELT_HEX,
            "positions": [
                {"type": "doppler_a", "latitude_deg": 36.52, "longitude_deg": -122.31, "probability_pct": 70.0},
                {"type": "doppler_b", "latitude_deg": 35.08, "longitude_deg": -117.95, "probability_pct": 30.0}]}


def dataset() -> list[dict[str, Any]]:
    """The records ingested by the fixtures, in order."""
    return [epirb_doa(), elt_doppler()]


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
