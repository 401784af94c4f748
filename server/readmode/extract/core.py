"""Stage 3 — the readability core: pick the article body out of the decluttered tree.

readability-lxml's scorer stays the core (it is well tested on the open web); we feed it our
already-parsed, already-decluttered tree instead of a string — so the page is parsed once — and
our hints as positive/negative class keywords. We take its chosen element instead of its
serialised HTML.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from readmode.extract.article import NotReadable
from readmode.extract.dom import link_density, text_of
from readmode.extract.rules import NEGATIVE_HINTS, POSITIVE_HINTS

# Tunables --------------------------------------------------------------------------------------
MIN_TEXT_LENGTH = 25
"""readability-lxml's default: paragraphs shorter than this do not vote for their parent."""

RETRY_LENGTH = 250
"""readability-lxml's default: a result shorter than this triggers its less ruthless retry."""

SECTION_MIN_CHARS = 80
"""A heading followed by a block this long (with few links) opens a section (see
``_TreeDocument.sanitize``)."""

LINKED_HEADING_DENSITY = 0.33
"""readability-lxml's cut: a heading with more link text than this is dropped as a teaser."""

SIBLING_CLASS_BONUS = 0.2
SEGMENT_LEVELS = 3
SEGMENT_MIN_TWINS = 2
SEGMENT_MIN_CHARS = 200
SEGMENT_MAX_LINK_DENSITY = 0.25
"""Twin-block promotion (see ``_segment_parent``): look at most three levels up, and count a
twin only when it holds a paragraph's worth of prose that is not mostly links."""
TOP_CANDIDATES = 5
ALTERNATIVE_SCORE_RATIO = 0.75
MIN_ALTERNATIVES = 3
"""Readability.js's constants for promoting a shared ancestor of close top candidates."""

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def _is_prose(el: HtmlElement) -> bool:
    prose = sum(len(text_of(p)) for p in el.iter("p"))
    return prose >= SEGMENT_MIN_CHARS and link_density(el) < SEGMENT_MAX_LINK_DENSITY


def _reads_as_prose(paragraph: HtmlElement) -> bool:
    text = text_of(paragraph)
    density = link_density(paragraph, len(text))
    if len(text) > 80:
        return density < 0.25
    return density == 0 and bool(re.search(r"\.( |$)", text))


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CAPTION = re.compile(r"caption|credit", re.IGNORECASE)


def _prose_wrapper(el: HtmlElement) -> bool:
    """A wrapper that is nothing but prose paragraphs (and the headings over them): a standfirst
    or intro in a block of its own beside the body, a slideshow's caption. readability-lxml
    scores only a paragraph's parent and grandparent, so a paragraph nested three levels down
    leaves its wrapper unscored and outside the article. Captions and credits do not count as
    prose (a lead photo's caption box stays out, as the ScrapingHub ground truth wants).
    Headings count neither way: a gallery repeats its caption as a heading over the same text.
    Measured: RT text F1 +0.0002 (engadget's intro back), SH unchanged; not counting headings,
    RT F1 +0.0012 more (yahoo-2's slideshow caption), SH unchanged."""
    text = len(text_of(el))
    headings = sum(len(text_of(h)) for h in el.iter(*_HEADINGS))
    has_media = next(el.iter("img", "figure", "picture", "video"), None) is not None
    if text - headings < 140 or has_media:
        return False
    prose = sum(
        len(text_of(p))
        for p in el.iter("p")
        if _reads_as_prose(p) and not _CAPTION.search(p.get("class") or "")
    )
    return prose >= 0.8 * (text - headings) and link_density(el, text) < 0.2


def _section_heading(heading: HtmlElement, body: HtmlElement) -> bool:
    """A heading that opens a section of the article: the next sibling with text is a prose
    block (not another heading), and the heading is not inside a list, an aside, a figure or a
    caption box (where a linked headline is a teaser card or a video's title)."""
    for ancestor in heading.iterancestors():
        if ancestor is body:
            break
        in_caption = _CAPTION.search(ancestor.get("class") or "")
        if ancestor.tag in ("li", "aside", "figure") or in_caption:
            return False
    for sibling in heading.itersiblings():
        text = text_of(sibling)
        if not text:
            continue
        if sibling.tag in _HEADINGS:
            return False
        return len(text) >= SECTION_MIN_CHARS and link_density(sibling, len(text)) < 0.25
    return False


def _swap(old: HtmlElement, new: HtmlElement) -> HtmlElement:
    """Put ``new`` where ``old`` is (with its tail); return ``new``."""
    new.tail, old.tail = old.tail, None
    old.getparent().replace(old, new)
    return new


