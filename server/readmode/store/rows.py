"""Small helpers shared by the store modules: time stamps, text cleaning, row fetching."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

Row = dict[str, Any]

_UNSTORABLE_RE = re.compile("[\ud800-\udfff\x00]")

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest count or offset the store accepts: JavaScript clients hold it exactly, and it is far
inside SQLite's INTEGER range (a bigger Python int raises OverflowError at insert time)."""


def utc_now() -> str:
    """ISO 8601 UTC with milliseconds, e.g. ``2024-05-01T12:00:00.123Z`` (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clean_text(value: str) -> str:
    """Replace what SQLite cannot store faithfully (lone surrogates, NUL) with U+FFFD.

    One character becomes one character, so offsets into the text stay valid.
    """
    return _UNSTORABLE_RE.sub("\ufffd", value)


def fetch_all(db: Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_one(db: Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
    cursor = db.conn.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([column[0] for column in cursor.description], row, strict=True))


def fetch_value(db: Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
    row = db.conn.execute(sql, params).fetchone()
    return None if row is None else row[0]
