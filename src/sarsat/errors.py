"""Errors raised on bad input.

Every error a user can cause (malformed hex, wrong length, truncated file, wrong sample
rate, ...) is a :class:`SarsatError`; the CLI prints its message on one line and exits
with status 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class SarsatError(Exception):
    """Bad input: the message says what is wrong and what was expected."""


class MessageError(SarsatError):
    """A beacon message that cannot be read (not hex, wrong length, no frame sync, ...)."""


class HexError(MessageError):
    """Text that is not a hexadecimal (or bit-string) beacon message."""

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem
        super().__init__(f"{text!r}: {problem}")


class HexLengthError(MessageError):
    """A hex string whose length matches no known message form."""

    def __init__(self, text: str, expected: tuple[int, ...]) -> None:
        self.text = text
        self.expected = expected
        lengths = ", ".join(str(n) for n in expected)
        super().__init__(
            f"{text!r}: {len(text)} hex digits; expected one of {lengths}"
        )


class EncodeError(SarsatError):
    """Fields that cannot be encoded (unknown protocol, value out of range, ...)."""


class SignalError(SarsatError):
    """A recording that cannot be read (unknown format, truncated, wrong rate, ...)."""


class MeasurementError(SarsatError):
    """Measurements that cannot be used for location (missing keys, too few satellites, ...)."""


class MccError(SarsatError):
    """MCC input that cannot be processed (malformed solution record, bad configuration, ...)."""


class SitParseError(MccError):
    """Text that is not a readable SIT message (no numbered SIT 185 fields, ...)."""


class ScenarioError(SarsatError):
    """A simulation scenario that cannot be run (bad TOML, unknown key, value out of range, ...)."""


class LutError(SarsatError):
    """LUT input that cannot be processed (channel file without satellite or site metadata, ...)."""
