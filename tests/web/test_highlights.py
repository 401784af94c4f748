"""``/api/highlights`` and ``/api/articles/{id}/highlights``."""

from __future__ import annotations

import pytest
from readmode.web.schemas import SchemaSet

from .helpers import AUTH, Client, check, highlight_body, seed_article


async def test_highlight_lifecycle(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), "note": "Count them all.", "tags": ["#sea", "Sea", "boats"]}
    created = await check(
        await client.post("/api/highlights", json=body, headers=AUTH), 201, schemas, "highlight"
    )
    assert created["article_id"] == article["id"]
    assert created["exact"] == "the lighthouse"
    assert created["tags"] == ["sea", "boats"]
    assert created["orphan"] is False

    patched = await check(
        await client.patch(
            f"/api/highlights/{created['id']}",
            json={"color": "blue", "note": "", "tags": []},
            headers=AUTH,
        ),
        200,
        schemas,
        "highlight",
    )
    assert (patched["color"], patched["note"], patched["tags"]) == ("blue", "", [])

    listed = await check(
        await client.get(f"/api/articles/{article['id']}/highlights", headers=AUTH),
        200,
        schemas,
        "highlight-list",
    )
    assert listed["highlights"] == [patched]

    fetched = await check(
        await client.get(f"/api/articles/{article['id']}", headers=AUTH), 200, schemas, "article"
    )
    assert fetched["highlight_count"] == 1

    await check(await client.delete(f"/api/highlights/{created['id']}", headers=AUTH), 204, schemas)
    await check(await client.delete(f"/api/highlights/{created['id']}", headers=AUTH), 404, schemas)
    await check(
        await client.patch(f"/api/highlights/{created['id']}", json={"note": "x"}, headers=AUTH),
        404,
        schemas,
    )


async def test_deleting_the_article_deletes_its_highlights(
    client: Client, schemas: SchemaSet
) -> None:
    article = await seed_article(client)
    created = await check(
        await client.post("/api/highlights", json=highlight_body(article), headers=AUTH),
        201,
        schemas,
        "highlight",
    )
    await check(await client.delete(f"/api/articles/{article['id']}", headers=AUTH), 204, schemas)
    await check(
        await client.get(f"/api/articles/{article['id']}/highlights", headers=AUTH), 404, schemas
    )
    gone = await client.patch(f"/api/highlights/{created['id']}", json={"note": "x"}, headers=AUTH)
    await check(gone, 404, schemas)


async def test_highlight_on_a_missing_article_is_404(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), "article_id": article["id"] + 1000}
    data = await check(await client.post("/api/highlights", json=body, headers=AUTH), 404, schemas)
    assert str(article["id"] + 1000) in data["error"]["message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"color": "red"}, "/color"),
        ({"exact": ""}, "/exact"),
        ({"start": -1}, "/start"),
        ({"start": "3"}, "/start"),
        ({"end": True}, "/end"),
        ({"tags": "sea"}, "/tags"),
        ({"tags": ["ok", 3]}, "/tags/1"),
        ({"id": 5}, "/id"),
        ({"article_id": 0}, "/article_id"),
    ],
)
async def test_bad_highlights_name_the_field(
    client: Client, schemas: SchemaSet, change: dict[str, object], field: str
) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), **change}
    data = await check(await client.post("/api/highlights", json=body, headers=AUTH), 400, schemas)
    assert data["error"]["field"] == field


async def test_end_before_start_is_400(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    body = {**highlight_body(article), "start": 10, "end": 4}
    data = await check(await client.post("/api/highlights", json=body, headers=AUTH), 400, schemas)
    assert data["error"]["field"] == "/end"


async def test_empty_patch_is_400(client: Client, schemas: SchemaSet) -> None:
    article = await seed_article(client)
    created = await check(
        await client.post("/api/highlights", json=highlight_body(article), headers=AUTH),
        201,
        schemas,
    )
    response = await client.patch(f"/api/highlights/{created['id']}", json={}, headers=AUTH)
    await check(response, 400, schemas)
