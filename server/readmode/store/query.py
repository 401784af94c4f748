"""The search box language, turned into a safe FTS5 expression plus SQL filters.

Syntax (terms are ANDed; everything is case- and accent-insensitive)::

    word            a word
    "two words"     a phrase
    word*           words starting with "word" (at least two letters before the ``*``)
    -word -"a b"    exclude a word / phrase (also -tag:x, -site:x, -color:x, -note:x)
    note:word       the word in the highlight's note only (note:"a phrase", note:wor* work too)
    tag:x           highlights tagged x (tags compare case-insensitively for ASCII letters)
    color:yellow    highlights of that colour (several color: are ORed)
    site:example.com  highlights on articles from that host or its sub-domains (ORed)
    after:2024-01-31  highlights created on or after that day (UTC)
    before:2024-02-01 highlights created before that day (UTC)

A query with filters and/or exclusions but no positive word (``tag:x``, ``-draft``) lists the
matching highlights newest first; otherwise results are ranked (see :mod:`.search`).

**As you type**: when the query does not end with a space, its last bare word is treated as a
prefix (``"read"*``), so results appear while the word is still being typed; a trailing space
"finishes" the word. Single letters are never prefixes (too many matches to be useful).

Safety: every user word or phrase is emitted as an FTS5 string literal (``"tok"`` with ``"``
doubled), so operators such as ``AND``, ``NEAR(`` or a stray ``*`` are searched as text rather
than interpreted. NUL characters and lone surrogates are removed, queries are cut to
:data:`MAX_QUERY_CHARS` and to :data:`MAX_TERMS` terms, and terms without a single letter or
digit (which FTS5 would tokenise to nothing) are dropped. A filter whose value is not valid (an
unparseable date) is searched as ordinary words instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from readmode.store.urls import url_host

MAX_QUERY_CHARS = 1000
MAX_TERMS = 16
MIN_PREFIX_CHARS = 2
HIGHLIGHT_FILTERS = ("tag", "color", "before", "after", "note")
FILTER_KEYS = frozenset({"site", *HIGHLIGHT_FILTERS})

_FILTER_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SURROGATES_RE = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase the user typed."""

    text: str
    prefix: bool = False
    column: str | None = None  # restrict to one FTS column ("note")

    def to_fts(self) -> str:
        literal = '"' + self.text.replace('"', '""') + '"'
        if self.prefix:
            literal += "*"
        return f"{self.column} : {literal}" if self.column else literal


@dataclass(slots=True)
class ParsedQuery:
    """A query split into full-text terms and structured filters."""

    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    exclude_sites: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    exclude_tags: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    exclude_colors: list[str] = field(default_factory=list)
    after: str | None = None
    before: str | None = None

    @property
    def has_filters(self) -> bool:
        return bool(
            self.sites
            or self.exclude_sites
            or self.tags
            or self.exclude_tags
            or self.colors
            or self.exclude_colors
            or self.after
            or self.before
        )

    @property
    def is_empty(self) -> bool:
        return not (self.include or self.exclude or self.has_filters)

    @property
    def highlight_only(self) -> bool:
        """True when the query uses filters that only make sense for highlights."""
        return bool(
            self.tags
            or self.exclude_tags
            or self.colors
            or self.exclude_colors
            or self.after
            or self.before
            or any(term.column for term in self.include)
        )

    def highlights_match(self) -> str | None:
        """The FTS5 expression for ``highlights_fts``, or None when there are no positive terms."""
        return _combine(self.include, self.exclude)

    def excluded_match(self) -> str | None:
        """FTS5 expression matching any excluded term (for queries with no positive term)."""
        if not self.exclude:
            return None
        return " OR ".join(term.to_fts() for term in self.exclude)

    def articles_match(self) -> str | None:
        """The FTS5 expression for ``articles_fts`` (title + text), or None to skip articles."""
        if self.highlight_only:
            return None
        return _combine(self.include, [term for term in self.exclude if not term.column])


def _combine(include: list[Term], exclude: list[Term]) -> str | None:
    if not include:
        return None
    expression = " AND ".join(term.to_fts() for term in include)
    if exclude:
        expression = f"({expression}) NOT ({' OR '.join(term.to_fts() for term in exclude)})"
    return expression


