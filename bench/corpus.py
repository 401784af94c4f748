"""Loading the two reference corpora (layout described in ``../shared/corpus/README.md``) and
any "pairs" set: ``html/<name>.html`` pages with reference text in ``txt/<name>.txt``.

Pages are listed cheaply and their HTML is read one at a time, so a worker process measuring an
extractor's memory does not also hold 45 MB of corpus.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readmode.extract.load import decode as decode_html

from bench.htmltext import html_to_text
from bench.images import image_names

SCRAPINGHUB = "scrapinghub"
READABILITY = "readability"
PAIRS = "pairs"
CORPORA = (SCRAPINGHUB, READABILITY)
"""The sets run by default."""
SETS = (*CORPORA, PAIRS)
"""Every kind of set, in the order results are shown."""

READABILITY_URL = "http://fakehost/test/page.html"
"""The URL Readability.js's tests parse every page with; links in expected.html are resolved
against it, and so must ours be."""

PAIRS_URL = "https://example.com/{name}"
"""A pairs set knows no page URLs; every page gets this obviously fake one (its file name as the
path), so extractors resolve relative links against something harmless and alike."""

PAIRS_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

# Field names of expected-metadata.json and the Article fields they are compared with.
METADATA_FIELDS: dict[str, str] = {
    "title": "title",
    "byline": "byline",
    "excerpt": "excerpt",
    "siteName": "site_name",
    "lang": "lang",
    "publishedTime": "published",
}


class CorpusError(Exception):
    """A corpus directory is missing or not laid out as expected."""


@dataclass(frozen=True, slots=True)
class Page:
    corpus: str  # SCRAPINGHUB | READABILITY | PAIRS
    id: str
    url: str
    html_path: Path

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.id}"

    def read_html(self) -> str:
        """The page as text. The two corpora are gzipped UTF-8 (invalid bytes, none published,
        become U+FFFD); a pairs page is decoded as a browser would, by readmode's loader (its
        import does not bring in the extractor, so other extractors' workers stay light)."""
        if self.corpus == PAIRS:
            return decode_html(_read_maybe_gzipped(self.html_path))
        return gzip.decompress(self.html_path.read_bytes()).decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Reference:
    text: str
    # Expected values keyed by Article field name (see METADATA_FIELDS); empty for ScrapingHub.
    metadata: dict[str, str | None] = field(default_factory=dict)
    # Pictures Readability.js kept (bench.images); None where the reference is text only.
    images: frozenset[str] | None = None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"cannot read {path}: {error}") from error


def scrapinghub_pages(root: Path) -> list[Page]:
    """Pages of the ScrapingHub set, sorted by id."""
    truth = _scrapinghub_truth(root)
    pages = []
    for page_id in sorted(truth):
        html_path = root / "html" / f"{page_id}.html.gz"
        if not html_path.is_file():
            raise CorpusError(f"{html_path} is listed in ground-truth.json but missing")
        pages.append(Page(SCRAPINGHUB, page_id, str(truth[page_id].get("url") or ""), html_path))
    return pages


def scrapinghub_references(root: Path) -> dict[str, Reference]:
    return {
        page_id: Reference(str(entry.get("articleBody") or ""))
        for page_id, entry in _scrapinghub_truth(root).items()
    }


def _scrapinghub_truth(root: Path) -> dict[str, dict[str, Any]]:
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        raise CorpusError(f"{root} is not the ScrapingHub set: no ground-truth.json")
    truth = _read_json(truth_path)
    if not isinstance(truth, dict):
        raise CorpusError(f"{truth_path}: expected an object {{id: {{articleBody, url}}}}")
    return truth


def readability_pages(root: Path) -> list[Page]:
    """Cases of the Mozilla Readability set (directories with a source.html.gz), sorted."""
    if not root.is_dir():
        raise CorpusError(f"{root} is not a directory")
    pages = [
        Page(READABILITY, case.name, READABILITY_URL, case / "source.html.gz")
        for case in sorted(root.iterdir())
        if (case / "source.html.gz").is_file()
    ]
    if not pages:
        raise CorpusError(f"{root} has no <case>/source.html.gz: not the Readability test pages")
    return pages


