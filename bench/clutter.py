"""Boilerplate phrases that should not survive extraction: sign-up boxes, share bars, link lists.

A phrase counts against an extractor on a page only when the extractor's text has it and the
reference text does not, so an article that really talks about newsletters is not penalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# Phrases that are clutter wherever they appear in the text (matched case-insensitively).
INLINE_PHRASES: dict[str, re.Pattern[str]] = {
    "sign up": re.compile(r"\bsign[ -]up\b", re.IGNORECASE),
    "subscribe": re.compile(r"\bsubscribe\b", re.IGNORECASE),
    "newsletter": re.compile(r"\bnewsletters?\b", re.IGNORECASE),
    "indicates required": re.compile(r"\bindicates required\b", re.IGNORECASE),
    "skip to content": re.compile(r"\bskip to (?:main )?content\b", re.IGNORECASE),
    "enter your email": re.compile(r"\benter your e-?mail\b", re.IGNORECASE),
}

# Labels of share bars and link lists: clutter only as a whole line (case, spacing, curly
# apostrophes and a trailing colon ignored), because the same words are ordinary prose inside a
# sentence ("read more about it", "a related issue").
LINE_PHRASES: tuple[str, ...] = (
    "share",
    "share this",
    "related",
    "related articles",
    "more news",
    "read more",
    "editors' picks",
    "read next",
)

PHRASES: tuple[str, ...] = (*INLINE_PHRASES, *(f"line: {label}" for label in LINE_PHRASES))


def _lines(text: str) -> set[str]:
    return {
        " ".join(line.split()).casefold().translate(_APOSTROPHES).rstrip(":")
        for line in text.splitlines()
    }


def phrases_in(text: str | None) -> set[str]:
    """The clutter phrase names (members of :data:`PHRASES`) that occur in ``text``."""
    if not text:
        return set()
    found = {name for name, pattern in INLINE_PHRASES.items() if pattern.search(text)}
    lines = _lines(text)
    found.update(f"line: {label}" for label in LINE_PHRASES if label in lines)
    return found


def gained_phrases(reference: str | None, predicted: str | None) -> list[str]:
    """Phrases in ``predicted`` but not in ``reference``, in :data:`PHRASES` order."""
    gained = phrases_in(predicted) - phrases_in(reference)
    return [name for name in PHRASES if name in gained]


def count_pages(per_page: Iterable[Iterable[str]]) -> dict[str, int]:
    """How many pages gained each phrase (every phrase present, zero included)."""
    counts = dict.fromkeys(PHRASES, 0)
    for phrases in per_page:
        for name in set(phrases):
            counts[name] += 1
    return counts
