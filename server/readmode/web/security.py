"""Who may talk to the server: Host and Origin rules, the token, page sessions, CORS headers.

The server listens on loopback, but any web page the user visits can still *send* requests to
127.0.0.1. These checks are what keeps such pages out:

* Host allow-list — defeats DNS rebinding (evil.example resolving to 127.0.0.1).
* Origin check — a browser always says which site a cross-origin request comes from; only our
  own pages and browser extensions are welcome.
* Token or page session on every ``/api`` route — nothing readable or writable without it.
"""

from __future__ import annotations

import hmac
import math
from collections.abc import Iterable

from aiohttp import web

from readmode.web.keys import CONFIG, SESSIONS, TOKEN

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:;"
    " media-src https: http:; connect-src 'self'; font-src 'self'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def server_port(request: web.Request) -> int | None:
    """The port this connection really arrived on (the configured one may be 0: "any")."""
    if request.transport is None:
        return None
    sockname = request.transport.get_extra_info("sockname")
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        return int(sockname[1])
    return None


def _with_port(names: Iterable[str], port: int | None) -> set[str]:
    hosts = set()
    for name in names:
        if port is not None:
            hosts.add(f"{name}:{port}")
        if port == 80:  # browsers leave the default port out of Host and Origin
            hosts.add(name)
    return hosts


def allowed_hosts(request: web.Request) -> set[str]:
    names = list(LOOPBACK_NAMES)
    config = request.app[CONFIG]
    if config.allow_remote:
        names.append(f"[{config.host}]" if ":" in config.host else config.host)
    return _with_port((n.lower() for n in names), server_port(request))


def host_is_allowed(request: web.Request) -> bool:
    host = request.headers.get("Host")
    return host is not None and host.lower() in allowed_hosts(request)


def is_extension_origin(origin: str) -> bool:
    """``chrome-extension://<id>`` and friends; the id is letters, digits and dashes."""
    scheme, separator, extension_id = origin.partition("://")
    return (
        bool(separator)
        and f"{scheme.lower()}://" in EXTENSION_SCHEMES
        and bool(extension_id)
        and all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in extension_id)
    )


def is_own_origin(request: web.Request, origin: str) -> bool:
    return origin.lower() in {f"http://{host}" for host in allowed_hosts(request)}


def origin_is_allowed(request: web.Request) -> bool:
    """No Origin (same-origin GETs, curl) or our own, or a browser extension's."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return is_own_origin(request, origin) or is_extension_origin(origin)


def bearer_token_is_valid(request: web.Request) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        return False
    expected = request.app[TOKEN].encode()
    return hmac.compare_digest(credentials.strip().encode("utf-8", "replace"), expected)


def session_is_valid(request: web.Request) -> bool:
    session = request.cookies.get(request.app[SESSIONS].COOKIE)
    return session is not None and request.app[SESSIONS].is_valid(session)


def is_authenticated(request: web.Request) -> bool:
    return bearer_token_is_valid(request) or session_is_valid(request)


def token_matches(request: web.Request, candidate: str) -> bool:
    expected = request.app[TOKEN].encode()
    return hmac.compare_digest(candidate.strip().encode("utf-8", "replace"), expected)


def set_session_cookie(request: web.Request, response: web.StreamResponse) -> None:
    sessions = request.app[SESSIONS]
    response.set_cookie(
        sessions.COOKIE,
        sessions.issue(),
        max_age=math.ceil(sessions.ttl),
        path="/",
        httponly=True,
        samesite="Strict",
    )


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: runs for every response, errors and static files included."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    is_page = (response.content_type or "").startswith("text/html")
    headers.setdefault("Content-Security-Policy", PAGE_CSP if is_page else API_CSP)
    if request.path.startswith("/api/") or request.path == "/healthz":
        headers.setdefault("Cache-Control", "no-store")  # private data: never cache
        headers.add("Vary", "Origin")
        origin = request.headers.get("Origin")
        if origin is not None and is_extension_origin(origin):
            # Echo the one extension origin; never "*" (any page could read the answers).
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Expose-Headers"] = "Retry-After"
    elif request.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-cache")  # revalidate (ETag/Last-Modified)
    else:
        headers.setdefault("Cache-Control", "no-store")


def preflight_response(request: web.Request) -> web.Response:
    """Answer a CORS preflight from an extension (the Origin check has already passed)."""
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type",
            "Access-Control-Max-Age": "600",
        },
    )
