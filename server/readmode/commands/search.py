"""`readmode search` (being written)."""

import argparse

HELP = "search (not implemented yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("readmode search: not implemented yet")
