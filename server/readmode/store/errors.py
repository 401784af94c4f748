"""Exceptions the store raises, so callers can answer with a precise status and message.

SQLite reports most operational trouble as ``sqlite3.OperationalError`` with an English
message; :func:`translate_sqlite_errors` turns the ones a user can act on (a busy database, a
full disk, a read-only file, a damaged file) into :class:`StoreError` subclasses whose message is
a sentence meant for people, not a stack trace.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StoreError(Exception):
    """Base class: the operation failed and nothing was changed."""

    retryable = False
    """True when trying again later may succeed (the web layer answers 503 + Retry-After)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(StoreError, ValueError):
    """The caller passed data the store refuses (a 400 for the web layer).

    ``field`` is a JSON Pointer to the offending value when there is one, e.g. ``/tags/2``.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DatabaseMissing(StoreError):
    """A command that only reads was pointed at a data directory with no database."""


class StoreBusy(StoreError):
    """Another process holds the database lock for longer than the busy timeout."""

    retryable = True


class StoreFull(StoreError):
    """The disk (or the file-size limit) is full."""

    retryable = True


class StoreReadOnly(StoreError):
    """The database file or its directory cannot be written."""

    retryable = True


class StoreCorrupt(StoreError):
    """The file is not a SQLite database, or it is damaged."""


class StoreClosed(StoreError):
    """The store was closed; no more operations are accepted."""


# Substrings of SQLite's messages (they are stable: they come from sqlite3ErrStr()).
_KNOWN_ERRORS: tuple[tuple[str, type[StoreError], str], ...] = (
    ("database is locked", StoreBusy, "The database is busy (locked by another process)."),
    ("database table is locked", StoreBusy, "The database is busy (a table is locked)."),
    ("database is busy", StoreBusy, "The database is busy."),
    ("disk is full", StoreFull, "The disk is full: the change was not saved."),
    ("readonly database", StoreReadOnly, "The database is read-only: the change was not saved."),
    ("unable to open database", StoreReadOnly, "The database file cannot be opened."),
    ("disk i/o error", StoreReadOnly, "The disk reported an I/O error: the change was not saved."),
    ("file is not a database", StoreCorrupt, "The database file is not a SQLite database."),
    ("malformed", StoreCorrupt, "The database file is damaged (malformed)."),
)


def store_error_from(error: sqlite3.Error) -> StoreError:
    """Map a sqlite3 exception onto the most specific :class:`StoreError`."""
    text = str(error).lower()
    for needle, kind, message in _KNOWN_ERRORS:
        if needle in text:
            return kind(message)
    return StoreError(f"Database error: {error}")


@contextmanager
def translate_sqlite_errors() -> Iterator[None]:
    """Re-raise ``sqlite3.OperationalError``/``DatabaseError`` as :class:`StoreError`.

    Integrity errors are *not* translated: they mean a bug in the store (every constraint is
    checked in Python first), and hiding them behind a friendly message would hide the bug.
    """
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.DatabaseError as error:  # OperationalError is a subclass
        raise store_error_from(error) from error
