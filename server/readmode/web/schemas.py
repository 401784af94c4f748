"""The JSON Schemas of every message, loaded once, used to validate requests and responses.

The files in ``schemas/`` are the single source of truth: the validators, the documents served
under ``/api/schemas/`` and the OpenAPI description are all built from them at startup.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from readmode.web.errors import ApiError

SCHEMA_BASE = "https://readmode.local/schemas/"


def schema_dir() -> Path:
    """Where the schema files are: inside the wheel, else the checkout (editable installs)."""
    packaged = importlib.resources.files("readmode") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("readmode's JSON Schemas are missing (expected readmode/schemas)")


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer, e.g. ``("tags", 2)`` → ``/tags/2``; ``()`` → ``""`` (the whole body)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _offending_field(error: ValidationError) -> str:
    """The pointer of the value to fix: for a missing or extra property, that property."""
    path = list(error.absolute_path)
    if isinstance(error.instance, dict):
        if error.validator == "required" and isinstance(error.validator_value, list):
            missing = [name for name in error.validator_value if name not in error.instance]
            if missing:
                return json_pointer([*path, missing[0]])
        elif error.validator == "additionalProperties" and isinstance(error.schema, Mapping):
            allowed = error.schema.get("properties", {})
            extra = sorted(name for name in error.instance if name not in allowed)
            if extra:
                return json_pointer([*path, extra[0]])
    return json_pointer(path)


def _describe(error: ValidationError, field: str) -> str:
    where = f"'{field}'" if field else "the request body"
    if error.validator == "required":
        return f"The field {where} is required."
    if error.validator == "additionalProperties":
        return f"The field {where} is not allowed here."
    message = error.message
    if len(message) > 200:  # messages quote the instance, which may be a whole page of HTML
        message = message[:200] + "…"
    return f"Invalid value at {where}: {message}"


class SchemaSet:
    """Every schema by name (the file stem, e.g. ``article-create``) with a ready validator."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or schema_dir()
        self.documents: dict[str, dict[str, Any]] = {}
        for path in sorted(directory.glob("*.json")):
            self.documents[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        self.registry: Registry[Any] = Registry().with_resources(
            (doc["$id"], Resource.from_contents(doc, default_specification=DRAFT202012))
            for doc in self.documents.values()
        )
        self._validators: dict[str, Draft202012Validator] = {}
        for name, doc in self.documents.items():
            Draft202012Validator.check_schema(doc)
            self._validators[name] = Draft202012Validator(doc, registry=self.registry)

    def __contains__(self, name: object) -> bool:
        return name in self.documents

    def validate_request(self, name: str, data: Any) -> None:
        """Raise a 400 :class:`ApiError` naming the first field to fix."""
        error = best_match(self._validators[name].iter_errors(data))
        if error is not None:
            field = _offending_field(error)
            raise ApiError(400, _describe(error, field), field=field)

    def response_errors(self, name: str, data: Any) -> list[str]:
        """Every way ``data`` breaks schema ``name`` (empty when it conforms)."""
        return [
            f"{json_pointer(e.absolute_path) or '/'}: {e.message[:300]}"
            for e in self._validators[name].iter_errors(data)
        ]

    def openapi_components(self) -> dict[str, Any]:
        """The schemas rewritten for ``#/components/schemas``: references become local."""
        return {name: _localise(doc, name) for name, doc in self.documents.items()}


def _localise(node: Any, name: str) -> Any:
    """Copy a schema, turning ``other.json#/x`` and ``#/x`` references into component refs.

    OpenAPI tools resolve ``$ref`` against the OpenAPI document, not against the schema's
    ``$id`` (an address that does not exist on the network), so the copies drop ``$id``.
    """
    if isinstance(node, Mapping):
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$id", "$schema"):
                continue
            if key == "$ref" and isinstance(value, str):
                copy[key] = _component_ref(value, name)
            else:
                copy[key] = _localise(value, name)
        return copy
    if isinstance(node, list):
        return [_localise(item, name) for item in node]
    return node


def _component_ref(ref: str, current: str) -> str:
    target, _, fragment = ref.partition("#")
    if target.startswith(SCHEMA_BASE):
        target = target[len(SCHEMA_BASE) :]
    stem = target.removesuffix(".json") if target else current
    return f"#/components/schemas/{stem}{fragment}"
