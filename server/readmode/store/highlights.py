"""Highlights: validation, placement in the article text, CRUD.

Functions take a sqlite-utils :class:`Database`; the write functions must run on the writer
connection (see :mod:`readmode.store.store`), the others on any connection.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database

from readmode.store.anchor import Placement, Quote, placed_at, reanchor
from readmode.store.errors import InvalidInput
from readmode.store.rows import (
    MAX_SAFE_INTEGER,
    Row,
    clean_text,
    fetch_all,
    fetch_one,
    fetch_value,
    utc_now,
)
from readmode.store.schema import COLORS

MAX_QUOTE_CHARS = 100_000
MAX_CONTEXT_CHARS = 1_000
MAX_NOTE_CHARS = 100_000
MAX_TAGS = 64
MAX_TAG_CHARS = 100
DEFAULT_COLOR = "yellow"

HIGHLIGHT_COLUMNS = (
    'h.id, h.uid, h.article_id, h.exact, h.prefix, h.suffix, h.start, h."end", h.color, h.note, '
    "h.tags, h.created_at, h.updated_at, h.orphan"
)
CREATE_FIELDS = frozenset(
    {"article_id", "exact", "prefix", "suffix", "start", "end", "color", "note", "tags"}
)
PATCH_FIELDS = frozenset({"color", "note", "tags", "exact", "prefix", "suffix", "start", "end"})


def highlight_dict(row: Row) -> dict[str, Any]:
    """The API shape of a highlight (api.md) from a row selected with HIGHLIGHT_COLUMNS."""
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "exact": row["exact"],
        "prefix": row["prefix"],
        "suffix": row["suffix"],
        "start": row["start"],
        "end": row["end"],
        "color": row["color"],
        "note": row["note"],
        "tags": json.loads(row["tags"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "orphan": bool(row["orphan"]),
    }


# -- validation ---------------------------------------------------------------------------------


def check_string(data: dict[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise InvalidInput(f"'{key}' must be a string.", f"/{key}")
    if required and not value:
        raise InvalidInput(f"'{key}' must not be empty.", f"/{key}")
    if len(value) > limit:
        raise InvalidInput(f"'{key}' is longer than {limit} characters.", f"/{key}")
    return clean_text(value)


def _offset(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    # The upper bound matters: an offset past SQLite's INTEGER range used to escape as an
    # OverflowError (a 500) from the insert instead of a 400 naming the field.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SAFE_INTEGER:
        raise InvalidInput(
            f"'{key}' must be a whole number between 0 and {MAX_SAFE_INTEGER}.", f"/{key}"
        )
    return value


def check_color(data: dict[str, Any]) -> str:
    value = data.get("color", DEFAULT_COLOR)
    if value not in COLORS:
        raise InvalidInput(f"'color' must be one of: {', '.join(COLORS)}.", "/color")
    return str(value)


def normalize_tags(value: Any) -> list[str]:
    """Trimmed, without a leading ``#``, inner whitespace collapsed, duplicates (ignoring case)
    removed, first spelling and order kept."""
    if not isinstance(value, list):
        raise InvalidInput("'tags' must be a list of strings.", "/tags")
    if len(value) > MAX_TAGS:
        raise InvalidInput(f"A highlight can have at most {MAX_TAGS} tags.", "/tags")
    tags: list[str] = []
    seen: set[str] = set()
    for index, tag in enumerate(value):
        if not isinstance(tag, str):
            raise InvalidInput("Each tag must be a string.", f"/tags/{index}")
        cleaned = " ".join(clean_text(tag).strip().lstrip("#").split())
        if len(cleaned) > MAX_TAG_CHARS:
            raise InvalidInput(f"Tags are at most {MAX_TAG_CHARS} characters.", f"/tags/{index}")
        if cleaned and cleaned.lower() not in seen:
            seen.add(cleaned.lower())
            tags.append(cleaned)
    return tags


def _check_fields(data: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput("Expected a JSON object.")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"Unknown field '{unknown[0]}'.", f"/{unknown[0]}")
    return data


def place_quote(quote: Quote, text: str) -> Placement:
    """Where a highlight the client just placed goes: where it says, if the text agrees."""
    if text[quote.start : quote.end] == quote.exact:
        # Context is taken from the stored text, so that it matches what re-anchoring will
        # compare against later (the client's DOM text can differ in whitespace).
        return placed_at(quote, text, quote.start, quote.end, "kept")
    return reanchor(quote, text, fuzzy=False)


# -- operations ---------------------------------------------------------------------------------


def fetch_highlight(db: Database, highlight_id: int) -> dict[str, Any] | None:
    row = fetch_one(
        db, f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.id = ?", [highlight_id]
    )
    return None if row is None else highlight_dict(row)


def list_highlights(db: Database, article_id: int) -> list[dict[str, Any]] | None:
    """The article's highlights in reading order, or None when there is no such article."""
    if fetch_value(db, "SELECT 1 FROM articles WHERE id = ?", [article_id]) is None:
        return None
    rows = fetch_all(
        db,
        f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.article_id = ? "
        "ORDER BY h.orphan, h.start, h.id",
        [article_id],
    )
    return [highlight_dict(row) for row in rows]


