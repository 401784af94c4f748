"""How much article prose a subtree holds: :func:`paragraph_mass`, the measure the safety
valve protects, and :func:`densest_block`, the element holding the likely article body.

The runner, the rules and the pipeline all measure prose this way, so it sits below all of them.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from readmode.extract.dom import normalize_space, tag_of

# Tunables --------------------------------------------------------------------------------------
MIN_PARAGRAPH_CHARS = 60
"""Paragraphs at least this long count as 'article text' for the safety valve."""


def paragraph_mass(root: HtmlElement) -> int:
    """Characters of article-like paragraphs under ``root``: what the safety valve protects."""
    total = 0
    for p in root.iter("p", "pre", "li"):
        n = len(normalize_space(p.text_content()))
        if n >= MIN_PARAGRAPH_CHARS and tag_of(p) == "li":
            # Menus are lists of long link texts: only a list item's own words count.
            n -= sum(len(normalize_space(a.text_content())) for a in p.iter("a"))
        if n >= MIN_PARAGRAPH_CHARS:
            total += n
    return total


def densest_block(root: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text: the article body, almost always."""
    mass: dict[HtmlElement, int] = {}
    for p in root.iter("p", "pre"):
        n = len(normalize_space(p.text_content()))
        parent = p.getparent()
        if n >= MIN_PARAGRAPH_CHARS and parent is not None:
            mass[parent] = mass.get(parent, 0) + n
    return max(mass, key=mass.__getitem__) if mass else None
