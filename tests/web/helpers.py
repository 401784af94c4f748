"""Shared helpers of the web tests: constants, request bodies and response checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient
from readmode.extract import Article
from readmode.web.keys import STORE
from readmode.web.schemas import SchemaSet

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXTENSION_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Quiet Harbour | Example Times</title>
<meta property="og:site_name" content="Example Times"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>The Quiet Harbour</h1><p class="byline">By Ada Writer</p>
{paragraphs}
</article></main><footer>Copyright Example Times</footer></body></html>"""

PARAGRAPH = (
    "<p>The harbour was quiet that morning, and the fishing boats rocked gently against the"
    " old stone quay while gulls argued over the remains of yesterday's catch. Paragraph {n}"
    " tells how the keeper of the lighthouse walked down to the water to count the boats.</p>"
)

ClientFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]
Client = TestClient[web.Request, web.Application]


def article_html(paragraphs: int = 8) -> str:
    body = "\n".join(PARAGRAPH.format(n=n) for n in range(1, paragraphs + 1))
    return ARTICLE_HTML.format(paragraphs=body)


async def check(
    response: ClientResponse, status: int, schemas: SchemaSet, schema: str | None = None
) -> Any:
    """Assert the status, then validate the JSON body (errors always against error.json)."""
    text = await response.text()
    assert response.status == status, text[:500]
    assert response.headers.get("Access-Control-Allow-Origin") != "*"
    if status == 204:
        assert text == ""
        return None
    assert response.content_type == "application/json", response.content_type
    data = await response.json()
    name = "error" if status >= 400 else schema
    if name is not None:
        assert schemas.response_errors(name, data) == []
    return data


def stored_article(text_paragraphs: int = 3) -> Article:
    """An article as the extractor would return it, for tests about highlights and search."""
    paragraphs = [
        f"Paragraph {n}: the lighthouse keeper counted the boats in the quiet harbour."
        for n in range(1, text_paragraphs + 1)
    ]
    return Article(
        title="The Quiet Harbour",
        byline="Ada Writer",
        site_name="Example Times",
        published=None,
        lang="en",
        dir="ltr",
        excerpt=paragraphs[0],
        lead_image_url=None,
        content_html="".join(f"<p>{p}</p>" for p in paragraphs),
        text="\n\n".join(paragraphs),
        word_count=12 * text_paragraphs,
        reading_minutes=1,
        url="https://example.com/harbour",
    )


async def seed_article(client: Client, url: str = "https://example.com/harbour") -> dict[str, Any]:
    """Save an article through the app's own store (no extraction needed)."""
    article, _ = await client.app[STORE].save_article(url, stored_article())
    return article


def highlight_body(article: dict[str, Any], exact: str = "the lighthouse") -> dict[str, Any]:
    text = article["text"]
    start = text.index(exact)
    return {
        "article_id": article["id"],
        "exact": exact,
        "prefix": text[max(0, start - 20) : start],
        "suffix": text[start + len(exact) : start + len(exact) + 20],
        "start": start,
        "end": start + len(exact),
        "color": "yellow",
    }