def insert_highlight(
    db: Database,
    article_id: int,
    placement: Placement,
    *,
    color: str,
    note: str,
    tags: list[str],
    created_at: str,
    updated_at: str,
    uid: str | None = None,
) -> int:
    """Insert one validated highlight; returns its id. Must run inside a transaction."""
    cursor = db.conn.execute(
        'INSERT INTO highlights (uid, article_id, exact, prefix, suffix, start, "end", color, '
        "note, tags, created_at, updated_at, orphan) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            uid or uuid.uuid4().hex,
            article_id,
            placement.exact,
            placement.prefix,
            placement.suffix,
            placement.start,
            placement.end,
            color,
            note,
            json.dumps(tags, ensure_ascii=False),
            created_at,
            updated_at,
            int(placement.orphan),
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_highlight(db: Database, data: dict[str, Any]) -> dict[str, Any] | None:
    """Create a highlight from API data; None when the article does not exist.

    If ``text[start:end]`` is not ``exact`` (offsets computed on a different version of the
    text), the quote is re-anchored; if it cannot be found the highlight is stored as an orphan.
    """
    data = _check_fields(data, CREATE_FIELDS)
    article_id = data.get("article_id")
    if not isinstance(article_id, int) or isinstance(article_id, bool):
        raise InvalidInput("'article_id' must be an integer.", "/article_id")
    quote = quote_from(data)
    color, note = check_color(data), check_string(data, "note", MAX_NOTE_CHARS)
    tags = normalize_tags(data.get("tags", []))
    now = utc_now()
    with db.atomic():
        text = fetch_value(db, "SELECT text FROM articles WHERE id = ?", [article_id])
        if text is None:
            return None
        highlight_id = insert_highlight(
            db, article_id, place_quote(quote, text), color=color, note=note, tags=tags,
            created_at=now, updated_at=now,
        )  # fmt: skip
    return fetch_highlight(db, highlight_id)


def quote_from(data: dict[str, Any]) -> Quote:
    start, end = _offset(data, "start"), _offset(data, "end")
    if end < start:
        raise InvalidInput("'end' must not be smaller than 'start'.", "/end")
    return Quote(
        exact=check_string(data, "exact", MAX_QUOTE_CHARS, required=True),
        prefix=check_string(data, "prefix", MAX_CONTEXT_CHARS),
        suffix=check_string(data, "suffix", MAX_CONTEXT_CHARS),
        start=start,
        end=end,
    )


def update_highlight(
    db: Database, highlight_id: int, patch: dict[str, Any]
) -> dict[str, Any] | None:
    """Apply a partial update; None when there is no such highlight.

    Changing the quote or its offsets places it again in the article text (as when adding).
    """
    patch = _check_fields(patch, PATCH_FIELDS)
    changes: dict[str, Any] = {}
    if "color" in patch:
        changes["color"] = check_color(patch)
    if "note" in patch:
        changes["note"] = check_string(patch, "note", MAX_NOTE_CHARS)
    if "tags" in patch:
        changes["tags"] = json.dumps(normalize_tags(patch["tags"]), ensure_ascii=False)
    with db.atomic():
        current = fetch_one(
            db,
            f"SELECT {HIGHLIGHT_COLUMNS}, a.text AS article_text FROM highlights h "
            "JOIN articles a ON a.id = h.article_id WHERE h.id = ?",
            [highlight_id],
        )
        if current is None:
            return None
        if patch.keys() & {"exact", "prefix", "suffix", "start", "end"}:
            merged = {key: current[key] for key in ("exact", "prefix", "suffix", "start", "end")}
            merged.update({key: patch[key] for key in merged if key in patch})
            placement = place_quote(quote_from(merged), current["article_text"])
            changes.update(
                exact=placement.exact,
                prefix=placement.prefix,
                suffix=placement.suffix,
                start=placement.start,
                end=placement.end,
                orphan=int(placement.orphan),
            )
        changes["updated_at"] = utc_now()
        assignments = ", ".join(f'"{column}" = ?' for column in changes)
        db.conn.execute(
            f"UPDATE highlights SET {assignments} WHERE id = ?", [*changes.values(), highlight_id]
        )
    return fetch_highlight(db, highlight_id)


def delete_highlight(db: Database, highlight_id: int) -> bool:
    with db.atomic():
        return db.conn.execute("DELETE FROM highlights WHERE id = ?", [highlight_id]).rowcount > 0


def reanchor_highlights(db: Database, article_id: int, text: str) -> None:
    """Place every highlight of an article in its new ``text`` (inside the caller's transaction).

    ``updated_at`` is left alone: moving a highlight is not an edit by the user.
    """
    rows = fetch_all(
        db,
        f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.article_id = ?",
        [article_id],
    )
    for row in rows:
        quote = Quote(row["exact"], row["prefix"], row["suffix"], row["start"], row["end"])
        placement = reanchor(quote, text)
        new = (placement.exact, placement.prefix, placement.suffix, placement.start,
               placement.end, int(placement.orphan))  # fmt: skip
        old = (row["exact"], row["prefix"], row["suffix"], row["start"], row["end"], row["orphan"])
        if new != old:
            db.conn.execute(
                'UPDATE highlights SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, '
                "orphan = ? WHERE id = ?",
                [*new, row["id"]],
            )
