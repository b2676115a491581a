"""Beacon messages: bits ⇄ fields for first-generation (C/S T.001) beacons.

>>> msg = decode("56E6804002202009655250")          # T.001 Annex B1
>>> msg.hex_id, msg.country_code, msg.protocol.name
('ADCD00800440401', 366, 'User: serial')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sarsat.beacon.bits import clean_text
from sarsat.beacon.fgb.batch import Batch, decode_many
from sarsat.beacon.fgb.decode import decode as decode_fgb
from sarsat.beacon.fgb.encode import encode as encode_fgb
from sarsat.beacon.message import CONTRACT_KEYS, BchBlock, BeaconMessage, Position, Protocol
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
    "encode_fgb",
]


def decode(text: str) -> BeaconMessage:
    """Decode one beacon message or beacon ID given as hex (or a bit string).

    Raises :class:`sarsat.errors.MessageError` when the text is not a message.
    """
    if not clean_text(text):
        raise MessageError("empty message")
    return decode_fgb(text)


def decode_lines(lines: Iterable[str]) -> Iterator[BeaconMessage | SarsatError]:
    """Decode one message per non-blank line; a bad line yields its error, not an exception."""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            yield decode(line.strip())
        except SarsatError as e:
            yield e
