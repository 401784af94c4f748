"""Extraction of the fixture pages in ``tests/pages/`` (see ``tests/pages/README.md``).

Each case is extracted once (cached) and checked by several small tests, so a failure names
the exact property that broke: title, byline, a paragraph lost, a piece of clutter kept.
"""

from __future__ import annotations

import functools
import re

import lxml.etree
import lxml.html
import pytest
from extract_support import (
    PageCase,
    assert_safe_html,
    collapse_whitespace,
    load_page_case,
    page_case_names,
)
from readmode.extract import Article, NotReadable, extract

CASES = page_case_names()


def cases_for(check: str) -> list[object]:
    """The cases, with a documented known gap (``known_gaps`` in ``expected.json``) marked as a
    strict expected failure: it shows in every run, and the day it passes the mark must go."""
    params: list[object] = []
    for name in CASES:
        reason = load_page_case(name).expected.get("known_gaps", {}).get(check)
        mark = pytest.mark.xfail(strict=True, reason=reason) if reason else ()
        params.append(pytest.param(name, marks=mark, id=name))
    return params


HEADLINE_CASE = "news-article-clutter"

KNOWN_KEYS = {
    "url", "headline", "byline", "published", "lang", "dir", "site_name", "lead_image_url",
    "excerpt", "with", "verbatim", "without", "html_with", "html_without", "known_gaps",
}  # fmt: skip
REQUIRED_KEYS = {"url", "headline", "byline", "published", "with", "without"}


@functools.cache
def case(name: str) -> PageCase:
    return load_page_case(name)


@functools.cache
def extracted(name: str) -> Article:
    page = case(name)
    try:
        return extract(page.source, url=page.expected["url"])
    except NotReadable as error:
        pytest.fail(f"{name}: extract raised NotReadable({error.reason!r}) for a readable page")


def excerpt_around(text: str, needle: str, width: int = 80) -> str:
    at = text.lower().find(needle.lower())
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    return f"...{text[start:end]}..."


def show_text(article: Article, limit: int = 6000) -> str:
    cut = " [...]" if len(article.text) > limit else ""
    return f"\n--- Article.text ---\n{article.text[:limit]}{cut}"


# --- the fixtures themselves ------------------------------------------------------------------


def visible_source_text(source: str) -> str:
    """Text a reader could see in the source page (script/style bodies excluded)."""
    root = lxml.html.document_fromstring(source)
    lxml.etree.strip_elements(root, "script", "style", "template", with_tail=False)
    return collapse_whitespace("".join(str(t) for t in root.itertext()))


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 16, CASES
    assert HEADLINE_CASE in CASES


@pytest.mark.parametrize("name", CASES)
def test_fixture_is_consistent(name: str) -> None:
    """A case must be able to fail: its snippets really are in the page, and don't overlap."""
    expected = case(name).expected
    assert expected.keys() >= REQUIRED_KEYS, f"missing keys: {REQUIRED_KEYS - expected.keys()}"
    assert expected.keys() <= KNOWN_KEYS, f"unknown keys: {expected.keys() - KNOWN_KEYS}"
    assert expected["url"].startswith("https://")
    assert expected["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", expected["published"])
    assert len(expected["with"]) >= 3, "list at least three snippets of the article"
    gaps = expected.get("known_gaps", {})
    checks = {
        "text_keeps_the_article",
        "text_drops_the_clutter",
        "headline",
        "byline",
        "published_day",
    }
    assert set(gaps) <= checks, gaps
    assert all(isinstance(why, str) and len(why) > 20 for why in gaps.values()), "say why"

    source_text = visible_source_text(case(name).source)
    for snippet in expected["with"]:
        assert collapse_whitespace(snippet) in source_text, f"'with' not in source: {snippet!r}"
    for snippet in expected["without"]:
        assert snippet.lower() in source_text.lower(), f"'without' not in source: {snippet!r}"

    kept = " ".join([expected["headline"], *expected["with"]]).lower()
    for snippet in expected["without"]:
        assert snippet.lower() not in kept, f"'without' {snippet!r} is part of the article"


