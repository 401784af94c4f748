"""Export (Markdown, JSON, W3C Web Annotations) and import of the JSON export.

- ``markdown``: one section per article (``## [Title](url)``, a site/date line), each highlight
  as a ``>`` blockquote followed by its note and ``#tags`` — readable in Obsidian and friends.
- ``json``: ``{"format": "readmode-export", "version": 1, "exported_at", "articles": [...]}``
  with every stored field (content_html and text included) and each highlight's ``uid``, so
  :func:`import_json` restores everything.
- ``annotations``: a W3C Web Annotation ``AnnotationCollection`` (JSON-LD) whose first page
  holds one ``Annotation`` per highlight: target = the article URL with a TextQuoteSelector
  and, unless the highlight is an orphan, a TextPositionSelector (offsets into the reader text);
  the note is a ``commenting`` TextualBody and each tag a ``tagging`` one.

Import is idempotent: articles are matched by normalized URL (updated only when the export's
``updated_at`` is newer), highlights by ``uid`` (or, when a hand-written document has none, by
article + start + end + exact + created_at); a second import of the same document creates
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from readmode.extract.sanitize import sanitize
from readmode.store.anchor import Quote
from readmode.store.articles import ARTICLE_FIELDS, check_url, upsert_article
from readmode.store.errors import InvalidInput
from readmode.store.highlights import (
    CREATE_FIELDS,
    HIGHLIGHT_COLUMNS,
    check_color,
    check_string,
    highlight_dict,
    insert_highlight,
    normalize_tags,
    place_quote,
    quote_from,
)
from readmode.store.rows import MAX_SAFE_INTEGER, clean_text, fetch_all, fetch_value, utc_now
from readmode.store.urls import normalize_url

EXPORT_FORMAT = "readmode-export"
EXPORT_VERSION = 1
FORMATS = ("markdown", "json", "annotations")
MEDIA_TYPES = {
    "markdown": "text/markdown; charset=utf-8",
    "json": "application/json",
    "annotations": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
}
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

_ARTICLE_EXPORT_COLUMNS = (
    "id, url, canonical_url, normalized_url, "
    + ", ".join(ARTICLE_FIELDS)
    + ", saved_at, updated_at"
)


def export(db: Database, fmt: str) -> str:
    """The whole library serialised in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(export_document(db), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return export_markdown(db)
    if fmt == "annotations":
        return json.dumps(export_annotations(db), ensure_ascii=False, indent=2) + "\n"
    raise InvalidInput(f"Unknown export format '{fmt}' (use {', '.join(FORMATS)}).", "/format")


def _articles_with_highlights(db: Database) -> Iterator[dict[str, Any]]:
    """Every article (oldest first) with ``highlights`` (reading order) and ``uid``s."""
    articles = fetch_all(
        db, f"SELECT {_ARTICLE_EXPORT_COLUMNS} FROM articles ORDER BY saved_at, id"
    )
    for article in articles:
        rows = fetch_all(
            db,
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.article_id = ? "
            "ORDER BY h.orphan, h.start, h.id",
            [article["id"]],
        )
        highlights = []
        for row in rows:
            highlight = highlight_dict(row)
            highlight["uid"] = row["uid"]
            highlights.append(highlight)
        yield {**article, "highlights": highlights}


# -- JSON -----------------------------------------------------------------------------------


def export_document(db: Database) -> dict[str, Any]:
    articles = []
    for article in _articles_with_highlights(db):
        for highlight in article["highlights"]:
            del highlight["article_id"]  # implied by nesting; ids are local to a database
            del highlight["id"]
        articles.append(article)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utc_now(),
        "articles": articles,
    }


# -- Markdown -------------------------------------------------------------------------------


def _markdown_link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _markdown_url(url: str) -> str:
    # Angle brackets allow spaces and parentheses in CommonMark link destinations.
    return (
        "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
        if any(char in url for char in " ()<>")
        else url
    )


def _tag_word(tag: str) -> str:
    """Obsidian tags cannot contain spaces."""
    return "#" + "-".join(tag.split())