def readability_reference(page: Page) -> Reference:
    case = page.html_path.parent
    try:
        expected_gz = (case / "expected.html.gz").read_bytes()
        expected_html = gzip.decompress(expected_gz).decode("utf-8", errors="replace")
    except (OSError, EOFError) as error:
        raise CorpusError(f"{case}: cannot read expected.html.gz: {error}") from error
    expected = _read_json(case / "expected-metadata.json")
    metadata = {
        ours: (str(expected[theirs]) if expected.get(theirs) not in (None, "") else None)
        for theirs, ours in METADATA_FIELDS.items()
    }
    return Reference(html_to_text(expected_html), metadata, image_names(expected_html))


def _read_maybe_gzipped(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.lower().endswith(".gz") else data


def pairs_pages(root: Path) -> list[Page]:
    """Pages of a pairs set (``html/<name>.html`` with a ``txt/<name>.txt``), sorted by name.

    Pages without a reference text are left out (:func:`pairs_unmatched` lists them).
    """
    pages = [
        Page(PAIRS, name, PAIRS_URL.format(name=name), html_path)
        for name, html_path in _pairs_html(root).items()
        if (root / "txt" / f"{name}.txt").is_file()
    ]
    if not pages:
        raise CorpusError(
            f"{root} has no html/<name>.html (.htm, .html.gz) with a matching txt/<name>.txt:"
            " not a pairs set"
        )
    return pages


def pairs_unmatched(root: Path) -> list[str]:
    """Names of the pages of a pairs set that have no reference text (and so are skipped)."""
    return [name for name in _pairs_html(root) if not (root / "txt" / f"{name}.txt").is_file()]


def _pairs_html(root: Path) -> dict[str, Path]:
    """Page name → HTML file under ``root/html``, sorted by name."""
    if not root.is_dir():
        raise CorpusError(f"{root} is not a directory")
    html_dir = root / "html"
    found: dict[str, Path] = {}
    for path in sorted(html_dir.iterdir()) if html_dir.is_dir() else []:
        suffix = next((s for s in PAIRS_HTML_SUFFIXES if path.name.lower().endswith(s)), None)
        if suffix is None or not path.is_file():
            continue
        name = path.name[: -len(suffix)]
        if name in found:
            raise CorpusError(f"{found[name]} and {path} are the same page: keep one")
        found[name] = path
    return dict(sorted(found.items()))


def pairs_reference(page: Page) -> Reference:
    """The reference text of a pairs page (UTF-8; a BOM is dropped, bad bytes → U+FFFD)."""
    txt_path = page.html_path.parent.parent / "txt" / f"{page.id}.txt"
    try:
        return Reference(txt_path.read_bytes().decode("utf-8-sig", errors="replace"))
    except OSError as error:
        raise CorpusError(f"cannot read {txt_path}: {error}") from error


def load_pages(roots: dict[str, Path], limit: int | None = None) -> list[Page]:
    """Pages of each given set, the first ``limit`` of each when a limit is set."""
    listers = {SCRAPINGHUB: scrapinghub_pages, READABILITY: readability_pages, PAIRS: pairs_pages}
    pages: list[Page] = []
    for corpus, root in roots.items():
        found = listers[corpus](root)
        pages.extend(found[:limit] if limit is not None else found)
    return pages


def load_references(roots: dict[str, Path], pages: list[Page]) -> dict[str, Reference]:
    """Reference text and metadata of each page, keyed by ``Page.key``."""
    references: dict[str, Reference] = {}
    if SCRAPINGHUB in roots:
        for page_id, reference in scrapinghub_references(roots[SCRAPINGHUB]).items():
            references[f"{SCRAPINGHUB}/{page_id}"] = reference
    for page in pages:
        if page.corpus == READABILITY:
            references[page.key] = readability_reference(page)
        elif page.corpus == PAIRS:
            references[page.key] = pairs_reference(page)
    return references
