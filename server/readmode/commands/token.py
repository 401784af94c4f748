"""`readmode token`: print the pairing token (created on first use, readable only by you)."""

from __future__ import annotations

import argparse

from readmode.config import load_or_create_token, resolve_data_dir

HELP = "print the pairing token the extension needs (created on first use)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where readmode keeps its data (default: $READMODE_DATA_DIR or the user data dir)",
    )


def run(args: argparse.Namespace) -> int:
    print(load_or_create_token(resolve_data_dir(args.data_dir)))
    return 0
