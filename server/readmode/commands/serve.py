"""`readmode serve` (being written)."""

import argparse

HELP = "serve (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("readmode serve: not implemented yet")