def export_markdown(db: Database) -> str:
    lines = ["# Readmode highlights", "", f"Exported {utc_now()}.", ""]
    for article in _articles_with_highlights(db):
        title = article["title"] or article["url"]
        lines += [f"## [{_markdown_link_text(title)}]({_markdown_url(article['url'])})", ""]
        details = [article["site_name"] or "", (article["published"] or "")[:10]]
        details.append(f"saved {article['saved_at'][:10]}")
        lines += [" · ".join(part for part in details if part), ""]
        for highlight in article["highlights"]:
            lines += ["> " + line if line else ">" for line in highlight["exact"].splitlines()]
            lines.append("")
            if highlight["note"]:
                lines += [highlight["note"], ""]
            if highlight["tags"]:
                lines += [" ".join(_tag_word(tag) for tag in highlight["tags"]), ""]
            if highlight["orphan"]:
                lines += ["*(no longer found in the current text)*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- W3C Web Annotations ----------------------------------------------------------------------


def export_annotations(db: Database) -> dict[str, Any]:
    items = []
    for article in _articles_with_highlights(db):
        for highlight in article["highlights"]:
            items.append(_annotation(article, highlight))
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": "urn:readmode:export",
        "type": "AnnotationCollection",
        "label": "Readmode highlights",
        "total": len(items),
        "first": {"id": "urn:readmode:export:page:1", "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
    }  # fmt: skip


def _annotation(article: dict[str, Any], highlight: dict[str, Any]) -> dict[str, Any]:
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": highlight["exact"],
            "prefix": highlight["prefix"],
            "suffix": highlight["suffix"],
        }
    ]
    if not highlight["orphan"]:
        selectors.append(
            {"type": "TextPositionSelector", "start": highlight["start"], "end": highlight["end"]}
        )
    bodies: list[dict[str, Any]] = []
    if highlight["note"]:
        bodies.append(
            {"type": "TextualBody", "value": highlight["note"], "format": "text/plain",
             "purpose": "commenting"}
        )  # fmt: skip
    bodies += [
        {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in highlight["tags"]
    ]
    annotation: dict[str, Any] = {
        "id": f"urn:uuid:{_uuid(highlight['uid'])}",
        "type": "Annotation",
        "motivation": "commenting" if highlight["note"] else "highlighting",
        "created": highlight["created_at"],
        "modified": highlight["updated_at"],
        "target": {"source": article["url"], "selector": selectors},
    }
    if bodies:
        annotation["body"] = bodies
    return annotation


def _uuid(uid: str) -> str:
    """Our uids are uuid4 hex; urn:uuid wants the dashed form."""
    if len(uid) == 32 and all(char in "0123456789abcdef" for char in uid):
        return f"{uid[:8]}-{uid[8:12]}-{uid[12:16]}-{uid[16:20]}-{uid[20:]}"
    return uid


# -- import -----------------------------------------------------------------------------------


def import_json(db: Database, document: Any) -> dict[str, Any]:
    """Merge a JSON export into the database, all or nothing.

    Returns ``{"articles": {"created", "updated"}, "highlights": {"created", "skipped"}}``.
    """
    articles = _check_document(document)
    counts = {"articles": {"created": 0, "updated": 0}, "highlights": {"created": 0, "skipped": 0}}
    now = utc_now()
    with db.atomic():
        for index, article in enumerate(articles):
            _import_article(db, article, f"/articles/{index}", counts, now)
    return counts


def _check_document(document: Any) -> list[Any]:
    if not isinstance(document, dict):
        raise InvalidInput("The import must be a JSON object (a readmode JSON export).")
    if document.get("format") != EXPORT_FORMAT:
        raise InvalidInput(f"'format' must be \"{EXPORT_FORMAT}\".", "/format")
    if document.get("version") != EXPORT_VERSION:
        raise InvalidInput(
            f"Unsupported export version {document.get('version')!r} (expected {EXPORT_VERSION}).",
            "/version",
        )
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise InvalidInput("'articles' must be a list.", "/articles")
    return articles


_ARTICLE_TYPES: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "byline": (str, type(None)),
    "site_name": (str, type(None)),
    "published": (str, type(None)),
    "lang": (str, type(None)),
    "dir": (str,),
    "excerpt": (str, type(None)),
    "lead_image_url": (str, type(None)),
    "content_html": (str,),
    "text": (str,),
    "word_count": (int,),
    "reading_minutes": (int,),
    "canonical_url": (str, type(None)),
    "saved_at": (str,),
    "updated_at": (str,),
}
_ARTICLE_DEFAULTS: dict[str, Any] = {
    "title": "", "byline": None, "site_name": None, "published": None, "lang": None,
    "dir": "ltr", "excerpt": None, "lead_image_url": None, "content_html": "", "text": "",
    "word_count": 0, "reading_minutes": 0, "canonical_url": None,
}  # fmt: skip


