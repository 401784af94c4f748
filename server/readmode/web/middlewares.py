"""Request middlewares: the error shape around everything, then the gatekeeping checks.

Order (outermost first): :func:`error_middleware` turns every failure into the JSON error
shape; :func:`guard_middleware` applies Host → Origin (and CORS preflight) → token → body rules
before any handler runs.
"""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from readmode.store.errors import InvalidInput, StoreError
from readmode.web.errors import CODE_FOR_STATUS, ApiError, internal
from readmode.web.keys import CONFIG
from readmode.web.security import (
    host_is_allowed,
    is_authenticated,
    is_extension_origin,
    origin_is_allowed,
    preflight_response,
)

log = logging.getLogger(__name__)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPES = frozenset({"application/json"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded"})


def _http_error(error: web.HTTPException, max_body: int) -> ApiError:
    """aiohttp's own errors (no route, wrong method, body too large) in our shape."""
    status = error.status
    if status == 404:
        return ApiError(404, "There is nothing at this address.")
    if status == 405:
        allowed = getattr(error, "allowed_methods", None) or ()
        headers = {"Allow": ", ".join(sorted(allowed))} if allowed else {}
        return ApiError(405, "This address does not accept that method.", headers=headers)
    if status == 413:
        return ApiError(413, f"The request body is larger than the {_size(max_body)} limit.")
    code = CODE_FOR_STATUS.get(status, "bad_request" if status < 500 else "internal")
    return ApiError(status, error.text or error.reason, code=code)


def _store_error(error: StoreError, retry_after: int) -> ApiError:
    if isinstance(error, InvalidInput):
        return ApiError(400, error.message, field=error.field)
    if error.retryable:
        return ApiError(503, error.message, code="busy", headers={"Retry-After": str(retry_after)})
    log.error("store failure: %s", error.message)
    return internal(error.message)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as error:
        return error.response()
    except web.HTTPException as error:
        if error.status < 400:
            raise  # redirects are answers, not failures
        return _http_error(error, request.app[CONFIG].max_body).response()
    except StoreError as error:
        return _store_error(error, request.app[CONFIG].retry_after).response()
    except Exception:
        log.exception("unexpected error answering %s %s", request.method, request.path)
        return internal().response()


def _size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def _body_too_large(request: web.Request) -> bool:
    length = request.content_length
    return length is not None and length > request.app[CONFIG].max_body


def _has_body(request: web.Request) -> bool:
    return request.body_exists or bool(request.content_length)


@web.middleware
async def guard_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not host_is_allowed(request):
        raise ApiError(
            400,
            "This server only answers requests addressed to 127.0.0.1, localhost or [::1]"
            " (its port included).",
            code="bad_host",
        )
    if not origin_is_allowed(request):
        raise ApiError(403, "Requests from other web sites are not allowed.", code="forbidden")
    origin = request.headers.get("Origin", "")
    if (
        request.method == "OPTIONS"
        and is_extension_origin(origin)
        and "Access-Control-Request-Method" in request.headers
    ):
        return preflight_response(request)
    # Every /api route needs the token or a page session; /healthz lives outside /api on purpose.
    is_api = request.path.startswith("/api/") or request.path == "/api"
    if is_api and not is_authenticated(request):
        raise ApiError(
            401,
            "Missing or wrong token: pair the extension, or send 'Authorization: Bearer <token>'"
            " (run `readmode token` to see it).",
            headers={"WWW-Authenticate": 'Bearer realm="readmode"'},
        )
    route_matched = request.match_info.http_exception is None
    if route_matched and request.method in BODY_METHODS and _has_body(request):
        if _body_too_large(request):
            limit = _size(request.app[CONFIG].max_body)
            raise ApiError(413, f"The request body is larger than the {limit} limit.")
        accepted = JSON_TYPES if is_api else FORM_TYPES
        if request.content_type not in accepted:
            raise ApiError(
                415,
                f"Send the body as {' or '.join(sorted(accepted))}"
                f" (got {request.content_type or 'no Content-Type'}).",
            )
    return await handler(request)
