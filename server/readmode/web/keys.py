"""Typed keys of the shared state kept on the application (``app[KEY]``)."""

from __future__ import annotations

from typing import Any

import jinja2
from aiohttp import web

from readmode.store import Store
from readmode.web.config import ServerConfig
from readmode.web.extraction import ExtractionPool
from readmode.web.schemas import SchemaSet
from readmode.web.sessions import PageCodes, Sessions
from readmode.web.throttle import RefusalThrottle

CONFIG = web.AppKey("config", ServerConfig)
TOKEN = web.AppKey("token", str)
SCHEMAS = web.AppKey("schemas", SchemaSet)
STORE = web.AppKey("store", Store)
EXTRACTOR = web.AppKey("extractor", ExtractionPool)
PAGE_CODES = web.AppKey("page_codes", PageCodes)
SESSIONS = web.AppKey("sessions", Sessions)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
OPENAPI = web.AppKey("openapi", dict[str, Any])
REFUSALS = web.AppKey("refusals", RefusalThrottle)
