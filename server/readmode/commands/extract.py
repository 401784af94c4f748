"""`readmode extract` (being written)."""

import argparse

HELP = "extract (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("readmode extract: not implemented yet")
