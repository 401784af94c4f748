"""`readmode export`: write all articles and highlights as Markdown, JSON or Web Annotations."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from readmode.config import database_path, resolve_data_dir
from readmode.store import EXPORT_FORMATS, StoreError, SyncStore

HELP = "export articles and highlights (markdown, json or W3C web annotations)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="markdown",
        help="markdown (Obsidian-friendly), json (complete, re-importable) or annotations "
        "(W3C Web Annotation JSON-LD); default markdown",
    )
    parser.add_argument("--data-dir", help="data directory (default: $READMODE_DATA_DIR or the "
                        "per-user data directory)")  # fmt: skip
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` only once the whole export is on disk (no half-written file)."""
    directory = path.parent if str(path.parent) else Path()
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    path = database_path(resolve_data_dir(args.data_dir))
    try:
        with SyncStore.open(path, create=False) as store:
            document = store.export(args.format)
    except StoreError as error:
        print(f"readmode export: {error.message}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(document)
        return 0
    try:
        write_atomically(Path(args.output), document)
    except OSError as error:
        print(f"readmode export: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    return 0
