"""Sample readers and writers: formats, chunking, and one-line errors on bad input."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest

from sarsat.errors import SarsatError, SignalError
from sarsat.signal.io import guess_format, open_samples, read_samples, write_samples

FS_HZ = 48_000.0


def _iq(n: int = 5000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.5 * (rng.uniform(-1, 1, n) + 1j * rng.uniform(-1, 1, n))).astype(np.complex64)


@pytest.mark.parametrize(("fmt", "ext", "tol"), [("cf32", ".cf32", 0.0), ("cu8", ".cu8", 1 / 127.5),
                                                 ("cs16", ".cs16", 1 / 32768), ("wav", ".wav", 1 / 32768),
                                                 ("sigmf", ".sigmf-meta", 0.0)])
def test_write_then_read_round_trip(tmp_path: Path, fmt: str, ext: str, tol: float) -> None:
    x = _iq()
    path = tmp_path / f"rec{ext}"
    write_samples(path, x, fmt, sample_rate_hz=FS_HZ, center_freq_hz=406.04e6)
    rate = FS_HZ if fmt in ("cf32", "cu8", "cs16") else None
    info, y = read_samples(path, None, rate)
    assert info.kind == "iq"
    assert info.sample_rate_hz == FS_HZ
    assert len(y) == len(x)
    assert np.max(np.abs(y - x)) <= tol * np.sqrt(0.5) + 1e-7  # half a step on I and Q
    if fmt == "sigmf":
        assert info.center_freq_hz == 406.04e6


@pytest.mark.parametrize("block", [1, 7, 1000, 1 << 20])
def test_chunks_concatenate_to_the_whole(tmp_path: Path, block: int) -> None:
    x = _iq(3001)
    path = tmp_path / "a.cs16"
    write_samples(path, x, "cs16")
    with open_samples(path, "cs16", FS_HZ) as r:
        blocks = list(r.chunks(block))
    assert all(len(b) <= block for b in blocks)
    assert np.array_equal(np.concatenate(blocks), read_samples(path, "cs16", FS_HZ)[1])


def test_stream_input_needs_format_and_reads_to_eof() -> None:
    x = _iq(1000)
    buf = io.BytesIO()
    write_samples(buf, x, "cf32")
    buf.seek(0)
    with open_samples(buf, "cf32", FS_HZ) as r:
        assert r.info.n_samples is None
        y = r.read_all()
    assert np.array_equal(y, x)
    with pytest.raises(SignalError, match="--format"):
        open_samples("-", None, FS_HZ)


def test_truncated_raw_file_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.cf32"
    path.write_bytes(b"\0" * 8001)
    with pytest.raises(SignalError, match="truncated") as info:
        open_samples(path, None, FS_HZ)
    assert "\n" not in str(info.value)


def test_truncated_stream_is_an_error() -> None:
    with open_samples(io.BytesIO(b"\0" * 13), "cs16", FS_HZ) as r, pytest.raises(SignalError, match="truncated"):
        r.read_all()


def test_truncated_wav_data_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    write_samples(path, _iq(1000), "wav", sample_rate_hz=FS_HZ)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(SignalError, match="truncated"):
        open_samples(path)


@pytest.mark.parametrize(("args", "match"), [
    (("x.bin", None, FS_HZ), "unknown format"),
    (("x.cf32", "xyz", FS_HZ), "unknown format"),
    (("x.cf32", None, None), "--rate"),
    (("x.cf32", None, 2000.0), "too low"),
])
def test_bad_arguments_are_signal_errors(tmp_path: Path, args: tuple, match: str) -> None:
    path = tmp_path / args[0]
    path.write_bytes(b"\0" * 80)
    with pytest.raises(SarsatError, match=match):
        open_samples(path, *args[1:])


def test_wav_rate_must_agree_with_header(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    write_samples(path, _iq(100), "wav", sample_rate_hz=FS_HZ)
    with pytest.raises(SignalError, match="disagrees"):
        open_samples(path, None, 44_100.0)


def _wav(path: Path, data: np.ndarray, rate: int) -> None:
    pcm = np.asarray(data, "<i2")
    ch = 1 if pcm.ndim == 1 else pcm.shape[1]
    body = pcm.tobytes()
    path.write_bytes(b"RIFF" + struct.pack("<I", 36 + len(body)) + b"WAVEfmt "
                     + struct.pack("<IHHIIHH", 16, 1, ch, rate, rate * 2 * ch, 2 * ch, 16)
                     + b"data" + struct.pack("<I", len(body)) + body)


def test_stereo_wav_kind_is_detected(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    a = (rng.standard_normal(22050) * 3000).astype(np.int16)
    b = (rng.standard_normal(22050) * 3000).astype(np.int16)
    same, iq, left = tmp_path / "same.wav", tmp_path / "iq.wav", tmp_path / "left.wav"
    _wav(same, np.stack([a, a], 1), 22050)
    _wav(iq, np.stack([a, b], 1), 22050)
    _wav(left, np.stack([a, np.zeros_like(a)], 1), 22050)
    assert read_samples(same)[0].kind == "audio"
    assert read_samples(iq)[0].kind == "iq"
    info, y = read_samples(left)
    assert info.kind == "audio"
    assert np.allclose(y, a / 32768.0)
    assert read_samples(iq, "audio")[0].kind == "audio"  # --format audio forces it


def test_mono_wav_is_audio(tmp_path: Path) -> None:
    path = tmp_path / "m.wav"
    _wav(path, np.arange(-500, 500, dtype=np.int16), 24000)
    info, y = read_samples(path)
    assert (info.kind, info.sample_rate_hz, len(y)) == ("audio", 24000.0, 1000)
    assert y[0] == pytest.approx(-500 / 32768)


def test_guess_format() -> None:
    assert [guess_format(n) for n in ("a.cf32", "b.cu8", "c.cs16", "d.wav", "e.sigmf-data", "f.txt")] == [
        "cf32", "cu8", "cs16", "wav", "sigmf", None]
