"""The API's data types: frozen pydantic models, so the OpenAPI schema states every field.

They mirror the MCC's JSON forms (``Site.to_json``, ``SitePosition.to_json``, ``BeaconInfo.to_json``,
the store's message and audit rows) and the decoded-message contract (DESIGN.md). Times are UTC
ISO 8601 strings, as the store keeps them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Position(_Frozen):
    """One position a site holds (``sarsat.mcc.sites.SitePosition``), WGS-84 degrees."""

    type: str = Field(description="doppler_a, doppler_b, doa or encoded")
    latitude_deg: float
    longitude_deg: float
    detected_at: str
    solution_id: str
    lut_id: str
    system: str
    pass_id: str | None = None
    probability_pct: float | None = None
    ehe_m: float | None = Field(None, description="DOA expected horizontal error, 95 % radius (m)")
    altitude_m: float | None = None
    ellipse95: dict[str, float] | None = Field(
        None, description="DOA 95 % error ellipse from the LUT: semi_major_m, semi_minor_m, orientation_deg (from north)")


class Beacon(_Frozen):
    """What the MCC keeps of the decoded beacon message (``sarsat.mcc.ingest.BeaconInfo``)."""

    hex_id: str
    country_code: int | None = None
    country: str | None = None
    family: str = "unknown"
    beacon_type: str | None = None
    test: bool = False
    self_test: bool = False
    reliable: bool = True
    cancellation: bool = False
    activation: str | None = None
    encoded_source: str | None = None
    homing: str | None = None
    identity: dict[str, Any] = Field(default_factory=dict)
    message_hex: str | None = None


class SiteSummary(_Frozen):
    """One row of the site list; ``where`` is the MCC reference, else the latest position."""

    site_id: int
    beacon_id: str
    status: str
    open: bool
    opened_at: str
    last_data_at: str
    alerts_sent: int
    positions: int
    where: Position | None


class Site(_Frozen):
    """A whole alert site (``sarsat.mcc.sites.Site.to_json``)."""

    site_id: int
    beacon_id: str
    status: str
    opened_at: str
    last_data_at: str
    beacon: Beacon
    positions: list[Position]
    reference: Position | None = None
    doppler_pair: list[Position] | None = None
    last_sent_data_at: str | None = None
    alerts_sent: int = 0
    cancel_bursts: list[str] = Field(default_factory=list)
    cancelled_at: str | None = None
    destinations: list[str] = Field(default_factory=list)
    frequency_hz: float | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class AlertSummary(_Frozen):
    """One SIT message the MCC sent (a row of ``mcc_messages``, without its text)."""

    message_id: int
    site_id: int
    beacon_id: str
    solution_id: str
    destination: str
    msg_no: int
    layout: str
    nocr: bool
    title: str
    created_at: str


class Alert(AlertSummary):
    """A sent message with its text and the alert it says (``sarsat.mcc.matching.Alert.to_json``)."""

    text: str
    alert: dict[str, Any]


class AuditEntry(_Frozen):
    """One MCC decision with the rule that fired (``sarsat mcc why``)."""

    audit_id: int
    solution_id: str
    beacon_id: str
    site_id: int | None
    at: str
    step: str
    decision: str
    rule: str
    detail: str


class DecodeRequest(_Frozen):
    """A beacon message or beacon ID as hex (``sarsat decode``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    hex: str = Field(min_length=1, max_length=200, examples=["D6E6202820000010000000000000000"])
    sgb_layout: Literal["leading", "trailing"] | None = Field(
        None, description="padding side of a 51-hex SGB message (default leading, T.018 App. B)")


class Protocol(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")
    family: str
    name: str


class DecodedMessage(BaseModel):
    """The public decoded-message JSON contract (DESIGN.md); protocol-specific extra keys pass through."""

    model_config = ConfigDict(frozen=True, extra="allow")
    input: str
    generation: Literal["first", "second"]
    message_hex: str | None
    hex_id: str
    country_code: int | None
    country: str | None
    protocol: Protocol
    self_test: bool | None
    bch: dict[str, Any]
    position: dict[str, Any] | None
    identity: dict[str, Any]
    warnings: list[str]


class IngestResult(_Frozen):
    """What ingesting one solution did (``sarsat.mcc.store.IngestResult``)."""

    solution_id: str
    duplicate: bool
    site_id: int | None
    message_ids: list[int]
    audit: list[str]


class Problem(_Frozen):
    """An error: what was wrong and what to do."""

    detail: str


class Health(_Frozen):
    status: Literal["ok"]
    store: str = Field(description="database dialect (sqlite, postgresql)")
    writes_enabled: bool
    counts: dict[str, int]
