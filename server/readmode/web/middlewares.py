"""Request middlewares: the error shape around everything, then the gatekeeping checks.

Order (outermost first): :func:`error_middleware` turns every failure into the JSON error
shape; :func:`guard_middleware` applies Host → Origin (and CORS preflight) → token → body rules
before any handler runs.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from readmode.store.errors import InvalidInput, StoreError, StoreFull, StoreReadOnly
from readmode.web.errors import CODE_FOR_STATUS, ApiError, internal
from readmode.web.keys import CONFIG, REFUSALS
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


def _store_error(error: StoreError, request: web.Request) -> ApiError:
    """A store failure as the client should see it, logged when it is not the client's fault.

    * bad data → 400;
    * a full disk → 507 Insufficient Storage: waiting does not help, freeing space does, so no
      ``Retry-After`` (the next write succeeds once there is room; no restart needed);
    * a database locked by another program → 503 ``busy`` + ``Retry-After`` (it is transient);
    * a read-only database or disk → 503 ``read_only`` + ``Retry-After``: the server is up but
      cannot write until the mount or permissions are fixed (then the next write succeeds);
    * anything else (a damaged file, a bug) → 500.
    """
    if isinstance(error, InvalidInput):
        return ApiError(400, error.message, field=error.field)
    where = f"{request.method} {request.path}"
    if isinstance(error, StoreFull):
        log.error("disk full: %s failed: %s", where, error.message)
        return ApiError(507, error.message, code="disk_full")
    if error.retryable:
        code = "read_only" if isinstance(error, StoreReadOnly) else "busy"
        log.warning("database %s: %s failed: %s", code.replace("_", "-"), where, error.message)
        retry_after = str(request.app[CONFIG].retry_after)
        return ApiError(503, error.message, code=code, headers={"Retry-After": retry_after})
    log.error("store failure: %s failed: %s", where, error.message)
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
        return _store_error(error, request).response()
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


def _bad_host() -> ApiError:
    return ApiError(
        400,
        "This server only answers requests addressed to 127.0.0.1, localhost or [::1]"
        " (its port included).",
        code="bad_host",
    )


def _foreign_origin() -> ApiError:
    return ApiError(403, "Requests from other web sites are not allowed.", code="forbidden")


def _unauthorized() -> ApiError:
    return ApiError(
        401,
        "Missing or wrong token: pair the extension, or send 'Authorization: Bearer <token>'"
        " (run `readmode token` to see it).",
        headers={"WWW-Authenticate": 'Bearer realm="readmode"'},
    )


async def _refusal(request: web.Request, error: ApiError) -> ApiError:
    """``error``, held back first when refusals come faster than a person could cause them:
    a flood of bad requests must not crowd out the real user (see :mod:`.throttle`)."""
    delay = request.app[REFUSALS].delay()
    if delay:
        await asyncio.sleep(delay)
    return error


@web.middleware
async def guard_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    # The refusals come first, before the body is read or anything parsed.
    if not host_is_allowed(request):
        raise await _refusal(request, _bad_host())
    if not origin_is_allowed(request):
        raise await _refusal(request, _foreign_origin())
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
        raise await _refusal(request, _unauthorized())
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
