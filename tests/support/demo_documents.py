"""The demo server's documents as the demo's tests read them: fetched and validated,
paged through, Apple's error shape checked, call-stack frames walked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx

from tests.support.openapi_schema import validate

METRICS_JSON = "application/vnd.apple.xcode-metrics+json"
LOGS_JSON = "application/vnd.apple.diagnostic-logs+json"


async def get_json(client: httpx.AsyncClient, url: str, schema: str | None = None) -> Any:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    document = response.json()
    if schema is not None:
        validate(schema, document)
    return document


async def all_pages(client: httpx.AsyncClient, url: str) -> tuple[list[dict[str, Any]], int]:
    """(every resource, number of requests) following links.next."""
    items: list[dict[str, Any]] = []
    requests = 0
    next_url: str | None = url
    while next_url:
        document = await get_json(client, next_url)
        requests += 1
        items.extend(document["data"])
        next_url = document["links"].get("next")
    return items, requests


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    validate("ErrorResponse", document)
    [error] = document["errors"]
    assert error["status"] == str(status)
    assert error["code"] == code
    uuid.UUID(error["id"])
    return dict(error)


def walk_frames(roots: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], int]]:
    """Every frame with its depth (1 = root), without recursion."""
    stack = [(frame, 1) for frame in reversed(roots)]
    while stack:
        frame, depth = stack.pop()
        yield frame, depth
        stack.extend((child, depth + 1) for child in reversed(frame["subFrames"]))


def log_roots(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        frame
        for tree in log["callStackTree"]
        for stack in tree["callStacks"]
        for frame in stack["callStackRootFrames"]
    ]


def spread(items: list[Any], count: int) -> list[Any]:
    """``count`` items spread evenly over ``items`` (always including the last)."""
    step = max(1, len(items) // count)
    return [*items[::step][: count - 1], items[-1]]
