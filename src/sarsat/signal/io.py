"""Sample readers and writers: cf32, cu8, cs16, WAV (IQ stereo or discriminator audio), SigMF.

Every reader streams: :meth:`SampleReader.chunks` yields blocks of at most ``n`` samples, so a
live ``rtl_sdr … | sarsat demod -`` pipeline runs at any length in bounded memory. IQ blocks are
``complex64`` in full-scale units (|x| ≤ 1 for integer formats); audio blocks are ``float32``.

Formats (``format`` argument):

======== ======================================================================= ==========
name     content                                                                 rate from
======== ======================================================================= ==========
cf32     interleaved little-endian float32 I, Q (GNU Radio, numpy complex64)     ``rate``
cu8      interleaved unsigned 8-bit I, Q, offset 127.5 (``rtl_sdr``)             ``rate``
cs16     interleaved little-endian int16 I, Q (HackRF/SDRangel, ``-F 16``)       ``rate``
wav      RIFF WAV, 2 channels = I, Q                                             header
audio    RIFF WAV FM-discriminator audio (mono, or one channel of a stereo file) header
sigmf    SigMF recording (``.sigmf-meta`` + ``.sigmf-data``: cf32_le, ci16_le,    meta
         cu8, ci8)
======== ======================================================================= ==========

>>> guess_format("capture.cu8"), guess_format("x.sigmf-meta"), guess_format("a.WAV")
('cu8', 'sigmf', 'wav')
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Self

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import SignalError

FORMATS = ("cf32", "cu8", "cs16", "wav", "audio", "sigmf")

#: Lowest sample rate the FGB receivers accept: 20 samples per bit at 400 bit/s (T.001 §2.2.4).
MIN_RATE_HZ = 8000.0

_EXTENSIONS = {
    ".cf32": "cf32", ".cfile": "cf32", ".fc32": "cf32", ".complex": "cf32",
    ".cu8": "cu8", ".u8": "cu8",
    ".cs16": "cs16", ".ci16": "cs16", ".sc16": "cs16", ".s16": "cs16",
    ".wav": "wav",
    ".sigmf-meta": "sigmf", ".sigmf-data": "sigmf", ".sigmf": "sigmf",
}

_SIGMF_TYPES = {"cf32_le": "cf32", "ci16_le": "cs16", "cu8": "cu8", "ci8": "ci8"}


@dataclass(frozen=True)
class StreamInfo:
    """What a reader knows about its input.

    ``kind`` is ``"iq"`` (complex baseband) or ``"audio"`` (real discriminator audio);
    ``n_samples`` is the total length when known (files), ``None`` for a pipe;
    ``center_freq_hz`` comes from SigMF metadata or the caller, ``None`` when unknown.
    """

    name: str
    format: str
    kind: str
    sample_rate_hz: float
    center_freq_hz: float | None = None
    n_samples: int | None = None

    @property
    def duration_s(self) -> float | None:
        """Length of the input in seconds, when known."""
        return None if self.n_samples is None else self.n_samples / self.sample_rate_hz


def guess_format(name: str) -> str | None:
    """Format implied by a file name's extension, or ``None``."""
    lower = name.lower()
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


