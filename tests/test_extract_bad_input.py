"""Unusable, hostile or oddly encoded input: always an Article or NotReadable, always quickly.

``extract_within`` fails the test on any other exception (RecursionError, UnicodeDecodeError,
lxml's ParserError, MemoryError ...) and on a call slower than the bound.
"""

from __future__ import annotations

import random

import pytest
from extract_support import (
    ARTICLE_PARAGRAPHS,
    NAVIGATION_ONLY_PAGE,
    collapse_whitespace,
    extract_within,
    readable_page,
)
from readmode.extract import Article, NotReadable

QUICK = 2.0  # seconds; generous for a 2-core machine shared with other test runs
HUGE = 5.0


def assert_article_keeps_paragraphs(result: Article | NotReadable) -> None:
    assert isinstance(result, Article), f"NotReadable({getattr(result, 'reason', '')!r})"
    text = collapse_whitespace(result.text)
    missing = [p for p in ARTICLE_PARAGRAPHS if p not in text]
    assert not missing, f"paragraphs missing: {missing}\n--- Article.text ---\n{result.text}"


# --- nothing to read --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    ["", b"", "   \n\t  ", b" \r\n \t", "\ufeff", b"\xef\xbb\xbf", "\x00\x00\x00"],
    ids=["empty-str", "empty-bytes", "whitespace-str", "whitespace-bytes", "bom-str",
         "bom-bytes", "nul-str"],
)  # fmt: skip
def test_empty_input_is_not_readable(html: str | bytes) -> None:
    assert isinstance(extract_within(html, QUICK), NotReadable)


def _random_bytes(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(1, 64 * 1024),
        b"\x1f\x8b\x08\x00" + _random_bytes(2, 16 * 1024),  # gzip, as if Content-Encoding leaked
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _random_bytes(3, 16 * 1024),
        _random_bytes(4, 256 * 1024),
    ],
    ids=["png", "gzip", "pdf", "random"],
)
def test_binary_input_is_not_readable(data: bytes) -> None:
    assert isinstance(extract_within(data, QUICK), NotReadable)


def test_navigation_only_page_is_not_readable() -> None:
    assert isinstance(extract_within(NAVIGATION_ONLY_PAGE, QUICK), NotReadable)


def test_frameset_page() -> None:
    page = """<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN">
<html><head><title>Archive viewer</title></head>
<frameset cols="25%,75%"><frame src="menu.html" name="menu"><frame src="main.html" name="main">
<noframes><body><p>Your browser does not support frames.</p></body></noframes></frameset></html>"""
    result = extract_within(page, QUICK)
    if isinstance(result, Article):
        assert "menu.html" not in result.content_html


