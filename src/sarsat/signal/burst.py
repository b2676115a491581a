"""The demodulated burst: what the receiver measured and decoded (DESIGN.md JSON contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys of :meth:`Burst.to_json` (DESIGN.md, ``sarsat demod --json``), stable for users' tools.
BURST_JSON_KEYS = frozenset({"time_s", "frequency_hz", "cn0_dbhz", "sync", "bits_hex", "message"})


@dataclass(frozen=True)
class Burst:
    """One burst found in a recording: first generation (T.001) unless
    ``extra["generation"] == "second"`` (T.018; what changes is told in
    :mod:`sarsat.signal.sgb_demod`: ``time_s`` is the start of the preamble, ``bits_hex`` the
    250 bits as 63 hex with the codec's 2-bit pad, ``sync`` the PRN pair, ``sync_errors`` the
    bits the BCH corrected).

    ``time_s`` is the time of arrival (TOA) of the burst's reference point, in seconds after the
    first sample of the input: the start of bit 1, i.e. the end of the 160 ms unmodulated carrier
    (T.001 §2.2.3) where the first phase transition is half done. ``frequency_hz`` is the carrier
    frequency (FOA) at the middle of the burst, as an offset from the input's centre frequency
    (``None`` for discriminator audio, which does not carry it). ``cn0_dbhz`` is the estimated carrier power
    to noise density ratio. ``sync`` is ``"normal"`` or ``"self_test"`` (T.001 §2.2.4.2).
    ``bits_hex`` is the frame as demodulated, from bit 1 (36 hex digits for a long frame, 28 for a
    short one), before any BCH correction. ``message`` is the decoded
    :class:`sarsat.beacon.message.BeaconMessage` (after correction) or ``None``.

    Receiver diagnostics, not part of the JSON contract: ``bit_rate_bps`` (measured),
    ``polarity`` (+1 when the phase advances in the first half of a "1", T.001 §2.3.5),
    ``sync_errors`` (bits 1–24 differing from the sync pattern), ``source`` (``"iq"`` or
    ``"audio"``) and ``frequency_rate_hz_s`` (carrier drift, e.g. LEO Doppler rate).
    """

    time_s: float
    frequency_hz: float | None
    cn0_dbhz: float | None
    sync: str
    bits_hex: str
    message: Any = None
    bit_rate_bps: float = 400.0
    polarity: int = 1
    sync_errors: int = 0
    source: str = "iq"
    frequency_rate_hz_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def n_bits(self) -> int:
        """Frame length in bits (112 short, 144 long; T.001 §2.2.4)."""
        return 4 * len(self.bits_hex)

    @property
    def time_centre_s(self) -> float:
        """Time of the middle of the frame (``time_s`` + half the frame at the measured rate).

        The lowest-variance TOA: the bit-rate estimation error does not enter it, so its standard
        deviation is about half that of ``time_s`` (BENCHMARKS.md). Copies of one burst seen
        through several satellites share the frame length, so TDOAs may use either.

        >>> Burst(1.0, 0.0, None, "normal", "F" * 36, bit_rate_bps=400.0).time_centre_s
        1.18
        """
        return self.time_s + 0.5 * self.n_bits / self.bit_rate_bps

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready dict of ``sarsat demod --json`` (keys: :data:`BURST_JSON_KEYS`).

        >>> b = Burst(0.5, -1200.0, 45.0, "normal", "FFFE2F5011A5FC5399AE857D5D80")
        >>> sorted(b.to_json()) == sorted(BURST_JSON_KEYS)
        True
        """
        return {
            "time_s": round(self.time_s, 7),
            "frequency_hz": None if self.frequency_hz is None else round(self.frequency_hz, 3),
            "cn0_dbhz": None if self.cn0_dbhz is None else round(self.cn0_dbhz, 1),
            "sync": self.sync,
            "bits_hex": self.bits_hex,
            "message": None if self.message is None else self.message.to_json(),
        }
