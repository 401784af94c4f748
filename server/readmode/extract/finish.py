"""Stage 4 — finish: turn the chosen body into the reader article.

4a. a second clutter pass inside the body (inline teasers, sign-up cards, byline strips);
4b. the heading that repeats the title goes (the reader header shows the title);
4c. images: tracking pixels out, URLs absolute (``src``, ``srcset``, links);
4d. sanitise with the allowlist (:mod:`readmode.extract.sanitize`);
4e. plain text, word count, reading time.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
from lxml.html import HtmlElement

from readmode.extract.article import Removal
from readmode.extract.declutter import BODY_RULES, declutter
from readmode.extract.dom import link_density, tag_of, text_of, url_file_name
from readmode.extract.images import drop_tracking_pixels, make_urls_absolute
from readmode.extract.mathml import mathml_to_html
from readmode.extract.sanitize import sanitize
from readmode.extract.text import html_to_text, text_measures

TITLE_SIMILARITY = 0.75
"""Readability.js's threshold for 'this heading is the title again'."""

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Finished:
    content_html: str
    text: str
    word_count: int
    reading_minutes: int
    first_paragraph: str | None
    link_density: float
    removals: list[Removal]


def finish(
    body: HtmlElement,
    *,
    page: HtmlElement,
    title: str,
    lead_image_url: str | None,
    base_url: str | None,
) -> Finished:
    _restore_lead_image(body, page, lead_image_url)
    removals = declutter(body, BODY_RULES, stage="finish")  # 4a
    _drop_title_heading(body, title)  # 4b
    drop_tracking_pixels(body)  # 4c
    make_urls_absolute(body, base_url)
    _drop_unloadable_images(body)
    mathml_to_html(body)
    _space_caption_parts(body)
    _unwrap_single_div_wrappers(body)
    html = lxml.html.tostring(body, encoding="unicode", method="html")
    content_html = sanitize(html)  # 4d
    clean_root = lxml.html.fragment_fromstring(content_html, create_parent="div")
    text = html_to_text(clean_root)  # 4e
    word_count, minutes = text_measures(text)
    # Readability's excerpt fallback: the first paragraph with any text, whole.
    first = next((t for p in clean_root.iter("p") if (t := text_of(p))), None)
    return Finished(
        content_html=content_html,
        text=text,
        word_count=word_count,
        reading_minutes=minutes,
        first_paragraph=first,
        link_density=link_density(clean_root),
        removals=removals,
    )


def _restore_lead_image(body: HtmlElement, page: HtmlElement, lead_url: str | None) -> None:
    """News templates put the lead photo in the article header, a sibling of the body the
    scorer picks. When the body has no image, bring back the page's figure whose image is the
    page's declared lead image (og:image / JSON-LD), with its caption."""
    if not lead_url or body.find(".//img") is not None:
        return
    stem = _image_stem(lead_url)
    for img in page.iter("img"):
        if _image_stem(img.get("src") or "") != stem:
            continue
        figure = next((a for a in img.iterancestors() if tag_of(a) == "figure"), None)
        chosen = figure if figure is not None else img
        clone = copy.deepcopy(chosen)
        clone.tail = None
        body.insert(0, clone)
        return


def _image_stem(url: str) -> str:
    """The file name without size suffixes or query: ``photo-1200.jpg?w=600`` → ``photo``."""
    name = url_file_name(url).lower()
    name = name.rsplit(".", 1)[0]
    return re.sub(r"([-_@]\d+(x\d+)?w?|[-_](large|medium|small|thumb|full|scaled))+$", "", name)


def _drop_title_heading(body: HtmlElement, title: str) -> None:
    """Remove the first h1/h2 that repeats the title (Readability's ``_headerDuplicatesTitle``)."""
    if not title:
        return
    for heading in body.iter("h1", "h2"):
        if _similar(title, text_of(heading)) >= TITLE_SIMILARITY:
            heading.drop_tree()
        return  # only the first heading can be the title


def _similar(a: str, b: str) -> float:
    """Readability.js's text similarity: share of b's tokens that also occur in a."""
    ta = [t.lower() for t in _WORD.findall(a)]
    tb = [t.lower() for t in _WORD.findall(b)]
    if not ta or not tb:
        return 0.0
    unique_b = [t for t in tb if t not in set(ta)]
    distance = len(" ".join(unique_b)) / max(1, len(" ".join(tb)))
    return 1 - distance


def _drop_unloadable_images(body: HtmlElement) -> None:
    """Images whose only URL is a placeholder or inline data cannot be shown after sanitising."""
    for img in list(body.iter("img")):
        src = (img.get("src") or "").strip()
        if not src.startswith(("http://", "https://")) and not img.get("srcset"):
            img.drop_tree()


_SENTENCE_END = frozenset('.!?”"’)')


def _space_caption_parts(body: HtmlElement) -> None:
    """A caption's parts are sentences, not pieces of one word: 'like me?”<span>Cartoon by …'
    and '…favors.<span>Photograph by …' get the space the page's CSS put between them."""
    for caption in body.iter("figcaption"):
        for part in caption:
            previous = part.getprevious()
            if previous is None or not isinstance(part.tag, str) or previous.tag == "br":
                continue
            if part.tag in ("sub", "sup", "a") or previous.tag in ("sub", "sup", "a"):
                continue  # 'H<sub>2</sub>O', a footnote mark, a linked name: one word
            before = previous.tail if previous.tail is not None else previous.text_content()
            after = part.text_content()
            # Only between sentences: Ghost splits one sentence into styled runs ('in </span>
            # <i>Ledgers</i><span>: one penny').
            if before and after and before[-1] in _SENTENCE_END and after[0].isupper():
                previous.tail = (previous.tail or "") + " "


def _unwrap_single_div_wrappers(body: HtmlElement) -> None:
    """``<div><div><div><p>…`` → fewer levels: keeps the reader DOM shallow for painting
    highlights. Only wrappers with a single element child and no text of their own."""
    for el in list(body.iter("div", "section")):
        if el is body or len(el) != 1 or (el.text or "").strip():
            continue
        child = el[0]
        if tag_of(child) in ("div", "section") and not (child.tail or "").strip():
            el.drop_tag()
