"""``GET /api/openapi.json`` and the raw schema files under ``/api/schemas/``."""

from __future__ import annotations

from aiohttp import web

from readmode.web.errors import not_found
from readmode.web.keys import OPENAPI, SCHEMAS

routes = web.RouteTableDef()


@routes.get("/api/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(request.app[OPENAPI])


@routes.get(r"/api/schemas/{name:[a-z0-9-]+}.json")
async def schema_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    schemas = request.app[SCHEMAS]
    if name not in schemas:
        raise not_found(f"There is no schema named {name}.")
    return web.json_response(schemas.documents[name], content_type="application/schema+json")
