"""Search over highlights (quote, note, tags) and articles (title, text).

The query language is parsed by :mod:`readmode.store.query`; this module turns it into SQL.

Query plan, for speed while typing — bm25 needs, for each query term, the number of rows
that contain it, which FTS5 gets by walking *every* match: ~10 ms for a phrase of two very
common words over 100 000 highlights, however small the page. So:

- first fetch the ids of the newest :data:`RANK_WINDOW` + 1 matches, unranked (FTS5 stops
  walking the doclists as soon as it has them);
- at most :data:`RANK_WINDOW` matches: rank them with bm25 (weights exact > note > tags) —
  the walk is short because the matches are few;
- more (a very common word, a two-letter prefix while typing): the page is the **newest**
  matches, and ``total`` says :data:`MAX_TOTAL` ("1000+"), so a keystroke never costs a walk
  over the whole index;
- ``snippet()`` runs in a second query, for the rows of the page only.

Snippets: FTS5 wraps matches in private-use delimiter characters, everything is HTML-escaped and
only then are the delimiters replaced by ``<mark>``/``</mark>`` — so stored text can never
inject markup. If the stored text itself contains a delimiter character, the snippet is built
without marks rather than risk unbalanced ones.
"""

from __future__ import annotations

import html
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from readmode.store.articles import check_page
from readmode.store.highlights import HIGHLIGHT_COLUMNS, highlight_dict
from readmode.store.query import ParsedQuery, parse_query
from readmode.store.rows import Row, fetch_all, fetch_value

RANK_WINDOW = 1000
"""Highlights ranked by bm25 per query at most (see the module docstring)."""
ARTICLE_RANK_WINDOW = 200
"""Articles ranked per query at most (articles are long: their bm25 costs more)."""
MAX_ARTICLE_RESULTS = 10
"""Matching articles are a short list shown with the first page of highlight results."""
MAX_TOTAL = RANK_WINDOW
"""``total`` is exact up to this many matches, then reported as this number."""

SNIPPET_TOKENS = 32
PLAIN_SNIPPET_CHARS = 240
OPEN_MARK, CLOSE_MARK = "\ue000", "\ue001"
ELLIPSIS = "…"


def empty_result() -> dict[str, Any]:
    return {"total": 0, "results": [], "articles": []}


def search(db: Database, q: str, *, limit: int, offset: int) -> dict[str, Any]:
    """``{"total", "results", "articles"}`` as in api.md. Any ``q`` → a result, never an error
    (invalid ``limit``/``offset`` raise :class:`InvalidInput`)."""
    check_page(limit, offset)
    parsed = parse_query(q)
    if parsed.is_empty:
        return empty_result()
    try:
        total, results = _search_highlights(db, parsed, limit, offset)
        articles = _search_articles(db, parsed, limit, offset)
    except sqlite3.OperationalError as error:
        # Every user token is quoted, so an FTS5 syntax error would be a bug in the parser;
        # the contract is still "results or an empty list", so degrade instead of failing.
        if "fts5" in str(error).lower():
            return empty_result()
        raise
    return {"total": total, "results": results, "articles": articles}


@dataclass(slots=True)
class _Filters:
    """SQL conditions for the structured filters, and the joins they need.

    Tag conditions test ``id_column`` and site conditions ``article_column`` with ``IN`` lists
    (small: tags are indexed, articles are few), so a ``tag:`` search over FTS matches needs no
    join at all; colour and date need ``h`` (highlights).
    """

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    needs_highlights: bool = False


