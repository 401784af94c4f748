"""Re-anchoring: find a highlight again after the article's text changed.

A highlight remembers its quote (``exact``), a little context on each side (``prefix``,
``suffix``) and its offsets (``start``, ``end``) in the text it was made on. When the article is
saved again with new text, :func:`reanchor` places the highlight in the new text, trying in
order (the same strategy as Hypothesis' anchoring, simplified):

1. **kept** – the quote is still at the old offsets (and no other occurrence of it has a
   clearly better matching context);
2. **moved** – the quote occurs elsewhere: pick the occurrence whose context matches the old
   prefix/suffix best, and among equals the one nearest the old start;
3. **fuzzy** – the quote was edited: look for a span that is similar enough to the quote
   (:data:`FUZZY_THRESHOLD`), seeded by exact pieces of the quote and by the old context, and
   verified with :class:`difflib.SequenceMatcher` on quote-sized windows only, so the cost stays
   bounded on long articles;
4. **orphan** – nothing good enough: keep the highlight as it was and flag it, never drop it.

Everything here is pure (no database), offsets are Python ``str`` indices (code points).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

CONTEXT_WIDTH = 32
"""Characters of context stored on each side when the client sent none."""

FUZZY_THRESHOLD = 0.75
"""Minimum :meth:`SequenceMatcher.ratio` between the quote and a fuzzy match.

An edited word in a ten-word quote scores about 0.9; a different sentence of the same length
scores well under 0.5."""

MAX_OCCURRENCES = 1000
"""Occurrences of one search string we look at; a quote that common is placed by context."""

MAX_SEED_OCCURRENCES = 20
"""A seed (piece of the quote) found more often than this says nothing about where the quote is."""

MAX_CANDIDATES = 50
"""Places where an edited quote may be that are examined at most."""

EDGE_CHARS = 64
"""Quotes longer than twice this are aligned by their ends and compared word by word."""

Method = Literal["kept", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Where a highlight was, in the text it was made on."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a highlight is in the new text (or, for orphans, where it was)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    method: Method

    @property
    def orphan(self) -> bool:
        return self.method == "orphan"


def reanchor(quote: Quote, text: str, *, fuzzy: bool = True) -> Placement:
    """Place ``quote`` in ``text``; see the module docstring for the strategy.

    ``fuzzy=False`` stops after the exact matches: for a highlight the user is making now, a
    near match would replace the words they chose with other words; it becomes an orphan
    that keeps their quote instead."""
    exact = quote.exact
    if exact and _unchanged_at_old_position(quote, text):
        return placed_at(quote, text, quote.start, quote.end, "kept")
    if exact:
        # The old position competes with the other occurrences: it wins ties (distance 0), but
        # an occurrence whose context matches clearly better is preferred — text inserted
        # before a repeated phrase can shift a *different* occurrence onto the old offsets.
        start = _best_exact_occurrence(quote, text)
        if start is not None:
            method: Method = "kept" if start == quote.start else "moved"
            return placed_at(quote, text, start, start + len(exact), method)
        span = _best_fuzzy_span(quote, text) if fuzzy else None
        if span is not None:
            return placed_at(quote, text, span[0], span[1], "fuzzy")
    return Placement(exact, quote.prefix, quote.suffix, quote.start, quote.end, "orphan")


def context_around(
    text: str, start: int, end: int, prefix_width: int, suffix_width: int
) -> tuple[str, str]:
    """The ``prefix_width`` characters before ``start`` and ``suffix_width`` after ``end``."""
    return text[max(0, start - prefix_width) : start], text[end : end + suffix_width]


def placed_at(quote: Quote, text: str, start: int, end: int, method: Method) -> Placement:
    """``text[start:end]`` as the quote, with fresh context (as wide as the stored one)."""
    prefix, suffix = context_around(
        text, start, end, len(quote.prefix) or CONTEXT_WIDTH, len(quote.suffix) or CONTEXT_WIDTH
    )
    return Placement(text[start:end], prefix, suffix, start, end, method)


def _unchanged_at_old_position(quote: Quote, text: str) -> bool:
    """Quote and context both identical: nothing can match better (the common, cheap case)."""
    start, end = quote.start, quote.end
    return (
        text[start:end] == quote.exact
        and text[max(0, start - len(quote.prefix)) : start] == quote.prefix
        and text[end : end + len(quote.suffix)] == quote.suffix
    )


def _occurrences(needle: str, text: str, limit: int) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1 and len(found) < limit:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(quote: Quote, text: str, start: int, end: int) -> float:
    """0..2: how well the text around ``start:end`` matches the stored prefix and suffix."""
    score = 0.0
    if quote.prefix:
        score += _similarity(quote.prefix, text[max(0, start - len(quote.prefix)) : start])
    if quote.suffix:
        score += _similarity(quote.suffix, text[end : end + len(quote.suffix)])
    return score


def _best_exact_occurrence(quote: Quote, text: str) -> int | None:
    positions = _occurrences(quote.exact, text, MAX_OCCURRENCES)
    if text[quote.start : quote.end] == quote.exact and quote.start not in positions:
        positions.append(quote.start)  # beyond the occurrences we looked at
    if not positions:
        return None
    length = len(quote.exact)

    def rank(position: int) -> tuple[float, int]:
        context = _context_score(quote, text, position, position + length)
        # Round so that near-identical contexts fall back to "nearest the old position".
        return (-round(context, 2), abs(position - quote.start))

    return min(positions, key=rank)


def _candidate_starts(quote: Quote, text: str) -> set[int]:
    """Likely start offsets of an edited quote, from exact pieces of it and of its context."""
    exact, length = quote.exact, len(quote.exact)
    candidates: set[int] = set()
    piece = max(6, length // 8)
    for offset in range(0, max(1, length - piece + 1), piece):
        seed = exact[offset : offset + piece]
        positions = _occurrences(seed, text, MAX_SEED_OCCURRENCES + 1)
        if len(positions) <= MAX_SEED_OCCURRENCES:
            candidates.update(position - offset for position in positions)
    tail = quote.prefix[-16:]
    if len(tail) >= 6:
        positions = _occurrences(tail, text, MAX_SEED_OCCURRENCES + 1)
        if len(positions) <= MAX_SEED_OCCURRENCES:
            candidates.update(position + len(tail) for position in positions)
    head = quote.suffix[:16]
    if len(head) >= 6:
        positions = _occurrences(head, text, MAX_SEED_OCCURRENCES + 1)
        if len(positions) <= MAX_SEED_OCCURRENCES:
            candidates.update(position - length for position in positions)
    return {start for start in candidates if -length < start < len(text)}


def _align(exact: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The span of ``text[lo:hi]`` that lines up with ``exact`` (edge crumbs trimmed)."""
    matcher = SequenceMatcher(None, exact, text[lo:hi], autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size > 0]
    # One- or two-character matches at the edges are usually coincidences in the slack.
    while len(blocks) > 1 and blocks[0].size <= 2:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size <= 2:
        blocks.pop()
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    # Extend over the parts of the quote before the first / after the last matching block, so a
    # replaced first or last word is still covered.
    start = max(lo, lo + first.b - first.a)
    end = min(hi, lo + last.b + last.size + (len(exact) - last.a - last.size))
    return (start, end) if start < end else None


