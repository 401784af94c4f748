"""Metadata from the tags publishers actually use, beyond OpenGraph and JSON-LD."""

from __future__ import annotations

import pytest
from readmode.extract import Article, extract

BODY = (
    "<p>"
    + "A sentence long enough to count as an article paragraph, with commas, too. " * 12
    + "</p>"
)


def _article(head: str) -> Article:
    html = f"<html><head>{head}</head><body><article>{BODY}{BODY}</article></body></html>"
    return extract(html, "https://example.org/a")


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (  # a double hyphen before the site name
            '<meta property="og:site_name" content="Harbour.net">'
            '<meta property="og:title" content="The wall reopens after two years -- Harbour.net">',
            "The wall reopens after two years",
        ),
        (  # Chinese and Japanese titles join the site name without spaces
            '<meta property="og:site_name" content="新华网">'
            '<meta property="og:title" content="短缺药品保供稳价 全力保障临床用药需求-新华网">',
            "短缺药品保供稳价 全力保障临床用药需求",
        ),
        (  # a tag with the section trail, another with the headline alone
            '<meta name="title" content="The wall reopens » Local » News » Harbour Daily">'
            '<meta name="twitter:title" content="The wall reopens">',
            "The wall reopens",
        ),
    ],
    ids=["double-hyphen", "cjk-no-spaces", "section-trail"],
)
def test_headline_without_site_and_section_trail(head: str, title: str) -> None:
    assert _article(head).headline == title


@pytest.mark.parametrize(
    ("head", "day"),
    [
        ('<meta name="publishdate" content="2023-11-17">', "2023-11-17"),
        (
            '<meta name="cXenseParse:recs:publishtime" content="2018-06-18T10:01:00.000Z">',
            "2018-06-18",
        ),
        (
            """<meta name="parsely-page" content='{"pub_date": "2014-12-27T17:10:17Z"}'>""",
            "2014-12-27",
        ),
        (
            '<meta name="article_date_original" content="Saturday, December 27, 2014, 12:06 PM">',
            "2014-12-27",
        ),
        ('<meta name="citation_publication_date" content="2021/03/04">', "2021-03-04"),
    ],
    ids=["publishdate", "cxense", "parsely-page", "written-out", "citation"],
)
def test_published_day_from_other_tags(head: str, day: str) -> None:
    published = _article(head).published
    assert published is not None
    assert published[:10] == day


def test_a_broken_parsely_page_tag_is_ignored() -> None:
    assert _article('<meta name="parsely-page" content="{not json">').published is None


def _page(head: str, body: str) -> Article:
    html = f"<html><head>{head}</head><body><article>{body}{BODY}{BODY}</article></body></html>"
    return extract(html, "https://example.org/a")


def test_an_author_that_is_the_publisher_yields_to_the_byline_on_the_page() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Dam works",'
        ' "author": {"@type": "NewsMediaOrganization", "name": "Valley News"},'
        ' "publisher": {"@type": "NewsMediaOrganization", "name": "Valley News"}}</script>'
    )
    byline = (
        '<div data-component="byline-block"><div class="c-1"><div class="x-Name">By Ann Roe'
        '</div><div class="x-Role">Environment correspondent</div></div></div>'
    )
    assert _page(ld, byline).byline == "By Ann Roe"
    assert _page(ld, "").byline == "Valley News"  # nobody else is named: keep what we have


def test_a_microdata_or_hatom_date_in_the_markup() -> None:
    hatom = '<abbr class="published" title="2024-04-09T10:14:00+01:00">10:14 AM</abbr>'
    assert (_page("", hatom).published or "")[:10] == "2024-04-09"
    microdata = '<span itemprop="datePublished" content="2023-02-01">1 Feb</span>'
    assert (_page("", microdata).published or "")[:10] == "2023-02-01"


def test_a_metadata_title_loses_a_suffix_when_the_h1_is_the_part_before_it() -> None:
    head = '<meta property="og:title" content="Retries and backoff | Tidewater">'
    article = _page(head, "<h1>Retries and backoff</h1>")
    assert article.headline == "Retries and backoff"
    assert article.title == "Retries and backoff | Tidewater"  # as the page declares it
    # ...but not when the site is named and the suffix is something else (an author).
    named = head.replace("Tidewater", "Ann Roe") + '<meta property="og:site_name" content="T">'
    assert _page(named, "<h1>Retries and backoff</h1>").headline == "Retries and backoff | Ann Roe"


def test_a_chinese_title_loses_the_site_joined_without_spaces_when_the_h1_is_the_rest() -> None:
    head = "<title>短缺药品保供稳价 全力保障临床用药需求-新华网</title>"
    article = _page(head, "<h1>短缺药品保供稳价 全力保障临床用药需求</h1>")
    assert article.headline == "短缺药品保供稳价 全力保障临床用药需求"
    # a Latin-script word joined by a hyphen is part of the title
    latin = _page("<title>The return of Spider-Man</title>", "<h1>The return of Spider</h1>")
    assert latin.headline == "The return of Spider-Man"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (  # og:title is taken as declared, site name and all
            '<meta property="og:title" content="Getting lean with ad UX | IAB">'
            '<meta property="og:site_name" content="IAB"><title>Other | IAB</title>',
            "Getting lean with ad UX | IAB",
        ),
        (  # <title> loses the site after the last separator...
            "<title>The harbour wall reopens after two years | Harbour Daily</title>",
            "The harbour wall reopens after two years",
        ),
        (  # ...unless that leaves four words or fewer (Readability.js's rule)
            "<title>The Quiet Harbour | Example Times</title>",
            "The Quiet Harbour | Example Times",
        ),
        (  # JSON-LD name and headline differ: the headline only when it alone matches <title>
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Big Lie",'
            ' "name": "Samantha and the big lie - J. Welch - Medium"}</script>'
            "<title>Samantha and the big lie | by J. Welch | Medium</title>",
            "Samantha and the big lie - J. Welch - Medium",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
            ' "The harbour wall reopens after two years", "name": "Harbour Daily"}</script>'
            "<title>The harbour wall reopens after two years</title>",
            "The harbour wall reopens after two years",
        ),
    ],
    ids=["og-title", "title-tag", "short-title-tag", "ld-name", "ld-headline"],
)
def test_the_title_is_the_one_firefox_reader_view_reports(head: str, title: str) -> None:
    assert _article(head).title == title