class _TreeDocument(Document):  # type: ignore[misc]
    """A readability ``Document`` that keeps the element it chose instead of only a string."""

    chosen: HtmlElement | None = None

    def get_clean_html(self) -> Any:
        self.chosen = self.html
        # readability only measures the length of what we return (to decide on its retry);
        # the text length is the honest measure and avoids serialising the tree.
        return "x" * len(self.html.text_content().strip())

    def get_preserved_elements(self, node: HtmlElement) -> dict[HtmlElement, bool]:
        """Lists survive readability-lxml's conditional cleaning. It drops a ``<ul>`` with
        many links, which made sense when menus and link rails were still in the tree; the
        declutter stage removed those, so a list left inside the body is the author's (a
        changelog, a list of sources). Measured: RT text F1 +0.002, SH F1 +0.001, precision
        unchanged on both."""
        preserved: dict[HtmlElement, bool] = super().get_preserved_elements(node)
        preserved.update((ul, True) for ul in node.iter("ul"))
        return preserved

    def get_article(
        self, candidates: dict[HtmlElement, Any], best_candidate: Any, html_partial: bool = False
    ) -> Any:
        """Two sibling rules of Readability.js before readability-lxml's sibling pass:

        * a sibling with the same class as the chosen block (the next 'article-body__part')
          gets a fifth of its score;
        * a sibling paragraph is judged by its whole text, not by the text before its first
          inline child (readability-lxml reads ``p.text``, so '<p><a>Name</a> said …' looked
          empty): over 80 characters with little link text, or a short sentence without links;
        * a sibling ``<div>``/``<section>`` that holds only prose paragraphs joins too.
        """
        best = best_candidate["elem"]
        parent = best.getparent()
        if parent is None:
            return super().get_article(candidates, best_candidate, html_partial=html_partial)
        classes = best.get("class")
        threshold = max(10, best_candidate["content_score"] * 0.2)
        for sibling in parent:
            if sibling is best:
                continue
            if classes and sibling.get("class") == classes and sibling in candidates:
                candidates[sibling]["content_score"] += (
                    best_candidate["content_score"] * SIBLING_CLASS_BONUS
                )
            if sibling.tag == "p" and sibling not in candidates and _reads_as_prose(sibling):
                candidates[sibling] = {"content_score": threshold, "elem": sibling}
            elif sibling.tag in ("div", "section") and _prose_wrapper(sibling):
                entry = candidates.setdefault(sibling, {"content_score": 0.0, "elem": sibling})
                entry["content_score"] = max(entry["content_score"], threshold)
        return super().get_article(candidates, best_candidate, html_partial=html_partial)

    def sanitize(
        self, node: HtmlElement, candidates: dict[HtmlElement, Any], keep_all_images: bool = False
    ) -> Any:
        """readability-lxml drops every heading whose text is more than a third links;
        Readability.js drops headings only by their class. A section heading that links to its
        subject ('"Thumper" ($20)' over a review of the game) is the article's own; a linked
        headline in a teaser list is not (see ``_section_heading``). The kept headings wait
        outside the tree, behind an empty placeholder, while readability-lxml cleans: the
        blocks around them are judged on exactly the text they were judged on before.
        Measured: RT text F1 +0.0008 (yahoo-1, mercurial, toc-missing, videos-1), SH F1
        +0.0003, precision not lower on any page of either set."""
        kept = [
            h
            for h in node.iter(*_HEADINGS)
            if self.get_link_density(h) > LINKED_HEADING_DENSITY
            and self.class_weight(h) >= 0
            and _section_heading(h, node)
        ]
        placeholders = [_swap(h, h.makeelement("rm-heading", {})) for h in kept]
        try:
            return super().sanitize(node, candidates, keep_all_images)
        finally:
            for heading, placeholder in zip(kept, placeholders, strict=True):
                if placeholder.getparent() is not None:  # its block survived the cleaning
                    _swap(placeholder, heading)

    @staticmethod
    def _outside_data_table(elem: HtmlElement) -> HtmlElement:
        """readability-lxml scores table cells like paragraphs, so a long data table (a
        Wikipedia list) can win on its own and leave out the prose around it. A data table —
        with header cells or a caption, unlike a layout table — is part of an article; the
        article is the block that holds it."""
        table = elem if elem.tag == "table" else None
        if table is None and elem.tag in ("tbody", "thead", "tfoot", "tr", "td", "th"):
            table = next((a for a in elem.iterancestors() if a.tag == "table"), None)
        if table is None or table.getparent() is None:
            return elem
        if table.find(".//th") is None and table.find("caption") is None:
            return elem  # a layout table: its cell may well be the article
        parent = table.getparent()
        return parent if parent.tag not in ("body", "html") else elem

    @staticmethod
    def _rising_ancestor(elem: HtmlElement, candidates: dict[HtmlElement, Any]) -> HtmlElement:
        """Readability.js: walking up from the best block, a scored ancestor whose score goes
        *up* again (before falling under a third of the best) unites more of the article —
        a standfirst and the body held in sibling wrappers."""
        if elem not in candidates:
            return elem
        last = candidates[elem]["content_score"]
        floor = last / 3
        for ancestor in elem.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            if ancestor not in candidates:
                continue
            score = candidates[ancestor]["content_score"]
            if score < floor:
                break
            if score > last:
                return ancestor
            last = score
        return elem

    @staticmethod
    def _segment_parent(elem: HtmlElement) -> HtmlElement:
        """An article split into twin blocks (Medium's ``<section class="…">`` per part, CMSs'
        'article-body__part'): when the chosen block or one of its near ancestors has a twin
        sibling (same tag and class) that is also prose, the article is their parent."""
        for level, block in enumerate((elem, *elem.iterancestors())):
            parent = block.getparent()
            classes = block.get("class")
            if level > SEGMENT_LEVELS or parent is None or block.tag in ("body", "html"):
                break
            if not classes:
                continue
            twins = [
                twin
                for twin in parent
                if twin is not block and twin.tag == block.tag and twin.get("class") == classes
            ]
            prose_twins = sum(1 for twin in twins if _is_prose(twin))
            if prose_twins >= SEGMENT_MIN_TWINS:
                return parent
        return elem

    def select_best_candidate(self, candidates: dict[HtmlElement, Any]) -> Any:
        """readability-lxml's choice, then Readability.js's correction for templates that
        split an article into several scored blocks: when at least three of the other top
        candidates (scoring within 75 % of the best) share an ancestor with it, that ancestor
        is the article. (Readability.js's other correction, an only child promoted to its
        parent, lowered precision on both corpora here and is left out.)"""
        best = super().select_best_candidate(candidates)
        if best is None:
            return None
        elem = best["elem"]
        top = sorted(candidates.values(), key=lambda c: c["content_score"], reverse=True)
        close = [
            set(c["elem"].iterancestors())
            for c in top[1:TOP_CANDIDATES]
            if c["elem"] is not elem
            and best["content_score"] > 0
            and c["content_score"] / best["content_score"] >= ALTERNATIVE_SCORE_RATIO
        ]
        if len(close) >= MIN_ALTERNATIVES:
            for ancestor in elem.iterancestors():
                if ancestor.tag in ("body", "html"):
                    break
                if sum(ancestor in ancestors for ancestors in close) >= MIN_ALTERNATIVES:
                    elem = ancestor
                    break
        elem = self._outside_data_table(elem)
        elem = self._rising_ancestor(elem, candidates)
        elem = self._segment_parent(elem)
        if elem is best["elem"]:
            return best
        promoted = candidates.get(elem) or self.score_node(elem)
        promoted["content_score"] = max(promoted["content_score"], best["content_score"])
        candidates[elem] = promoted
        return promoted