def test_rss_feed() -> None:
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Allotment Diaries</title><link>https://allotmentdiaries.example/</link>
<description>Notes from a vegetable patch</description>
<item><title>Five mistakes I made with my first vegetable patch</title>
<link>https://allotmentdiaries.example/2022/04/09/first-patch-mistakes/</link>
<pubDate>Sat, 09 Apr 2022 14:05:00 +0000</pubDate>
<description><![CDATA[<p>The first mistake was planting everything at once.</p>]]></description>
<content:encoded><![CDATA[<p>The first mistake was planting everything at once.</p>
<script>alert(1)</script>]]></content:encoded></item>
</channel></rss>"""
    for data in (feed, feed.encode()):
        result = extract_within(data, QUICK)
        if isinstance(result, Article):
            assert "<script" not in result.content_html.lower()


# --- broken but readable ----------------------------------------------------------------------


def test_page_without_body_element() -> None:
    page = readable_page().replace("<body>", "").replace("</body>", "")
    assert "<body" not in page
    assert_article_keeps_paragraphs(extract_within(page, QUICK))


def test_page_without_html_head_or_body() -> None:
    page = "<title>The ferry</title>\n" + "\n".join(f"<p>{p}" for p in ARTICLE_PARAGRAPHS)
    assert_article_keeps_paragraphs(extract_within(page, QUICK))


@pytest.mark.parametrize(
    "garbage", [b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]
)
def test_invalid_utf8_bytes_in_a_good_page(garbage: bytes) -> None:
    """A few broken bytes (a bad copy-paste, a truncated upload) must not lose the page."""
    page = readable_page(body_extra="<p>Broken bytes: [[GARBAGE]] here.</p>").encode("utf-8")
    page = page.replace(b"[[GARBAGE]]", garbage * 3)
    assert_article_keeps_paragraphs(extract_within(page, QUICK))


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_in_a_good_page(char: str, as_bytes: bool) -> None:
    """Pasted word-processor text carries control characters (and the odd NUL); browsers show
    such pages fine. They sit next to clutter the pipeline removes, where lxml refuses to
    re-attach text containing them: that must not lose the page."""
    extra = (
        f"<p>Pasted text{char * 2} with a hidden note <span hidden>(draft)</span>{char} and "
        f"more text after it.</p><div class='share'>Share{char}</div>{char} tail"
    )
    page = readable_page(body_extra=extra)
    assert_article_keeps_paragraphs(extract_within(page.encode() if as_bytes else page, QUICK))


# --- huge and deep ----------------------------------------------------------------------------


def _fifty_megabytes() -> str:
    paragraph = "<p>" + " ".join(ARTICLE_PARAGRAPHS) + "</p>\n"
    repeats = 50 * 1024 * 1024 // len(paragraph) + 1
    return readable_page(body_extra=paragraph * repeats)


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_fifty_megabyte_page_is_rejected_or_handled_fast(as_bytes: bool) -> None:
    page = _fifty_megabytes()
    data: str | bytes = page.encode("utf-8") if as_bytes else page
    assert len(data) >= 50 * 1024 * 1024
    extract_within(data, HUGE)


def test_hundred_thousand_nested_divs() -> None:
    depth = 100_000
    page = (
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
        + "</div>" * depth
        + "</body></html>"
    )
    extract_within(page, HUGE)


def test_deeply_nested_inline_tags_inside_an_article() -> None:
    deep = "<span><b><i>" * 30_000 + "deep text" + "</i></b></span>" * 30_000
    extract_within(readable_page(body_extra=f"<p>{deep}</p>"), HUGE)


@pytest.mark.parametrize("depth", [300, 1000])
def test_unclosed_font_tags_before_the_article_lose_nothing(depth: int) -> None:
    """Old WYSIWYG pages leave hundreds of <font> tags open. That depth is legitimate HTML
    (browsers render it); a parser that silently stops at libxml2's default depth limit of 256
    would drop everything after it."""
    page = readable_page().replace("<body>", "<body>" + "<font size=2>" * depth)
    assert_article_keeps_paragraphs(extract_within(page, QUICK))


def test_many_unclosed_tags() -> None:
    extract_within(readable_page(body_extra="<table><tr><td><ul><li><p>" * 20_000), HUGE)


# --- character sets ---------------------------------------------------------------------------

UKRAINIAN_TITLE = "Як зберегти тепло в старому будинку"
UKRAINIAN_PARAGRAPHS = (
    "Старі цегляні будинки втрачають найбільше тепла через вікна, дах і щілини навколо дверей, "
    "тому утеплення варто починати саме з них, а не з фасаду.",
    "Прості ущільнювачі для вікон коштують недорого, їх можна встановити за один вечір, і вони "
    "помітно зменшують протяги вже першої зими.",
    "Якщо на горищі немає ізоляції, шар мінеральної вати завтовшки двадцять сантиметрів часто дає "
    "більший ефект, ніж заміна батарей чи котла.",
    "Фахівці радять також перевірити вентиляцію: утеплений будинок без припливу свіжого повітря "
    "швидко стає вологим, і на стінах з'являється пліснява.",
)


def ukrainian_page(head_extra: str) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in UKRAINIAN_PARAGRAPHS)
    return (
        f'<!DOCTYPE html>\n<html lang="uk"><head>{head_extra}<title>{UKRAINIAN_TITLE}</title>'
        f"</head>\n<body><article><h1>{UKRAINIAN_TITLE}</h1>\n{paragraphs}\n</article></body>"
        "</html>\n"
    )


def assert_ukrainian_article(result: Article | NotReadable) -> None:
    assert isinstance(result, Article), f"NotReadable({getattr(result, 'reason', '')!r})"
    assert result.title == UKRAINIAN_TITLE
    text = collapse_whitespace(result.text)
    missing = [p for p in UKRAINIAN_PARAGRAPHS if p not in text]
    assert not missing, f"paragraphs missing or garbled:\n--- Article.text ---\n{result.text}"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        "<meta charset='cp1251'>",
    ],
    ids=["meta-charset", "http-equiv", "alias"],
)
def test_windows_1251_bytes_with_declaration(declaration: str) -> None:
    data = ukrainian_page(declaration).encode("cp1251")
    assert_ukrainian_article(extract_within(data, QUICK))


def test_utf8_bytes_with_bom_and_no_declaration() -> None:
    data = b"\xef\xbb\xbf" + ukrainian_page("").encode("utf-8")
    assert_ukrainian_article(extract_within(data, QUICK))


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"], ids=["utf-16-le-bom", "utf-16-be-bom"])
def test_utf16_bytes_with_bom(codec: str) -> None:
    data = ukrainian_page("").encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data  # the plain "utf-16-be" codec writes no BOM
    assert_ukrainian_article(extract_within(data, QUICK))


def test_bom_wins_over_a_wrong_declaration() -> None:
    """Per the HTML standard, a byte order mark overrides the <meta charset> declaration."""
    data = b"\xef\xbb\xbf" + ukrainian_page('<meta charset="iso-8859-1">').encode("utf-8")
    assert_ukrainian_article(extract_within(data, QUICK))


def test_utf8_bytes_with_meta_charset() -> None:
    data = ukrainian_page('<meta charset="utf-8">').encode("utf-8")
    assert_ukrainian_article(extract_within(data, QUICK))


@pytest.mark.parametrize("declared", ["windows-1251", "gb2312", "iso-8859-1"])
def test_valid_utf8_bytes_win_over_a_stale_legacy_declaration(declared: str) -> None:
    """A page converted to UTF-8 by a tool that kept the old <meta> (saved pages, corpora)."""
    data = ukrainian_page(f'<meta charset="{declared}">').encode("utf-8")
    assert_ukrainian_article(extract_within(data, QUICK))


def test_str_input_ignores_a_stale_declaration() -> None:
    """A str is already decoded (the extension sends the live DOM); its <meta> must not matter."""
    assert_ukrainian_article(extract_within(ukrainian_page('<meta charset="windows-1251">'), QUICK))
