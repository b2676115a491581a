"""``sarsat decode`` and ``sarsat encode``: beacon messages ⇄ fields."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import click

from sarsat.beacon import BeaconMessage, decode_lines, encode_fgb, encode_sgb_json
from sarsat.cli import cli
from sarsat.errors import EncodeError, SarsatError


def _flatten(prefix: str, value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        if not value:
            yield prefix, "-"
        for k, v in value.items():
            yield from _flatten(f"{prefix}.{k}" if prefix else k, v)
    elif isinstance(value, list):
        yield prefix, ", ".join(str(v) for v in value) if value else "-"
    elif value is None:
        yield prefix, "-"
    else:
        yield prefix, str(value)


def table(msg: BeaconMessage) -> str:
    """A readable two-column listing of a decoded message."""
    data = msg.to_json()
    rows: list[tuple[str, str]] = [
        ("input", data["input"]),
        ("hex_id", data["hex_id"]),
        ("country", f"{data['country_code']} {data['country'] or '(unassigned MID)'}"),
        ("protocol", f"{data['protocol']['name']} [{data['protocol']['family']} {data['protocol']['code']}]"
         + (" TEST" if data["protocol"]["test"] else "")),
        ("format", f"{data['generation']} generation, {data['format']}"),
        ("self_test", {True: "yes (self-test sync)", False: "no", None: "unknown (no sync given)"}[data["self_test"]]),
    ]
    for name, block in data["bch"].items():
        if block is None:
            rows.append((name, "absent"))
        else:
            state = "valid" if block["valid"] else "INVALID"
            fixed = f", {block['errors_corrected']} corrected at {block['corrected_bits']}" if block["errors_corrected"] else ""
            rows.append((name, state + fixed))
    pos = data["position"]
    if pos is None:
        rows.append(("position", "none encoded"))
    else:
        rows.append(("position", f"{pos['latitude_deg']:.5f}, {pos['longitude_deg']:.5f} ({pos['resolution']}, "
                                 f"source {pos['source'] or 'n/a'})"))
    rows += list(_flatten("identity", data["identity"]))
    rows += list(_flatten("details", data["details"]))
    rows += [("warning", w) for w in data["warnings"]]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


@cli.command()
@click.argument("messages", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output (one object per input).")
@click.option("--layout", type=click.Choice(["leading", "trailing"]), default=None,
              help="Padding side of 51-hex SGB messages (default: leading, T.018 App. B).")
def decode(messages: tuple[str, ...], as_json: bool, layout: str | None) -> int:
    """Decode beacon MESSAGES (hex or bits, first or second generation), or one per line on
    standard input."""
    source: Iterable[str] = messages if messages else sys.stdin
    status = 0
    first = True
    for item in decode_lines(source, sgb_layout=layout):
        if isinstance(item, SarsatError):
            status = 2
            click.echo(f"sarsat: error: {item}", err=True)
            if as_json:
                click.echo(json.dumps({"input": getattr(item, "text", None), "error": str(item)}))
            continue
        if as_json:
            click.echo(json.dumps(item.to_json(), ensure_ascii=False))
        else:
            if not first:
                click.echo()
            click.echo(table(item))
            first = False
    return status


@cli.command()
@click.argument("specs", nargs=-1)
@click.option("--sync", is_flag=True, help="Prefix the bit and frame sync (FFFE2F).")
@click.option("--self-test", is_flag=True, help="Prefix the self-test sync (FFFED0).")
def encode(specs: tuple[str, ...], sync: bool, self_test: bool) -> int:
    """Encode fields given as JSON objects (the `decode --json` form), one per argument or
    per line on standard input, and print the message hex (second-generation JSON gives the
    63-hex codeword)."""
    source: Iterable[str] = specs if specs else sys.stdin
    status = 0
    for line in source:
        if not line.strip():
            continue
        try:
            try:
                spec = json.loads(line)
            except json.JSONDecodeError as e:
                raise EncodeError(f"not a JSON object: {e.msg} at column {e.colno}") from None
            if not isinstance(spec, dict):
                raise EncodeError("not a JSON object")
            if spec.get("generation") == "second" or spec.get("family") == "sgb":
                click.echo(encode_sgb_json(spec, self_test=True if self_test else None))
                continue
            if "family" not in spec and "protocol" in spec:  # the decode --json form
                spec = {**spec, "family": spec["protocol"]["family"], "code": spec["protocol"]["code"]}
            click.echo(encode_fgb(spec, sync=sync, self_test=self_test))
        except SarsatError as e:
            status = 2
            click.echo(f"sarsat: error: {e}", err=True)
    return status