# --- metadata ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases_for("headline"))
def test_headline(name: str) -> None:
    assert extracted(name).headline == case(name).expected["headline"]


@pytest.mark.parametrize("name", cases_for("byline"))
def test_byline(name: str) -> None:
    expected = case(name).expected["byline"]
    byline = extracted(name).byline
    if expected is None:
        assert byline is None, f"expected no byline, got {byline!r}"
    else:
        assert byline is not None, f"expected byline {expected!r}, got None"
        assert collapse_whitespace(byline) == expected


@pytest.mark.parametrize("name", cases_for("published_day"))
def test_published_day(name: str) -> None:
    expected = case(name).expected["published"]
    published = extracted(name).published
    if expected is None:
        assert published is None, f"expected no date, got {published!r}"
    else:
        assert published is not None, f"expected published {expected}, got None"
        assert published[:10] == expected, f"published={published!r}, expected day {expected}"


@pytest.mark.parametrize("name", CASES)
def test_lang_dir_and_url(name: str) -> None:
    expected = case(name).expected
    article = extracted(name)
    if "lang" in expected:
        assert (article.lang or "").lower() == expected["lang"].lower(), article.lang
    assert article.dir == expected.get("dir", "ltr")
    assert article.url == expected["url"]
    for key in ("site_name", "lead_image_url", "excerpt"):
        if key in expected:
            assert getattr(article, key) == expected[key], key


# --- content ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases_for("text_keeps_the_article"))
def test_text_keeps_the_article(name: str) -> None:
    expected = case(name).expected
    article = extracted(name)
    text = collapse_whitespace(article.text)
    missing = [s for s in expected["with"] if collapse_whitespace(s) not in text]
    missing += [s for s in expected.get("verbatim", []) if s not in article.text]
    if missing:
        pytest.fail(
            f"{len(missing)} snippet(s) of the article missing from Article.text:\n"
            + "\n".join(f"  - {s!r}" for s in missing)
            + show_text(article)
        )


@pytest.mark.parametrize("name", cases_for("text_drops_the_clutter"))
def test_text_drops_the_clutter(name: str) -> None:
    article = extracted(name)
    text = collapse_whitespace(article.text)
    leaked = [s for s in case(name).expected["without"] if s.lower() in text.lower()]
    if leaked:
        pytest.fail(
            f"{len(leaked)} piece(s) of clutter kept in Article.text:\n"
            + "\n".join(f"  - {s!r}: {excerpt_around(text, s)}" for s in leaked)
            + show_text(article)
        )


@pytest.mark.parametrize("name", CASES)
def test_content_html(name: str) -> None:
    expected = case(name).expected
    html = extracted(name).content_html
    missing = [s for s in expected.get("html_with", []) if s not in html]
    kept = [s for s in expected.get("html_without", []) if s.lower() in html.lower()]
    problems = [f"  - missing {s!r}" for s in missing]
    problems += [f"  - kept {s!r}: {excerpt_around(html, s)}" for s in kept]
    if problems:
        pytest.fail(
            "content_html:\n" + "\n".join(problems) + f"\n--- content_html ---\n{html[:6000]}"
        )
    assert_safe_html(html)


@pytest.mark.parametrize("name", CASES)
def test_counts_are_consistent(name: str) -> None:
    article = extracted(name)
    # Counted independently of readmode: words with a letter or digit between spaces, each
    # Chinese/Japanese character (those scripts put no spaces between words; Korean does), and
    # a Thai run as one word per five code points.
    cjk = re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", article.text)
    thai = re.findall(r"[\u0e00-\u0e7f]+", article.text)
    spaced = re.sub(r"[\u3040-\u30ff\u4e00-\u9fff\u0e00-\u0e7f]", " ", article.text)
    words = sum(1 for w in spaced.split() if any(c.isalnum() for c in w)) + len(cjk)
    words += sum(max(1, round(len(run) / 5)) for run in thai)
    assert article.word_count > 0
    # Tokenisers differ on numbers like "1,400" and on dashes; stay within a few percent.
    assert abs(article.word_count - words) <= max(3, words // 20), (article.word_count, words)
    assert article.reading_minutes >= 1
    assert article.to_dict()["title"] == article.title