def _span_near(exact: str, text: str, candidate: int, slack: int) -> tuple[int, int] | None:
    """Where an edited copy of ``exact`` that starts near ``candidate`` begins and ends.

    Short quotes are aligned whole. Long ones are aligned by their first and last
    :data:`EDGE_CHARS` only: aligning two long strings character by character is quadratic.
    """
    length = len(exact)
    if length <= 2 * EDGE_CHARS:
        return _align(
            exact, text, max(0, candidate - slack), min(len(text), candidate + length + slack)
        )
    head = _align(
        exact[:EDGE_CHARS], text, max(0, candidate - slack),
        min(len(text), candidate + EDGE_CHARS + slack),
    )  # fmt: skip
    tail = _align(
        exact[-EDGE_CHARS:], text, max(0, candidate + length - EDGE_CHARS - slack),
        min(len(text), candidate + length + slack),
    )  # fmt: skip
    if head is None or tail is None or tail[1] <= head[0]:
        return None
    return head[0], tail[1]


def _quote_similarity(exact: str, candidate: str) -> float:
    """:meth:`SequenceMatcher.ratio`, by characters for short quotes, by words for long ones."""
    if len(exact) <= 2 * EDGE_CHARS:
        return _similarity(exact, candidate)
    return SequenceMatcher(None, exact.split(), candidate.split(), autojunk=False).ratio()


def _clustered(starts: set[int], origin: int, spread: int) -> list[int]:
    """One representative per group of nearby starts, nearest to ``origin`` first."""
    representatives: list[int] = []
    for start in sorted(starts):
        if not representatives or start - representatives[-1] > spread:
            representatives.append(start)
    representatives.sort(key=lambda start: abs(start - origin))
    return representatives[:MAX_CANDIDATES]


def _best_fuzzy_span(quote: Quote, text: str) -> tuple[int, int] | None:
    length = len(quote.exact)
    slack = length // 4 + 8
    best: tuple[float, float, int] | None = None  # (similarity, context, -distance)
    best_span: tuple[int, int] | None = None
    seen: set[tuple[int, int]] = set()
    for candidate in _clustered(_candidate_starts(quote, text), quote.start, slack // 2):
        span = _span_near(quote.exact, text, candidate, slack)
        if span is None or span in seen:
            continue
        seen.add(span)
        start, end = span
        similarity = _quote_similarity(quote.exact, text[start:end])
        if similarity < FUZZY_THRESHOLD:
            continue
        key = (
            round(similarity, 2),
            round(_context_score(quote, text, start, end), 2),
            -abs(start - quote.start),
        )
        if best is None or key > best:
            best, best_span = key, span
    return best_span
