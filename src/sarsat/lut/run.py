"""Run the LUT over channel files: channels demodulated in parallel processes, then merged in
reception order through :class:`sarsat.lut.pipeline.Lut`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from sarsat.lut.channel import ChannelInfo, channel_detections
from sarsat.lut.detection import Detection
from sarsat.lut.pipeline import Lut, LutOutput


def _timed(path: str) -> tuple[list[Detection], float, int]:
    """A channel's detections, the CPU seconds they took and the number of segments."""
    from sarsat.signal.captures import read_meta

    t = time.process_time()
    dets = channel_detections(path)
    return dets, time.process_time() - t, len(read_meta(path)["captures"])


def demodulate_channels(paths: Sequence[str | os.PathLike[str]], workers: int | None = None,
                        progress: Callable[[str, int, float, int], None] | None = None) -> list[Detection]:
    """Detections of every channel file, sorted by reception time. ``workers`` processes (default:
    the CPU count; 1 runs in this process); ``progress(path, n_detections, cpu_s, n_segments)``
    after each file."""
    files = [str(p) for p in paths]
    for f in files:
        ChannelInfo.from_file(f)  # bad metadata: one clear error before any work starts
    workers = min(len(files), workers or os.cpu_count() or 1)
    out: list[Detection] = []
    if workers <= 1:
        for f in files:
            dets, cpu_s, n_seg = _timed(f)
            out += dets
            if progress is not None:
                progress(f, len(dets), cpu_s, n_seg)
    else:
        with ProcessPoolExecutor(workers) as pool:
            futs = {pool.submit(_timed, f): f for f in files}
            for fut in as_completed(futs):
                dets, cpu_s, n_seg = fut.result()
                out += dets
                if progress is not None:
                    progress(futs[fut], len(dets), cpu_s, n_seg)
    return sorted(out, key=lambda d: (d.rx_utc, d.sat_id))


def run_lut(detections: Sequence[Detection], lut_id: str | None = None) -> list[LutOutput]:
    """Group and locate detections (sorted by reception); one output per burst."""
    lut = Lut(lut_id or (detections[0].lut_id if detections else "0000"))
    out: list[LutOutput] = []
    for d in detections:
        out += lut.add(d)
    return out + lut.flush()
