"""The per-pass scan and the helpers the rules share.

All rules of one pass share a single walk over the tree (:class:`_Scan`): the elements with a
class or id, the short leaf blocks with their text, and the elements with visibility/role
attributes. :func:`declutter <readmode.extract.declutter.runner.declutter>` puts the scan of its
pass in a context variable; :func:`_with_tokens` and :func:`_short_blocks` read from it.
:func:`_grow_card` grows a sign-up, share or audio box from its form, heading or message.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.declutter.prose import MIN_PARAGRAPH_CHARS, paragraph_mass
from readmode.extract.dom import (
    HEADING_TAGS,
    class_tokens,
    has_block_children,
    is_named,
    tag_of,
    text_of,
    token_set,
)

# Tunables --------------------------------------------------------------------------------------
MAX_CTA_CHARS = 300
"""Text rules (newsletter legends, cookie notices, audio blurbs) only act on blocks at most this
long: a sign-up card's lines are short, an article paragraph that mentions a newsletter is not."""

MAX_CARD_CHARS = 700
"""A newsletter/share/related card grows from its form or heading up to this much text."""

CARD_MAX_OUTSIDE_PROSE = 150
"""A card may carry one pitch sentence ('Get the best stories in your inbox every week') but
not a section's worth of paragraphs."""


_SHORT_BLOCK_TAGS = frozenset(
    {"p", "div", "span", "li", "label", "h1", "h2", "h3", "h4", "h5", "h6", "small", "strong",
     "em", "button", "a", "section", "aside", "figure", "blockquote", "td", "legend", "header",
     "footer", "font", "center"}
)  # fmt: skip
_FLAG_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "style", "role", "aria-modal"})
MAX_SCANNED_BLOCK_CHARS = 700  # the longest limit any text rule asks for (MAX_CARD_CHARS)


@dataclass(slots=True)
class _Scan:
    """One walk over the tree, shared by every rule of a pass: the elements that carry a
    class or id (with their tokens) and the short leaf blocks (with their text). Rules used to
    walk the whole tree each; this made decluttering the slowest stage."""

    root: HtmlElement
    tokened: list[tuple[HtmlElement, frozenset[str]]] = field(default_factory=list)
    blocks: list[tuple[HtmlElement, str]] = field(default_factory=list)
    flagged: list[HtmlElement] = field(default_factory=list)  # role/hidden/style/aria-*

    @classmethod
    def of(cls, root: HtmlElement) -> _Scan:
        scan = cls(root)
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if is_named(el):
                scan.tokened.append((el, class_tokens(el)))
            if tag == "dialog" or not _FLAG_ATTRIBUTES.isdisjoint(el.keys()):
                scan.flagged.append(el)
            if tag in _SHORT_BLOCK_TAGS and (tag in ("li", "td") or not has_block_children(el)):
                text = text_of(el)
                if text and len(text) <= MAX_SCANNED_BLOCK_CHARS:
                    scan.blocks.append((el, text))
        return scan


_current_scan: ContextVar[_Scan | None] = ContextVar("_current_scan", default=None)


def _scan_of(root: HtmlElement) -> _Scan:
    scan = _current_scan.get()
    # Outside a pass (a rule called on its own) the tree is scanned for that call only.
    return scan if scan is not None and scan.root is root else _Scan.of(root)


def _with_tokens(root: HtmlElement, vocabulary: frozenset[str]) -> Iterator[HtmlElement]:
    for el, tokens in _scan_of(root).tokened:
        if tokens & vocabulary:
            yield el


def _says(text: str, phrases: re.Pattern[str], hints: tuple[str, ...]) -> bool:
    """``phrases`` matches ``text``; ``hints`` (one of them is in every phrase) rule most
    blocks out with a substring test before the regex runs."""
    return (
        _hint_pattern(hints).search(text.lower()) is not None and phrases.search(text) is not None
    )


@functools.lru_cache(maxsize=16)
def _hint_pattern(hints: tuple[str, ...]) -> re.Pattern[str]:
    """The hints as one alternation: one scan of the text in C instead of one per hint."""
    return re.compile("|".join(re.escape(hint) for hint in hints))


def _is_content(el: HtmlElement) -> bool:
    return bool(class_tokens(el) & _CONTENT) or tag_of(el) in ("article", "main", "body", "html")


def _short_blocks(
    root: HtmlElement, limit: int = MAX_CTA_CHARS
) -> Iterator[tuple[HtmlElement, str]]:
    """Leaf-ish blocks (no block children) with at most ``limit`` characters, and their text."""
    for el, text in _scan_of(root).blocks:
        if len(text) <= limit:
            yield el, text


def _grow_card(
    el: HtmlElement, limit: int = MAX_CARD_CHARS, *, keep_headings: bool = False
) -> HtmlElement:
    """The largest ancestor of ``el`` that is still a small card (for headings, legends and
    messages that belong to the same box). With ``keep_headings`` it stops below a block that
    holds a heading: a 'Listen' button sits beside the article's subtitle, not in a box."""
    card = el
    card_prose: int | None = None
    parent = el.getparent()
    while parent is not None and not _is_content(parent):
        if len(text_of(parent)) > limit:
            break
        if keep_headings and next(parent.iter(*HEADING_TAGS), None) is not None:
            break
        if next(parent.iter("h1"), None) is not None:
            break  # the article's own header (a 'Subscribe' button beside the byline)
        if card_prose is None:
            card_prose = _box_prose(card)
        parent_prose = _box_prose(parent)
        if parent_prose - card_prose > CARD_MAX_OUTSIDE_PROSE:
            break  # the parent holds prose of its own: it is a section, not the card
        card, card_prose = parent, parent_prose
        parent = parent.getparent()
    return card


def _box_prose(root: HtmlElement) -> int:
    """``paragraph_mass`` without the lines a sign-up box says about itself ('Every weekday in
    your inbox', 'By signing up you agree to our privacy notice'): they are the card's."""
    mass = paragraph_mass(root)
    for p in root.iter("p"):
        text = text_of(p)
        if len(text) >= MIN_PARAGRAPH_CHARS and _says(
            text, R.NEWSLETTER_TEXT, R.NEWSLETTER_TEXT_HINTS
        ):
            mass -= len(text)
    return mass


_CONTENT = token_set(R.CONTENT_TOKENS)
