"""The application factory: ``create_app(ServerConfig(...))`` → a ready ``web.Application``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from readmode.config import database_path, load_or_create_token
from readmode.store import Store
from readmode.web.config import ServerConfig
from readmode.web.extraction import ExtractionPool
from readmode.web.handlers import articles, export, health, highlights, openapi, pages, search
from readmode.web.handlers import session as session_handlers
from readmode.web.keys import (
    CONFIG,
    EXTRACTOR,
    OPENAPI,
    PAGE_CODES,
    REFUSALS,
    SCHEMAS,
    SESSIONS,
    STORE,
    TEMPLATES,
    TOKEN,
)
from readmode.web.middlewares import error_middleware, guard_middleware
from readmode.web.openapi_doc import build_openapi
from readmode.web.rendering import STATIC_DIR, STATIC_PREFIX, template_environment
from readmode.web.schemas import SchemaSet
from readmode.web.security import add_security_headers
from readmode.web.sessions import PageCodes, Sessions
from readmode.web.throttle import RefusalThrottle

log = logging.getLogger(__name__)

HANDLER_MODULES = (health, session_handlers, articles, highlights, search, export, openapi, pages)


async def _store_context(app: web.Application) -> AsyncIterator[None]:
    config = app[CONFIG]
    config.data_dir.mkdir(parents=True, exist_ok=True)
    store = await Store.open(database_path(config.data_dir), readers=config.store_readers)
    app[STORE] = store
    try:
        yield
    finally:
        await store.close()


async def _extractor_context(app: web.Application) -> AsyncIterator[None]:
    config = app[CONFIG]
    pool = ExtractionPool(
        workers=config.extraction_workers,
        capacity=config.queue_size,
        timeout=config.job_timeout,
        retry_after=config.retry_after,
    )
    app[EXTRACTOR] = pool
    try:
        if config.prewarm:
            await pool.warm()
        yield
    finally:
        await pool.close()


MAX_REQUEST_LINE = 128 * 1024
"""Longest request line (method, path and query) the HTTP parser accepts.

aiohttp's default, 8190 bytes, is shorter than a legitimate ``GET /api/articles?url=`` lookup:
a URL may have 8192 characters (the store's limit), up to 12 bytes each once percent-encoded.
The parser answers longer lines itself, with a plain-text 400 that no client expects.
"""


def create_app(config: ServerConfig) -> web.Application:
    app = web.Application(
        middlewares=[error_middleware, guard_middleware],
        # aiohttp refuses bodies over 1 MiB by default; whole pages are bigger.
        client_max_size=config.max_body,
        handler_args={"max_line_size": MAX_REQUEST_LINE},
    )
    schemas = SchemaSet()
    app[CONFIG] = config
    app[TOKEN] = config.token or load_or_create_token(config.data_dir)
    app[SCHEMAS] = schemas
    app[OPENAPI] = build_openapi(schemas)
    app[PAGE_CODES] = PageCodes(config.code_ttl)
    app[SESSIONS] = Sessions(config.session_ttl)
    app[REFUSALS] = RefusalThrottle()
    app[TEMPLATES] = template_environment()
    for module in HANDLER_MODULES:
        app.router.add_routes(module.routes)
    if STATIC_DIR.is_dir():
        app.router.add_static(STATIC_PREFIX, STATIC_DIR, name="static")
    else:
        log.warning("no static files at %s: pages will be unstyled", STATIC_DIR)
    app.cleanup_ctx.extend([_store_context, _extractor_context])
    app.on_response_prepare.append(add_security_headers)
    return app
