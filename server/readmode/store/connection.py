"""Opening the database: one read-write connection (the writer) and read-only ones.

Durability: WAL journal with ``synchronous=NORMAL``. A transaction is complete once its commit
record is in the WAL file, so a commit that returned survives the process being killed
(SIGKILL); only a power loss can drop the last transactions, never corrupt the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from readmode.store.errors import DatabaseMissing, translate_sqlite_errors
from readmode.store.schema import migrate

BUSY_TIMEOUT_MS = 5000
"""How long a statement waits for another process' lock before :class:`StoreBusy`."""


def open_writer(path: Path, *, create: bool = True) -> Database:
    """Open (and, when ``create``, create) the database read-write and bring its schema current.

    The connection belongs to the calling thread.
    """
    if not create and not path.exists():
        raise DatabaseMissing(
            f"No readmode database at {path} (save an article first, or pass --data-dir)."
        )
    with translate_sqlite_errors():
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            db = Database(conn, execute_plugins=False)
            _configure(db)
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            migrate(db)
        except BaseException:
            conn.close()
            raise
    return db


def open_reader(path: Path) -> Database:
    """A read-only connection: it can never take the write lock, and in WAL mode it reads a
    consistent snapshot without waiting for the writer.

    It may be closed from another thread than the one that used it (pool shutdown)."""
    if not path.exists():
        raise DatabaseMissing(
            f"No readmode database at {path} (save an article first, or pass --data-dir)."
        )
    with translate_sqlite_errors():
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        try:
            db = Database(conn, execute_plugins=False)
            _configure(db)
            db.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
    return db


def _configure(db: Database) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
