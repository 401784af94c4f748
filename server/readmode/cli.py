"""The ``readmode`` command: ``serve | extract | search | export | token``.

Each sub-command lives in :mod:`readmode.commands` as a module with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; this module only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from readmode import __version__

COMMANDS = ("serve", "extract", "search", "export", "token")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readmode",
        description="A local reading-mode companion: reader views, highlights and search.",
    )
    parser.add_argument("--version", action="version", version=f"readmode {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"readmode.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
