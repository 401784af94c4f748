"""The extractors under comparison, each behind the same small interface.

Every adapter takes the page as a decoded ``str`` plus its URL and returns plain text and the
metadata fields it knows (Article field names). Imports happen in :func:`load_extractor`, inside
the worker process, so import time and memory are charged to the right extractor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata as package_metadata
from typing import Any

from bench.htmltext import html_to_text
from bench.images import image_names

FIELDS = ("title", "byline", "excerpt", "site_name", "lang", "published")

EXTRACTOR_NAMES = ("readmode", "readability-lxml", "trafilatura", "trafilatura-precision")


class ExtractorUnavailable(Exception):
    """The extractor's package is not installed (or fails to import)."""


class NotExtracted(Exception):
    """The extractor declined the page on purpose (readmode's NotReadable); not a crash."""


@dataclass(frozen=True, slots=True)
class Extraction:
    text: str
    metadata: dict[str, str | None] = field(default_factory=dict)
    images: frozenset[str] | None = None  # None: the extractor returns no markup


@dataclass(frozen=True, slots=True)
class Extractor:
    name: str
    version: str
    provides: tuple[str, ...]  # metadata fields this extractor fills (others are not scored)
    extract: Callable[[str, str], Extraction]  # timed
    # Optional extra metadata step that is not part of the timed call (see trafilatura).
    untimed_metadata: Callable[[str, str], dict[str, str | None]] | None = None


def _version(distribution: str) -> str:
    try:
        return package_metadata.version(distribution)
    except package_metadata.PackageNotFoundError:
        return "?"


def _readmode() -> Extractor:
    try:
        from readmode.extract import NotReadable, extract
    except ImportError as error:
        raise ExtractorUnavailable(f"readmode is not importable: {error}") from error

    def run(html: str, url: str) -> Extraction:
        try:
            article = extract(html, url)
        except NotReadable as declined:
            raise NotExtracted(declined.reason) from declined
        return Extraction(
            article.text,
            {
                "title": article.title,
                "byline": article.byline,
                "excerpt": article.excerpt,
                "site_name": article.site_name,
                "lang": article.lang,
                "published": article.published,
            },
            image_names(article.content_html),
        )

    return Extractor("readmode", _version("readmode"), FIELDS, run)


def _readability_lxml() -> Extractor:
    try:
        from readability import Document
    except ImportError as error:
        raise ExtractorUnavailable(f"readability-lxml is not importable: {error}") from error

    def run(html: str, url: str) -> Extraction:
        document = Document(html, url=url)
        # summary() returns an HTML document; flatten it exactly like the reference HTML.
        summary = document.summary()
        return Extraction(
            html_to_text(summary), {"title": document.short_title()}, image_names(summary)
        )

    return Extractor("readability-lxml", _version("readability-lxml"), ("title",), run)


def _trafilatura(*, favor_precision: bool) -> Extractor:
    try:
        import trafilatura
    except ImportError as error:
        raise ExtractorUnavailable(f"trafilatura is not importable: {error}") from error

    def run(html: str, url: str) -> Extraction:
        text = trafilatura.extract(
            html, url=url, output_format="txt", favor_precision=favor_precision
        )
        return Extraction(text or "")

    def metadata(html: str, url: str) -> dict[str, str | None]:
        # extract() with output_format="txt" skips metadata, so this is a second parse; it is
        # kept out of the timing to report the extraction cost the README quotes.
        document: Any = trafilatura.extract_metadata(html, default_url=url)
        if document is None:
            return {}
        return {
            "title": document.title,
            "byline": document.author,
            "excerpt": document.description,
            "site_name": document.sitename,
            "published": document.date,
        }

    name = "trafilatura-precision" if favor_precision else "trafilatura"
    # No "lang": Document.language is only filled when a target language is requested.
    provides = ("title", "byline", "excerpt", "site_name", "published")
    return Extractor(name, _version("trafilatura"), provides, run, metadata)


_FACTORIES: dict[str, Callable[[], Extractor]] = {
    "readmode": _readmode,
    "readability-lxml": _readability_lxml,
    "trafilatura": lambda: _trafilatura(favor_precision=False),
    "trafilatura-precision": lambda: _trafilatura(favor_precision=True),
}


def load_extractor(name: str) -> Extractor:
    """Import and wrap the extractor called ``name`` (one of :data:`EXTRACTOR_NAMES`)."""
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise ValueError(f"unknown extractor {name!r}; known: {', '.join(_FACTORIES)}") from None
    return factory()
