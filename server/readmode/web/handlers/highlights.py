"""``/api/highlights`` and ``/api/articles/{id}/highlights``."""

from __future__ import annotations

from aiohttp import web

from readmode.web.errors import not_found
from readmode.web.jsonio import json_response, path_id, read_json
from readmode.web.keys import STORE

routes = web.RouteTableDef()


@routes.post("/api/highlights")
async def create_highlight(request: web.Request) -> web.Response:
    data = await read_json(request, "highlight-create")
    highlight = await request.app[STORE].add_highlight(data)
    if highlight is None:
        raise not_found(f"There is no article {data['article_id']}.")
    return json_response(request, highlight, "highlight", status=201)


@routes.get(r"/api/articles/{id:\d+}/highlights")
async def list_highlights(request: web.Request) -> web.Response:
    article_id = path_id(request, "article")
    highlights = await request.app[STORE].list_highlights(article_id)
    if highlights is None:
        raise not_found(f"There is no article {article_id}.")
    return json_response(request, {"highlights": highlights}, "highlight-list")


@routes.patch(r"/api/highlights/{id:\d+}")
async def update_highlight(request: web.Request) -> web.Response:
    highlight_id = path_id(request, "highlight")
    patch = await read_json(request, "highlight-update")
    highlight = await request.app[STORE].update_highlight(highlight_id, patch)
    if highlight is None:
        raise not_found(f"There is no highlight {highlight_id}.")
    return json_response(request, highlight, "highlight")


@routes.delete(r"/api/highlights/{id:\d+}")
async def delete_highlight(request: web.Request) -> web.Response:
    highlight_id = path_id(request, "highlight")
    if not await request.app[STORE].delete_highlight(highlight_id):
        raise not_found(f"There is no highlight {highlight_id}.")
    return web.Response(status=204)
