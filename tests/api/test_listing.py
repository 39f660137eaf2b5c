"""One paginator for every collection: a Listing is iterated a page at a time or awaited
for every item, resumes from a cursor, and one helper builds every ``filter[…]``."""

from __future__ import annotations

from typing import Any

import httpx

from asc_tui.api.client import AscClient
from asc_tui.api.query import filters
from asc_tui.api.retry import NO_RETRY

BASE = "https://api.example.test"


def signatures_server(requests: list[httpx.URL]) -> httpx.MockTransport:
    """Two pages of signatures, the lighter ones first."""
    pages: dict[str, dict[str, Any]] = {
        "1": {
            "data": [
                {"type": "diagnosticSignatures", "id": "s1", "attributes": {"weight": 0.1}},
                {"type": "diagnosticSignatures", "id": "s2", "attributes": {"weight": 0.2}},
            ],
            "links": {"next": f"{BASE}/v1/builds/b1/diagnosticSignatures?cursor=2"},
        },
        "2": {
            "data": [{"type": "diagnosticSignatures", "id": "s3", "attributes": {"weight": 0.7}}],
            "links": {},
        },
    }

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request.url)
        return httpx.Response(200, json=pages[request.url.params.get("cursor", "1")])

    return httpx.MockTransport(handler)


async def test_a_listing_iterates_by_page_and_awaits_every_item_finished() -> None:
    requests: list[httpx.URL] = []
    transport = signatures_server(requests)
    async with AscClient(BASE, transport=transport, retry=NO_RETRY) as client:
        listing = client.signatures("b1", diagnostic_types=["HANGS", "LAUNCHES"])
        chunks = [[s.id for s in chunk] async for chunk in listing]
        assert chunks == [["s1", "s2"], ["s3"]]  # as the server sent them
        assert [s.id for s in await listing] == ["s3", "s2", "s1"]  # heaviest first
    assert requests[0].params["filter[diagnosticType]"] == "HANGS,LAUNCHES"
    assert requests[0].params["limit"] == "200"
    assert len(requests) == 4  # two pages, twice


async def test_a_listing_resumes_at_a_cursor() -> None:
    requests: list[httpx.URL] = []
    transport = signatures_server(requests)
    async with AscClient(BASE, transport=transport, retry=NO_RETRY) as client:
        cursor = f"{BASE}/v1/builds/b1/diagnosticSignatures?cursor=2"
        rest = client.signatures("b1").resuming(cursor)
        assert [s.id for s in await rest] == ["s3"]
    assert [str(u) for u in requests] == [cursor]


def test_filters_join_values_and_leave_out_empty_ones() -> None:
    assert filters(
        app="123",
        metricType=["HANG", " LAUNCH ", ""],
        deviceType=None,
        name=[],
        category="  ",
    ) == {"filter[app]": "123", "filter[metricType]": "HANG,LAUNCH"}
