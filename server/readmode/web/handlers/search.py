"""``GET /api/search``: highlights and articles matching a query (the store parses it)."""

from __future__ import annotations

from aiohttp import web

from readmode.web.jsonio import json_response, query_int
from readmode.web.keys import STORE

routes = web.RouteTableDef()

MAX_QUERY = 1000
"""Longer queries are cut: nobody types more, and FTS5 work grows with the number of terms."""


@routes.get("/api/search")
async def search(request: web.Request) -> web.Response:
    q = request.query.get("q", "")[:MAX_QUERY]
    limit = query_int(request, "limit", 20, minimum=1, maximum=200)
    offset = query_int(request, "offset", 0, minimum=0, maximum=2**62)
    result = await request.app[STORE].search(q, limit=limit, offset=offset)
    return json_response(request, result, "search-response")
