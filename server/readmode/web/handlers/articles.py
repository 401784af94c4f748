"""``/api/extract`` and ``/api/articles``: read a page, save it, list, fetch and delete."""

from __future__ import annotations

import dataclasses
from typing import Any

from aiohttp import web

from readmode.extract import Article
from readmode.extract.article import UNTITLED
from readmode.web.errors import not_found
from readmode.web.jsonio import json_response, path_id, query_int, read_json
from readmode.web.keys import EXTRACTOR, STORE

routes = web.RouteTableDef()


async def _extract(request: web.Request) -> tuple[str, dict[str, Any]]:
    """Read the body and extract its article; ``(url, article_dict)``.

    The queue slot is taken before the body is read, so a burst of 32 MiB uploads is turned
    away at once instead of piling up in memory.
    """
    extractor = request.app[EXTRACTOR]
    with extractor.slot():
        body = await read_json(request, "article-create")
        article = await extractor.extract(body["html"], body["url"])
    tab_title = (body.get("title") or "").strip()
    if tab_title and article["title"].strip() in ("", UNTITLED):
        # the tab title beats no title at all
        article["title"] = article["headline"] = tab_title
    return body["url"], article


@routes.post("/api/extract")
async def extract_article(request: web.Request) -> web.Response:
    _, article = await _extract(request)
    return json_response(request, article, "extract")


@routes.post("/api/articles")
async def save_article(request: web.Request) -> web.Response:
    url, fields = await _extract(request)
    known = {f.name for f in dataclasses.fields(Article)}
    article = Article(**{k: v for k, v in fields.items() if k in known})
    saved, created = await request.app[STORE].save_article(url, article)
    return json_response(request, saved, "article", status=201 if created else 200)


@routes.get("/api/articles")
async def list_articles(request: web.Request) -> web.Response:
    limit = query_int(request, "limit", 20, minimum=1, maximum=200)
    offset = query_int(request, "offset", 0, minimum=0, maximum=2**62)
    url = request.query.get("url") or None
    total, articles = await request.app[STORE].list_articles(limit=limit, offset=offset, url=url)
    return json_response(request, {"total": total, "articles": articles}, "article-list")


@routes.get(r"/api/articles/{id:\d+}")
async def get_article(request: web.Request) -> web.Response:
    article_id = path_id(request, "article")
    article = await request.app[STORE].get_article(article_id)
    if article is None:
        raise not_found(f"There is no article {article_id}.")
    return json_response(request, article, "article")


@routes.delete(r"/api/articles/{id:\d+}")
async def delete_article(request: web.Request) -> web.Response:
    article_id = path_id(request, "article")
    if not await request.app[STORE].delete_article(article_id):
        raise not_found(f"There is no article {article_id}.")
    return web.Response(status=204)
