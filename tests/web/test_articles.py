"""``/api/extract`` and ``/api/articles``: status codes, shapes and every kind of bad input."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import pytest
from readmode.web.schemas import SchemaSet

from .helpers import AUTH, Client, article_html, check, highlight_body

JSON_AUTH = {**AUTH, "Content-Type": "application/json"}


def page(url: str = "https://example.com/harbour?utm_source=feed", **extra: str) -> dict[str, str]:
    return {"url": url, "html": article_html(), **extra}


async def test_extract_returns_the_article_without_saving(
    client: Client, schemas: SchemaSet
) -> None:
    data = await check(
        await client.post("/api/extract", json=page(), headers=AUTH), 200, schemas, "extract"
    )
    # the title as the page declares it (as Firefox Reader View reports it), and the headline
    # without the site's name that the reader shows
    assert data["title"] == "The Quiet Harbour | Example Times"
    assert data["headline"] == "The Quiet Harbour"
    assert "lighthouse" in data["text"]
    assert "Copyright" not in data["text"]
    listed = await check(
        await client.get("/api/articles", headers=AUTH), 200, schemas, "article-list"
    )
    assert listed["total"] == 0


async def test_save_then_get_list_and_delete(client: Client, schemas: SchemaSet) -> None:
    saved = await check(
        await client.post("/api/articles", json=page(), headers=AUTH), 201, schemas, "article"
    )
    assert saved["reader_url"] == f"/read/{saved['id']}"
    assert saved["title"] == "The Quiet Harbour"  # a saved article keeps the headline
    assert saved["url"] == "https://example.com/harbour?utm_source=feed"
    assert saved["highlight_count"] == 0

    fetched = await check(
        await client.get(f"/api/articles/{saved['id']}", headers=AUTH), 200, schemas, "article"
    )
    assert fetched == saved

    listed = await check(
        await client.get("/api/articles", headers=AUTH), 200, schemas, "article-list"
    )
    assert listed["total"] == 1
    assert listed["articles"][0]["id"] == saved["id"]
    assert "content_html" not in listed["articles"][0]

    by_url = await client.get(
        "/api/articles", params={"url": "https://example.com/harbour"}, headers=AUTH
    )
    assert (await check(by_url, 200, schemas, "article-list"))["total"] == 1
    other = await client.get(
        "/api/articles", params={"url": "https://other.example/"}, headers=AUTH
    )
    assert (await check(other, 200, schemas, "article-list"))["total"] == 0

    deleted = await client.delete(f"/api/articles/{saved['id']}", headers=AUTH)
    await check(deleted, 204, schemas)
    gone = await client.get(f"/api/articles/{saved['id']}", headers=AUTH)
    assert (await check(gone, 404, schemas))["error"]["code"] == "not_found"
    again = await client.delete(f"/api/articles/{saved['id']}", headers=AUTH)
    await check(again, 404, schemas)


async def test_saving_again_updates_and_keeps_highlights(
    client: Client, schemas: SchemaSet
) -> None:
    first = await check(
        await client.post("/api/articles", json=page(), headers=AUTH), 201, schemas, "article"
    )
    highlight = await check(
        await client.post("/api/highlights", json=highlight_body(first), headers=AUTH),
        201,
        schemas,
        "highlight",
    )
    # Same article, reached through a tracking link: same normalized URL → update (200).
    again = await client.post(
        "/api/articles", json=page("https://example.com/harbour?fbclid=abc"), headers=AUTH
    )
    second = await check(again, 200, schemas, "article")
    assert second["id"] == first["id"]
    assert second["highlight_count"] == 1
    listed = await check(
        await client.get(f"/api/articles/{first['id']}/highlights", headers=AUTH),
        200,
        schemas,
        "highlight-list",
    )
    assert [h["id"] for h in listed["highlights"]] == [highlight["id"]]
    assert listed["highlights"][0]["orphan"] is False


async def test_the_pages_own_title_wins_over_the_tab_title(
    client: Client, schemas: SchemaSet
) -> None:
    body = page(title="(3) Inbox — Tab Title")
    data = await check(await client.post("/api/extract", json=body, headers=AUTH), 200, schemas)
    assert data["headline"] == "The Quiet Harbour"


async def test_not_readable_is_422(client: Client, schemas: SchemaSet) -> None:
    body = {"url": "https://example.com/empty", "html": "<html><body></body></html>"}
    response = await client.post("/api/articles", json=body, headers=AUTH)
    data = await check(response, 422, schemas)
    assert data["error"]["code"] == "not_readable"
    assert data["error"]["message"]
    listed = await check(
        await client.get("/api/articles", headers=AUTH), 200, schemas, "article-list"
    )
    assert listed["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"html": "<p>x</p>"}, "/url"),
        ({"url": "https://example.com/"}, "/html"),
        ({"url": "javascript:alert(1)", "html": "<p>x</p>"}, "/url"),
        ({"url": "https://example.com/" + "a" * 9000, "html": "<p>x</p>"}, "/url"),
        ({"url": "https://example.com/", "html": 42}, "/html"),
        ({"url": "https://example.com/", "html": "<p>x</p>", "title": ["x"]}, "/title"),
        ({"url": "https://example.com/", "html": "<p>x</p>", "extra": 1}, "/extra"),
        ({"url": "https://example.com/", "html": ""}, "/html"),
        (["not", "an", "object"], ""),
    ],
)
async def test_schema_violations_name_the_field(
    client: Client, schemas: SchemaSet, body: object, field: str
) -> None:
    for path in ("/api/articles", "/api/extract"):
        response = await client.post(path, json=body, headers=AUTH)
        data = await check(response, 400, schemas)
        assert data["error"]["code"] == "bad_request"
        assert data["error"]["field"] == field
        if field:
            assert field.strip("/") in data["error"]["message"]


@pytest.mark.parametrize(
    "raw",
    [b"{", b"", b"\xff\xfe\x00", b'{"url": NaN}', b"[" * 100_000 + b"]" * 100_000, b"nul"],
)
async def test_invalid_json_is_400(client: Client, schemas: SchemaSet, raw: bytes) -> None:
    response = await client.post("/api/articles", data=raw, headers=JSON_AUTH)
    data = await check(response, 400, schemas)
    assert data["error"]["code"] == "bad_request"


async def test_non_json_content_type_is_415(client: Client, schemas: SchemaSet) -> None:
    body = json.dumps(page())
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        headers = {**AUTH, "Content-Type": content_type}
        response = await client.post("/api/articles", data=body, headers=headers)
        data = await check(response, 415, schemas)
        assert data["error"]["code"] == "unsupported_media_type"


async def test_json_with_charset_is_fine(client: Client, schemas: SchemaSet) -> None:
    headers = {**AUTH, "Content-Type": "application/json; charset=utf-8"}
    response = await client.post("/api/extract", data=json.dumps(page()), headers=headers)
    await check(response, 200, schemas, "extract")


async def test_too_large_body_is_413(
    make_client: Callable[..., Awaitable[Client]], schemas: SchemaSet
) -> None:
    client = await make_client(max_body=64 * 1024)
    body = page()
    body["html"] += "<p>" + "x" * 70_000 + "</p>"
    response = await client.post("/api/articles", json=body, headers=AUTH)
    assert (await check(response, 413, schemas))["error"]["code"] == "payload_too_large"

    async def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: caught while reading
        data = json.dumps(body).encode()
        for i in range(0, len(data), 8192):
            yield data[i : i + 8192]

    streamed = await client.post("/api/articles", data=chunks(), headers=JSON_AUTH)
    assert (await check(streamed, 413, schemas))["error"]["code"] == "payload_too_large"
    # a body under the limit still works on the same server
    ok = await client.post("/api/extract", json=page(), headers=AUTH)
    await check(ok, 200, schemas, "extract")


async def test_unknown_route_and_wrong_method(client: Client, schemas: SchemaSet) -> None:
    missing = await check(await client.get("/api/nothing-here", headers=AUTH), 404, schemas)
    assert missing["error"]["code"] == "not_found"
    await check(await client.get("/nothing-here"), 404, schemas)
    await check(await client.get("/api/articles/abc", headers=AUTH), 404, schemas)
    await check(await client.get(f"/api/articles/{2**64}", headers=AUTH), 404, schemas)
    wrong = await client.put("/api/articles", json=page(), headers=AUTH)
    data = await check(wrong, 405, schemas)
    assert data["error"]["code"] == "method_not_allowed"
    assert "POST" in wrong.headers["Allow"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
        ("offset=", "offset"),
        ("limit=+5", "limit"),
        ("limit=%D9%A5", "limit"),
    ],
)
async def test_bad_paging_is_400(
    client: Client, schemas: SchemaSet, query: str, field: str
) -> None:
    data = await check(await client.get(f"/api/articles?{query}", headers=AUTH), 400, schemas)
    assert data["error"]["field"] == field
