"""The client against the demo server: in-process (ASGI) and over real HTTP on loopback."""

from __future__ import annotations

import math

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.diagnostic_logs import DiagnosticLog, Frame
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
    DemoKey,
    DemoServer,
    FaultPlan,
    generate_demo_key,
)
from asc_tui.errors import (
    AuthenticationError,
    NetworkError,
    NotFoundError,
    ResponseFormatError,
    ServerError,
)
from asc_tui.store import Store
from tests.support.demo_client import fast_retry, make_client


def builds_requests(faults: FaultPlan) -> list[str]:
    return [target for method, target in faults.requests if target.startswith("/v1/builds?")]


async def test_listing_all_builds_takes_ceil_n_over_200_requests(
    client: AscClient, faults: FaultPlan
) -> None:
    builds = await client.builds(BIG_APP_ID)
    assert len(builds) >= 500
    assert len(builds_requests(faults)) == math.ceil(len(builds) / 200)
    assert len({b.id for b in builds}) == len(builds)
    dates = [b.uploaded_date for b in builds if b.uploaded_date is not None]
    assert len(dates) == len(builds)
    assert dates == sorted(dates, reverse=True)
    assert builds[0].id == HUGE_LOG_BUILD_ID
    assert builds[0].display_version == f"{builds[0].marketing_version} ({builds[0].version})"
    assert all(b.marketing_version for b in builds)


async def test_apps_keep_brackets_in_names(client: AscClient) -> None:
    apps = {a.id: a for a in await client.apps()}
    assert len(apps) >= 3
    assert "[Beta]" in apps[BRACKETS_APP_ID].name
    assert (await client.get_app(BIG_APP_ID)).name == apps[BIG_APP_ID].name


async def test_build_metrics_parse_every_category(client: AscClient) -> None:
    report = await client.build_metrics(HUGE_LOG_BUILD_ID)
    categories = {c.identifier for c in report.categories}
    assert {"LAUNCH", "HANG", "MEMORY", "DISK", "BATTERY", "ANIMATION", "TERMINATION"} <= categories
    percentiles, devices = report.dimensions()
    assert {"percentile.fifty", "percentile.ninety"} <= set(percentiles)
    assert "all_iphones" in dict(devices)
    values = [p.value for _, m in report.metrics() for d in m.datasets for p in d.points]
    assert values and all(v is not None for v in values)


async def test_metric_filters_narrow_the_document(client: AscClient) -> None:
    report = await client.build_metrics(
        HUGE_LOG_BUILD_ID, metric_types=["HANG"], device_types=["all_ipads"]
    )
    assert [c.identifier for c in report.categories] == ["HANG"]
    assert {d.criteria.device for _, m in report.metrics() for d in m.datasets} == {"all_ipads"}


async def test_empty_product_data_means_not_enough_data(client: AscClient) -> None:
    report = await client.build_metrics(EMPTY_METRICS_BUILD_ID)
    assert report.is_empty
    assert report.categories == ()


async def test_signatures_and_the_huge_log(client: AscClient) -> None:
    signatures = await client.signatures(HUGE_LOG_BUILD_ID)
    assert {s.diagnostic_type for s in signatures} == {"DISK_WRITES", "HANGS", "LAUNCHES"}
    weights = [s.weight for s in signatures]
    assert weights == sorted(weights, reverse=True)
    hangs = await client.signatures(HUGE_LOG_BUILD_ID, diagnostic_types=["HANGS"])
    assert hangs and {s.diagnostic_type for s in hangs} == {"HANGS"}
    assert HUGE_LOG_SIGNATURE_ID in {s.id for s in hangs}
    doc = await Store(client).logs(HUGE_LOG_SIGNATURE_ID)
    assert doc.logs[0].frame_count() >= 10_000
    blame = [f for f in _frames(doc.logs[0]) if f.is_blame]
    assert len(blame) == 1 and blame[0].symbol


def _frames(log: DiagnosticLog) -> list[Frame]:
    out = []
    stack = [f for cs in log.call_stacks for f in cs.roots]
    while stack:
        frame = stack.pop()
        out.append(frame)
        stack.extend(frame.children)
    return out


async def test_unknown_key_is_an_authentication_error(demo_key: DemoKey) -> None:
    stranger = generate_demo_key()
    async with make_client(demo_key) as registered:
        await registered.apps()
    client = make_client(demo_key)
    client._http.auth = JwtAuth(  # a key the server never registered
        stranger.issuer_id, stranger.key_id, load_private_key(stranger.private_key_pem)
    )
    async with client:
        with pytest.raises(AuthenticationError) as info:
            await client.apps()
    assert info.value.code == "NOT_AUTHORIZED"
    assert "revoked" in info.value.user_message()


async def test_unknown_app_is_not_found(client: AscClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await client.get_app("999999")
    assert info.value.code == "NOT_FOUND"


async def test_rate_limit_budget_goes_down(client: AscClient) -> None:
    await client.apps()
    first = client.rate_limit
    await client.apps()
    second = client.rate_limit
    assert first and second and first.limit == 3600
    assert second.remaining == (first.remaining or 0) - 1


async def test_failed_page_in_the_middle_is_retried(client: AscClient, faults: FaultPlan) -> None:
    faults.fail_next("/v1/builds", 503, times=2)
    builds = await client.builds(BIG_APP_ID)
    assert len(builds) >= 500
    assert len(builds_requests(faults)) == math.ceil(len(builds) / 200) + 2


async def test_truncated_body_is_reported(client: AscClient, faults: FaultPlan) -> None:
    faults.fail_next("/v1/apps", 200, body=b'{"data": [{"type": "apps"')
    with pytest.raises(ResponseFormatError, match="cut off"):
        await client.apps()
    assert len(await client.apps()) >= 3  # and the next try works


async def test_store_does_not_refetch_unless_asked(client: AscClient, faults: FaultPlan) -> None:
    store = Store(client)
    first = await store.builds(BIG_APP_ID)
    count = len(faults.requests)
    assert await store.builds(BIG_APP_ID) == first
    await store.apps()
    await store.apps()
    assert len(faults.requests) == count + 1
    await store.builds(BIG_APP_ID, refresh=True)
    assert len(faults.requests) == count + 1 + math.ceil(len(first) / 200)


def test_over_real_http_with_retries_and_then_server_down() -> None:
    import asyncio

    async def scenario(server: DemoServer) -> tuple[int, int]:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        server.faults.fail_next("/v1/apps", 500, times=1)
        async with AscClient(server.base_url, auth, retry=fast_retry(3)) as client:
            apps = await client.apps()
            return len(apps), client.request_count

    with DemoServer() as server:
        count, requests = asyncio.run(scenario(server))
        base_url = server.base_url
    assert count >= 3 and requests == 2

    async def down() -> None:
        async with AscClient(base_url, None, retry=fast_retry(2)) as client:
            await client.apps()

    with pytest.raises(NetworkError, match=r"Could not connect to http://127\.0\.0\.1"):
        asyncio.run(down())


async def test_server_error_after_retries(client: AscClient, faults: FaultPlan) -> None:
    faults.fail_next("/v1/apps", 500, times=5)
    with pytest.raises(ServerError) as info:
        await client.apps()
    assert info.value.status == 500
    assert client.request_count == 3
