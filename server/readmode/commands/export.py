"""`readmode export` (being written)."""

import argparse

HELP = "export (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("readmode export: not implemented yet")
