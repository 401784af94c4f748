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


# Substrings of SQLite's messages (they are stable: they come from sqlite3ErrStr()). Each message
# says what is wrong, that nothing was saved, and what the user can do about it.
_NOT_SAVED = "readmode could not save the change"
_KNOWN_ERRORS: tuple[tuple[str, type[StoreError], str], ...] = (
    (
        "database is locked",
        StoreBusy,
        f"The database is busy (another program holds its lock): {_NOT_SAVED}."
        " Try again in a moment.",
    ),
    (
        "database table is locked",
        StoreBusy,
        f"The database is busy (a table is locked): {_NOT_SAVED}. Try again in a moment.",
    ),
    ("database is busy", StoreBusy, f"The database is busy: {_NOT_SAVED}. Try again in a moment."),
    (
        # SQLITE_FULL, "database or disk is full": the disk, or SQLite's max_page_count.
        "disk is full",
        StoreFull,
        f"The disk is full: {_NOT_SAVED}. Free some space and try again.",
    ),
    (
        # SQLITE_READONLY, "attempt to write a readonly database": a read-only mount, or a
        # file the server cannot write.
        "readonly database",
        StoreReadOnly,
        f"The database is read-only (is its disk mounted read-only?): {_NOT_SAVED}."
        " Make the data directory writable and try again.",
    ),
    (
        "unable to open database",
        StoreReadOnly,
        "The database file cannot be opened: check that the data directory exists and is writable.",
    ),
    (
        "disk i/o error",
        StoreReadOnly,
        f"The disk reported an I/O error: {_NOT_SAVED}. Check the disk, then try again.",
    ),
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
