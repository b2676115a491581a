"""Beacon messages: bits ⇄ fields for first-generation (C/S T.001) and second-generation
(C/S T.018) beacons.

>>> msg = decode("56E6804002202009655250")          # T.001 Annex B1
>>> msg.hex_id, msg.country_code, msg.protocol.name
('ADCD00800440401', 366, 'User: serial')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sarsat.beacon.bits import clean_text
from sarsat.beacon.fgb.batch import Batch, decode_many
from sarsat.beacon.fgb.decode import decode as decode_fgb
from sarsat.beacon.fgb.decode import decode_frame as decode_fgb_frame
from sarsat.beacon.fgb.frame import parse as parse_fgb
from sarsat.beacon.fgb.encode import encode as encode_fgb
from sarsat.beacon.message import CONTRACT_KEYS, BchBlock, BeaconMessage, Position, Protocol
from sarsat.beacon.sgb import decode_sgb, encode_sgb_json, is_sgb_text
from sarsat.errors import MessageError, SarsatError

__all__ = [
    "CONTRACT_KEYS",
    "Batch",
    "BchBlock",
    "BeaconMessage",
    "Position",
    "Protocol",
    "decode",
    "decode_fgb",
    "decode_lines",
    "decode_many",
    "decode_sgb",
    "encode_sgb_json",
    "encode_fgb",
]


#: Hex lengths that can only be first-generation messages (the dispatch's fast path).
_FGB_MESSAGE_LENGTHS = frozenset({22, 28, 30, 36})


def decode(text: str, *, sgb_layout: str | None = None) -> BeaconMessage:
    """Decode one beacon message or beacon ID, first or second generation, given as hex
    (or a bit string); the generation follows from the length (README "Decoding").

    ``sgb_layout`` fixes the padding side of a 51-hex SGB message (``"leading"``, the
    T.018 App. B ground-segment form and the default, or ``"trailing"``).
    Raises :class:`sarsat.errors.MessageError` when the text is not a message.
    """
    t = clean_text(text)
    if not t:
        raise MessageError("empty message")
    if len(t) not in _FGB_MESSAGE_LENGTHS and is_sgb_text(t):
        return decode_sgb(text, sgb_layout)  # type: ignore[arg-type]
    return decode_fgb_frame(parse_fgb(t), text)


def decode_lines(lines: Iterable[str], *, sgb_layout: str | None = None) -> Iterator[BeaconMessage | SarsatError]:
    """Decode one message per non-blank line; a bad line yields its error, not an exception."""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            yield decode(line.strip(), sgb_layout=sgb_layout)
        except SarsatError as e:
            yield e
