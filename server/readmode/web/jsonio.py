"""Reading JSON requests and writing JSON responses, both checked against ``schemas/``."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from aiohttp import web

from readmode.web.errors import ApiError, bad_request, internal
from readmode.web.keys import CONFIG, SCHEMAS

log = logging.getLogger(__name__)

PARSE_OFF_LOOP = 256 * 1024
"""Bodies larger than this are parsed in a thread: a 32 MiB page takes ~100 ms to decode,
long enough to make ``/healthz`` and every other request wait."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(body: bytes) -> Any:
    """Strict JSON (no NaN/Infinity), from UTF-8, UTF-16 or UTF-32 bytes."""
    return json.loads(body, parse_constant=_reject_constant)


async def read_json(request: web.Request, schema: str) -> Any:
    """The request body as JSON, valid against ``schema`` — or a 400 that says what to fix."""
    body = await request.read()  # raises HTTPRequestEntityTooLarge past client_max_size
    if not body:
        raise bad_request("The request body is empty; expected a JSON document.")
    try:
        if len(body) > PARSE_OFF_LOOP:
            data = await asyncio.to_thread(parse_json, body)
        else:
            data = parse_json(body)
    except RecursionError:
        raise bad_request("The request body is nested too deeply.") from None
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise bad_request(f"The request body is not valid JSON: {error}") from None
    request.app[SCHEMAS].validate_request(schema, data)
    return data


def json_response(
    request: web.Request,
    data: Any,
    schema: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """A JSON response; with ``validate_responses`` on, one that breaks its schema is a 500."""
    if request.app[CONFIG].validate_responses:
        problems = request.app[SCHEMAS].response_errors(schema, data)
        if problems:
            log.error("response to %s breaks %s.json: %s", request.path, schema, problems)
            raise internal(
                f"The server built a response that breaks {schema}.json: " + "; ".join(problems)
            )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return web.json_response(text=text, status=status, headers=headers)


INTEGER = re.compile(r"-?[0-9]{1,20}")


def query_int(request: web.Request, name: str, default: int, *, minimum: int, maximum: int) -> int:
    """An integer query parameter within bounds, or a 400 naming it."""
    raw = request.query.get(name)
    if raw is None:
        return default
    # Plain ASCII digits only: int() would also take " 5", "+5", "5_0" and other scripts' digits.
    if INTEGER.fullmatch(raw) is None:
        raise bad_request(f"'{name}' must be a whole number.", field=name)
    value = int(raw)
    if not minimum <= value <= maximum:
        raise bad_request(f"'{name}' must be between {minimum} and {maximum}.", field=name)
    return value


MAX_ID = 2**63 - 1  # SQLite's INTEGER range


def path_id(request: web.Request, what: str) -> int:
    """The ``{id}`` of the route; ids SQLite cannot hold cannot exist either (404)."""
    value = int(request.match_info["id"])  # the route pattern only matches digits
    if value > MAX_ID:
        raise ApiError(404, f"There is no {what} {value}.")
    return value
