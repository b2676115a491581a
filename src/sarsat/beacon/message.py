"""The decoded beacon message and its JSON form (the public contract in DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys of :meth:`BeaconMessage.to_json`, stable for users' tools (README "JSON contract").
CONTRACT_KEYS = frozenset(
    {
        "input",
        "generation",
        "message_hex",
        "hex_id",
        "country_code",
        "country",
        "protocol",
        "self_test",
        "format",
        "bch",
        "position",
        "identity",
        "details",
        "warnings",
    }
)


@dataclass(frozen=True)
class BchBlock:
    """Result of checking (and correcting) one BCH-protected block.

    ``valid`` is true when the block is a codeword, after correction if any was made and
    judged plausible. ``corrected_bits`` are spec bit numbers (1-based) that were flipped.
    """

    valid: bool
    errors_corrected: int = 0
    corrected_bits: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors_corrected": self.errors_corrected,
            "corrected_bits": list(self.corrected_bits),
        }


@dataclass(frozen=True)
class Protocol:
    """Protocol of a message: ``family`` (user, user-location, standard-location, ...), a
    human-readable ``name``, the protocol-code bits as written in the spec tables, and
    whether it is a test protocol."""

    family: str
    name: str
    code: str
    test: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"family": self.family, "name": self.name, "code": self.code, "test": self.test}


@dataclass(frozen=True, init=False)
class Position:
    """A position encoded in the message (WGS-84 degrees, north and east positive).

    ``resolution`` is ``"fine"`` when PDF-2 offsets were applied, ``"coarse"`` for PDF-1 alone;
    ``source`` is the navigation device (``"internal"``, ``"external"`` or ``None`` when the
    protocol does not say); ``extra`` holds protocol-specific position facts.
    """

    latitude_deg: float
    longitude_deg: float
    resolution: str
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __init__(self, latitude_deg: float, longitude_deg: float, resolution: str, source: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        # Frozen, filled through __dict__ (see BeaconMessage.__init__).
        self.__dict__.update(latitude_deg=latitude_deg, longitude_deg=longitude_deg, resolution=resolution,
                             source=source, extra={} if extra is None else extra)

    def to_json(self) -> dict[str, Any]:
        return {
            "latitude_deg": self.latitude_deg,
            "longitude_deg": self.longitude_deg,
            "resolution": self.resolution,
            "source": self.source,
            **self.extra,
        }


@dataclass(frozen=True, init=False)
class BeaconMessage:
    """A decoded 406 MHz beacon message, first or second generation.

    ``bch`` maps block names (``bch1``, ``bch2`` for FGB; ``bch`` for SGB) to their result, or
    to ``None`` where the block is absent (short FGB messages have no BCH-2).
    ``identity`` holds the protocol's identification fields, ``details`` every other
    decoded field (homing, activation, emergency codes, RLS and ELT(DT) data, rotating
    fields, ...). ``bits`` is the corrected message as an int in spec numbering.
    """

    input: str
    generation: str
    message_hex: str | None
    hex_id: str
    country_code: int
    country: str | None
    protocol: Protocol
    self_test: bool | None
    format: str
    bch: dict[str, BchBlock | None]
    position: Position | None
    identity: dict[str, Any]
    details: dict[str, Any]
    warnings: tuple[str, ...] = ()

    def __init__(
        self,
        input: str,  # noqa: A002 - the contract's key
        generation: str,
        message_hex: str | None,
        hex_id: str,
        country_code: int,
        country: str | None,
        protocol: Protocol,
        self_test: bool | None,
        format: str,  # noqa: A002 - the contract's key
        bch: dict[str, BchBlock | None],
        position: Position | None,
        identity: dict[str, Any],
        details: dict[str, Any],
        warnings: tuple[str, ...] = (),
    ) -> None:
        # Frozen, but filled through __dict__: the generated frozen __init__ calls
        # object.__setattr__ per field and costs 5x more on the decode hot path.
        self.__dict__.update(
            input=input, generation=generation, message_hex=message_hex, hex_id=hex_id,
            country_code=country_code, country=country, protocol=protocol, self_test=self_test,
            format=format, bch=bch, position=position, identity=identity, details=details,
            warnings=tuple(warnings),
        )

    @property
    def valid(self) -> bool:
        """True when every present BCH block is valid (after correction)."""
        return all(b.valid for b in self.bch.values() if b is not None)

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict of the public contract (DESIGN.md, README)."""
        return {
            "input": self.input,
            "generation": self.generation,
            "message_hex": self.message_hex,
            "hex_id": self.hex_id,
            "country_code": self.country_code,
            "country": self.country,
            "protocol": self.protocol.to_json(),
            "self_test": self.self_test,
            "format": self.format,
            "bch": {k: (v.to_json() if v is not None else None) for k, v in self.bch.items()},
            "position": self.position.to_json() if self.position is not None else None,
            "identity": self.identity,
            "details": self.details,
            "warnings": list(self.warnings),
        }
