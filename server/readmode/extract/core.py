"""Stage 3 — the readability core: pick the article body out of the decluttered tree.

readability-lxml's scorer stays the core (it is well tested on the open web); we feed it our
already-parsed, already-decluttered tree instead of a string — so the page is parsed once — and
our hints as positive/negative class keywords. We take its chosen element instead of its
serialised HTML.

Where readability-lxml and Readability.js (Firefox Reader View) differ, the subclass below
follows Readability.js or the page's own structure, each change measured on both corpora
(numbers in the docstrings):

- choosing the block: a shared ancestor of close top candidates, the block around a data
  table, a rising ancestor, twin segments (``select_best_candidate``);
- joining siblings: same-class siblings, paragraphs judged by their whole text, wrappers of
  nothing but prose (``get_article``);
- scoring and cleaning: in-page links discounted, link-heavy inline ``div``s left as ``div``s,
  ``<header>`` at 0, linked headings over prose, lists, tables of contents, data tables, code
  listings and embedded posts kept (``get_link_density``, ``transform_misused_divs_into_
  paragraphs``, ``score_node``, ``sanitize``, ``get_preserved_elements``).
"""

from __future__ import annotations

import copy
import itertools
import logging
import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import REGEXES, Unparseable

from readmode.extract.article import NotReadable
from readmode.extract.dom import (
    CJK_CHARACTER,
    HEADING_TAGS,
    class_tokens,
    has_block_children,
    link_density,
    text_of,
    token_set,
)
from readmode.extract.rules import CAPTION_TOKENS, NEGATIVE_HINTS, POSITIVE_HINTS

HEADINGS = tuple(sorted(HEADING_TAGS))

# Tunables --------------------------------------------------------------------------------------
MIN_TEXT_LENGTH = 25
"""readability-lxml's default: paragraphs shorter than this do not vote for their parent."""

RETRY_LENGTH = 250
"""readability-lxml's default: a result shorter than this triggers its less ruthless retry."""

SIBLING_CLASS_BONUS = 0.2
SEGMENT_LEVELS = 3
SEGMENT_MIN_TWINS = 2
SEGMENT_MIN_CHARS = 200
SEGMENT_MAX_LINK_DENSITY = 0.25
"""Twin-block promotion (see ``_segment_parent``): look at most three levels up, and count a
twin only when it holds a paragraph's worth of prose that is not mostly links."""
IN_PAGE_LINK_WEIGHT = 0.3
"""Readability.js counts the text of a link to an anchor on the same page (``href="#…"``) at
30 % in link density: a table of contents, footnote markers and self-linked section headings
are the document's own structure, not links away from it. Measured: RT text F1 +0.0007
(tables of contents and self-linked headings of documentation pages back), SH unchanged."""
LIST_BLOCK_SHARE = 0.9
LIST_MAX_LINKS = 0.5
"""A ``<div>`` whose text is at least 90 % lists is a list (Readability.js's test); it keeps
its place in the article while at most half of its text is links. Measured: RT text F1
+0.0004 (wiki tables of contents), SH unchanged."""
LINKY_LINE_DENSITY = 0.25
"""Readability.js's limit for a ``<div>`` of inline content to count as a paragraph. Measured:
RT text F1 +0.0005 (wiki hatnotes, 'Reviewed by' lines, 'Previous:' links gone), SH F1
-0.0001 (one credit line 'Provided by <a>Agency</a>' lost, one page's choice shifted)."""
SECTION_PROSE_CHARS = 80
SECTION_PROSE_MAX_LINKS = 0.25
SECTION_LOOKAHEAD = 2
"""A linked heading followed by at least this much prose (links under a quarter of it), in one
of its next two blocks, heads a section of the article. Measured: RT text F1 +0.0018 at 140
characters (listicle entries, digest articles, and pages whose short first attempt triggered
the retry), SH F1 +0.0003 (product-list headings back); 80 characters (a short review entry
in a listicle) adds RT +0.0005 and SH precision +0.0006; teaser headlines still go."""
MEDIA_MAX_IMAGES = 2
"""A block with no text of its own (under ``MIN_TEXT_LENGTH``) that holds one or two pictures
is a photo of the article (Readability.js keeps it; inside a ``<figure>`` any number).
readability-lxml drops it as "no content" unless a neighbour has 1,000 characters, so every
photo in a wrapper ``<div>`` was lost. A picture that links to another page (a teaser's
thumbnail, an advertiser's banner) does not count."""
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
    if _weight(text) > 80:
        return density < 0.25
    return density == 0 and bool(re.search(r"\.( |$)|[。！？]", text))