class SampleReader:
    """A stream of samples with its :class:`StreamInfo`; use :func:`open_samples` to make one."""

    def __init__(self, info: StreamInfo, stream: BinaryIO, decode: _Decoder,
                 n_bytes: int | None, close: bool, prefix: bytes = b"") -> None:
        self.info = info
        self._stream = stream
        self._decode = decode
        self._left = n_bytes  # bytes of sample data still to read (None: until EOF)
        self._close = close
        self._prefix = prefix

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying file (never stdin)."""
        if self._close:
            self._stream.close()

    def _read(self, n: int) -> bytes:
        if self._left is not None:
            n = min(n, self._left)
        out = self._prefix[:n]
        self._prefix = self._prefix[n:]
        parts = [out]
        got = len(out)
        while got < n:
            b = self._stream.read(n - got)
            if not b:
                break
            parts.append(b)
            got += len(b)
        data = b"".join(parts)
        if self._left is not None:
            self._left -= len(data)
        return data

    def chunks(self, n_samples: int = 1 << 18) -> Iterator[NDArray[np.complex64] | NDArray[np.float32]]:
        """Yield blocks of at most ``n_samples`` samples until the input ends.

        Raises :class:`SignalError` when the input ends inside a sample (truncated file or
        stream) or before the length its header announced.
        """
        frame = self._decode.frame_bytes
        while True:
            data = self._read(n_samples * frame)
            if len(data) % frame:
                raise SignalError(
                    f"{self.info.name}: truncated: the input ends inside a sample "
                    f"({len(data) % frame} of {frame} bytes of the last {self.info.format} sample)")
            if data:
                yield self._decode(data)
            if len(data) < n_samples * frame:
                if self._left:  # a header promised more than the input holds
                    raise SignalError(
                        f"{self.info.name}: truncated: {self._left} bytes of sample data missing "
                        "(the header announces more than the file holds)")
                return

    def read_all(self) -> NDArray[np.complex64] | NDArray[np.float32]:
        """Every remaining sample as one array (for short files and tests)."""
        blocks = list(self.chunks())
        if not blocks:
            dtype = np.complex64 if self.info.kind == "iq" else np.float32
            return np.zeros(0, dtype)
        return np.concatenate(blocks)


class _Decoder:
    """Bytes → samples for one layout: ``frame_bytes`` per output sample."""

    def __init__(self, component: np.dtype, n_channels: int, kind: str, scale: float,
                 offset: float = 0.0, channel: int | None = None, float_data: bool = False) -> None:
        self.component = component
        self.n_channels = n_channels
        self.kind = kind
        self.scale = scale
        self.offset = offset
        self.channel = channel
        self.frame_bytes = component.itemsize * n_channels
        self.float_data = float_data

    def __call__(self, data: bytes) -> NDArray[np.complex64] | NDArray[np.float32]:
        raw = np.frombuffer(data, dtype=self.component).reshape(-1, self.n_channels)
        if self.float_data and self.offset == 0.0 and self.scale == 1.0:
            x = raw.astype(np.float32, copy=False)
        else:
            x = (raw.astype(np.float32) - np.float32(self.offset)) * np.float32(1.0 / self.scale)
        if self.kind == "iq":
            out = np.empty(x.shape[0], np.complex64)
            out.real = x[:, 0]
            out.imag = x[:, 1]
            return out
        if self.channel is None:
            return np.ascontiguousarray(x.mean(axis=1, dtype=np.float32))
        return np.ascontiguousarray(x[:, self.channel])


def _raw_decoder(fmt: str) -> _Decoder:
    if fmt == "cf32":
        return _Decoder(np.dtype("<f4"), 2, "iq", 1.0, float_data=True)
    if fmt == "cu8":
        return _Decoder(np.dtype("u1"), 2, "iq", 127.5, offset=127.5)
    if fmt == "cs16":
        return _Decoder(np.dtype("<i2"), 2, "iq", 32768.0)
    if fmt == "ci8":
        return _Decoder(np.dtype("i1"), 2, "iq", 128.0)
    raise SignalError(f"unknown sample format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _check_rate(name: str, rate_hz: float | None, kind: str) -> float:
    if rate_hz is None:
        raise SignalError(f"{name}: the sample rate is unknown: give --rate (samples per second)")
    if not np.isfinite(rate_hz) or rate_hz < MIN_RATE_HZ:
        raise SignalError(
            f"{name}: sample rate {rate_hz:g} Hz is too low for a 400 bit/s burst: "
            f"need at least {MIN_RATE_HZ:g} Hz {'audio' if kind == 'audio' else 'complex'} samples")
    return float(rate_hz)


def _agree(name: str, header_hz: float, given_hz: float | None) -> None:
    if given_hz is not None and abs(given_hz - header_hz) > 1e-6 * header_hz:
        raise SignalError(
            f"{name}: --rate {given_hz:g} Hz disagrees with the {header_hz:g} Hz in the file's header")


def _open_stream(source: str | os.PathLike[str] | BinaryIO) -> tuple[BinaryIO, str, bool, int | None]:
    """(stream, display name, close-when-done, size in bytes or None)."""
    if isinstance(source, (str, os.PathLike)):
        if str(source) == "-":
            return sys.stdin.buffer, "<stdin>", False, None
        path = Path(source)
        try:
            f = path.open("rb")
        except OSError as e:
            raise SignalError(f"{path}: cannot open: {e.strerror}") from None
        return f, str(path), True, path.stat().st_size
    name = getattr(source, "name", "<stream>")
    return source, str(name), False, None


def open_samples(source: str | os.PathLike[str] | BinaryIO, format: str | None = None,
                 sample_rate_hz: float | None = None, center_freq_hz: float | None = None,
                 channel: int | None = None) -> SampleReader:
    """Open a recording (path, ``"-"`` for stdin, or a binary stream) for chunked reading.

    ``format`` is one of :data:`FORMATS`, or ``None`` to infer it from the file extension
    (stdin needs it). ``sample_rate_hz`` is required for raw formats and, when given, must
    agree with a WAV/SigMF header. For a 2-channel WAV opened with ``format=None`` the reader
    decides from the first second: channels nearly identical (|correlation| > 0.9) or one of
    them silent means discriminator audio, otherwise I/Q. ``channel`` picks one audio channel
    (0 = left); by default the louder one is used (or the mean when they carry the same audio).
    """
    name = "<stdin>" if str(source) == "-" else str(getattr(source, "name", source))
    if format is None:
        if not isinstance(source, (str, os.PathLike)) or str(source) == "-":
            raise SignalError(f"{name}: give --format ({', '.join(FORMATS)}) for a stream")
        format = guess_format(str(source))
        if format is None:
            raise SignalError(
                f"{name}: unknown format (extension not recognised): give --format, one of "
                f"{', '.join(FORMATS)}")
        auto = True
    else:
        auto = False
    format = format.lower()
    if format not in FORMATS:
        raise SignalError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if format == "sigmf":
        return _open_sigmf(source, sample_rate_hz, center_freq_hz)
    stream, name, close, size = _open_stream(source)
    try:
        if format in ("wav", "audio"):
            return _open_wav(stream, name, close, size, format, auto, sample_rate_hz,
                             center_freq_hz, channel)
        rate = _check_rate(name, sample_rate_hz, "iq")
        dec = _raw_decoder(format)
        if size is not None and size % dec.frame_bytes:
            raise SignalError(
                f"{name}: truncated: {size} bytes is not a whole number of {format} samples "
                f"({dec.frame_bytes} bytes each)")
        n = None if size is None else size // dec.frame_bytes
        info = StreamInfo(name, format, "iq", rate, center_freq_hz, n)
        return SampleReader(info, stream, dec, size, close)
    except BaseException:
        if close:
            stream.close()
        raise


def _read_exact(stream: BinaryIO, n: int, name: str, what: str) -> bytes:
    data = b""
    while len(data) < n:
        b = stream.read(n - len(data))
        if not b:
            raise SignalError(f"{name}: truncated: the file ends inside the WAV {what}")
        data += b
    return data


def _open_wav(stream: BinaryIO, name: str, close: bool, size: int | None, format: str, auto: bool,
              sample_rate_hz: float | None, center_freq_hz: float | None,
              channel: int | None) -> SampleReader:
    head = stream.read(12)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        raise SignalError(f"{name}: not a RIFF WAV file (no RIFF/WAVE header)")
    fmt_tag = n_ch = rate = bits = None
    consumed = 12
    while True:
        ck = stream.read(8)
        if len(ck) < 8:
            raise SignalError(f"{name}: truncated: no 'data' chunk in the WAV file")
        ck_id, ck_size = ck[:4], struct.unpack("<I", ck[4:])[0]
        consumed += 8
        if ck_id == b"data":
            break
        body = _read_exact(stream, ck_size + (ck_size & 1), name, f"{ck_id!r} chunk")
        consumed += len(body)
        if ck_id == b"fmt ":
            fmt_tag, n_ch, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if fmt_tag == 0xFFFE and len(body) >= 26:  # WAVE_FORMAT_EXTENSIBLE: sub-format GUID
                fmt_tag = struct.unpack("<H", body[24:26])[0]
    if fmt_tag is None or n_ch is None or rate is None or bits is None:
        raise SignalError(f"{name}: WAV file without a 'fmt ' chunk")
    layouts: dict[tuple[int, int], tuple[np.dtype[Any], float, float]] = {(1, 8): (np.dtype("u1"), 128.0, 128.0), (1, 16): (np.dtype("<i2"), 32768.0, 0.0),
               (1, 32): (np.dtype("<i4"), 2.0**31, 0.0), (3, 32): (np.dtype("<f4"), 1.0, 0.0)}
    if (fmt_tag, bits) not in layouts:
        raise SignalError(f"{name}: unsupported WAV encoding (format tag {fmt_tag}, {bits} bits); "
                          "use 8/16/32-bit PCM or 32-bit float")
    comp, scale, offset = layouts[(fmt_tag, bits)]
    _agree(name, float(rate), sample_rate_hz)
    frame = comp.itemsize * n_ch
    n_bytes: int | None = ck_size
    if ck_size in (0, 0xFFFFFFFF) and size is None:
        n_bytes = None  # streaming WAV writer: length unknown, read to EOF
    elif size is not None and consumed + ck_size > size:
        raise SignalError(f"{name}: truncated: the WAV header announces {ck_size} data bytes but "
                          f"the file holds {size - consumed}")
    if n_bytes is not None:
        n_bytes -= n_bytes % frame  # ignore a padding byte
    prefix = b""
    kind = "audio" if format == "audio" or n_ch == 1 else "iq"
    if format == "wav" and n_ch != 2 and n_ch != 1:
        raise SignalError(f"{name}: {n_ch}-channel WAV: I/Q needs 2 channels (or use --format audio)")
    if n_ch == 2 and auto and format == "wav":
        want = min(int(rate), (n_bytes or 1 << 20) // frame) * frame
        prefix = _read_exact(stream, want, name, "data") if want else b""
        x = (np.frombuffer(prefix, comp).reshape(-1, 2).astype(np.float64) - offset) / scale
        rms = np.sqrt(np.mean(x**2, axis=0)) if len(x) else np.zeros(2)
        corr = abs(np.corrcoef(x.T)[0, 1]) if len(x) > 2 and rms.min() > 0 else 0.0
        if rms.min() < 1e-3 * max(rms.max(), 1e-30) or corr > 0.9:
            kind = "audio"
            if channel is None and corr <= 0.9:
                channel = int(np.argmax(rms))
    if kind == "audio" and channel is not None and not 0 <= channel < n_ch:
        raise SignalError(f"{name}: channel {channel} does not exist ({n_ch} channels)")
    rate_hz = _check_rate(name, float(rate), kind)
    dec = _Decoder(comp, n_ch, kind, scale, offset, channel if kind == "audio" else None,
                   float_data=fmt_tag == 3)
    n = None if n_bytes is None else n_bytes // frame
    info = StreamInfo(name, "audio" if kind == "audio" else "wav", kind, rate_hz, center_freq_hz, n)
    return SampleReader(info, stream, dec, n_bytes, close, prefix)


def _open_sigmf(source: str | os.PathLike[str] | BinaryIO, sample_rate_hz: float | None,
                center_freq_hz: float | None) -> SampleReader:
    if not isinstance(source, (str, os.PathLike)) or str(source) == "-":
        raise SignalError("SigMF needs a file path (its .sigmf-meta next to its .sigmf-data)")
    from sigmf import sigmffile  # optional heavy import, only for SigMF input
    from sigmf.error import SigMFError

    path = Path(source)
    base = str(path)
    for ext in (".sigmf-meta", ".sigmf-data", ".sigmf"):
        base = base.removesuffix(ext)
    meta, data = Path(base + ".sigmf-meta"), Path(base + ".sigmf-data")
    if not meta.is_file() or not data.is_file():
        raise SignalError(f"{path}: SigMF needs both {meta.name} and {data.name}")
    try:
        rec = sigmffile.fromfile(str(meta), skip_checksum=True)
    except (SigMFError, ValueError, KeyError, OSError) as e:
        raise SignalError(f"{meta}: unreadable SigMF metadata: {e}") from None
    dtype = rec.get_global_field("core:datatype")
    if dtype not in _SIGMF_TYPES:
        raise SignalError(f"{meta}: SigMF datatype {dtype!r} not supported; expected one of "
                          f"{', '.join(_SIGMF_TYPES)}")
    rate = rec.get_global_field("core:sample_rate")
    if rate is None:
        rate = sample_rate_hz
    else:
        _agree(str(meta), float(rate), sample_rate_hz)
    captures = rec.get_captures()
    if center_freq_hz is None and captures:
        center_freq_hz = captures[0].get("core:frequency")
    fmt = _SIGMF_TYPES[dtype]
    dec = _raw_decoder(fmt)
    size = data.stat().st_size
    if size % dec.frame_bytes:
        raise SignalError(f"{data}: truncated: {size} bytes is not a whole number of {dtype} samples")
    info = StreamInfo(str(data), "sigmf", "iq", _check_rate(str(meta), rate, "iq"),
                      None if center_freq_hz is None else float(center_freq_hz),
                      size // dec.frame_bytes)
    return SampleReader(info, data.open("rb"), dec, size, True)


def read_samples(source: str | os.PathLike[str] | BinaryIO, format: str | None = None,
                 sample_rate_hz: float | None = None, **kw: object
                 ) -> tuple[StreamInfo, NDArray[np.complex64] | NDArray[np.float32]]:
    """Read a whole (short) recording: ``(info, samples)``."""
    with open_samples(source, format, sample_rate_hz, **kw) as r:  # type: ignore[arg-type]
        x = r.read_all()
    return replace(r.info, n_samples=len(x)), x


def write_samples(target: str | os.PathLike[str] | BinaryIO, samples: NDArray[np.complexfloating],
                  format: str, sample_rate_hz: float | None = None,
                  center_freq_hz: float | None = None) -> None:
    """Write complex samples as cf32, cu8, cs16, 2-channel 16-bit WAV or SigMF (cf32_le).

    Integer formats clip at full scale (|I|, |Q| ≤ 1). WAV and SigMF need ``sample_rate_hz``.
    """
    x = np.asarray(samples, dtype=np.complex64)
    iq = np.empty((len(x), 2), np.float32)
    iq[:, 0], iq[:, 1] = x.real, x.imag
    if format == "cf32":
        payload = iq.astype("<f4").tobytes()
    elif format == "cu8":
        payload = np.clip(np.rint(iq * 127.5 + 127.5), 0, 255).astype(np.uint8).tobytes()
    elif format in ("cs16", "wav"):
        payload = np.clip(np.rint(iq * 32768.0), -32768, 32767).astype("<i2").tobytes()
    elif format == "sigmf":
        _write_sigmf(target, x, sample_rate_hz, center_freq_hz)
        return
    else:
        raise SignalError(f"cannot write format {format!r}; expected cf32, cu8, cs16, wav, sigmf")
    if format == "wav":
        if sample_rate_hz is None:
            raise SignalError("writing WAV needs a sample rate")
        rate = round(sample_rate_hz)
        header = (b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVE" + b"fmt "
                  + struct.pack("<IHHIIHH", 16, 1, 2, rate, rate * 4, 4, 16)
                  + b"data" + struct.pack("<I", len(payload)))
        payload = header + payload
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(payload)
    else:
        target.write(payload)


def _write_sigmf(target: str | os.PathLike[str] | BinaryIO, x: NDArray[np.complex64],
                 sample_rate_hz: float | None, center_freq_hz: float | None) -> None:
    if not isinstance(target, (str, os.PathLike)) or sample_rate_hz is None:
        raise SignalError("writing SigMF needs a file path and a sample rate")
    from sigmf import SigMFFile

    base = str(target)
    for ext in (".sigmf-meta", ".sigmf-data"):
        base = base.removesuffix(ext)
    data_path = base + ".sigmf-data"
    x.astype("<c8").tofile(data_path)
    meta = SigMFFile(data_file=data_path, global_info={
        "core:datatype": "cf32_le", "core:sample_rate": float(sample_rate_hz),
        "core:version": "1.2.0", "core:description": "written by sarsat"})
    cap: dict[str, float] = {} if center_freq_hz is None else {"core:frequency": float(center_freq_hz)}
    meta.add_capture(0, metadata=cap)
    with open(base + ".sigmf-meta", "w", encoding="utf-8") as f:
        meta.dump(f, pretty=True)


__all__ = ["FORMATS", "MIN_RATE_HZ", "SampleReader", "StreamInfo", "guess_format", "open_samples",
           "read_samples", "write_samples"]