_EMBED_CLASSES = (
    "twitter-tweet",
    "twitter-video",
    "instagram-media",
    "tiktok-embed",
    "bluesky-embed",
)


def _protect_embedded_posts(root: HtmlElement) -> None:
    """Embedded tweets and posts are quotations the author chose; readability-lxml drops any
    element whose class says "tweet" as sidebar clutter, so their class names go first."""
    for quote in root.iter("blockquote"):
        classes = (quote.get("class") or "").lower()
        if any(name in classes for name in _EMBED_CLASSES):
            del quote.attrib["class"]
            # ...and so do their wrappers ('social-media-embed' reads as clutter to it too).
            wrapper = quote.getparent()
            if wrapper is not None and len(wrapper) == 1 and "class" in wrapper.attrib:
                del wrapper.attrib["class"]


def readability_body(root: HtmlElement, url: str | None) -> HtmlElement:
    """The article body chosen by readability-lxml, as a detached element.

    ``root`` is not modified: readability works on its own copy (its cleaner deep-copies the
    tree), which is also what makes its second, less ruthless attempt possible.
    """
    _protect_embedded_posts(root)
    doc = _TreeDocument(
        root,
        positive_keywords=list(POSITIVE_HINTS),
        negative_keywords=list(NEGATIVE_HINTS),
        url=None,  # we resolve URLs ourselves (srcset and lazy attributes included)
        min_text_length=MIN_TEXT_LENGTH,
        retry_length=RETRY_LENGTH,
    )
    try:
        doc.summary(html_partial=True)
    except Unparseable as exc:
        raise NotReadable("No article was found on this page.") from exc
    except RecursionError as exc:
        raise NotReadable("The page is nested too deeply to read.") from exc
    if doc.chosen is None:
        raise NotReadable("No article was found on this page.")
    return doc.chosen