CJK_CHAR_WEIGHT = 3
"""A Chinese or Japanese character carries about as much as three Latin letters (a word of
English is five letters and a space; one to two characters in Chinese): the character
thresholds below count it so, or a CJK standfirst of 60 characters reads as a label."""


def _weight(text: str) -> int:
    return len(text) + (CJK_CHAR_WEIGHT - 1) * len(CJK_CHARACTER.findall(text))


_CAPTION = token_set(CAPTION_TOKENS)


def _prose_wrapper(el: HtmlElement) -> bool:
    """A wrapper that is nothing but prose paragraphs (and the headings over them): a standfirst
    or intro in a block of its own beside the body, a slideshow's caption. readability-lxml
    scores only a paragraph's parent and grandparent, so a paragraph nested three levels down
    leaves its wrapper unscored and outside the article. Captions and credits do not count as
    prose (a lead photo's caption box stays out, as the ScrapingHub ground truth wants).
    Headings count neither way: a gallery repeats its caption as a heading over the same text.
    Measured: RT text F1 +0.0002 (engadget's intro back), SH unchanged; not counting headings,
    RT F1 +0.0012 more (yahoo-2's slideshow caption), SH unchanged."""
    full_text = text_of(el)
    text = _weight(full_text)
    headings = sum(_weight(text_of(h)) for h in el.iter(*HEADINGS))
    has_media = next(el.iter("img", "figure", "picture", "video"), None) is not None
    if text - headings < 140 or has_media:
        return False
    prose = sum(
        _weight(text_of(p))
        for p in el.iter("p")
        if _reads_as_prose(p) and not class_tokens(p) & _CAPTION
    )
    return prose >= 0.8 * (text - headings) and link_density(el, len(full_text)) < 0.2


_DATA_TABLE_PARTS = ("caption", "col", "colgroup", "thead", "tfoot", "th")


