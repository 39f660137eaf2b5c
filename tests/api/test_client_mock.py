"""Client behaviour on responses a real server may send, via httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.rate_limit import RateLimit
from asc_tui.api.retry import RetryPolicy
from asc_tui.errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)

BASE = "https://api.example.test"


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response], *, attempts: int = 1
) -> tuple[AscClient, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    policy = RetryPolicy(attempts=attempts, sleep=sleep)
    return AscClient(BASE, transport=httpx.MockTransport(handler), retry=policy), slept


def error_body(status: int, code: str, title: str, detail: str | None = None) -> bytes:
    item = {"id": "e1", "status": str(status), "code": code, "title": title}
    if detail is not None:
        item["detail"] = detail
    return json.dumps({"errors": [item]}).encode()


def app_resource(i: int) -> dict[str, object]:
    return {"type": "apps", "id": str(1000 + i), "attributes": {"name": f"App {i}"}}


async def test_pagination_follows_absolute_next_links_and_stops() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        cursor = request.url.params.get("cursor")
        page = {None: 0, "opaque.AAA": 1, "opaque.BBB": 2}[cursor]
        links: dict[str, str] = {"self": str(request.url)}
        if page < 2:
            links["next"] = f"{BASE}/v1/apps?cursor={['opaque.AAA', 'opaque.BBB'][page]}&limit=2"
        data = [app_resource(page * 2 + k) for k in range(2 if page < 2 else 1)]
        return httpx.Response(200, json={"data": data, "links": links, "meta": {"paging": {}}})

    client, _ = mock_client(handler)
    async with client:
        apps = await client.apps()
    assert [a.name for a in apps] == ["App 0", "App 1", "App 2", "App 3", "App 4"]
    assert len(seen) == 3
    assert "limit=200" in seen[0]
    assert seen[1] == f"{BASE}/v1/apps?cursor=opaque.AAA&limit=2"  # used verbatim
    assert seen[2].endswith("cursor=opaque.BBB&limit=2")


async def test_next_link_to_another_host_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        links = {"self": str(request.url), "next": "https://evil.test/v1/apps?cursor=x"}
        return httpx.Response(200, json={"data": [app_resource(0)], "links": links})

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(ResponseFormatError, match="another host"):
            await client.apps()


async def test_next_link_that_repeats_is_an_error_not_a_loop() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        links = {"self": str(request.url), "next": f"{BASE}/v1/apps?cursor=same"}
        return httpx.Response(200, json={"data": [app_resource(calls)], "links": links})

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(ResponseFormatError, match="repeats an earlier page"):
            await client.apps()
    assert calls == 2  # the first page, then the 'same' page whose next repeats itself


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "NOT_AUTHORIZED", AuthenticationError),
        (403, "FORBIDDEN_ERROR", ForbiddenError),
        (404, "NOT_FOUND", NotFoundError),
        (409, "ENTITY_ERROR", ConflictError),
        (429, "RATE_LIMIT_EXCEEDED", RateLimitError),
        (500, "UNEXPECTED_ERROR", ServerError),
        (418, "TEAPOT", ApiError),
    ],
)
async def test_error_bodies_map_to_typed_exceptions(
    status: int, code: str, cls: type[ApiError]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status,
            content=error_body(status, code, "Something failed", "Because of a reason"),
            headers={"x-request-id": "REQ123", "content-type": "application/json"},
        )

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(ApiError) as info:
            await client.get_app("1")
    error = info.value
    assert type(error) is cls
    assert (error.status, error.code, error.title) == (status, code, "Something failed")
    assert error.errors[0].detail == "Because of a reason"
    assert error.request_id == "REQ123"
    if cls is NotFoundError:  # named by the request's path, with Apple's detail
        assert "App 1 was not found: Because of a reason" in error.user_message()
    else:
        assert "Something failed: Because of a reason" in error.user_message()
    assert error.hint and error.hint in error.user_message()


async def test_error_without_detail_and_without_json_body() -> None:
    def no_detail(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=error_body(404, "NOT_FOUND", "Not there"))

    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad gateway</html>")

    client, _ = mock_client(no_detail)
    async with client:
        with pytest.raises(NotFoundError) as info:
            await client.get_app("1")
    assert info.value.message == "App 1 was not found (404 NOT_FOUND)"
    assert info.value.resource == ("apps", "1")
    client, _ = mock_client(html)
    async with client:
        with pytest.raises(ServerError, match="HTTP 502 Bad Gateway without details"):
            await client.get_app("1")


async def test_truncated_json_body_is_a_format_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"data": [{"type": "apps", "id": "1"')

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(ResponseFormatError, match="The server's answer is cut off"):
            await client.apps()


async def test_odd_json_body_is_a_format_error_not_a_crash() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=["not", "a", "document"])

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(ResponseFormatError, match="without a 'data' array"):
            await client.apps()


async def test_5xx_and_429_are_retried_with_backoff_then_succeed() -> None:
    statuses = [503, 429, 200]

    def handler(request: httpx.Request) -> httpx.Response:
        status = statuses.pop(0)
        headers = {"Retry-After": "7"} if status == 429 else {}
        if status != 200:
            return httpx.Response(status, content=error_body(status, "X", "busy"), headers=headers)
        return httpx.Response(200, json={"data": [], "links": {"self": str(request.url)}})

    client, slept = mock_client(handler, attempts=4)
    async with client:
        assert await client.apps() == []
    assert client.request_count == 3
    assert len(slept) == 2
    assert 0.25 <= slept[0] <= 0.5  # first backoff: jittered half-second
    assert slept[1] == 7.0  # Retry-After honoured


async def test_retries_give_up_with_the_last_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, content=error_body(500, "UNEXPECTED_ERROR", "Broken"))

    client, slept = mock_client(handler, attempts=3)
    async with client:
        with pytest.raises(ServerError, match="Broken"):
            await client.apps()
    assert client.request_count == 3
    assert len(slept) == 2


async def test_post_is_never_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(503, content=error_body(503, "X", "down"))

    client, _ = mock_client(handler, attempts=4)
    async with client:
        with pytest.raises(ServerError):
            await client.request("POST", "/v1/analyticsReportRequests", json_body={})
    assert calls == 1


async def test_network_failure_is_a_readable_network_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client, slept = mock_client(handler, attempts=2)
    async with client:
        with pytest.raises(NetworkError) as info:
            await client.apps()
    assert info.value.message == "Could not connect to https://api.example.test."
    assert "ASC_BASE_URL" in info.value.user_message()
    assert len(slept) == 1


async def test_connection_dropped_mid_body_is_reported() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    client, _ = mock_client(handler)
    async with client:
        with pytest.raises(NetworkError, match="closed before the response was complete"):
            await client.apps()


async def test_rate_limit_header_is_tracked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"X-Rate-Limit": "user-hour-lim:3600;user-hour-rem:3121;"}
        return httpx.Response(
            200, json={"data": [], "links": {"self": str(request.url)}}, headers=headers
        )

    client, _ = mock_client(handler)
    async with client:
        await client.apps()
    assert client.rate_limit == RateLimit(limit=3600, remaining=3121)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("user-hour-lim:3500;user-hour-rem:500;", RateLimit(3500, 500)),
        ("user-hour-rem:12", RateLimit(None, 12)),
        ("garbage", None),
        ("", None),
    ],
)
def test_rate_limit_header_parsing(header: str, expected: RateLimit | None) -> None:
    assert RateLimit.from_header(header) == expected


async def test_metrics_and_logs_requests_send_apple_accept_types() -> None:
    accepts: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        accepts[request.url.path] = request.headers["Accept"]
        return httpx.Response(200, json={"productData": [], "version": "1.0.0"})

    client, _ = mock_client(handler)
    async with client:
        report = await client.build_metrics("b1", metric_types=["HANG", "LAUNCH"])
        await client.signature_logs_json("s1")
    assert report.is_empty
    assert accepts["/v1/builds/b1/perfPowerMetrics"].startswith(
        "application/vnd.apple.xcode-metrics+json"
    )
    assert accepts["/v1/diagnosticSignatures/s1/logs"].startswith(
        "application/vnd.apple.diagnostic-logs+json"
    )


async def test_base_url_with_a_path_prefix_is_kept() -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return httpx.Response(200, json={"data": [], "links": {"self": str(request.url)}})

    client = AscClient(
        "http://proxy.test/asc/", transport=httpx.MockTransport(handler), retry=RetryPolicy(1)
    )
    async with client:
        await client.apps()
    assert urls[0].startswith("http://proxy.test/asc/v1/apps?")
