"""The ``sarsat`` command: a thin layer over the library (``main(argv) -> int``).

Bad input (:class:`sarsat.errors.SarsatError`, click usage errors) is printed on one line
and exits with status 2; bugs keep their traceback.
"""

from __future__ import annotations

import sys

import click

from sarsat.errors import SarsatError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sarsat")
def cli() -> None:
    """sarsat: an open Cospas-Sarsat ground segment (406 MHz beacons)."""


# Sub-commands register themselves on ``cli`` when imported (one module each).
from sarsat.cli import decode as _decode  # noqa: E402,F401
from sarsat.cli import demo as _demo  # noqa: E402,F401  (demo, run, lut)
from sarsat.cli import demod as _demod  # noqa: E402,F401
from sarsat.cli import locate as _locate  # noqa: E402,F401  (locate, simulate)
from sarsat.cli import mcc as _mcc  # noqa: E402,F401  (sarsat mcc …, sarsat sit185 …)
from sarsat.cli import serve as _serve  # noqa: E402,F401  (sarsat serve: the operator web service)


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``) and return the exit status."""
    try:
        status = cli.main(args=argv, prog_name="sarsat", standalone_mode=False)
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.exceptions.Abort:
        print("sarsat: error: aborted", file=sys.stderr)
        return 2
    except click.exceptions.ClickException as e:
        print(f"sarsat: error: {e.format_message()}", file=sys.stderr)
        return 2
    except SarsatError as e:
        print(f"sarsat: error: {e}", file=sys.stderr)
        return 2
    return int(status or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
