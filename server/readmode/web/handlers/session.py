"""Page sessions: one-time codes for the extension, and the ``/login`` form."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from readmode.web.jsonio import json_response
from readmode.web.keys import PAGE_CODES
from readmode.web.rendering import render
from readmode.web.security import set_session_cookie, token_matches

routes = web.RouteTableDef()

LOGIN_FAILED = "That token is not right. Run `readmode token` to see it, then paste it here."


@routes.post("/api/page-codes")
async def create_page_code(request: web.Request) -> web.Response:
    codes = request.app[PAGE_CODES]
    data = {"code": codes.issue(), "expires_in": max(1, round(codes.ttl))}
    return json_response(request, data, "page-code", status=201)


def local_path(candidate: str | None) -> str:
    """Where to go after login: a path on this server only (no open redirect)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return "/"
    if any(ord(ch) < 0x20 for ch in candidate):
        return "/"
    return candidate


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")


@routes.get("/login")
async def login_form(request: web.Request) -> web.Response:
    context = {"error": None, "next": local_path(request.query.get("next"))}
    return render(request, "login.html", context, fallback=("Log in", "Run `readmode token`."))


@routes.post("/login")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    token = form.get("token")
    next_path = form.get("next")
    target = local_path(next_path if isinstance(next_path, str) else None)
    if isinstance(token, str) and token_matches(request, token):
        response = web.Response(status=303, headers={"Location": target})
        set_session_cookie(request, response)
        return response
    context = {"error": LOGIN_FAILED, "next": target}
    return render(request, "login.html", context, status=401, fallback=("Log in", LOGIN_FAILED))
