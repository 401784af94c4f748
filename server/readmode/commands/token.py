"""`readmode token` (being written)."""

import argparse

HELP = "token (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("readmode token: not implemented yet")