def _filters(parsed: ParsedQuery, id_column: str, article_column: str) -> _Filters:
    found = _Filters()

    def site_clause(sites: list[str]) -> str:
        found.needs_highlights = article_column.startswith("h.")
        parts = []
        for site in sites:
            parts.append("host = ? OR host LIKE ? ESCAPE '\\'")
            found.params.extend([site, "%." + _like_escape(site)])
        return f"{article_column} IN (SELECT id FROM articles WHERE {' OR '.join(parts)})"

    def tag_clause(tags: list[str]) -> str:
        found.params.extend(tags)
        marks = ", ".join("?" * len(tags))
        return f"{id_column} IN (SELECT highlight_id FROM highlight_tags WHERE tag IN ({marks}))"

    def color_clause(colors: list[str]) -> str:
        found.needs_highlights = True
        found.params.extend(colors)
        return f"h.color IN ({', '.join('?' * len(colors))})"

    clauses = found.clauses
    if parsed.sites:
        clauses.append(site_clause(parsed.sites))
    if parsed.exclude_sites:
        clauses.append("NOT " + site_clause(parsed.exclude_sites))
    for tag in parsed.tags:  # every tag is required
        clauses.append(tag_clause([tag]))
    if parsed.exclude_tags:
        clauses.append("NOT " + tag_clause(parsed.exclude_tags))
    if parsed.colors:
        clauses.append(color_clause(parsed.colors))
    if parsed.exclude_colors:
        clauses.append("NOT " + color_clause(parsed.exclude_colors))
    for bound, operator in ((parsed.after, ">="), (parsed.before, "<")):
        if bound:
            found.needs_highlights = True
            clauses.append(f"h.created_at {operator} ?")
            found.params.append(bound)
    return found


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ranked_ids(
    db: Database,
    fts: str,
    from_: str,
    where: str,
    params: list[Any],
    page: tuple[int, int],
    window: int,
) -> tuple[int, list[int]]:
    """``(matches capped at window, ids of the page)`` — see the module docstring.

    The newest ``window + 1`` matching ids come first (no ranking: FTS5 stops walking the
    doclists as soon as it has them). If that is every match, the page is ranked with bm25;
    otherwise the page is the newest matches.
    """
    limit, offset = page
    ids = [
        row[0]
        for row in db.conn.execute(
            f"SELECT {fts}.rowid FROM {from_} WHERE {where} ORDER BY {fts}.rowid DESC LIMIT ?",
            [*params, window + 1],
        )
    ]
    if len(ids) > window:
        return window, ids[offset : offset + limit]
    if len(ids) <= 1 or offset >= len(ids):
        return len(ids), ids[offset : offset + limit]
    ranked = db.conn.execute(
        f"SELECT {fts}.rowid FROM {from_} WHERE {where} AND {fts}.rowid >= ? "
        f"ORDER BY {fts}.rank, {fts}.rowid DESC LIMIT ? OFFSET ?",
        [*params, ids[-1], limit, offset],
    )
    return len(ids), [row[0] for row in ranked]


def _by_ids(rows: list[Row], ids: list[int], key: str) -> list[Row]:
    position = {row_id: index for index, row_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row[key]])


_HIGHLIGHT_PAGE_COLUMNS = (
    f"{HIGHLIGHT_COLUMNS}, a.title AS article_title, a.url AS article_url, "
    "a.site_name AS article_site"
)
_JOIN_ARTICLES = "JOIN articles a ON a.id = h.article_id"


