"""The result of an extraction, and the one exception the extractor raises."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNTITLED = "Untitled"
"""The title of a page without any title, heading or paragraph to name it."""


class NotReadable(Exception):
    """The page has no article, or the input is unusable (empty, binary, too large, too deep).

    ``reason`` is a short, user-facing sentence; the server returns it with status 422.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Removal:
    """One node the pipeline removed, for ``--explain`` and debugging."""

    stage: str  # "declutter" | "finish"
    rule: str  # name of the rule function, e.g. "newsletter_forms"
    tag: str  # the element's tag, e.g. "div"
    selector: str  # a short CSS-like description: tag#id.class1.class2
    text: str  # the first words of what was removed
    restored: bool = False  # the safety valve put it back


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article, ready for the reader view."""

    title: str  # as the page declares it (og:title, JSON-LD, <title> cut as Readability.js does)
    byline: str | None
    site_name: str | None
    published: str | None  # ISO 8601
    lang: str | None
    dir: str  # "ltr" | "rtl"
    excerpt: str | None
    lead_image_url: str | None
    content_html: str  # sanitised reader HTML
    text: str  # plain text, blocks separated by blank lines
    word_count: int
    reading_minutes: int
    headline: str = ""  # the title without the site's name: what the reader shows
    url: str | None = None  # the canonical URL when the page names one, else the given URL
    removals: tuple[Removal, ...] = field(default=(), compare=False)

    def to_dict(self, *, removals: bool = False) -> dict[str, Any]:
        """The JSON shape used by the server and ``readmode extract --format json``."""
        data = asdict(self)
        if removals:
            data["removals"] = [asdict(r) for r in self.removals]
        else:
            del data["removals"]
        return data
