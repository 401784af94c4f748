"""``/api/search``, ``/api/export`` and ``/api/import``."""

from __future__ import annotations

import json

import pytest
from readmode.web.schemas import SchemaSet

from .helpers import AUTH, Client, check, highlight_body, seed_article

HOSTILE_QUERIES = [
    "",
    " ",
    '"',
    '"unbalanced phrase',
    "*",
    "-",
    "NEAR(",
    "a OR",
    "AND AND",
    "col:value",
    "site:",
    "tag:",
    "color:mauve",
    "before:2024-13-45",
    "after:yesterday",
    "note:",
    "^caret",
    "lighthouse*",
    "x" * 5000,
    "'; DROP TABLE highlights; --",
    "\x00\x01\x7f",
    "\ud800",
    "🙂 emoji",
    "(((((",
    "-lighthouse",
    "{} [] : ; ,",
]


async def test_search_finds_highlights_and_articles(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), "note": "remember the keeper", "tags": ["sea"]}
    await check(await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas)
    found = await check(
        await client.get("/api/search", params={"q": "lighthouse"}, headers=AUTH),
        200,
        schemas,
        "search-response",
    )
    assert found["total"] >= 1
    assert found["results"][0]["highlight"]["exact"] == "the lighthouse"
    assert "<mark>" in found["results"][0]["snippet"]
    assert found["articles"][0]["id"] == article["id"]
    tagged = await check(
        await client.get("/api/search", params={"q": "tag:sea"}, headers=AUTH),
        200,
        schemas,
        "search-response",
    )
    assert len(tagged["results"]) == 1


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
async def test_hostile_queries_never_500(client: Client, schemas: SchemaSet, q: str) -> None:
    article = await seed_article(client)
    await check(
        await client.post("/api/highlights", json=highlight_body(article), headers=AUTH),
        201,
        schemas,
    )
    response = await client.get("/api/search", params={"q": q}, headers=AUTH)
    await check(response, 200, schemas, "search-response")


async def test_raw_hostile_query_strings(client: Client, schemas: SchemaSet) -> None:
    for raw in ("q=%FF%FE", "q=%", "q=%00", "q=a&q=b", "q", "limit=5&q=%E2%80%AE"):
        response = await client.get(f"/api/search?{raw}", headers=AUTH)
        await check(response, 200, schemas, "search-response")


async def test_export_formats(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), "note": "a note"}
    await check(await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas)

    markdown = await client.get("/api/export", params={"format": "markdown"}, headers=AUTH)
    assert markdown.status == 200
    assert markdown.content_type == "text/markdown"
    assert "the lighthouse" in await markdown.text()
    assert "attachment" in markdown.headers["Content-Disposition"]

    exported = await client.get("/api/export", params={"format": "json"}, headers=AUTH)
    assert exported.content_type == "application/json"
    document = json.loads(await exported.text())
    assert schemas.response_errors("import-request", document) == []

    annotations = await client.get("/api/export", params={"format": "annotations"}, headers=AUTH)
    assert annotations.content_type == "application/ld+json"
    assert "TextQuoteSelector" in await annotations.text()

    bad = await client.get("/api/export", params={"format": "pdf"}, headers=AUTH)
    assert (await check(bad, 400, schemas))["error"]["field"] == "format"


async def test_import_round_trip_is_idempotent(
    client: Client, make_client, schemas: SchemaSet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    article = await seed_article(client)
    await check(
        await client.post("/api/highlights", json=highlight_body(article), headers=AUTH),
        201,
        schemas,
    )
    exported = await client.get("/api/export", params={"format": "json"}, headers=AUTH)
    document = json.loads(await exported.text())

    other = await make_client(data_dir=tmp_path / "other")
    first = await check(
        await other.post("/api/import", json=document, headers=AUTH),
        200,
        schemas,
        "import-response",
    )
    assert first == {
        "articles": {"created": 1, "updated": 0},
        "highlights": {"created": 1, "skipped": 0},
    }
    second = await check(
        await other.post("/api/import", json=document, headers=AUTH),
        200,
        schemas,
        "import-response",
    )
    assert second == {
        "articles": {"created": 0, "updated": 0},
        "highlights": {"created": 0, "skipped": 1},
    }


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"format": "other", "version": 1, "articles": []}, "/format"),
        ({"format": "readmode-export", "version": 2, "articles": []}, "/version"),
        ({"format": "readmode-export", "version": 1}, "/articles"),
        ({"format": "readmode-export", "version": 1, "articles": [{}]}, "/articles/0/url"),
        (
            {
                "format": "readmode-export",
                "version": 1,
                "articles": [
                    {
                        "url": "https://e.x/",
                        "highlights": [{"exact": "a", "start": 0, "end": 1, "color": "red"}],
                    }
                ],
            },
            "/articles/0/highlights/0/color",
        ),
    ],
)
async def test_bad_imports_name_the_field(
    client: Client, schemas: SchemaSet, document: object, field: str
) -> None:
    data = await check(await client.post("/api/import", json=document, headers=AUTH), 400, schemas)
    assert data["error"]["field"] == field
    listed = await check(await client.get("/api/articles", headers=AUTH), 200, schemas)
    assert listed["total"] == 0