def _search_highlights(
    db: Database, parsed: ParsedQuery, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    match = parsed.highlights_match()
    if match is None:
        return _list_highlights(db, parsed, limit, offset)
    # "+" again: an IN list handed to FTS5 would re-run the MATCH once per tagged id.
    filters = _filters(parsed, "+highlights_fts.rowid", "h.article_id")
    from_ = "highlights_fts"
    if filters.needs_highlights:
        from_ += " JOIN highlights h ON h.id = highlights_fts.rowid"
    where = " AND ".join(["highlights_fts MATCH ?", *filters.clauses])
    total, ids = _ranked_ids(
        db, "highlights_fts", from_, where, [match, *filters.params], (limit, offset), RANK_WINDOW
    )
    if not ids:
        return total, []
    # Snippets are computed for the page only (second query, same MATCH). The unary "+"
    # keeps SQLite from handing the IN list to FTS5, which would re-run the MATCH once per
    # id (a prefix query merges its doclists each time); BETWEEN narrows the scan instead.
    snippets = (
        f"snippet(highlights_fts, 0, '{OPEN_MARK}', '{CLOSE_MARK}', '{ELLIPSIS}', "
        f"{SNIPPET_TOKENS}) AS exact_snippet, "
        f"snippet(highlights_fts, 1, '{OPEN_MARK}', '{CLOSE_MARK}', '{ELLIPSIS}', "
        f"{SNIPPET_TOKENS}) AS note_snippet"
    )
    rows = fetch_all(
        db,
        f"SELECT {_HIGHLIGHT_PAGE_COLUMNS}, {snippets} FROM highlights_fts "
        f"JOIN highlights h ON h.id = highlights_fts.rowid {_JOIN_ARTICLES} "
        "WHERE highlights_fts MATCH ? AND highlights_fts.rowid BETWEEN ? AND ? "
        "AND +highlights_fts.rowid IN (SELECT value FROM json_each(?))",
        [match, min(ids), max(ids), json.dumps(ids)],
    )
    return total, [_result(row) for row in _by_ids(rows, ids, "id")]


def _list_highlights(
    db: Database, parsed: ParsedQuery, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """Queries without positive words: the matching highlights, newest first."""
    filters = _filters(parsed, "h.id", "h.article_id")
    clauses, params = filters.clauses, filters.params
    excluded = parsed.excluded_match()
    if excluded is not None:
        clauses.append(
            "h.id NOT IN (SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH ?)"
        )
        params.append(excluded)
    where = " AND ".join(clauses) or "1"
    matches = int(
        fetch_value(
            db,
            f"SELECT count(*) FROM (SELECT 1 FROM highlights h WHERE {where} LIMIT ?)",
            [*params, MAX_TOTAL + 1],
        )
        or 0
    )
    # Few matches: collect them through the filters' indexes and sort. Many: walk the
    # created_at index newest first and stop at the page, instead of sorting them all.
    source = (
        "highlights h" if matches <= MAX_TOTAL else "highlights h INDEXED BY highlights_created_at"
    )
    ids = [
        row[0]
        for row in db.conn.execute(
            f"SELECT h.id FROM {source} WHERE {where} "
            "ORDER BY h.created_at DESC, h.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    total = min(matches, MAX_TOTAL)
    if not ids:
        return total, []
    rows = fetch_all(
        db,
        f"SELECT {_HIGHLIGHT_PAGE_COLUMNS} FROM highlights h {_JOIN_ARTICLES} "
        "WHERE h.id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    )
    return total, [_result(row) for row in _by_ids(rows, ids, "id")]


def _result(row: Row) -> dict[str, Any]:
    exact_snippet = row.get("exact_snippet")
    note_snippet = row.get("note_snippet")
    if (
        note_snippet
        and OPEN_MARK in note_snippet
        and not (exact_snippet and OPEN_MARK in exact_snippet)
    ):
        snippet = marked_snippet(note_snippet, row["note"])
    elif exact_snippet is not None:
        snippet = marked_snippet(exact_snippet, row["exact"])
    else:
        snippet = plain_snippet(row["exact"])
    return {
        "highlight": highlight_dict(row),
        "article": {
            "id": row["article_id"],
            "title": row["article_title"],
            "url": row["article_url"],
            "site_name": row["article_site"],
        },
        "snippet": snippet,
    }


def marked_snippet(fts_snippet: str, source: str) -> str:
    """HTML-escape an FTS5 snippet and turn its delimiters into ``<mark>`` elements."""
    if OPEN_MARK in source or CLOSE_MARK in source:
        # The delimiters are ambiguous in this text: drop them all, keep the words.
        fts_snippet = fts_snippet.replace(OPEN_MARK, "").replace(CLOSE_MARK, "")
        return html.escape(fts_snippet, quote=False)
    escaped = html.escape(fts_snippet, quote=False)
    return escaped.replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>")


def plain_snippet(text: str) -> str:
    """The start of ``text``, escaped, for results matched by filters only."""
    if len(text) > PLAIN_SNIPPET_CHARS:
        text = text[:PLAIN_SNIPPET_CHARS].rstrip() + ELLIPSIS
    return html.escape(text, quote=False)


def _search_articles(
    db: Database, parsed: ParsedQuery, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Up to :data:`MAX_ARTICLE_RESULTS` articles whose title or text match the words, with the
    first page only (``offset == 0``), and only for queries without highlight-only filters such
    as ``tag:`` (``site:`` applies)."""
    match = parsed.articles_match()
    if match is None or offset > 0:
        return []
    limit = min(limit, MAX_ARTICLE_RESULTS)
    # Only site filters can remain for article queries.
    filters = _filters(parsed, "+articles_fts.rowid", "+articles_fts.rowid")
    clauses, params = filters.clauses, filters.params
    where = " AND ".join(["articles_fts MATCH ?", *clauses])
    _, ids = _ranked_ids(
        db, "articles_fts", "articles_fts", where, [match, *params], (limit, offset),
        ARTICLE_RANK_WINDOW,
    )  # fmt: skip
    if not ids:
        return []
    rows = fetch_all(
        db,
        "SELECT a.id, a.title, a.url, a.site_name, "
        f"snippet(articles_fts, 1, '{OPEN_MARK}', '{CLOSE_MARK}', '{ELLIPSIS}', "
        f"{SNIPPET_TOKENS}) AS text_snippet, "
        f"snippet(articles_fts, 0, '{OPEN_MARK}', '{CLOSE_MARK}', '{ELLIPSIS}', "
        f"{SNIPPET_TOKENS}) AS title_snippet, "
        f"instr(a.text, '{OPEN_MARK}') OR instr(a.text, '{CLOSE_MARK}') AS text_has_delimiters "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? "
        "AND +articles_fts.rowid IN (SELECT value FROM json_each(?))",
        [match, min(ids), max(ids), json.dumps(ids)],
    )
    return [_article_result(row) for row in _by_ids(rows, ids, "id")]


def _article_result(row: Row) -> dict[str, Any]:
    text_snippet: str = row["text_snippet"] or ""
    if OPEN_MARK in text_snippet:
        # Any delimiter character in the stored text makes the marks ambiguous: drop them.
        source = OPEN_MARK if row["text_has_delimiters"] else ""
        snippet = marked_snippet(text_snippet, source)
    else:
        snippet = marked_snippet(row["title_snippet"] or "", row["title"] or "")
    return {
        "id": row["id"],
        "title": row["title"],
        "url": row["url"],
        "site_name": row["site_name"],
        "snippet": snippet,
    }
