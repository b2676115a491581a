"""Segmented satellite-channel recordings: one SigMF file holding many burst windows.

A MEOLUT channel is the downlink of one satellite received by one antenna. Recording it whole
at a rate wide enough for the 406.0–406.1 MHz band plus Doppler costs ~1 MB/s; a simulator (or
a front end that keeps only what its detector triggered on) writes *segments* instead: short
windows of complex baseband, each with its own start time and centre frequency. SigMF says this
directly: one ``.sigmf-data`` of ``cf32_le`` samples, and one capture per segment with
``core:sample_start``, ``core:datetime`` (UTC, microseconds) and ``core:frequency`` (Hz, RF at
the antenna). Samples of a segment are at ``datetime + n / sample_rate``; segments may overlap
in time (two windows at different frequencies).

Global keys under the ``sarsat`` extension describe the channel for the LUT: ``sarsat:sat_id``,
``sarsat:antenna``, ``sarsat:lut_id``, the receiving site (``sarsat:site_lat_deg``,
``sarsat:site_lon_deg``, ``sarsat:site_alt_m``), the transponder translation
``sarsat:translation_hz`` (downlink minus uplink frequency) and the satellite's orbit
``sarsat:orbit`` (a JSON object; :mod:`sarsat.lut` reads it).

>>> import tempfile, os
>>> from datetime import datetime, timezone
>>> d = tempfile.mkdtemp()
>>> t0 = datetime(2025, 6, 12, 14, 0, 0, 250000, tzinfo=timezone.utc)
>>> _ = write_channel(os.path.join(d, "ch"), 24000.0, {"sarsat:sat_id": 401},
...                   [Segment(t0, 1544.1e6, np.ones(10, np.complex64))])
>>> meta, segs = read_channel(os.path.join(d, "ch.sigmf-meta"))
>>> meta["sarsat:sat_id"], [(s.start_utc.microsecond, len(s.samples)) for s in segs]
(401, [(250000, 10)])
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sarsat.errors import SignalError

SIGMF_VERSION = "1.2.0"
EXTENSION = {"name": "sarsat", "version": "0.1.0", "optional": True}


@dataclass(frozen=True)
class Segment:
    """One window of a channel: ``samples`` (complex baseband, cf32) starting at ``start_utc``
    (aware UTC, microsecond resolution) around ``center_freq_hz`` (RF, Hz)."""

    start_utc: datetime
    center_freq_hz: float
    samples: NDArray[np.complex64]


def _base(path: str | os.PathLike[str]) -> str:
    base = str(path)
    for ext in (".sigmf-meta", ".sigmf-data", ".sigmf"):
        base = base.removesuffix(ext)
    return base


def _format_utc(t: datetime) -> str:
    if t.tzinfo is None:
        raise SignalError(f"segment start {t.isoformat()} has no time zone; give UTC")
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_channel(path: str | os.PathLike[str], sample_rate_hz: float, global_info: Mapping[str, Any],
                  segments: Iterable[Segment], description: str = "sarsat satellite channel") -> Path:
    """Write ``path.sigmf-data`` and ``path.sigmf-meta``; returns the meta path. Segments are
    stored in the order given (their data back to back), consumed one at a time (an iterator
    keeps memory at one segment)."""
    base = _base(path)
    captures = []
    start = 0
    with open(base + ".sigmf-data", "wb") as fh:
        for s in segments:
            captures.append({"core:sample_start": start, "core:datetime": _format_utc(s.start_utc),
                             "core:frequency": float(s.center_freq_hz)})
            fh.write(np.asarray(s.samples, "<c8").tobytes())
            start += len(s.samples)
    meta = {
        "global": {"core:datatype": "cf32_le", "core:sample_rate": float(sample_rate_hz),
                   "core:version": SIGMF_VERSION, "core:description": description,
                   "core:recorder": "sarsat", "core:extensions": [EXTENSION], **global_info},
        "captures": captures,
        "annotations": [],
    }
    out = Path(base + ".sigmf-meta")
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta, indent=1), "utf-8")
    os.replace(tmp, out)
    return out


def read_meta(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The whole SigMF metadata object of a channel file (``global``, ``captures``)."""
    meta_path = Path(_base(path) + ".sigmf-meta")
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except OSError as e:
        raise SignalError(f"{meta_path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise SignalError(f"{meta_path}: not JSON ({e.msg})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("global"), dict) or not isinstance(meta.get("captures"), list):
        raise SignalError(f"{meta_path}: not SigMF metadata (needs 'global' and 'captures')")
    g = meta["global"]
    if g.get("core:datatype") != "cf32_le":
        raise SignalError(f"{meta_path}: datatype {g.get('core:datatype')!r}; channel files are cf32_le")
    rate = g.get("core:sample_rate")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0:
        raise SignalError(f"{meta_path}: core:sample_rate {rate!r} is not a positive number")
    return meta


def iter_segments(path: str | os.PathLike[str]) -> Iterator[Segment]:
    """Segments of a channel file, one at a time. Their ``samples`` are views of the memory-mapped
    data file: a consumer reading a long segment in blocks keeps memory at one block."""
    meta = read_meta(path)
    base = _base(path)
    data_path = Path(base + ".sigmf-data")
    if not data_path.is_file():
        raise SignalError(f"{data_path}: missing (the samples of {base}.sigmf-meta)")
    n_total = data_path.stat().st_size // 8
    caps = meta["captures"]
    data = np.memmap(data_path, dtype="<c8", mode="r") if n_total else np.zeros(0, np.complex64)
    for i, cap in enumerate(caps):
        try:
            start = int(cap["core:sample_start"])
            t0 = datetime.fromisoformat(str(cap["core:datetime"]).replace("Z", "+00:00"))
            f = float(cap["core:frequency"])
        except (KeyError, TypeError, ValueError) as e:
            raise SignalError(f"{base}.sigmf-meta: capture {i} needs core:sample_start, core:datetime and "
                              f"core:frequency ({e})") from None
        if t0.tzinfo is None:
            raise SignalError(f"{base}.sigmf-meta: capture {i} datetime has no zone; SigMF wants UTC with 'Z'")
        stop = int(caps[i + 1]["core:sample_start"]) if i + 1 < len(caps) else n_total
        if not 0 <= start <= stop <= n_total:
            raise SignalError(f"{base}.sigmf-meta: capture {i} samples {start}..{stop} outside the "
                              f"{n_total} samples of the data file")
        yield Segment(t0.astimezone(UTC), f, data[start:stop])  # a view: pages are read when used


def read_channel(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[Segment]]:
    """Global metadata and all segments, loaded (for short files and tests)."""
    return read_meta(path)["global"], [Segment(s.start_utc, s.center_freq_hz, np.array(s.samples, np.complex64))
                                       for s in iter_segments(path)]
