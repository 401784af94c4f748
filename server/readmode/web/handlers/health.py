"""``/healthz`` (no token: the extension probes it before pairing) and ``/api/ping``."""

from __future__ import annotations

from aiohttp import web

from readmode import __version__
from readmode.web.jsonio import json_response

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    return json_response(request, {"status": "ok", "version": __version__}, "health")


@routes.get("/api/ping")
async def ping(request: web.Request) -> web.Response:
    """Answers only with the right token: the extension's pairing check."""
    return json_response(request, {"ok": True, "version": __version__}, "ping")
