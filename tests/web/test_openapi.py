"""The schema files and the OpenAPI document built from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from readmode.web.schemas import SCHEMA_BASE, SchemaSet, schema_dir

from .helpers import AUTH, Client

EXPECTED = {
    "error", "article", "article-list", "article-create", "extract", "highlight",
    "highlight-create", "highlight-update", "highlight-list", "search-response",
    "import-request", "import-response", "page-code", "health", "ping",
}  # fmt: skip


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


def resolve(document: dict[str, Any], pointer: str) -> Any:
    assert pointer.startswith("#/"), pointer
    node: Any = document
    for part in pointer[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_one_valid_2020_12_schema_file_per_message() -> None:
    directory = schema_dir()
    assert {path.stem for path in directory.glob("*.json")} == EXPECTED
    for path in directory.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"] == f"{SCHEMA_BASE}{path.name}"
        Draft202012Validator.check_schema(document)


def test_schemas_are_found_in_the_checkout() -> None:
    assert schema_dir() == Path(__file__).resolve().parents[2] / "schemas"


async def test_openapi_document_is_self_contained(client: Client, schemas: SchemaSet) -> None:
    response = await client.get("/api/openapi.json", headers=AUTH)
    assert response.status == 200
    document = await response.json()
    assert document["openapi"].startswith("3.1")
    components = document["components"]["schemas"]
    assert set(components) == EXPECTED
    for ref in refs(document):
        resolve(document, ref)  # every reference points inside the document
    # same content as the files, minus $id/$schema and with local references
    assert components["health"]["properties"] == schemas.documents["health"]["properties"]
    list_item = components["highlight-list"]["properties"]["highlights"]["items"]
    assert list_item == {"$ref": "#/components/schemas/highlight"}
    article_items = components["article-list"]["properties"]["articles"]["items"]
    assert article_items == {"$ref": "#/components/schemas/article-list/$defs/item"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or ("204" in operation["responses"])
            ), (method, path)


async def test_raw_schema_files_are_served(client: Client, schemas: SchemaSet) -> None:
    response = await client.get("/api/schemas/article.json", headers=AUTH)
    assert response.status == 200
    assert await response.json() == schemas.documents["article"]
    missing = await client.get("/api/schemas/nope.json", headers=AUTH)
    assert missing.status == 404


async def test_openapi_links_chain_created_ids(client: Client) -> None:
    document = await (await client.get("/api/openapi.json", headers=AUTH)).json()
    operation_ids = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    assert len(operation_ids) == sum(len(ops) for ops in document["paths"].values())
    created = document["paths"]["/api/highlights"]["post"]["responses"]["201"]["links"]
    for link in created.values():
        assert link["operationId"] in operation_ids
        assert link["parameters"] == {"id": "$response.body#/id"}
