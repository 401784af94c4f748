"""The OpenAPI 3.1 description of the API, built at startup from the schema files."""

from __future__ import annotations

import re
from typing import Any

from readmode import __version__
from readmode.store.articles import MAX_URL_CHARS
from readmode.web.handlers.search import MAX_QUERY
from readmode.web.schemas import SchemaSet

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(name)}}}


def _any_json(media_type: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": {"type": "object"}}}}


def _schema_name(schemas: SchemaSet) -> dict[str, Any]:
    names = sorted(schemas.documents)
    return {"name": "name", "in": "path", "required": True, "schema": {"enum": names}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): {"$ref": "#/components/responses/Error"} for status in statuses}


def _int_param(name: str, where: str, *, minimum: int, maximum: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": {"type": "integer", "minimum": minimum, "maximum": maximum},
    }


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


ID = _int_param("id", "path", minimum=1, maximum=2**63 - 1)
LIMIT = _int_param("limit", "query", minimum=1, maximum=200)
OFFSET = _int_param("offset", "query", minimum=0, maximum=2**62)
COMMON_ERRORS = (400, 401, 403)
# Bounded so that a generated request stays a valid HTTP request (see app.MAX_REQUEST_LINE).
URL_FILTER = {"type": "string", "maxLength": MAX_URL_CHARS}
SEARCH_QUERY = {"type": "string", "maxLength": MAX_QUERY, "description": "Longer queries are cut."}
WRITE_ERRORS = (503, 507)
"""What a database write can add: 503 (busy: locked by another program; read_only) with
Retry-After, 507 (disk_full)."""


def _operation(
    summary: str,
    responses: dict[str, Any],
    *,
    body: str | None = None,
    parameters: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (),
    public: bool = False,
) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
        errors = (*errors, 413, 415)
    if parameters:
        operation["parameters"] = parameters
    operation["responses"].update(_errors(*((400, 403) if public else COMMON_ERRORS), *errors))
    if public:
        operation["security"] = []
    return operation