@dataclass(frozen=True, slots=True)
class _Token:
    value: str
    negated: bool
    key: str | None  # a filter name, lower-case
    quoted: bool


def clean_query(q: str) -> str:
    """Remove what SQLite cannot bind (lone surrogates) or what is never meant (NUL)."""
    return _SURROGATES_RE.sub("", q[:MAX_QUERY_CHARS])


def parse_query(q: str) -> ParsedQuery:
    """Parse the search-box text; never raises (see the module docstring for the syntax)."""
    text = clean_query(q)
    tokens = _lex(text)
    parsed = ParsedQuery()
    as_you_type = bool(text) and not text[-1].isspace()
    for index, token in enumerate(tokens):
        is_last = index == len(tokens) - 1
        _add_token(parsed, token, as_you_type and is_last)
    return parsed


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        key = None
        match = _FILTER_RE.match(text, i)
        if match and match.group(1).lower() in FILTER_KEYS:
            key = match.group(1).lower()
            i = match.end()
        if i < n and text[i] == '"':
            close = text.find('"', i + 1)
            end = n if close == -1 else close
            value, i, quoted = text[i + 1 : end], end + 1, True
        else:
            end = i
            while end < n and not text[end].isspace():
                end += 1
            value, i, quoted = text[i:end], end, False
        tokens.append(_Token(value, negated, key, quoted))
    return tokens


def _has_word_chars(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _add_token(parsed: ParsedQuery, token: _Token, typing: bool) -> None:
    value = token.value.strip()
    if token.key is not None and value:
        if _add_filter(parsed, token.key, value, token.negated, token.quoted, typing):
            return
        # Invalid filter value: search the text as typed instead.
        value = f"{token.key}:{value}"
    elif token.key is not None:
        return  # "tag:" with nothing after it yet (still typing)
    term = _make_term(value, token.quoted, typing and not token.negated)
    if term is not None:
        _append_term(parsed, term, token.negated)


def _make_term(value: str, quoted: bool, typing: bool, column: str | None = None) -> Term | None:
    prefix = False
    if not quoted:
        stripped = value.strip("*")
        prefix = value.endswith("*") or typing
        value = stripped
    if not _has_word_chars(value):
        return None
    if sum(char.isalnum() for char in value) < MIN_PREFIX_CHARS:
        prefix = False
    return Term(value, prefix=prefix, column=column)


def _append_term(parsed: ParsedQuery, term: Term, negated: bool) -> None:
    if len(parsed.include) + len(parsed.exclude) >= MAX_TERMS:
        return
    (parsed.exclude if negated else parsed.include).append(term)


def _add_filter(
    parsed: ParsedQuery, key: str, value: str, negated: bool, quoted: bool, typing: bool
) -> bool:
    """Record one ``key:value`` filter; False when the value is not valid for the key."""
    if key == "note":
        term = _make_term(value, quoted, typing and not negated, column="note")
        if term is not None:
            _append_term(parsed, term, negated)
        return True
    if key in ("before", "after"):
        if not _DATE_RE.match(value) or negated:
            return False
        try:
            day = date.fromisoformat(value).isoformat()
        except ValueError:
            return False
        if key == "after":
            parsed.after = max(parsed.after or day, day)
        else:
            parsed.before = min(parsed.before or day, day)
        return True
    values: dict[str, tuple[list[str], list[str]]] = {
        "site": (parsed.sites, parsed.exclude_sites),
        "tag": (parsed.tags, parsed.exclude_tags),
        "color": (parsed.colors, parsed.exclude_colors),
    }
    normalized = normalize_site(value) if key == "site" else normalize_tag(value)
    if not normalized:
        return True
    target = values[key][1 if negated else 0]
    if len(target) < MAX_TERMS and normalized not in target:
        target.append(normalized)
    return True


def normalize_tag(tag: str) -> str:
    """How tags are compared: trimmed, without a leading ``#``, lower-case."""
    return tag.strip().lstrip("#").strip().lower()


def normalize_site(site: str) -> str:
    """``https://www.Example.com/x`` → ``example.com`` (what ``site:`` compares with)."""
    value = site.strip().lower()
    host = url_host(value) if "://" in value else value.split("/", 1)[0].split(":", 1)[0]
    host = host.strip(".")
    return host.removeprefix("www.")
