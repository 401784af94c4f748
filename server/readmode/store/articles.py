"""Articles: save (insert or update by normalized URL), read, list, delete."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from readmode.extract import Article
from readmode.store.errors import InvalidInput
from readmode.store.highlights import reanchor_highlights
from readmode.store.rows import Row, clean_text, fetch_all, fetch_one, fetch_value, utc_now
from readmode.store.urls import normalize_url, url_host

MAX_URL_CHARS = 8192

# The Article fields stored, in API order: as-is, except that the stored title is the
# article's headline (the title without the site's name), which the reader and lists show.
ARTICLE_FIELDS = (
    "title",
    "byline",
    "site_name",
    "published",
    "lang",
    "dir",
    "excerpt",
    "lead_image_url",
    "content_html",
    "text",
    "word_count",
    "reading_minutes",
)
LIST_FIELDS = tuple(name for name in ARTICLE_FIELDS if name not in ("content_html", "text"))
_HIGHLIGHT_COUNT = (
    "(SELECT count(*) FROM highlights h WHERE h.article_id = a.id) AS highlight_count"
)


def reader_url(article_id: int) -> str:
    return f"/read/{article_id}"


def article_dict(row: Row, *, full: bool = True) -> dict[str, Any]:
    """The API shape of an article (api.md); ``full=False`` gives the list-item shape."""
    fields = ARTICLE_FIELDS if full else LIST_FIELDS
    data: dict[str, Any] = {
        "id": row["id"],
        "url": row["url"],
        "canonical_url": row["canonical_url"],
        "normalized_url": row["normalized_url"],
        "reader_url": reader_url(row["id"]),
    }
    data.update((name, row[name]) for name in fields)
    data.update(
        saved_at=row["saved_at"],
        updated_at=row["updated_at"],
        highlight_count=row["highlight_count"],
    )
    return data


def _columns(fields: tuple[str, ...]) -> str:
    names = ("id", "url", "canonical_url", "normalized_url", *fields, "saved_at", "updated_at")
    return ", ".join(f"a.{name}" for name in names)


def check_url(url: Any, field: str = "/url") -> str:
    if not isinstance(url, str) or not url.strip():
        raise InvalidInput("The article URL is missing.", field)
    if len(url) > MAX_URL_CHARS:
        raise InvalidInput(f"The URL is longer than {MAX_URL_CHARS} characters.", field)
    return clean_text(url.strip())


def article_values(article: Article) -> dict[str, Any]:
    """Column values for an :class:`Article`, with unstorable characters replaced."""
    values: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        values[name] = clean_text(value) if isinstance(value, str) else value
    values["title"] = clean_text(article.headline or article.title)
    if values["dir"] not in ("ltr", "rtl"):
        values["dir"] = "ltr"
    values["canonical_url"] = clean_text(article.url) if article.url else None
    return values


def upsert_article(
    db: Database, url: str, values: dict[str, Any], *, saved_at: str, updated_at: str
) -> tuple[int, bool, bool]:
    """Insert or update by normalized URL inside the caller's transaction.

    Returns ``(id, created, text_changed)``; highlights are re-anchored when the text changed.
    """
    normalized = normalize_url(url)
    existing = fetch_one(
        db, "SELECT id, title, text FROM articles WHERE normalized_url = ?", [normalized]
    )
    row = {**values, "url": url, "normalized_url": normalized, "host": url_host(normalized)}
    if existing is None:
        row.update(saved_at=saved_at, updated_at=updated_at)
        names = list(row)
        cursor = db.conn.execute(
            f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [row[name] for name in names],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid, True, False
    article_id: int = existing["id"]
    row["updated_at"] = updated_at
    if existing["title"] == row["title"] and existing["text"] == row["text"]:
        # Naming them in the UPDATE would fire the FTS trigger, which unindexes and reindexes
        # the whole text: the costliest part of saving the same page again.
        del row["title"], row["text"]
    assignments = ", ".join(f"{name} = ?" for name in row)
    db.conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*row.values(), article_id])
    text_changed = existing["text"] != values["text"]
    if text_changed:
        reanchor_highlights(db, article_id, values["text"])
    return article_id, False, text_changed


def save_article(db: Database, url: str, article: Article) -> tuple[dict[str, Any], bool]:
    """Store an extracted article under ``normalize_url(url)``: ``(article dict, created)``.

    Saving a URL again replaces the article's content, keeps ``saved_at`` and re-anchors its
    highlights in the new text (see :mod:`readmode.store.anchor`).
    """
    url = check_url(url)
    now = utc_now()
    with db.atomic():
        article_id, created, _ = upsert_article(
            db, url, article_values(article), saved_at=now, updated_at=now
        )
    saved = get_article(db, article_id)
    assert saved is not None
    return saved, created


def get_article(db: Database, article_id: int) -> dict[str, Any] | None:
    row = fetch_one(
        db,
        f"SELECT {_columns(ARTICLE_FIELDS)}, {_HIGHLIGHT_COUNT} FROM articles a WHERE a.id = ?",
        [article_id],
    )
    return None if row is None else article_dict(row)


def list_articles(
    db: Database, *, limit: int, offset: int, url: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """``(total, page)``, most recently saved/updated first; ``url`` matches the normalized URL."""
    check_page(limit, offset)
    where, params = "", []
    if url is not None:
        where, params = "WHERE a.normalized_url = ?", [normalize_url(clean_text(url))]
    total = fetch_value(db, f"SELECT count(*) FROM articles a {where}", params)
    rows = fetch_all(
        db,
        f"SELECT {_columns(LIST_FIELDS)}, {_HIGHLIGHT_COUNT} FROM articles a {where} "
        "ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total), [article_dict(row, full=False) for row in rows]


def delete_article(db: Database, article_id: int) -> bool:
    """Delete an article and (by cascade) its highlights."""
    with db.atomic():
        return db.conn.execute("DELETE FROM articles WHERE id = ?", [article_id]).rowcount > 0


MAX_PAGE_SIZE = 1000


def check_page(limit: int, offset: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidInput(f"'limit' must be between 1 and {MAX_PAGE_SIZE}.", "/limit")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInput("'offset' must be a non-negative integer.", "/offset")