def _is_data_table(table: HtmlElement) -> bool:
    """Readability.js's test for a table of data rather than layout: a summary, a caption or
    header cells. Readability.js never cleans a data table or anything in it (an infobox of
    facts, a results table); readability-lxml drops one whose cells are mostly links.
    Measured: RT text F1 +0.0002 (wiki infoboxes, a release table), SH unchanged."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    return any(next(table.iter(tag), None) is not None for tag in _DATA_TABLE_PARTS)


_MEDIA_WORD = re.compile("media", re.IGNORECASE)
_GALLERY = token_set(("gallery", "slideshow", "carousel", "slides", "photo-grid"))
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)", re.IGNORECASE)


def _media_block(el: HtmlElement) -> bool:
    """A photo's wrapper in the article (see ``MEDIA_MAX_IMAGES``); a gallery's any number."""
    if len(text_of(el)) >= MIN_TEXT_LENGTH:
        return False  # text of its own: readability-lxml's other tests judge it
    pictures = [img for img in el.iter("img") if not _links_away(img)]
    if not pictures:
        return False
    in_figure = el.tag == "figure" or next(el.iterancestors("figure"), None) is not None
    gallery = bool(class_tokens(el) & _GALLERY) or any(
        class_tokens(up) & _GALLERY for up in itertools.islice(el.iterancestors(), 3)
    )
    return in_figure or gallery or len(pictures) <= MEDIA_MAX_IMAGES


def _heading_block(el: HtmlElement) -> bool:
    """A wrapper holding nothing but a subheading (editors that give every block its own
    wrapper: Draft.js, Gutenberg): readability-lxml drops it as 'too short' under 25
    characters. A linked heading (a teaser's headline) does not count."""
    text = text_of(el)
    if not text or len(text) >= MIN_TEXT_LENGTH:
        return False
    headings = [h for h in el.iter("h2", "h3", "h4", "h5", "h6") if text_of(h) == text]
    return bool(headings) and link_density(headings[0]) < 0.5


def _links_away(img: HtmlElement) -> bool:
    """The picture is a link to another page (an in-page anchor or the image file is not)."""
    link = next(img.iterancestors("a"), None)
    if link is None:
        return False
    figure = next(img.iterancestors("figure"), None)
    if figure is not None and figure.find(".//figcaption") is not None:
        return False  # a captioned figure's link opens the picture (a viewer page), not a story
    href = (link.get("href") or "").strip()
    return bool(href) and not href.startswith("#") and not _IMAGE_FILE.search(href)


def _introduces_prose(heading: HtmlElement) -> bool:
    """One of the heading's next two blocks (a byline may come first) is a paragraph of prose,
    not a headline teaser's blurb or another headline (see ``SECTION_PROSE_CHARS``)."""
    seen = 0
    for following in heading.itersiblings():
        text = text_of(following)
        if not text:
            continue
        if following.tag in HEADING_TAGS:
            return False
        if (
            len(text) >= SECTION_PROSE_CHARS
            and link_density(following, len(text)) < SECTION_PROSE_MAX_LINKS
        ):
            return True
        seen += 1
        if seen == SECTION_LOOKAHEAD:
            return False
    return False


def _remove_keeping_tail(el: Any) -> None:
    """Remove ``el`` and its content; the text after it stays (lxml's ``drop_tree``, which
    comments and processing instructions lack)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _outer_lists(el: HtmlElement) -> list[HtmlElement]:
    """The lists under ``el`` that are not inside another list under ``el``."""
    found: list[HtmlElement] = []
    for child in el:
        if child.tag in ("ul", "ol"):
            found.append(child)
        elif isinstance(child.tag, str):
            found.extend(_outer_lists(child))
    return found


class _TreeDocument(Document):  # type: ignore[misc]
    """A readability ``Document`` that keeps the element it chose instead of only a string."""

    chosen: HtmlElement | None = None
    # Linked headings that head a section, while ``sanitize`` runs (see ``_introduces_prose``).
    _section_headings: frozenset[HtmlElement] = frozenset()

    def get_link_density(self, elem: HtmlElement) -> float:
        """readability-lxml's link density with Readability.js's discount for in-page links
        (see ``IN_PAGE_LINK_WEIGHT``); a heading that opens a section of prose counts as
        unlinked while the article is cleaned (see ``sanitize``)."""
        if elem in self._section_headings:
            return 0.0
        linked = 0.0
        for a in elem.iterdescendants("a"):
            weight = IN_PAGE_LINK_WEIGHT if (a.get("href") or "").startswith("#") else 1.0
            linked += weight * len(text_of(a))
        return linked / max(len(text_of(elem)), 1)

    def transform_misused_divs_into_paragraphs(self) -> None:
        """readability-lxml turns every ``<div>`` of inline content into a ``<p>``, which then
        escapes its link-density cleaning. Readability.js does so only when the block's links
        are under a quarter of its text; a link-heavy line in its own ``<div>`` ('Main article:
        Firefox', 'For other uses, see …', a row of tags) stays a ``<div>`` and is cleaned
        conditionally like any other."""
        linky = [
            div
            for div in self.html.iter("div")
            if not has_block_children(div)
            and next(div.iter("img"), None) is None
            and self.get_link_density(div) >= LINKY_LINE_DENSITY
            and not any(a.tag in ("td", "th") for a in div.iterancestors())
        ]
        super().transform_misused_divs_into_paragraphs()
        for div in linky:
            div.tag = "div"

    def score_node(self, elem: HtmlElement) -> dict[str, Any]:
        """Readability.js's starting scores: an article's ``<header>`` (title and standfirst)
        starts at 0, not at readability-lxml's -5, which left any header with one short
        paragraph below zero and so cut from the article. Measured: RT text F1 +0.0002 (a
        product page's intro back), SH unchanged."""
        scored: dict[str, Any] = super().score_node(elem)
        if elem.tag == "header":
            scored["content_score"] += 5
        return scored

    def sanitize(
        self, node: HtmlElement, candidates: dict[HtmlElement, Any], keep_all_images: bool = False
    ) -> Any:
        """readability-lxml drops every heading whose text is mostly a link; Readability.js
        keeps them. A linked heading followed by prose heads a section (an entry of a
        listicle linking to its subject, an article in a weekly digest) and stays; one
        followed by nothing but other headlines is a teaser and still goes. (Teaser asides
        in the body are the declutter stage's ``asides`` rule.)"""
        self._section_headings = frozenset(h for h in node.iter(*HEADINGS) if _introduces_prose(h))
        try:
            return super().sanitize(node, candidates, keep_all_images)
        finally:
            self._section_headings = frozenset()

    def _parse(self, input: Any) -> HtmlElement:
        """readability-lxml's parse step on our tree: its own copy (the retry needs the
        original; the caller's tree is never touched) with embedded posts and subheadings
        protected from its class rules, without the comments, ``<noscript>`` and ``<iframe>``
        it kills. Its other steps are done already — hidden nodes, scripts, styles and links
        went in the declutter stage, links are resolved and the markup sanitised in finish —
        and its general-purpose cleaner, walking every attribute of every element, was a tenth
        of the core's time."""
        doc: HtmlElement = copy.deepcopy(input)
        _protect_embedded_posts(doc)
        _protect_subheadings(doc)
        _protect_footnotes(doc)
        for el in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
            _remove_keeping_tail(el)
        for el in list(doc.iter("noscript", "iframe")):
            _remove_keeping_tail(el)
        for el in doc.xpath("//*[@hidden]"):  # what our safety valve kept, it still drops
            el.drop_tree()
        for item in doc.iter("li"):
            # 'li > section > span' (WeChat's editor): the wrapper is the item itself, and
            # conditional cleaning would drop it as a block too short to be content.
            if (
                len(item) == 1
                and item[0].tag in ("section", "div")
                and not (item.text or "").strip()
            ):
                item[0].drop_tag()
        for el in doc.xpath("//*[@style]"):
            if REGEXES["displayNoneRe"].search(el.get("style")):
                el.drop_tree()
        doc.resolve_base_href(handle_failures="discard")
        return doc

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
        unchanged on both. So do list-like wrappers (``_list_block``), short code listings
        (``_short_listing``), data tables with everything in them (``_is_data_table``) and the
        wrapper of an embedded post (a tweet is a quote with links in it: link density ~0.25,
        over readability-lxml's cut; measured: SH F1 +0.0018, a page's four tweets back; RT
        -0.0002, Readability.js drops one page's tweet)."""
        preserved: dict[HtmlElement, bool] = super().get_preserved_elements(node)
        preserved.update((ul, True) for ul in node.iter("ul"))
        for el in node.iter("div", "section"):
            if self._list_block(el) or self._short_listing(el):
                preserved[el] = True
        for el in node.iter("div", "section", "header", "footer", "aside"):
            photo = _media_block(el) and self._weight_without_media(el) >= 0
            if photo or _heading_block(el):
                preserved[el] = True
        for table in node.iter("table"):
            if _is_data_table(table):
                preserved.update((el, True) for el in table.iter("table", "ul", "div", "section"))
        for quote in node.iter("blockquote"):
            wrapper = quote.getparent()
            if (
                quote.get(EMBED_MARK) is not None
                and wrapper is not None
                and _only_holds(wrapper, quote)
            ):
                preserved[wrapper] = True
        return preserved

    def _weight_without_media(self, el: HtmlElement) -> float:
        """readability-lxml's class weight, not counting the word "media" (negative to it):
        on a photo's wrapper ('field--name-field-media-image') it names what the block is."""
        names = {name: _MEDIA_WORD.sub("", el.get(name, "")) for name in ("class", "id")}
        stand_in = el.makeelement(el.tag, {k: v for k, v in names.items() if v})
        return float(self.class_weight(stand_in))  # the page's tree is not touched

    @staticmethod
    def _short_listing(el: HtmlElement) -> bool:
        """A wrapper of a one-line code listing ('$ hg init public'): readability-lxml drops
        any block under 25 characters without an image, but a short command is as much the
        article as a long one. Measured: RT text F1 +0.0001 (documentation pages), SH
        unchanged."""
        return 0 < len(text_of(el)) < MIN_TEXT_LENGTH and next(el.iter("pre"), None) is not None

    def _list_block(self, el: HtmlElement) -> bool:
        """A wrapper that is a list and its title (a table of contents: 'Contents' and the
        list of sections) is a list too. Readability.js exempts such a block from the
        link-density cut; we exempt it while its links (in-page links discounted) are at most
        half its text, so a rail of links to other pages still goes."""
        text = len(text_of(el))
        if text < MIN_TEXT_LENGTH or self.class_weight(el) < 0:
            return False
        lists = sum(len(text_of(lst)) for lst in _outer_lists(el))
        return lists >= LIST_BLOCK_SHARE * text and self.get_link_density(el) <= LIST_MAX_LINKS

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
        if not _is_data_table(table):
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
            if not classes and block.tag not in ("section", "article"):
                continue  # a bare <div> is no evidence of a template; a bare <section> is
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


EMBED_MARK = "data-readmode-embed"
"""Marks an embedded post for the cleaning stage (the sanitiser drops ``data-`` attributes)."""


def _only_holds(wrapper: HtmlElement, child: HtmlElement) -> bool:
    """``wrapper``'s only element (scripts aside) is ``child``."""
    return all(el is child or el.tag in ("script", "noscript") for el in wrapper)


def _protect_embedded_posts(root: HtmlElement) -> None:
    """Embedded tweets and posts are quotations the author chose; readability-lxml drops any
    element whose class says "tweet" as sidebar clutter, so their class names go first (and
    ``_TreeDocument.get_preserved_elements`` keeps their wrappers, which are link-heavy)."""
    for quote in root.iter("blockquote"):
        classes = (quote.get("class") or "").lower()
        if any(name in classes for name in _EMBED_CLASSES):
            del quote.attrib["class"]
            quote.set(EMBED_MARK, "")
            # ...and so do their wrappers ('social-media-embed', WordPress's
            # 'figure.wp-block-embed-twitter > div.wp-block-embed__wrapper' read as clutter too).
            text = quote.text_content().strip()
            wrapper = quote.getparent()
            while wrapper is not None and wrapper.tag not in ("body", "article", "main"):
                holds_only_it = len(wrapper) == 1 or wrapper.text_content().strip() == text
                if not holds_only_it and not (wrapper.tag == "figure" and len(wrapper) <= 2):
                    break
                wrapper.attrib.pop("class", None)
                wrapper = wrapper.getparent()


_UNLIKELY = REGEXES["unlikelyCandidatesRe"]


def _protect_subheadings(root: HtmlElement) -> None:
    """readability-lxml drops any element whose class says "header" as page chrome, and with
    it every ``<h2 class="subheader">`` of an article; it drops a heading whose class has a
    negative word anywhere ('media-ui-Heading_heading-2bWq0': 'media'). On a heading, "header"
    or "heading" names the heading's role; its class goes (an id stays: tables of contents
    link to it) unless the class is unlikely for another reason ('sidebar-header')."""
    for heading in root.iter(*HEADINGS):
        _drop_heading_word_class(heading)
        for block in list(heading.iter("div", "p")):
            if block is not heading:
                # 'h2 > div > (div) + Text' (Google Sites): readability-lxml turns the divs into
                # paragraphs and the heading comes out empty; a heading holds phrasing only.
                block.drop_tag()
        for link in heading.iter("a"):
            if link.text_content().strip() == heading.text_content().strip():
                _drop_heading_word_class(link)  # mdBook's 'h3 > a.header' holds the words
        # ...and so do the wrappers that hold nothing but the heading (Notion's
        # 'div.notion-header-block > div > h2'), and a data table's ('ltx_guessed_headers').
        wrappers, parent, text = [], heading.getparent(), heading.text_content()
        while parent is not None and parent.text_content() == text:
            wrappers.append(parent)
            parent = parent.getparent()
        if wrappers and _introduces_text(wrappers[-1]):  # not a teaser list's header
            for wrapper in wrappers:
                _drop_heading_word_class(wrapper)
    for table in root.iter("table"):
        if _is_data_table(table):
            _drop_heading_word_class(table)


def _introduces_text(block: HtmlElement) -> bool:
    """The next block with text is prose, or holds no links (a list of steps), unlike the
    headlines and blurbs under a teaser list's header."""
    following = next(((s, t) for s in block.itersiblings() if (t := text_of(s))), None)
    if following is None:
        return False
    sibling, text = following
    return _introduces_prose(block) or link_density(sibling, len(text)) < 0.1


def _drop_heading_word_class(el: HtmlElement) -> None:
    classes = el.get("class") or ""
    if _HEADING_WORD.search(classes) and not _UNLIKELY.search(_HEADING_WORD.sub("", classes)):
        del el.attrib["class"]


_HEADING_WORD = re.compile("header|heading", re.IGNORECASE)
_FOOTNOTE_ROLES = frozenset({"doc-endnotes", "doc-footnote", "doc-endnote"})
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_FOOTNOTE_XPATH = etree.XPath(
    "//*[starts-with(@role, 'doc-end') or @role='doc-footnote'"
    f" or contains({_LOWER.format('@class')}, 'footnote')"
    f" or contains({_LOWER.format('@id')}, 'footnote')]"
)


def _footnote_candidates(root: HtmlElement) -> list[HtmlElement]:
    """Elements whose role, class or id may say footnote: found by XPath, in C."""
    found = _FOOTNOTE_XPATH(root)
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def _protect_footnotes(root: HtmlElement) -> None:
    """The author's footnotes ('<div class="footnotes" role="doc-endnotes">', what Markdown
    renderers write) are part of the article. readability-lxml reads "foot" in the class as
    page footer and drops the block; Readability.js only takes "footer" so. Their class and
    "foot…" id go (each note keeps its own id, which the markers link to)."""
    for el in _footnote_candidates(root):
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if el.get("role") in _FOOTNOTE_ROLES or "footnote" in names:
            el.attrib.pop("class", None)
            if "foot" in (el.get("id") or "").lower() and el.tag != "li":
                del el.attrib["id"]


_NEGATIVE_PATTERN = re.compile(
    "|".join(re.escape(hint) + ("(?!r)" if hint == "subscribe" else "") for hint in NEGATIVE_HINTS)
)
"""Our negative hints as readability-lxml matches them (anywhere in class and id), except that
'subscribe' is not 'subscriber': 'div.subscriber-only' is the article a subscriber reads (BLOX
and other metered templates), and the extension sends the page the subscriber sees."""


def readability_body(root: HtmlElement, url: str | None) -> HtmlElement:
    """The article body chosen by readability-lxml, as a detached element.

    ``root`` is not modified: readability works on its own copy (``_TreeDocument._parse``),
    which is also what makes its second, less ruthless attempt possible.
    """
    doc = _TreeDocument(
        root,
        positive_keywords=list(POSITIVE_HINTS),
        negative_keywords=_NEGATIVE_PATTERN,
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
