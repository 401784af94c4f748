"""Infinite-scroll pages: :func:`drop_other_stories` keeps the story the page's title names and
removes the next ones the site appended (each an ``<article>`` with its own ``<h1>``).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from readmode.extract.article import Removal
from readmode.extract.declutter.runner import _removal
from readmode.extract.dom import text_of, word_overlap

STORY_TITLE_OVERLAP = 0.75
"""How much of the page's title an ``<article>``'s ``<h1>`` must share (words, Jaccard) to be
the story the page is about."""


def drop_other_stories(root: HtmlElement, title: str | None) -> list[Removal]:
    """Infinite scroll appends the next story ('Up next') as another ``<article>`` with its own
    ``<h1>``; when exactly one of those headlines is the page's title, the others go — whichever
    is longer, the page is about that one."""
    if not title:
        return []
    headed = [a for a in root.iter("article") if a.find(".//h1") is not None]
    inner = set(headed)
    stories = [a for a in headed if not any(up in inner for up in a.iterancestors())]
    if len(stories) < 2:
        return []
    current = [
        a for a in stories if word_overlap(text_of(a.find(".//h1")), title) >= STORY_TITLE_OVERLAP
    ]
    if len(current) != 1:
        return []
    removals = []
    for story in stories:
        if story is not current[0]:
            removals.append(_removal("declutter", "other_stories", story))
            story.drop_tree()  # lxml keeps its tail text in place
    return removals