def build_openapi(schemas: SchemaSet) -> dict[str, Any]:
    article_body = "article-create"
    paths: dict[str, Any] = {
        "/healthz": {
            "get": _operation("Is the server up?", {"200": _json("health", "Up.")}, public=True)
        },
        "/api/ping": {"get": _operation("Check the token", {"200": _json("ping", "Paired.")})},
        "/api/page-codes": {
            "post": _operation(
                "A one-time code that opens a page session",
                {"201": _json("page-code", "Code issued.")},
            )
        },
        "/api/extract": {
            "post": _operation(
                "Extract the article of a page without saving it",
                {"200": _json("extract", "The article.")},
                body=article_body,
                errors=(422, 503),
            )
        },
        "/api/articles": {
            "post": _operation(
                "Save a page (update it when its normalized URL is known)",
                {
                    "200": _json("article", "Updated; highlights kept and re-anchored."),
                    "201": _json("article", "Saved."),
                },
                body=article_body,
                errors=(422, *WRITE_ERRORS),
            ),
            "get": _operation(
                "Saved articles, newest first",
                {"200": _json("article-list", "A page of articles.")},
                parameters=[LIMIT, OFFSET, _query("url", URL_FILTER)],
            ),
        },
        "/api/articles/{id}": {
            "get": _operation(
                "One article",
                {"200": _json("article", "The article.")},
                parameters=[ID],
                errors=(404,),
            ),
            "delete": _operation(
                "Delete an article and its highlights",
                {"204": {"description": "Deleted."}},
                parameters=[ID],
                errors=(404, *WRITE_ERRORS),
            ),
        },
        "/api/articles/{id}/highlights": {
            "get": _operation(
                "The highlights of an article",
                {"200": _json("highlight-list", "Highlights in text order.")},
                parameters=[ID],
                errors=(404,),
            )
        },
        "/api/highlights": {
            "post": _operation(
                "Add a highlight",
                {"201": _json("highlight", "Created.")},
                body="highlight-create",
                errors=(404, *WRITE_ERRORS),
            )
        },
        "/api/highlights/{id}": {
            "patch": _operation(
                "Change a highlight",
                {"200": _json("highlight", "Updated.")},
                body="highlight-update",
                parameters=[ID],
                errors=(404, *WRITE_ERRORS),
            ),
            "delete": _operation(
                "Delete a highlight",
                {"204": {"description": "Deleted."}},
                parameters=[ID],
                errors=(404, *WRITE_ERRORS),
            ),
        },
        "/api/search": {
            "get": _operation(
                "Search highlights and articles",
                {"200": _json("search-response", "Matches, best first.")},
                parameters=[_query("q", SEARCH_QUERY), LIMIT, OFFSET],
            )
        },
        "/api/export": {
            "get": _operation(
                "Everything, as Markdown, JSON or W3C Web Annotations",
                {
                    "200": {
                        "description": "The export.",
                        "content": {
                            "text/markdown": {"schema": {"type": "string"}},
                            JSON: {"schema": _ref("import-request")},
                            "application/ld+json": {"schema": {"type": "object"}},
                        },
                    }
                },
                parameters=[
                    _query("format", {"enum": ["markdown", "json", "annotations"]}),
                ],
            )
        },
        "/api/openapi.json": {
            "get": _operation(
                "This document",
                {"200": _any_json(JSON, "The OpenAPI 3.1 description of the API.")},
            )
        },
        "/api/schemas/{name}.json": {
            "get": _operation(
                "One of the JSON Schema files this document is built from",
                {"200": _any_json("application/schema+json", "The schema file, as is.")},
                parameters=[_schema_name(schemas)],
                errors=(404,),
            )
        },
        "/api/import": {
            "post": _operation(
                "Import a JSON export (idempotent)",
                {"200": _json("import-response", "What was created or skipped.")},
                body="import-request",
                errors=WRITE_ERRORS,
            )
        },
    }
    _name_operations(paths)
    _link(paths, ("/api/articles", "post"), ("/api/articles/{id}", ("get", "delete")))
    _link(paths, ("/api/articles", "post"), ("/api/articles/{id}/highlights", ("get",)))
    _link(paths, ("/api/highlights", "post"), ("/api/highlights/{id}", ("patch", "delete")))
    _link_article_to_new_highlight(paths)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "readmode",
            "version": __version__,
            "description": "The local API of readmode. Every /api route needs the pairing token"
            " (Authorization: Bearer) or a page-session cookie.",
        },
        "servers": [{"url": "/"}],
        "security": [{"token": []}, {"pageSession": []}],
        "paths": paths,
        "components": {
            "schemas": schemas.openapi_components(),
            "responses": {"Error": _json("error", "The error shape of every failure.")},
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer"},
                "pageSession": {"type": "apiKey", "in": "cookie", "name": "readmode_session"},
            },
        },
    }


def _name_operations(paths: dict[str, Any]) -> None:
    """``operationId`` from method and path: ``GET /api/articles/{id}`` → ``getApiArticlesId``."""
    for path, operations in paths.items():
        words = re.findall(r"[A-Za-z0-9]+", path)
        suffix = "".join(w[:1].upper() + w[1:] for w in words)
        for method, operation in operations.items():
            operation["operationId"] = method + suffix


def _link_article_to_new_highlight(paths: dict[str, Any]) -> None:
    """A saved article's ``id`` becomes the ``article_id`` of a new highlight: without it a
    stateful tester only ever posts highlights on articles that do not exist (404)."""
    target = paths["/api/highlights"]["post"]["operationId"]
    link = {"operationId": target, "requestBody": {"article_id": "$response.body#/id"}}
    for status in ("200", "201"):
        response = paths["/api/articles"]["post"]["responses"][status]
        response.setdefault("links", {})[target] = link


def _link(
    paths: dict[str, Any], source: tuple[str, str], target: tuple[str, tuple[str, ...]]
) -> None:
    """OpenAPI links: the ``id`` a create returns feeds the operations on that resource (lets
    stateful testers such as schemathesis chain calls)."""
    source_operation = paths[source[0]][source[1]]
    for method in target[1]:
        operation_id = paths[target[0]][method]["operationId"]
        link = {"operationId": operation_id, "parameters": {"id": "$response.body#/id"}}
        for status in ("200", "201"):
            response = source_operation["responses"].get(status)
            if response is not None:
                response.setdefault("links", {})[operation_id] = link
