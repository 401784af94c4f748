"""'Related articles' headings in the web's most-read languages, not only English."""

from __future__ import annotations

import pytest
from readmode.extract import extract

PROSE = "".join(
    f"<p>Paragraph {n} of the article body, long enough to read as prose, with a comma, too.</p>"
    for n in range(8)
)
TEASERS = "".join(
    f"<li><a href='/story-{n}'>Another story number {n} from the same site</a></li>"
    for n in range(4)
)


@pytest.mark.parametrize(
    "heading",
    [
        "Related stories",
        "Mehr zum Thema",
        "Lire aussi",
        "Noticias relacionadas",
        "Leia também",
        "Leggi anche",
        "Lees ook",
        "Czytaj także",
        "Читайте также",
        "Baca juga",
        "مقالات ذات صلة",
        "相关文章",
        "関連記事",
        "관련 기사",
        "เรื่องที่เกี่ยวข้อง",
    ],
)
def test_related_block_under_a_heading_is_removed(heading: str) -> None:
    html = (
        f"<html><body><article><h1>The article</h1>{PROSE}"
        f"<h3>{heading}</h3><ul>{TEASERS}</ul></article></body></html>"
    )
    article = extract(html, "https://example.org/a")
    assert "Paragraph 7 of the article body" in article.text
    assert "Another story number" not in article.text
    assert heading not in article.text


@pytest.mark.parametrize(
    "line", ["Baca juga: ", "Lire aussi : ", "Leia também: ", "Lesen Sie auch: "]
)
def test_inline_read_also_line_is_removed(line: str) -> None:
    teaser = f"<p>{line}<a href='/other'>A different story about the harbour</a></p>"
    html = (
        f"<html><body><article><h1>The article</h1>{PROSE}{teaser}{PROSE}</article></body></html>"
    )
    article = extract(html, "https://example.org/a")
    assert "A different story about the harbour" not in article.text
