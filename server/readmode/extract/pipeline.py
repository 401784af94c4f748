"""The extraction pipeline, in the order a reader can follow.

1. **load** (:mod:`.load`): bytes or text → one lxml tree; charset, size and element guards.
   Metadata is read here, from the full page (:mod:`.metadata`), and lazy images are resolved
   (:mod:`.images`) while their ``<noscript>`` fallbacks still exist.
2. **declutter** (:mod:`.declutter`): rule functions over the vocabularies in :mod:`.rules`
   remove hidden nodes, dialogs, sign-up boxes, banners, share bars, related rails, comments
   and ads, each removal recorded; a safety valve keeps the article itself.
3. **core** (:mod:`.core`): readability-lxml scores the decluttered tree and picks the body.
4. **finish** (:mod:`.finish`): a second clutter pass in the body, the title heading, absolute
   URLs, the sanitiser, plain text, word count and reading time.

``extract`` raises :class:`NotReadable` for every failure and nothing else.
"""

from __future__ import annotations

import logging

from readmode.extract.article import UNTITLED, Article, NotReadable, Removal
from readmode.extract.core import readability_body
from readmode.extract.declutter import (
    PAGE_RULES,
    declutter,
    densest_block,
    drop_other_stories,
    open_accordions,
)
from readmode.extract.finish import finish
from readmode.extract.images import resolve_lazy_images
from readmode.extract.load import load
from readmode.extract.metadata import byline_from_content, read_metadata, refine_language

log = logging.getLogger(__name__)

MAX_LINK_DENSITY = 0.6
"""A body whose text is mostly link text is a menu or a list of teasers, not an article. Real
articles in both corpora stay under 0.35; navigation-only pages score 0.8-1.0."""


def extract(html: str | bytes, url: str | None = None) -> Article:
    """Extract the article from ``html`` (the page at ``url``, used to resolve links).

    Raises :class:`NotReadable` when the page has no article or the input is unusable.
    """
    try:
        return _extract(html, url)
    except NotReadable:
        raise
    except RecursionError as exc:
        raise NotReadable("The page is nested too deeply to read.") from exc
    except MemoryError as exc:
        raise NotReadable("The page is too large to read.") from exc
    except Exception as exc:  # a bug must not crash the caller: report it and say so
        log.exception("extraction failed for %s", url)
        raise NotReadable(f"The page could not be read ({type(exc).__name__}).") from exc


def _extract(html: str | bytes, url: str | None) -> Article:
    # 1. load
    page = load(html, url)
    root = page.root
    meta = read_metadata(root, page.base_url)
    resolve_lazy_images(root)
    open_accordions(root)  # an FAQ's collapsed answers are the page, not hidden clutter

    # 2. declutter
    removals: list[Removal] = declutter(root, PAGE_RULES, stage="declutter")
    removals += drop_other_stories(root, meta.headline)
    core = densest_block(root)
    refine_language(meta, core)
    ask_page = not meta.byline or meta.byline_names_publisher
    content_byline = byline_from_content(root) if ask_page else None

    # 3. core
    body = readability_body(root, page.base_url)

    # 4. finish
    done = finish(
        body,
        page=root,
        title=meta.headline or "",
        lead_image_url=meta.lead_image_url,
        base_url=page.base_url,
    )
    removals.extend(done.removals)
    if not done.word_count or done.link_density > MAX_LINK_DENSITY:  # no words: only symbols
        raise NotReadable("No article was found on this page (only navigation or links).")

    excerpt = meta.excerpt or done.first_paragraph
    untitled = (done.first_paragraph or "")[:80] or UNTITLED
    return Article(
        title=meta.title or untitled,
        headline=meta.headline or untitled,
        byline=content_byline or meta.byline,
        site_name=meta.site_name,
        published=meta.published,
        lang=meta.lang,
        dir=meta.dir or "ltr",
        excerpt=excerpt,
        lead_image_url=meta.lead_image_url,
        content_html=done.content_html,
        text=done.text,
        word_count=done.word_count,
        reading_minutes=done.reading_minutes,
        url=meta.canonical_url or url,
        removals=tuple(removals),
    )
