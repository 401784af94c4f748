"""The OpenAPI 3.1 description of the API, built at startup from the schema files."""

from __future__ import annotations

from typing import Any

from readmode import __version__
from readmode.web.schemas import SchemaSet

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(name)}}}


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
                errors=(422, 503),
            ),
            "get": _operation(
                "Saved articles, newest first",
                {"200": _json("article-list", "A page of articles.")},
                parameters=[LIMIT, OFFSET, _query("url", {"type": "string"})],
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
                errors=(404,),
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
                errors=(404,),
            )
        },
        "/api/highlights/{id}": {
            "patch": _operation(
                "Change a highlight",
                {"200": _json("highlight", "Updated.")},
                body="highlight-update",
                parameters=[ID],
                errors=(404,),
            ),
            "delete": _operation(
                "Delete a highlight",
                {"204": {"description": "Deleted."}},
                parameters=[ID],
                errors=(404,),
            ),
        },
        "/api/search": {
            "get": _operation(
                "Search highlights and articles",
                {"200": _json("search-response", "Matches, best first.")},
                parameters=[_query("q", {"type": "string"}), LIMIT, OFFSET],
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
        "/api/import": {
            "post": _operation(
                "Import a JSON export (idempotent)",
                {"200": _json("import-response", "What was created or skipped.")},
                body="import-request",
            )
        },
    }
    _name_operations(paths)
    _link(paths, ("/api/articles", "post"), ("/api/articles/{id}", ("get", "delete")))
    _link(paths, ("/api/articles", "post"), ("/api/articles/{id}/highlights", ("get",)))
    _link(paths, ("/api/highlights", "post"), ("/api/highlights/{id}", ("patch", "delete")))
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
        words = [w.strip("{}") for w in path.replace("-", "/").split("/") if w]
        suffix = "".join(w[:1].upper() + w[1:] for w in words)
        for method, operation in operations.items():
            operation["operationId"] = method + suffix


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
