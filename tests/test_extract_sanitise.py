"""``content_html`` is safe to insert into the reader page, whatever the source page contained.

Each vector is placed inside (or in the <head> of) an otherwise readable article; the result
must keep the article's paragraphs and carry none of the vector's active parts. The checks in
``extract_support.unsafe_html_findings`` parse content_html with lxml and look at every element
and attribute, so a vector cannot slip through by being spelled differently.
"""

from __future__ import annotations

import html

import pytest
from extract_support import (
    ARTICLE_PARAGRAPHS,
    assert_safe_html,
    collapse_whitespace,
    extract_within,
    readable_page,
    unsafe_html_findings,
)
from readmode.extract import Article
from readmode.extract.sanitize import sanitize
from xss_vectors import BODY_VECTORS, HEAD_VECTORS, URL_VECTORS

SECONDS = 2.0

# The shared table (tests/xss_vectors.py), rendered with its default payload, ``alert(1)``.
# BODY: placed between the article's second and third paragraphs; HEAD: in the page's <head>.
BODY_MARKUP = {vector.id: vector.render() for vector in BODY_VECTORS}
HEAD_MARKUP = {vector.id: vector.render() for vector in HEAD_VECTORS}


def assert_paragraphs_kept(result: object) -> Article:
    assert isinstance(result, Article), f"NotReadable({getattr(result, 'reason', '')!r})"
    text = collapse_whitespace(result.text)
    missing = [p for p in ARTICLE_PARAGRAPHS if p not in text]
    assert not missing, f"paragraphs missing: {missing}\n--- Article.text ---\n{result.text}"
    return result


@pytest.mark.parametrize("markup", list(BODY_MARKUP.values()), ids=list(BODY_MARKUP))
def test_sanitiser_alone_neutralises_body_vector(markup: str) -> None:
    """The reader view sanitises stored HTML again before showing it (HTML from an import
    file never went through the extractor), so the sanitiser must hold on its own, without
    the extractor's earlier steps (lazy images, URL resolution, srcset filtering)."""
    assert_safe_html(sanitize(markup))


@pytest.mark.parametrize("source", ["link-canonical", "og-url"])
@pytest.mark.parametrize(
    "url", [vector.render() for vector in URL_VECTORS], ids=[vector.id for vector in URL_VECTORS]
)
def test_script_urls_never_become_canonical_url_or_lead_image(source: str, url: str) -> None:
    """canonical_url ("View original") and lead_image_url come from the page's markup: only
    web addresses may come out (a javascript: or data: URL would be a live link)."""
    value = html.escape(url, quote=True)
    canonical = (
        f'<link rel="canonical" href="{value}">'
        if source == "link-canonical"
        else f'<meta property="og:url" content="{value}">'
    )
    page = readable_page(head_extra=f'{canonical}<meta property="og:image" content="{value}">')
    article = extract_within_url(page, "https://islandferry.example/news/winter")
    for name in ("url", "lead_image_url"):
        found = getattr(article, name)
        assert found is None or found.startswith(("http://", "https://")), (name, found)


def test_there_are_enough_vectors() -> None:
    assert len(BODY_VECTORS) + len(HEAD_VECTORS) >= 30


@pytest.mark.parametrize("markup", list(BODY_MARKUP.values()), ids=list(BODY_MARKUP))
def test_body_vector_is_neutralised(markup: str) -> None:
    article = assert_paragraphs_kept(extract_within(readable_page(body_extra=markup), SECONDS))
    assert_safe_html(article.content_html)


@pytest.mark.parametrize("markup", list(HEAD_MARKUP.values()), ids=list(HEAD_MARKUP))
def test_head_vector_is_neutralised(markup: str) -> None:
    article = assert_paragraphs_kept(extract_within(readable_page(head_extra=markup), SECONDS))
    assert_safe_html(article.content_html)
    assert "evil.example" not in article.content_html


def test_every_vector_at_once() -> None:
    page = readable_page(
        body_extra="\n".join(BODY_MARKUP.values()),
        head_extra="".join(HEAD_MARKUP.values()),
    )
    article = assert_paragraphs_kept(extract_within(page, SECONDS))
    assert_safe_html(article.content_html)


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert('script body')</script>",
        "<svg><script>alert('script body')</script></svg>",
        "<style>.script-body { color: red }</style>",
    ],
)
def test_script_and_style_bodies_never_become_text(markup: str) -> None:
    article = assert_paragraphs_kept(extract_within(readable_page(body_extra=markup), SECONDS))
    assert "script body" not in article.text
    assert "script-body" not in article.text


