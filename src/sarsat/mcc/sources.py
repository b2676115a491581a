"""Input files for ``sarsat mcc ingest``: solution JSON Lines or inter-MCC SIT transmissions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sarsat.errors import MccError, SarsatError
from sarsat.mcc.ingest import SolutionRecord, read_solutions
from sarsat.mcc.sit_inter import read_sits

SUFFIXES = (".jsonl", ".json", ".txt", ".sit")


def iter_files(path: str | Path) -> Iterator[Path]:
    """``path`` itself, or the input files of a directory (``*.jsonl``, ``*.json``, ``*.txt``,
    ``*.sit``) in name order."""
    p = Path(path)
    if p.is_dir():
        yield from sorted(x for x in p.iterdir() if x.suffix in SUFFIXES and x.is_file())
    elif p.is_file():
        yield p
    else:
        raise MccError(f"{path}: no such file or directory")


def iter_records(path: str | Path) -> Iterator[SolutionRecord | SarsatError]:
    """Records of one file: a SIT transmission when its first text starts with ``/`` (A.002
    header), JSON Lines otherwise; a bad entry yields its error in its place."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        yield MccError(f"{path}: cannot read ({e})")
        return
    if text.lstrip().startswith("/"):
        yield from read_sits(text, str(path))
    else:
        yield from read_solutions(text.splitlines(), str(path))
