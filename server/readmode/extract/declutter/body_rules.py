"""The rules only the body pass (stage 4) adds — meta lines (bylines, dates, tags), photo
credits, inline teasers, calls to action, gallery counters, image controls, citation links,
line numbers, repeated captions, asides and empty blocks — and ``BODY_RULES``: the page rules
(all but ``non_content`` and ``page_chrome``) followed by these, in the order they run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from readmode.extract import rules as R
from readmode.extract.declutter.page_rules import PAGE_RULES
from readmode.extract.declutter.runner import Rule
from readmode.extract.declutter.scan import (
    MAX_CARD_CHARS,
    MAX_CTA_CHARS,
    _grow_card,
    _is_content,
    _scan_of,
    _short_blocks,
    _with_tokens,
)
from readmode.extract.dom import (
    HEADING_TAGS,
    class_tokens,
    has_block_children,
    link_density,
    normalize_space,
    tag_of,
    text_of,
    token_set,
)

# Tunables --------------------------------------------------------------------------------------
DUPLICATE_KEY_CHARS = 60
"""Captions that share their first 60 characters are copies (full and truncated variants)."""


_META = token_set(R.META_LINE_TOKENS)
_AUTHOR_BIO = token_set(R.AUTHOR_BIO_TOKENS)
_TABULAR = frozenset({"td", "li", "table", "pre", "code", "dt", "dd", "kbd", "samp", "var"})
"""Where bare numbers are data (a table cell, a code signature's default value)."""
_CAPTION = token_set(R.CAPTION_TOKENS)
_INFOBOX = frozenset({"infobox", "portable-infobox"})


def photo_credits(root: HtmlElement) -> Iterator[HtmlElement]:
    """Lone credit lines under images ('Photo: Hau Dinh, AP')."""
    for el, text in _short_blocks(root, 80):
        if R.PHOTO_CREDIT_TEXT.match(text):
            yield el


def inline_teasers(root: HtmlElement) -> Iterator[HtmlElement]:
    """Links to other articles set inside the body: 'SEE MORE: …', 'Related: …', 'Also: <a>…'
    and paragraphs that are nothing but a headline-styled (all capitals) link."""
    for el, text in _short_blocks(root, 200):
        has_link = tag_of(el) == "a" or el.find(".//a") is not None
        if has_link and _reads_as_teaser(el, text):
            yield el


def _reads_as_teaser(el: HtmlElement, text: str) -> bool:
    if R.INLINE_TEASER_TEXT.match(text):
        return True
    if R.ALSO_TEASER_TEXT.match(text):
        return link_density(el, len(text)) > 0.5
    return (
        tag_of(el) == "p"
        and text.isupper()
        and len(text) >= 20
        and link_density(el, len(text)) > 0.9
    )


def calls_to_action(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Follow us on Instagram', 'Click here to get the app', unrendered CMS shortcodes."""
    for el, text in _short_blocks(root, 200):
        if R.SOCIAL_CTA_TEXT.match(text):
            yield _grow_card(el, MAX_CTA_CHARS)  # the box it heads ('…then press Follow.')
        elif (
            R.SHORTCODE_TEXT.match(text)
            or R.TYPO_HINT_TEXT.search(text)
            or R.GOOGLE_NEWS_TEXT.search(text)
            or R.VIDEO_LABEL_TEXT.match(text)
            or R.FEEDBACK_TEXT.match(text)
        ):
            yield el
    for el, text in _short_blocks(root, MAX_CTA_CHARS):
        if R.COMMERCE_NOTE_TEXT.search(text) and tag_of(el) in ("p", "div", "span", "em", "small"):
            yield el


def permalink_marks(root: HtmlElement) -> Iterator[HtmlElement]:
    """The '#', '¶' or '🔗' a heading carries as a link to itself: a mark to click, not a word
    of the heading (Readability.js's text has none)."""
    for heading in root.iter(*HEADING_TAGS):
        for link in heading.iter("a"):
            href = link.get("href") or ""
            if href.startswith("#") and not any(ch.isalnum() for ch in text_of(link)):
                yield link


def line_numbers(root: HtmlElement) -> Iterator[HtmlElement]:
    """The line-number gutter of a highlighted listing ('1 2 3 …' in ``td.linenos``): it
    would sit in the text before the code."""
    for el, tokens in _scan_of(root).tokened:
        if tokens & _LINE_NUMBERS and not any(ch.isalpha() for ch in text_of(el)):
            yield el


_LINE_NUMBERS = frozenset({"linenos", "lineno", "line-numbers", "linenodiv", "lntd", "gutter"})


def image_controls(root: HtmlElement) -> Iterator[HtmlElement]:
    """Lightbox buttons under photos ('View this image ›', 'Click to enlarge', 'hide caption'),
    also when they are a word inside the caption's own line."""
    for el, text in _short_blocks(root, 40):
        if R.IMAGE_CONTROL_TEXT.match(text):
            yield el
    for el in root.iter("b", "i", "span", "a", "button"):
        if len(el) == 0 and el.text and len(el.text) <= 60:  # a leaf label: no text walk
            text = normalize_space(el.text)
            if R.IMAGE_CONTROL_TEXT.match(text):
                yield el


def citation_links(root: HtmlElement) -> Iterator[HtmlElement]:
    """'Google Scholar', 'PubMed' and 'CAS' links after each entry of a reference list, and a
    documentation page's '[source]' links."""
    for a in root.iter("a"):
        text = text_of(a)
        if R.CITATION_LINK_TEXT.match(text) and (
            text.startswith("[") or next(a.iterancestors("li"), None) is not None
        ):
            yield a


def gallery_counters(root: HtmlElement) -> Iterator[HtmlElement]:
    """Slide counters ('6', '1 / 5', 'Slide 3 of 10') left from image galleries."""
    for el, text in _short_blocks(root, 20):
        if (
            tag_of(el) in ("div", "span", "p", "small", "strong")
            and R.GALLERY_COUNTER_TEXT.match(text)
            and not any(tag_of(a) in _TABULAR for a in el.iterancestors())
            and not _labelled_value(el, text)
        ):
            yield el


def _labelled_value(el: HtmlElement, text: str) -> bool:
    """A number that is the value of a label beside it ('Calories: <span>268</span> kcal',
    'Servings <span>10</span>'), not a slide counter."""
    parent = el.getparent()
    if tag_of(el) not in ("span", "strong", "small") or parent is None:
        return False
    rest = text_of(parent).replace(text, "", 1)
    return any(ch.isalpha() for ch in rest)


def _is_caption(el: HtmlElement) -> bool:
    if tag_of(el) == "figcaption" or class_tokens(el) & _CAPTION:
        return True
    return any(tag_of(a) == "figure" for a in el.iterancestors())


def _in_running_text(el: HtmlElement) -> bool:
    """Code, and a span that is only part of its line, repeat on purpose: the same SQL
    identifier or output row in every listing, the same 'Retrieved 7 January 2011' in a
    list of references. Only a caption, or a span that is its block's whole text, is a
    widget's copy. Measured: RT text F1 +0.0011 (access dates of references, repeated rows
    and identifiers of code listings back), SH unchanged."""
    if any(tag_of(a) in ("pre", "code") for a in el.iterancestors()):
        return True
    if tag_of(el) != "span" or _is_caption(el):
        return False
    parent = el.getparent()
    return parent is not None and text_of(parent) != text_of(el)


def duplicate_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """A caption or widget line whose text already appeared (slideshows repeat each caption per
    slide): the reader needs it once. Paragraphs are left alone unless they are captions: poems
    and songs repeat on purpose."""
    seen: dict[str, HtmlElement] = {}
    for el in root.iter("figcaption", "p", "div", "span"):
        if tag_of(el) == "p" and _repeats_previous(el):
            yield el  # the same line twice in a row is a widget's (one title per slide)
            continue
        if has_block_children(el) or (tag_of(el) == "p" and not _is_caption(el)):
            continue
        if _in_running_text(el):
            continue
        text = text_of(el)
        if len(text) < 20:
            continue
        # Keyed on the opening words: galleries pair a full caption with a truncated copy.
        first = seen.setdefault(text[:DUPLICATE_KEY_CHARS], el)
        if first is not el and first not in el.iterancestors() and el not in first.iterancestors():
            yield el


def _repeats_previous(p: HtmlElement) -> bool:
    previous = p.getprevious()
    if previous is None or tag_of(previous) != "p":
        return False
    text = text_of(p)
    return len(text) >= 20 and text == text_of(previous)


def meta_lines(root: HtmlElement) -> Iterator[HtmlElement]:
    """Byline, date, '2 min read' and tag strips inside the body (the reader header shows
    them once). Only in the body pass: before scoring they help find the article."""
    for el in _with_tokens(root, _META):
        if not _is_content(el) and len(text_of(el)) <= 200 and not _attributes_a_quote(el):
            yield el
    for el, text in _short_blocks(root, 100):
        if (
            R.READING_TIME_TEXT.match(text)
            or (R.BYLINE_LINE_TEXT.match(text) and tag_of(el) not in HEADING_TAGS)
            or R.META_LABEL_TEXT.match(text)
        ):
            yield el
    for el, text in _short_blocks(root, 200):
        if R.COPYRIGHT_TEXT.match(text) or _is_date_line(el, text):
            yield el
    for el in _with_tokens(root, _AUTHOR_BIO):
        if not _is_content(el) and len(text_of(el)) <= MAX_CARD_CHARS:
            yield el
    for heading in root.iter(*HEADING_TAGS):
        box = heading.getparent()
        if (
            box is not None
            and box is not root
            and R.AUTHOR_BIO_HEADING_TEXT.match(text_of(heading))
            and not _is_content(box)
            and len(text_of(box)) <= MAX_CARD_CHARS
        ):
            yield box


_CALENDAR_DAY = re.compile(r"\s*\d{4}-\d{2}-\d{2}")


def _is_date_line(el: HtmlElement, text: str) -> bool:
    """'04/03/2025 16h05 Publicado há 3 horas Atualizado há 43 minutos': a line made of
    ``<time>`` elements and a few words around them (the reader header shows the date). A
    sentence that mentions a ``<time>`` ('The vote is on <time>Monday</time>.') is prose."""
    times = list(el.iter("time"))
    if not any(_CALENDAR_DAY.match(t.get("datetime") or "") for t in times):
        return False  # (a transcript's '00:00:12' is a duration: its speaker stays)
    if text.rstrip().endswith((".", "!", "?")):
        return False
    said = [text_of(t) for t in times]
    rest = text
    for time in said:
        rest = rest.replace(time, " ")
    words = [w for w in rest.split() if any(ch.isalpha() for ch in w)]
    return sum(map(len, said)) * 3 >= len(text) and len(words) <= 4


def _attributes_a_quote(el: HtmlElement) -> bool:
    """'— Dr. Hannah Okafor, seagrass ecologist' under a quotation ('blockquote__byline'): who
    said it belongs with what was said."""
    if next(el.iterancestors("blockquote"), None) is not None:
        return True
    previous = el.getprevious()  # the line right under the quotation
    return previous is not None and previous.tag == "blockquote"


def asides(root: HtmlElement) -> Iterator[HtmlElement]:
    """``<aside>`` inside the article body: an inset of teasers ('… Read more'), an offer box
    or a fact box beside the text. Readability.js drops every aside in the article it chose
    (``_clean(articleContent, "aside")``); a pull quote — bare text, no link, heading or
    image — stays, because human article bodies (the ScrapingHub set) keep it. Measured: RT
    text F1 +0.0003 (two lifehacker pages' teaser insets, topicseed's offer), SH unchanged."""
    for el in root.iter("aside"):
        if el is not root and not _is_pull_quote(el) and not class_tokens(el) & _INFOBOX:
            yield el  # (an infobox's key facts are the article's: 'aside.portable-infobox')


def _is_pull_quote(el: HtmlElement) -> bool:
    return next(el.iter("a", "img", "picture", "header", *HEADING_TAGS), None) is None


def empty_blocks(root: HtmlElement) -> Iterator[HtmlElement]:
    """Blocks with neither text nor media left after the other rules. (Not ``<span>``: an
    inline element holding only a space, even an ideographic one, separates two words.)"""
    for el in root.iter("div", "section", "p", "li", "ul", "ol", "aside", "figure"):
        if (
            not el.text_content().strip()
            and el.find(".//br") is None
            and el.find(".//img") is None
            and el.find(".//video") is None
            and el.find(".//picture") is None
            and el.find(".//table") is None
        ):
            yield el


BODY_RULES: tuple[Rule, ...] = (
    *(r for r in PAGE_RULES if r.name not in ("non_content", "page_chrome")),
    Rule("meta_lines", meta_lines),
    Rule("photo_credits", photo_credits),
    Rule("inline_teasers", inline_teasers),
    Rule("calls_to_action", calls_to_action),
    Rule("gallery_counters", gallery_counters),
    Rule("image_controls", image_controls),
    Rule("citation_links", citation_links),
    Rule("line_numbers", line_numbers),
    Rule("permalink_marks", permalink_marks),
    Rule("duplicate_blocks", duplicate_blocks),
    Rule("asides", asides),
    Rule("empty_blocks", empty_blocks, guarded=False, recorded=False),
)
