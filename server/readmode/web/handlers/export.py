"""``GET /api/export`` and ``POST /api/import`` (the JSON export is the import format)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from aiohttp import web

from readmode.store import EXPORT_FORMATS, EXPORT_MEDIA_TYPES
from readmode.web.errors import bad_request, internal
from readmode.web.jsonio import json_response, read_json
from readmode.web.keys import CONFIG, SCHEMAS, STORE

routes = web.RouteTableDef()

EXTENSIONS = {"markdown": "md", "json": "json", "annotations": "jsonld"}


@routes.get("/api/export")
async def export(request: web.Request) -> web.Response:
    fmt = request.query.get("format", "markdown")
    if fmt not in EXPORT_FORMATS:
        raise bad_request(
            f"'format' must be one of {', '.join(EXPORT_FORMATS)} (got {fmt[:40]!r}).",
            field="format",
        )
    text = await request.app[STORE].export(fmt)
    if fmt == "json" and request.app[CONFIG].validate_responses:
        problems = request.app[SCHEMAS].response_errors("import-request", json.loads(text))
        if problems:
            raise internal("The JSON export breaks import-request.json: " + "; ".join(problems))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return web.Response(
        body=text.encode("utf-8"),
        headers={
            "Content-Type": EXPORT_MEDIA_TYPES[fmt],
            "Content-Disposition": f'attachment; filename="readmode-{stamp}.{EXTENSIONS[fmt]}"',
        },
    )


@routes.post("/api/import")
async def import_document(request: web.Request) -> web.Response:
    document = await read_json(request, "import-request")
    counts = await request.app[STORE].import_json(document)
    return json_response(request, counts, "import-response")
