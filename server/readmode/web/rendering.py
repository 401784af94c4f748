"""HTML pages from the jinja2 templates in ``web/templates/`` (autoescaped)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from readmode import __version__
from readmode.extract.sanitize import sanitize
from readmode.web.keys import TEMPLATES

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
STATIC_PREFIX = "/static/"


def static_url(path: str) -> str:
    """``static("reader.css")`` → ``/static/reader.css?v=0.1.0`` (a new release busts caches)."""
    return f"{STATIC_PREFIX}{path.lstrip('/')}?v={__version__}"


def template_environment(directory: Path = TEMPLATE_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True),
        # A misspelt variable is a bug to see in tests, not an empty string on the page.
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, static=static_url)
    return env


FALLBACK_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>{title} · readmode</title>'
    "<h1>{title}</h1><p>{message}</p></html>"
)


def render(
    request: web.Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    fallback: tuple[str, str] | None = None,
) -> web.Response:
    """Render ``template``; ``fallback=(title, message)`` is used if the template is missing."""
    env = request.app[TEMPLATES]
    try:
        html = env.get_template(template).render(request_path=request.path, **context)
    except jinja2.TemplateNotFound:
        if fallback is None:
            raise
        log.warning("template %s is missing; answering a plain page", template)
        title, message = fallback
        html = FALLBACK_PAGE.format(title=escape(title), message=escape(message))
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def trusted_html(html: str) -> Markup:
    """Stored article HTML, sanitised again on the way out, then marked safe for the template.

    Every write path sanitises (the extractor, and ``POST /api/import`` since the XSS table's
    "reader:import" case), but a database may hold HTML from an older, wider allowlist, and the
    reader view must never trust the database: the same allowlist runs again here (nh3 is
    idempotent on its own output; ~1 ms for a typical article, ~20 ms for a 600 KB one).
    """
    return Markup(sanitize(html))
