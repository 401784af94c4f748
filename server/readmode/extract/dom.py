"""Small, fast helpers over lxml elements shared by the pipeline stages."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from readmode.extract.rules import CLASS_WORD_SPLIT

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
        "center", "menu", "noscript", "picture", "video", "audio",
    }
)  # fmt: skip
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def normalize_space(text: str) -> str:
    # str.split() splits on exactly the characters ``\s`` matches (str.isspace), in C.
    return " ".join(text.split())


def tag_of(el: HtmlElement) -> str:
    """The lower-case tag name; '' for comments and processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


_STATE_WORDS = frozenset({"has", "with", "without", "no"})
"""A word after these names a state of the block, not what it is: ``fig--has-shares`` is a
photo with share buttons, ``no-sidebar`` a page without one, ``post-with-comments`` a post. The
pair ('has-shares') stays a token; the lone word does not."""


CAMEL_PART_MIN_LETTERS = 4
"""PascalCase class names ('VideoEnhancement', 'AlertsSignup', 'PromoC') are split into their
words too, keeping parts of at least four letters: generated hashes ('bdVaJa', 'x7Ad3') have
humps as well, and a two- or three-letter part of one ('Ad') must not read as a word."""
_CAMEL_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_LETTERS_ONLY = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8192)
def _tokens_of(attr: str) -> frozenset[str]:
    tokens: set[str] = set()
    for segment in _LETTERS_ONLY.findall(attr) if attr != attr.lower() else ():
        if segment != segment.lower() and segment != segment.upper():
            parts = [p.lower() for p in _CAMEL_PART.findall(segment)]
            if len(parts) > 1:
                words = [p for p in parts if len(p) >= CAMEL_PART_MIN_LETTERS]
                tokens.update(words)
                tokens.update(f"{a}-{b}" for a, b in itertools.pairwise(words))
    for value in attr.lower().replace("_", "-").split():
        tokens.add(value)
        words = [w for w in CLASS_WORD_SPLIT.split(value) if w]
        # itertools.pairwise gives (previous, word); the first word has no previous one.
        tokens.update(words[:1])
        tokens.update(w for before, w in itertools.pairwise(words) if before not in _STATE_WORDS)
        tokens.update(f"{a}-{b}" for a, b in itertools.pairwise(words))
    return frozenset(tokens)


ANCHOR_ID_MIN_WORDS = 2
"""An id of at least this many words that spells the element's own text is an anchor made from
a heading ('Eich_CEO_promotion_controversy', 'See_also'), not a template's name: its words say
nothing about the block (the heading rules judge its text). One-word ids ('comments') are
names more often than not. Measured: RT text F1 +0.0001 (wiki section headings back), SH
unchanged."""

_ID_WORD = re.compile(r"[^\W_]+")


def _anchor_id(el: HtmlElement, value: str) -> bool:
    words = _ID_WORD.findall(value.lower())
    if len(words) < ANCHOR_ID_MIN_WORDS:
        return False
    # Read only as much text as the id could spell (plus markup whitespace): a page wrapper's
    # id ('main-content') must not cost a walk over the whole page.
    limit = 4 * len(value) + 40
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        size += len(piece)
        if size > limit:
            return False
        parts.append(piece)
    return words == _ID_WORD.findall("".join(parts).lower())


def class_tokens(el: HtmlElement) -> frozenset[str]:
    """``class``, ``id`` and :data:`ROLE_DATA_ATTRIBUTES` as a set of lower-case words, whole
    values and adjacent word pairs (an id that is an anchor made from the element's text does
    not count)."""
    ident = el.get("id") or ""
    if ident and _anchor_id(el, ident):
        ident = ""
    attr = f"{el.get('class') or ''} {ident}"
    for name in ROLE_DATA_ATTRIBUTES:
        value = el.get(name)
        if value:
            attr = f"{attr} {value}"
    return _tokens_of(attr) if attr.strip() else frozenset()


def is_named(el: HtmlElement) -> bool:
    """``el`` has a class, an id or a role data attribute: :func:`class_tokens` can say
    something about it."""
    return not _NAMING_ATTRIBUTES.isdisjoint(el.keys())


ROLE_DATA_ATTRIBUTES = ("data-testid", "data-component", "data-qa", "data-block-type")
"""Sites whose class names are generated hashes ('css-1ih2p4n', 'dcr-7ybbl7') name their
blocks here instead ('newsletter-signup-card', 'byline-block'): read like class names."""
_NAMING_ATTRIBUTES = frozenset({"class", "id", *ROLE_DATA_ATTRIBUTES})


def token_set(words: Iterable[str]) -> frozenset[str]:
    """A vocabulary tuple normalised the same way as :func:`class_tokens`."""
    return frozenset(w.lower().replace("_", "-") for w in words)


_WORD = re.compile(r"\w+")
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""A Chinese, Japanese or Korean character: those scripts write words without spaces."""


def word_overlap(a: str, b: str) -> float:
    """Shared words over all words of the two texts (Jaccard, case-folded): 1.0 is the same
    words, 0.0 none in common or an empty side."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def url_file_name(url: str) -> str:
    """The last path segment of a URL, query and fragment left out ('.../w_800/abc.jpg?q=1' →
    'abc.jpg')."""
    return urlsplit(url.strip()).path.rstrip("/").rsplit("/", 1)[-1]


def text_of(el: HtmlElement) -> str:
    return normalize_space(el.text_content())


def link_density(el: HtmlElement, text_length: int | None = None) -> float:
    total = text_length if text_length is not None else len(text_of(el))
    if total == 0:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def describe(el: HtmlElement) -> str:
    """``tag#id.class1.class2`` — a short selector for the removal listing."""
    out = tag_of(el) or "?"
    if el.get("id"):
        out += "#" + el.get("id", "").strip()[:40]
    classes = (el.get("class") or "").split()[:3]
    out += "".join("." + c[:40] for c in classes)
    return out


def has_block_children(el: HtmlElement) -> bool:
    return any(tag_of(child) in BLOCK_TAGS for child in el)
