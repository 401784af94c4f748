"""Where readmode keeps its data, which port it listens on, and the pairing token."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7836
"""Unassigned by IANA and not used by any well-known developer tool, so `readmode serve` rarely
collides with something already listening."""

DATA_DIR_ENV = "READMODE_DATA_DIR"
DATABASE_NAME = "readmode.db"
TOKEN_NAME = "token"
TOKEN_BYTES = 32


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$READMODE_DATA_DIR``, then the per-user data directory."""
    if explicit:
        path = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        path = Path(os.environ[DATA_DIR_ENV])
    else:
        path = Path(platformdirs.user_data_dir("readmode", appauthor=False))
    return path.expanduser()


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def load_or_create_token(data_dir: Path) -> str:
    """Return the pairing token, creating it (mode 0600) on first use.

    The file is created with O_EXCL so two processes starting at once agree on one token.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / TOKEN_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        token = path.read_text(encoding="ascii").strip()
        if token:
            return token
        # An empty file is a crash between create and write: replace it.
        path.unlink()
        return load_or_create_token(data_dir)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    return token
