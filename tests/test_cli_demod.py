"""``sarsat demod`` in-process: JSON Lines contract, formats, stdin, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from signal_helpers import capture, random_frame

from sarsat.cli import main
from sarsat.cli.demod import parse_hz
from sarsat.signal.burst import BURST_JSON_KEYS
from sarsat.signal.io import write_samples

FS_HZ = 48_000.0


@pytest.fixture(scope="module")
def two_bursts() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(21)
    frames = [(random_frame(rng), 0.2, -2500.0), (random_frame(rng, self_test=True), 1.4, 3100.0)]
    x = capture(frames, FS_HZ, 2.2, 45.0, rng) * 0.2  # keep integer formats off full scale
    return x, [hx for hx, _, _ in frames]


@pytest.mark.parametrize(("fmt", "ext"), [("cf32", "cf32"), ("cu8", "cu8"), ("cs16", "cs16"),
                                          ("wav", "wav"), ("sigmf", "sigmf-meta")])
def test_demod_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str], two_bursts: tuple,
                          fmt: str, ext: str) -> None:
    x, frames = two_bursts
    path = tmp_path / f"rec.{ext}"
    write_samples(path, x, fmt, sample_rate_hz=FS_HZ)
    args = ["demod", str(path), "--json"] + (["--rate", "48k"] if fmt in ("cf32", "cu8", "cs16") else [])
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    objs = [json.loads(s) for s in lines]
    assert [o["bits_hex"] for o in objs] == frames
    assert all(set(o) == BURST_JSON_KEYS for o in objs)
    assert [o["sync"] for o in objs] == ["normal", "self_test"]
    assert objs[0]["frequency_hz"] == pytest.approx(-2500.0, abs=0.5)
    assert objs[1]["time_s"] == pytest.approx(1.56, abs=1e-4)
    assert objs[1]["message"]["self_test"] is True


def test_demod_text_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                               two_bursts: tuple) -> None:
    x, frames = two_bursts
    buf = io.BytesIO()
    write_samples(buf, x, "cu8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(buf.getvalue())))
    assert main(["demod", "-", "-f", "cu8", "-r", "48000", "-c", "406.04M"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert frames[0] in out[0] and "406.037500 MHz" in out[0]
    assert "self_test" in out[1]


@pytest.mark.parametrize(("setup", "args", "match"), [
    ("raw", ["-r", "3k"], "too low"),
    ("raw", [], "--rate"),
    ("cut", ["-r", "48k"], "truncated"),
    ("txt", [], "unknown format"),
    ("wav", ["-r", "44.1k"], "disagrees"),
    ("missing", ["-r", "48k"], "cannot open"),
])
def test_demod_errors_are_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          setup: str, args: list[str], match: str) -> None:
    path = tmp_path / {"raw": "a.cf32", "cut": "a.cs16", "txt": "a.txt", "wav": "a.wav",
                       "missing": "none.cf32"}[setup]
    if setup == "wav":
        write_samples(path, np.zeros(100, np.complex64), "wav", sample_rate_hz=FS_HZ)
    elif setup != "missing":
        path.write_bytes(b"\0" * (4003 if setup == "cut" else 4000))
    assert main(["demod", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sarsat: error:") and match in err
    assert err.count("\n") == 1


def test_batch_reports_each_bad_input_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  two_bursts: tuple) -> None:
    good = tmp_path / "good.cf32"
    write_samples(good, two_bursts[0], "cf32")
    bad = tmp_path / "bad.cf32"
    bad.write_bytes(b"\0" * 5)
    assert main(["demod", str(bad), str(good), "-r", "48k", "--json"]) == 2
    cap = capsys.readouterr()
    assert len(cap.out.splitlines()) == 2
    assert "truncated" in cap.err


def test_parse_hz() -> None:
    assert parse_hz("2.4M") == 2.4e6
    assert parse_hz("1e3") == 1000.0
    assert parse_hz("406.04 MHz") == 406.04e6
