"""Validate JSON documents against a schema of Apple's App Store Connect OpenAPI spec.

The schemas come from ``tests/data/asc-openapi-subset.json``: the schemas asc-tui uses,
extracted verbatim from Apple's spec by ``scripts/openapi_subset.py`` (``ASC_OPENAPI_SPEC``
names another copy, e.g. the full spec). OpenAPI 3.0 schemas are JSON Schema draft 4/7 plus
``nullable``, which is rewritten into a ``"null"`` type before validating.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # it ships no type hints
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC_URI = "urn:asc-openapi"


def spec_path() -> Path:
    override = os.environ.get("ASC_OPENAPI_SPEC")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "data/asc-openapi-subset.json"


def _nullable_to_null_type(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` → JSON Schema ``type: [T, "null"]`` (iteratively)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.pop("nullable", False):
                kind = item.get("type")
                if isinstance(kind, str):
                    item["type"] = [kind, "null"]
                if isinstance(item.get("enum"), list) and None not in item["enum"]:
                    item["enum"].append(None)
                if "$ref" in item or "allOf" in item or "oneOf" in item or "anyOf" in item:
                    branches = {
                        k: item.pop(k) for k in ("$ref", "allOf", "oneOf", "anyOf") if k in item
                    }
                    item["anyOf"] = [{"type": "null"}, branches]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return node


@functools.lru_cache(maxsize=1)
def _registry() -> Registry[Any]:
    path = spec_path()
    if not path.is_file():
        raise FileNotFoundError(
            f"Apple's OpenAPI spec is not at {path}; set ASC_OPENAPI_SPEC to its location."
        )
    spec = json.loads(path.read_text(encoding="utf-8"))
    resource: Resource[Any] = Resource.from_contents(
        _nullable_to_null_type(spec), default_specification=DRAFT7
    )
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)  # type: ignore[untyped-decorator]  # jsonschema has no hints
    def _date_time(value: object) -> bool:
        if not isinstance(value, str) or "T" not in value:
            return False
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    @checker.checks("uri-reference")  # type: ignore[untyped-decorator]  # jsonschema has no hints
    def _uri_reference(value: object) -> bool:
        return isinstance(value, str) and not any(c.isspace() for c in value)

    return checker


@functools.cache
def _validator(schema_name: str) -> jsonschema.Draft7Validator:
    registry = _registry()
    schemas = registry.contents(SPEC_URI)["components"]["schemas"]
    if schema_name not in schemas:
        raise KeyError(f"no schema named {schema_name!r} in {spec_path()}")
    root = {"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"}
    return jsonschema.Draft7Validator(root, registry=registry, format_checker=_format_checker())


@contextmanager
def deep_json() -> Iterator[None]:
    """Deep enough for call stacks, which nest deeply: jsonschema validates recursively,
    and the tests walk frames recursively."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def validate(schema_name: str, document: Any) -> None:
    """Raise ``jsonschema.ValidationError`` (the most relevant one) if ``document`` does not
    match ``#/components/schemas/<schema_name>``."""
    with deep_json():
        error = jsonschema.exceptions.best_match(_validator(schema_name).iter_errors(document))
    if error is not None:
        raise error
