"""The one error shape of the API (``schemas/error.json``) and the exception that carries it.

Handlers and middlewares raise :class:`ApiError`; the error middleware turns it, aiohttp's own
HTTP exceptions and anything unexpected into ``{"error": {"status", "code", "message",
"field"?}}`` so that clients never have to parse two kinds of failure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

CODE_FOR_STATUS: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "not_readable",
    503: "busy",
    507: "disk_full",
}


class ApiError(Exception):
    """A failure the client should see, with its status, code and a sentence for people."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODE_FOR_STATUS.get(status, "internal")
        self.message = message
        self.field = field
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": self.status, "code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}

    def response(self) -> web.Response:
        return web.json_response(self.body(), status=self.status, headers=self.headers)


def bad_request(message: str, *, field: str | None = None) -> ApiError:
    return ApiError(400, message, field=field)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def busy(message: str, retry_after: int) -> ApiError:
    return ApiError(503, message, headers={"Retry-After": str(retry_after)})


def internal(
    message: str = "Something went wrong inside readmode; see the server log.",
) -> ApiError:
    return ApiError(500, message, code="internal")
