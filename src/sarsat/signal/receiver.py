"""Streaming receiver: bursts from an input of any length in bounded memory.

Samples are fed in blocks of any size. The receiver keeps a window of ``stride_s`` new seconds
plus margins (0.45 s before, for a burst whose frame search reaches back before its detected
carrier, and 0.85 s after, for the rest of a 520 ms burst; 1.05 s after when second-generation
bursts are searched too, for a 1 s SGB burst), runs the demodulators on it, keeps the bursts
that start in the new part, and slides on. A burst seen in two windows is reported once.
Complex inputs sampled at 80 kHz or more are searched for both generations (FGB: T.001,
:mod:`sarsat.signal.fgb_demod`; SGB: T.018, :mod:`sarsat.signal.sgb_demod`).
Memory: about (``stride_s`` + 1.5 s) of samples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.signal.audio import demodulate_audio
from sarsat.signal.biphase import FrameDecoder, default_decoder
from sarsat.signal.burst import Burst
from sarsat.signal.detect import detect_carriers
from sarsat.signal.fgb_demod import (
    DEFAULT_CONFIG,
    DemodConfig,
    covered,
    demodulate_candidate,
)
from sarsat.signal.sgb_demod import DEFAULT_SGB_CONFIG, MIN_RATE_HZ, SgbConfig, demodulate_sgb

PRE_S = 0.45  #: margin before the accepted region (s)
POST_S = 0.85  #: margin after it: a long burst (0.52 s ±1 %) after its carrier start, plus search
SGB_POST_S = 1.05  #: margin after it when SGB is searched: a 1 s burst (T.018 §2.2.2) after its start


class Receiver:
    """Feed blocks of samples (:meth:`feed`), then :meth:`flush` at the end of the input.

    ``kind`` is ``"iq"`` (complex baseband: every carrier in the band) or ``"audio"``
    (discriminator audio). Burst times are seconds from the first sample fed.
    """

    def __init__(self, kind: str, sample_rate_hz: float, *,
                 decoder: FrameDecoder | None = default_decoder,
                 config: DemodConfig = DEFAULT_CONFIG, stride_s: float = 8.0,
                 sgb_config: SgbConfig | None = DEFAULT_SGB_CONFIG) -> None:
        if kind not in ("iq", "audio"):
            raise ValueError(f"kind {kind!r}: expected 'iq' or 'audio'")
        self.kind = kind
        self.fs = float(sample_rate_hz)
        self.decoder = decoder
        self.config = config
        #: second-generation search: complex input wide enough for the chips, else None
        self.sgb = sgb_config if kind == "iq" and self.fs >= MIN_RATE_HZ else None
        self.stride = max(1, int(stride_s * self.fs))
        self.pre = int(PRE_S * self.fs)
        self.post = int((POST_S if self.sgb is None else SGB_POST_S) * self.fs)
        dtype = np.complex64 if kind == "iq" else np.float32
        self._buf: NDArray[Any] = np.zeros(0, dtype)
        self._start = 0  # stream index of _buf[0]
        self._recent: list[Burst] = []
        self._pending: list[NDArray[Any]] = []  # blocks not yet copied into _buf
        self._n_pending = 0

    def feed(self, block: NDArray[np.complex64] | NDArray[np.float32]) -> list[Burst]:
        """Add samples; return the bursts completed so far (each burst once)."""
        self._pending.append(np.asarray(block).astype(self._buf.dtype, copy=False))
        self._n_pending += len(block)
        if len(self._buf) + self._n_pending < self._lead() + self.stride + self.post:
            return []
        self._gather()
        out: list[Burst] = []
        while len(self._buf) >= self._lead() + self.stride + self.post:
            out += self._process(self._lead() + self.stride)
            drop = self._lead() + self.stride - self.pre
            self._buf = self._buf[drop:]
            self._start += drop
        return out

    def _gather(self) -> None:
        if self._pending:
            self._buf = np.concatenate([self._buf, *self._pending])
            self._pending, self._n_pending = [], 0

    def flush(self) -> list[Burst]:
        """Process what is left at the end of the input."""
        self._gather()
        out = self._process(len(self._buf)) if len(self._buf) else []
        self._buf = self._buf[:0]
        return out

    def _lead(self) -> int:
        """Samples before the accepted region: none at the very start of the stream."""
        return 0 if self._start == 0 else self.pre

    def _process(self, region_end: int) -> list[Burst]:
        lo = self._lead()
        t0 = self._start / self.fs
        found: list[Burst] = []
        if self.kind == "iq":
            cands = detect_carriers(self._buf, self.fs, threshold=self.config.threshold,
                                    max_offset_hz=self.config.max_offset_hz)
            for c in cands:
                i = round(c.time_s * self.fs)
                if not lo <= i < region_end:
                    continue
                if covered(c, self._recent + found, t0):
                    continue
                b = demodulate_candidate(self._buf, self.fs, c, self.decoder, self.config)
                if b is not None:
                    b = replace(b, time_s=b.time_s + t0)
                    if not self._seen(b.time_s, b.frequency_hz, found):
                        found.append(b)
            if self.sgb is not None:
                for b in demodulate_sgb(self._buf, self.fs, self.sgb,
                                        start_range_s=(lo / self.fs, region_end / self.fs)):
                    b = replace(b, time_s=b.time_s + t0,
                                extra={**b.extra, "time_mid_s": b.extra["time_mid_s"] + t0})
                    if not self._seen(b.time_s, b.frequency_hz, found, "second"):
                        found.append(b)
        else:
            for b in demodulate_audio(self._buf, self.fs, decoder=self.decoder,
                                      rate_tolerance=self.config.rate_tolerance,
                                      max_sync_errors=self.config.max_sync_errors):
                i = round(b.time_s * self.fs)
                if lo <= i < region_end or (i < lo and self._start == 0):
                    b = replace(b, time_s=b.time_s + t0)
                    if not self._seen(b.time_s, b.frequency_hz, found):
                        found.append(b)
        self._recent = [b for b in self._recent + found
                        if b.time_s > (self._start + region_end) / self.fs - 5.0]
        return sorted(found, key=lambda b: b.time_s)

    def _seen(self, time_s: float, frequency_hz: float | None, extra: list[Burst],
              generation: str = "first") -> bool:
        for b in self._recent + extra:
            if b.extra.get("generation", "first") != generation:
                continue
            if abs(b.time_s - time_s) < 0.3 and (
                    frequency_hz is None or b.frequency_hz is None
                    or abs(b.frequency_hz - frequency_hz) < 300.0):
                return True
        return False


def receive(blocks: Iterable[NDArray[np.complex64] | NDArray[np.float32]], kind: str,
            sample_rate_hz: float, *, decoder: FrameDecoder | None = default_decoder,
            config: DemodConfig = DEFAULT_CONFIG, stride_s: float = 8.0,
            progress: Callable[[int], None] | None = None,
            sgb_config: SgbConfig | None = DEFAULT_SGB_CONFIG) -> Iterator[Burst]:
    """Bursts of a stream of sample blocks, in time order per window, as soon as they are
    complete. ``progress(n)`` is called with the number of samples of each block consumed.
    ``sgb_config=None`` turns the second-generation search off."""
    rx = Receiver(kind, sample_rate_hz, decoder=decoder, config=config, stride_s=stride_s,
                  sgb_config=sgb_config)
    for block in blocks:
        yield from rx.feed(block)
        if progress is not None:
            progress(len(block))
    yield from rx.flush()