def test_the_day_in_the_address_is_the_last_resort_for_the_date() -> None:
    head = "<link rel='canonical' href='https://example.org/news/2024/05/12/harbour-wall'>"
    assert (_page(head, "").published or "")[:10] == "2024-05-12"
    dated = head + "<meta property='article:published_time' content='2024-05-11T22:00:00Z'>"
    assert (_page(dated, "").published or "")[:10] == "2024-05-11"
    no_day = "<link rel='canonical' href='https://example.org/2024/99/12/x'>"
    assert _page(no_day, "").published is None


def test_the_headline_decodes_entities_once_as_the_title_does() -> None:
    title = '<meta property="og:title" content="On &amp;amp;lt;b&amp;amp;gt; | IAB">'
    article = _article('<meta property="og:site_name" content="IAB">' + title)
    assert article.title == "On &lt;b&gt; | IAB"
    assert article.headline == "On &lt;b&gt;"


def test_journal_authors_and_dates_from_citation_tags() -> None:
    head = (
        '<meta name="citation_author" content="Kobayashi, Hana">'
        '<meta name="citation_author" content="Tomasz Wróbel">'
        '<meta name="citation_publication_date" content="2024 Jul 18">'
    )
    article = _article(head)
    assert article.byline == "Hana Kobayashi, Tomasz Wróbel"
    assert (article.published or "")[:10] == "2024-07-18"


def test_a_byline_from_microdata_names_and_paper_author_blocks() -> None:
    microdata = (
        "<div class='Post-Author'><div itemprop='author' itemscope>"
        "<meta itemprop='name' content='林晓'><span>林晓</span>"
        "<div class='badge'>分布式数据库内核开发</div></div></div>"
    )
    assert _page("", microdata).byline == "林晓"
    paper = "".join(
        f"<span class='ltx_creator ltx_role_author'><span class='ltx_personname'>{name}</span>"
        "<span class='ltx_author_notes'>Department of Physics, Halden University</span></span>"
        for name in ("Mira Castellanos", "Devansh Iyer")
    )
    assert _page("", f"<div class='ltx_authors'>{paper}</div>").byline == (
        "Mira Castellanos, Devansh Iyer"
    )


def test_a_date_written_only_in_a_date_line() -> None:
    line = "<div class='ContentItem-time'>发布于 2025-03-04 10:12・IP 属地北京</div>"
    assert (_page("", line).published or "")[:10] == "2025-03-04"
    edited = "<div class='ContentItem-time'>编辑于 2025-03-05 10:12</div>"
    assert _page("", edited).published is None


def test_an_archive_number_before_the_headline_goes() -> None:
    article = _page("<title>[2503.04417] Sparse routers</title>", "<h1>Sparse routers</h1>")
    assert article.headline == "Sparse routers"
    assert article.title == "[2503.04417] Sparse routers"


def test_a_publisher_that_is_the_author_yields_to_the_sites_own_name() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Benches",'
        ' "author": {"@type": "Person", "name": "Tomasz W"},'
        ' "publisher": {"@type": "Organization", "name": "Tomasz W"}}</script>'
    )
    assert _article(ld + '<meta property="og:site_name" content="Bench Notes">').site_name == (
        "Bench Notes"
    )
    assert _article(ld).site_name == "Tomasz W"


def test_a_related_link_in_the_articles_header_does_not_take_the_header_with_it() -> None:
    header = (
        "<div class='header'><h1>Ferry operators told to cut emissions</h1>"
        "<div class='byline'>By Jane Roe</div>"
        "<a href='/trust'><span>Why you can trust Harbour Post</span></a></div>"
    )
    article = _page("", header)
    assert article.byline == "By Jane Roe"  # as Readability.js reads a byline on the page
    assert "Why you can trust" not in article.text


def test_question_pages_and_written_date_lines() -> None:
    asked = "<div class='user-details' itemprop='author'>Marta Lindqvist 1,077</div>"
    asked += "<time itemprop='dateCreated' datetime='2025-03-03T18:21:05'>Mar 3</time>"
    article = _page("", asked)
    assert article.byline == "Marta Lindqvist"
    assert (article.published or "")[:10] == "2025-03-03"
    stamp = _page("", "<span class='timestamp'>18 September 2025</span>")
    assert (stamp.published or "")[:10] == "2025-09-18"
    revised = _page("", "<span class='git-revision-date'>March 4, 2025</span>")
    assert revised.published is None


def test_a_submitted_by_line_loses_its_weekday() -> None:
    line = "<div class='submitted'>Submitted by admin on Tue, 03/04/2025 - 10:12</div>"
    assert _page("", line).byline == "Submitted by admin"


def test_a_medical_web_page_names_its_author() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "MedicalWebPage", "headline": "Colds",'
        ' "author": {"@type": "Person", "name": "Marisa Delgado-Reyes"},'
        ' "datePublished": "2025-03-04T14:12:00Z"}</script>'
    )
    article = _article(ld)
    assert article.byline == "Marisa Delgado-Reyes"
    assert (article.published or "")[:10] == "2025-03-04"