def test_base_href_resolves_links_but_is_not_the_article_url() -> None:
    """Relative links resolve as the browser resolved them (against <base>), but <base> is
    neither kept in content_html nor mistaken for the article's canonical URL."""
    page = readable_page(
        head_extra='<base href="https://islandferry.example/archive/">',
        body_extra='<p>See <a href="timetable">the timetable</a>.</p>',
    )
    article = extract_within_url(page, "https://islandferry.example/news/winter")
    assert 'href="https://islandferry.example/archive/timetable"' in article.content_html
    assert article.url == "https://islandferry.example/news/winter"


def extract_within_url(page: str, url: str) -> Article:
    result = extract_within(page, SECONDS, url=url)
    assert isinstance(result, Article), f"NotReadable({getattr(result, 'reason', '')!r})"
    return result


def test_safe_markup_survives() -> None:
    """The sanitiser must not pass by deleting everything: ordinary reading markup stays."""
    body = (
        '<h2>Timetable changes</h2><p>Read <a href="https://example.org/notice">the notice</a> '
        "or the <em>short</em> <strong>summary</strong>.</p>"
        "<blockquote><p>The crossing is the best part of the day.</p></blockquote>"
        "<ul><li>Dawn sailing</li><li>Afternoon sailing</li></ul>"
        '<figure><img src="https://islandferry.example/img/ferry.jpg" alt="The ferry at dawn">'
        "<figcaption>The ferry at dawn.</figcaption></figure>"
        '<p>Relative: <a href="/fares">fares</a>.</p>'
    )
    article = extract_within_url(
        readable_page(body_extra=body), "https://islandferry.example/news/winter"
    )
    html = article.content_html
    for fragment in (
        'href="https://example.org/notice"',
        'href="https://islandferry.example/fares"',
        'src="https://islandferry.example/img/ferry.jpg"',
        "<em>short</em>",
        "<strong>summary</strong>",
        "<blockquote",
        "<li>Dawn sailing</li>",
        "<h2",
        "<figcaption",
    ):
        assert fragment in html, f"{fragment!r} missing from content_html:\n{html}"
    assert_safe_html(html)


# --- the checker itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "unsafe",
    [
        "<p>x</p><script>alert(1)</script>",
        "<svg><circle r=1 /></svg>",
        '<img src="x" onerror="alert(1)">',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href=" VBScript:x">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<img srcset="/a.jpg 1x, javascript:alert(1) 2x">',
        '<p style="color:red">x</p>',
        '<meta http-equiv="refresh" content="0">',
        "<form><p>x</p></form>",
        '<iframe src="https://example.org/"></iframe>',
    ],
)
def test_checker_catches_unsafe_markup(unsafe: str) -> None:
    assert unsafe_html_findings(unsafe), unsafe


def test_checker_accepts_reader_markup() -> None:
    safe = (
        '<article><h2>Heading</h2><p>Text with <a href="https://example.org/">a link</a> and '
        '<img src="https://example.org/a.jpg" srcset="https://example.org/a.jpg 1x, '
        'https://example.org/b.jpg 2x" alt="">, <img src="data:image/png;base64,iVBORw0KGgo=" '
        'alt="">.</p><pre><code>  code</code></pre><table><tr><td>1</td></tr></table></article>'
    )
    assert unsafe_html_findings(safe) == []


def test_in_page_links_and_their_targets_share_a_prefix() -> None:
    """Tables of contents and footnotes work in the reader; article ids cannot clobber names
    the reader page's script uses (``id="settings"`` becomes ``rm-settings``)."""
    html = (
        '<h2 id="settings">Settings</h2><a href="#settings">go</a>'
        '<a href="#">top</a><p id=" ">x</p><a href="https://example.org/a#b">elsewhere</a>'
    )
    clean = sanitize(html)
    assert 'id="rm-settings"' in clean
    assert 'href="#rm-settings"' in clean
    assert 'href="#"' in clean
    assert 'href="https://example.org/a#b"' in clean
    assert "<p>x</p>" in clean
    assert sanitize(clean) == clean  # the reader view sanitises stored HTML again