def _article_values(article: dict[str, Any], pointer: str, now: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, types in _ARTICLE_TYPES.items():
        value = article.get(name, _ARTICLE_DEFAULTS.get(name, now))
        if not isinstance(value, types) or (isinstance(value, bool) and int in types):
            raise InvalidInput(f"'{name}' has the wrong type.", f"{pointer}/{name}")
        # Counts past SQLite's INTEGER range used to escape as an OverflowError (a 500).
        if isinstance(value, int) and not 0 <= value <= MAX_SAFE_INTEGER:
            raise InvalidInput(
                f"'{name}' must be between 0 and {MAX_SAFE_INTEGER}.", f"{pointer}/{name}"
            )
        values[name] = clean_text(value) if isinstance(value, str) else value
    if values["dir"] not in ("ltr", "rtl"):
        raise InvalidInput('\'dir\' must be "ltr" or "rtl".', f"{pointer}/dir")
    # An export file is user input like any page: its HTML goes through the same allowlist as
    # extracted articles, and its links must be web addresses, so nothing imported can run.
    values["content_html"] = sanitize(values["content_html"])
    for name in ("canonical_url", "lead_image_url"):
        if values[name] is not None and not _is_web_url(values[name]):
            values[name] = None
    return values


def _is_web_url(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))


def _import_article(
    db: Database, article: Any, pointer: str, counts: dict[str, dict[str, int]], now: str
) -> None:
    if not isinstance(article, dict):
        raise InvalidInput("Each article must be an object.", pointer)
    url = check_url(article.get("url"), f"{pointer}/url")
    values = _article_values(article, pointer, now)
    highlights = article.get("highlights", [])
    if not isinstance(highlights, list):
        raise InvalidInput("'highlights' must be a list.", f"{pointer}/highlights")
    saved_at, updated_at = values.pop("saved_at"), values.pop("updated_at")
    existing = fetch_value(
        db, "SELECT updated_at FROM articles WHERE normalized_url = ?", [normalize_url(url)]
    )
    if existing is None or updated_at > existing:
        article_id, created, _ = upsert_article(
            db, url, values, saved_at=saved_at, updated_at=updated_at
        )
        counts["articles"]["created" if created else "updated"] += 1
    else:
        article_id = fetch_value(
            db, "SELECT id FROM articles WHERE normalized_url = ?", [normalize_url(url)]
        )
    text = fetch_value(db, "SELECT text FROM articles WHERE id = ?", [article_id])
    for index, highlight in enumerate(highlights):
        created = _import_highlight(
            db, article_id, text, highlight, f"{pointer}/highlights/{index}", now
        )
        counts["highlights"]["created" if created else "skipped"] += 1


def _import_highlight(
    db: Database, article_id: int, text: str, data: Any, pointer: str, now: str
) -> bool:
    """Insert one exported highlight unless it is already there; True when inserted."""
    if not isinstance(data, dict):
        raise InvalidInput("Each highlight must be an object.", pointer)
    fields = {key: value for key, value in data.items() if key in CREATE_FIELDS}
    try:
        quote = quote_from(fields)
        color, note = check_color(fields), check_string(fields, "note", 100_000)
        tags = normalize_tags(fields.get("tags", []))
    except InvalidInput as error:
        raise InvalidInput(error.message, pointer + (error.field or "")) from error
    created_at: Any = data.get("created_at", now)
    updated_at: Any = data.get("updated_at", created_at)
    uid = data.get("uid")
    for name, value in (("created_at", created_at), ("updated_at", updated_at)):
        if not isinstance(value, str) or not value:
            raise InvalidInput(f"'{name}' must be a string.", f"{pointer}/{name}")
    if uid is not None and (not isinstance(uid, str) or not uid or len(uid) > 200):
        raise InvalidInput("'uid' must be a non-empty string.", f"{pointer}/uid")
    if uid is not None:
        duplicate = fetch_value(db, "SELECT 1 FROM highlights WHERE uid = ?", [uid])
    else:
        duplicate = fetch_value(
            db,
            'SELECT 1 FROM highlights WHERE article_id = ? AND start = ? AND "end" = ? '
            "AND exact = ? AND created_at = ?",
            [article_id, quote.start, quote.end, quote.exact, created_at],
        )
    if duplicate is not None:
        return False
    placement = place_quote(
        Quote(quote.exact, quote.prefix, quote.suffix, quote.start, quote.end), text
    )
    insert_highlight(
        db, article_id, placement, color=color, note=note, tags=tags,
        created_at=created_at, updated_at=updated_at, uid=uid,
    )  # fmt: skip
    return True
