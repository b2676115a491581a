"""``sarsat demod``: 406 MHz bursts (first and second generation) from IQ recordings, SDR pipes or
discriminator audio."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import click

from sarsat.cli import cli
from sarsat.errors import SarsatError, SignalError
from sarsat.signal.burst import Burst
from sarsat.signal.io import FORMATS, open_samples
from sarsat.signal.receiver import receive
from sarsat.signal.sgb_demod import DEFAULT_SGB_CONFIG, SGB_CARRIER_HZ, SgbConfig

_SUFFIX = {"": 1.0, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9}


def parse_hz(text: str) -> float:
    """A frequency or rate with an optional k/M/G suffix: ``250k`` → 250000.0.

    >>> parse_hz("250k"), parse_hz("406.025M"), parse_hz("37500")
    (250000.0, 406025000.0, 37500.0)
    """
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([kKmMgG]?)(?:[hH][zZ])?\s*",
                     text)
    if m is None:
        raise SignalError(f"{text!r} is not a frequency (e.g. 250000, 250k, 406.025M)")
    return float(m.group(1)) * _SUFFIX[m.group(2)]


class _Hz(click.ParamType):
    name = "HZ"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_hz(str(value))
        except SignalError as e:
            self.fail(str(e), param, ctx)


def line(b: Burst, center_freq_hz: float | None) -> str:
    """One human-readable line per burst."""
    if b.frequency_hz is None:
        freq = "audio"
    elif center_freq_hz is not None:
        freq = f"{(center_freq_hz + b.frequency_hz) / 1e6:.6f} MHz"
    else:
        freq = f"{b.frequency_hz:+.1f} Hz"
    cn0 = "" if b.cn0_dbhz is None else f"{b.cn0_dbhz:5.1f} dB-Hz"
    text = f"{b.time_s:10.4f} s  {freq:>16}  {cn0:>11}  {b.sync:<9}  {b.bits_hex}"
    m = b.message
    if m is not None:
        text += f"  id {m.hex_id} {m.country_code} {m.country or '?'} {m.protocol.name}"
        fixed = sum(v.errors_corrected for v in m.bch.values() if v is not None)
        if fixed:
            text += f" ({fixed} bits corrected)"
        if not m.valid:
            text += " [BCH-2 invalid]"
    return text


def _sgb_config(enabled: bool, center_freq_hz: float | None) -> SgbConfig | None:
    """SGB search settings: centred on 406.05 MHz when the input's centre frequency is known."""
    if not enabled:
        return None
    if center_freq_hz is None:
        return DEFAULT_SGB_CONFIG
    return SgbConfig(center_hz=SGB_CARRIER_HZ - center_freq_hz)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|-...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Sample format (default: from the file extension; required for stdin).")
@click.option("-r", "--rate", type=_Hz(), default=None,
              help="Sample rate in Hz (k/M suffixes); required for raw cf32/cu8/cs16.")
@click.option("-c", "--center-freq", type=_Hz(), default=None,
              help="Centre frequency of the input (e.g. 406.025M), to print absolute frequencies.")
@click.option("--channel", type=int, default=None,
              help="Audio: WAV channel to use (0 = left); default the louder one.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per burst.")
@click.option("--sgb/--no-sgb", default=True,
              help="Also search second-generation (T.018) bursts in IQ input of 80 kHz or more "
                   "(default on; the search costs a few CPU seconds per second of input).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: for files when stderr is a terminal).")
def demod(inputs: tuple[str, ...], fmt: str | None, rate: float | None,
          center_freq: float | None, channel: int | None, as_json: bool, sgb: bool,
          progress: bool | None) -> int:
    """Find and decode 406 MHz bursts in FILEs (or '-' for stdin).

    IQ input is searched across its whole band for first-generation bursts (several beacons at
    once) and, at 80 kHz or more, for second-generation bursts around 406.05 MHz (the input's
    centre when --center-freq is not given); WAV audio from an FM discriminator is decoded on
    the legacy path (first generation only). Examples:

    \b
      sarsat demod capture.cf32 --rate 37.5k --center-freq 406.025M
      rtl_sdr -f 406.04M -s 250k - | sarsat demod - -f cu8 -r 250k --json
    """
    status = 0
    for name in inputs:
        try:
            _one(name, fmt, rate, center_freq, channel, as_json, progress, len(inputs) > 1, sgb)
        except SarsatError as e:
            if len(inputs) == 1:
                raise
            click.echo(f"sarsat: error: {e}", err=True)
            status = 2
    return status


def _one(name: str, fmt: str | None, rate: float | None, center_freq: float | None,
         channel: int | None, as_json: bool, progress: bool | None, many: bool,
         sgb: bool = True) -> None:
    with open_samples(name, fmt, rate, center_freq, channel) as reader:
        info = reader.info
        block = max(4096, int(info.sample_rate_hz))  # one second per read
        show = progress if progress is not None else (name != "-" and sys.stderr.isatty())
        total = info.n_samples if info.n_samples is not None else 0
        with click.progressbar(length=total, label=name, file=sys.stderr,
                               hidden=not show or total == 0) as bar:
            for b in receive(reader.chunks(block), info.kind, info.sample_rate_hz,
                             progress=bar.update, sgb_config=_sgb_config(sgb, info.center_freq_hz)):
                if as_json:
                    click.echo(json.dumps(b.to_json(), ensure_ascii=False))
                else:
                    click.echo((f"{name}: " if many else "") + line(b, info.center_freq_hz))
