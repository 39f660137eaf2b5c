"""The demo's Analytics Reports endpoints: Apple's schemas, paging, filters, roles, create,
duplicate and delete, and the pre-signed segment downloads that stand in for S3."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from asc_tui.demo import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BIG_SEGMENT_INSTANCE_ID,
    BRACKETS_APP_ID,
    NO_ANALYTICS_APP_ID,
    STOPPED_REQUEST_ID,
    DemoKey,
    create_app,
    generate_demo_key,
)
from asc_tui.demo.data.analytics_catalog import CATEGORIES, REPORT_KINDS
from asc_tui.demo.data.analytics_records import seeded
from tests.support.demo_client import DEMO_BASE, client_for
from tests.support.openapi_schema import validate

CREATE_SCHEMA = "AnalyticsReportRequestCreateRequest"


class Clock:
    def __init__(self, now: float = 1_793_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(key: DemoKey, clock: Clock) -> Starlette:
    return create_app([key], clock=clock)


@pytest.fixture
async def client(app: Starlette, key: DemoKey) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app, key) as c:
        yield c


@pytest.fixture
async def plain(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """No Authorization header: how pre-signed URLs must be fetched."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO_BASE) as c:
        yield c


async def get(client: httpx.AsyncClient, url: str, schema: str, **params: str) -> Any:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    document = response.json()
    validate(schema, document)
    return document


def create_body(app_id: str, access_type: str = "ONGOING") -> dict[str, Any]:
    body = {
        "data": {
            "type": "analyticsReportRequests",
            "attributes": {"accessType": access_type},
            "relationships": {"app": {"data": {"type": "apps", "id": app_id}}},
        }
    }
    validate(CREATE_SCHEMA, body)
    return body


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    document = response.json()
    validate("ErrorResponse", document)
    error: dict[str, Any] = document["errors"][0]
    assert error["status"] == str(status)
    return error


async def reports_of(client: httpx.AsyncClient, request_id: str, **params: str) -> list[Any]:
    url = f"/v1/analyticsReportRequests/{request_id}/reports"
    document = await get(client, url, "AnalyticsReportsResponse", **params)
    return list(document["data"])


async def report_named(client: httpx.AsyncClient, request_id: str, name: str) -> dict[str, Any]:
    found = await reports_of(client, request_id, **{"filter[name]": name})
    assert len(found) == 1
    return dict(found[0])


async def instances_of(client: httpx.AsyncClient, report_id: str, **params: str) -> list[Any]:
    url = f"/v1/analyticsReports/{report_id}/instances"
    document = await get(client, url, "AnalyticsReportInstancesResponse", **params)
    return list(document["data"])


# --- landmarks and seeded data ----------------------------------------------------------


def test_landmarks_point_at_the_analytics_data_they_describe() -> None:
    data = seeded()
    ongoing = data.requests[ANALYTICS_REQUEST_ID]
    assert (ongoing.app_id, ongoing.access_type, ongoing.stopped) == (BIG_APP_ID, "ONGOING", False)
    stopped = data.requests[STOPPED_REQUEST_ID]
    assert (stopped.app_id, stopped.stopped) == (BRACKETS_APP_ID, True)
    assert all(r.app_id != NO_ANALYTICS_APP_ID for r in data.requests.values())
    big = data.instances[BIG_SEGMENT_INSTANCE_ID]
    assert big.report.request_id == ANALYTICS_REQUEST_ID
    assert (big.report.kind.name, big.granularity, str(big.processing_date)) == (
        "App Sessions Detailed",
        "MONTHLY",
        "2026-11-01",
    )
    assert big.segment_count == 1 and big.rows >= 200_000
    assert {k.category for k in REPORT_KINDS} == set(CATEGORIES)


async def test_requests_per_app_validate_with_included_reports(client: httpx.AsyncClient) -> None:
    url = f"/v1/apps/{BIG_APP_ID}/analyticsReportRequests"
    document = await get(client, url, "AnalyticsReportRequestsResponse", include="reports")
    kinds = {r["attributes"]["accessType"]: r for r in document["data"]}
    assert set(kinds) == {"ONGOING", "ONE_TIME_SNAPSHOT"}
    assert kinds["ONGOING"]["id"] == ANALYTICS_REQUEST_ID
    linked = kinds["ONGOING"]["relationships"]["reports"]["data"]
    assert len(linked) == len(REPORT_KINDS)
    included = {r["id"]: r["attributes"] for r in document["included"]}
    assert len(included) == 2 * len(REPORT_KINDS)
    assert {included[r["id"]]["name"] for r in linked} == {k.name for k in REPORT_KINDS}

    only = await get(
        client, url, "AnalyticsReportRequestsResponse", **{"filter[accessType]": "ONGOING"}
    )
    assert [r["id"] for r in only["data"]] == [ANALYTICS_REQUEST_ID]
    assert "included" not in only

    stopped = await get(
        client,
        f"/v1/apps/{BRACKETS_APP_ID}/analyticsReportRequests",
        "AnalyticsReportRequestsResponse",
    )
    assert [r["attributes"] for r in stopped["data"]] == [
        {"accessType": "ONGOING", "stoppedDueToInactivity": True}
    ]
    empty = await get(
        client,
        f"/v1/apps/{NO_ANALYTICS_APP_ID}/analyticsReportRequests",
        "AnalyticsReportRequestsResponse",
    )
    assert empty["data"] == [] and empty["meta"]["paging"]["total"] == 0

    single = await get(
        client,
        f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}",
        "AnalyticsReportRequestResponse",
    )
    assert single["data"]["attributes"]["accessType"] == "ONGOING"


async def test_reports_cover_every_category_and_filter(client: httpx.AsyncClient) -> None:
    reports = await reports_of(client, ANALYTICS_REQUEST_ID)
    assert {r["attributes"]["category"] for r in reports} == set(CATEGORIES)
    names = [r["attributes"]["name"] for r in reports]
    assert len(names) == len(set(names)) == len(REPORT_KINDS)
    assert "App Store Discovery and Engagement Detailed" in names

    performance = await reports_of(
        client, ANALYTICS_REQUEST_ID, **{"filter[category]": "PERFORMANCE"}
    )
    assert sorted(r["attributes"]["name"] for r in performance) == [
        "App Crashes",
        "App Crashes Expanded",
    ]
    two = await reports_of(
        client, ANALYTICS_REQUEST_ID, **{"filter[name]": "App Crashes,App Opt In"}
    )
    assert sorted(r["attributes"]["name"] for r in two) == ["App Crashes", "App Opt In"]
    paged = await get(
        client,
        f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}/reports",
        "AnalyticsReportsResponse",
        limit="5",
    )
    assert len(paged["data"]) == 5 and "cursor=" in paged["links"]["next"]

    one = await get(client, f"/v1/analyticsReports/{reports[0]['id']}", "AnalyticsReportResponse")
    assert one["data"]["attributes"] == reports[0]["attributes"]
    bad = await client.get(
        f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}/reports",
        params={"filter[category]": "SALES"},
    )
    assert error_of(bad, 400)["source"] == {"parameter": "filter[category]"}


async def test_instances_span_35_days_in_three_granularities(client: httpx.AsyncClient) -> None:
    report = await report_named(client, ANALYTICS_REQUEST_ID, "App Sessions Detailed")
    instances = await instances_of(client, report["id"], limit="200")
    by_granularity: dict[str, list[str]] = {}
    for item in instances:
        attributes = item["attributes"]
        by_granularity.setdefault(attributes["granularity"], []).append(
            attributes["processingDate"]
        )
    assert len(by_granularity["DAILY"]) == 35
    assert (
        by_granularity["DAILY"][0] == "2026-11-01" and by_granularity["DAILY"][-1] == "2026-09-28"
    )
    assert by_granularity["WEEKLY"] == [
        "2026-10-26",
        "2026-10-19",
        "2026-10-12",
        "2026-10-05",
        "2026-09-28",
    ]
    assert by_granularity["MONTHLY"] == ["2026-11-01", "2026-10-01"]

    monthly = await instances_of(client, report["id"], **{"filter[granularity]": "MONTHLY"})
    assert monthly[0]["id"] == BIG_SEGMENT_INSTANCE_ID
    dated = await instances_of(
        client, report["id"], **{"filter[processingDate]": "2026-10-01,2026-10-05"}
    )
    assert sorted(
        (i["attributes"]["granularity"], i["attributes"]["processingDate"]) for i in dated
    ) == [
        ("DAILY", "2026-10-01"),
        ("DAILY", "2026-10-05"),
        ("MONTHLY", "2026-10-01"),
        ("WEEKLY", "2026-10-05"),
    ]
    one = await get(
        client,
        f"/v1/analyticsReportInstances/{monthly[1]['id']}",
        "AnalyticsReportInstanceResponse",
    )
    assert one["data"]["attributes"] == monthly[1]["attributes"]
    bad = await client.get(
        f"/v1/analyticsReports/{report['id']}/instances", params={"filter[processingDate]": "Oct 1"}
    )
    assert error_of(bad, 400)["source"] == {"parameter": "filter[processingDate]"}

    stopped_report = (await reports_of(client, STOPPED_REQUEST_ID))[0]
    newest = (await instances_of(client, stopped_report["id"]))[0]
    assert newest["attributes"]["processingDate"] == "2026-10-12"


async def test_segments_are_gzip_tsv_with_size_checksum_and_signed_url(
    client: httpx.AsyncClient, plain: httpx.AsyncClient
) -> None:
    report = await report_named(client, ANALYTICS_REQUEST_ID, "App Downloads Detailed")
    monthly = (await instances_of(client, report["id"], **{"filter[granularity]": "MONTHLY"}))[0]
    url = f"/v1/analyticsReportInstances/{monthly['id']}/segments"
    segments = (await get(client, url, "AnalyticsReportSegmentsResponse"))["data"]
    assert len(segments) == 3
    columns = next(k.columns for k in REPORT_KINDS if k.name == "App Downloads Detailed")
    rows = 0
    for segment in segments:
        attributes = segment["attributes"]
        query = parse_qs(urlsplit(attributes["url"]).query)
        assert query["X-Amz-Expires"] == ["300"] and len(query["X-Amz-Signature"][0]) == 64
        assert urlsplit(attributes["url"]).path == f"/analytics-segments/{segment['id']}.tsv.gz"
        response = await plain.get(attributes["url"])
        assert response.status_code == 200
        body = response.content
        assert len(body) == attributes["sizeInBytes"] == int(response.headers["content-length"])
        assert hashlib.md5(body).hexdigest() == attributes["checksum"]
        lines = gzip.decompress(body).decode().splitlines()
        assert lines[0].split("\t") == list(columns)
        assert all(line.count("\t") == len(columns) - 1 for line in lines)
        rows += len(lines) - 1
        one = await get(
            client, f"/v1/analyticsReportSegments/{segment['id']}", "AnalyticsReportSegmentResponse"
        )
        assert one["data"]["attributes"]["checksum"] == attributes["checksum"]
    assert rows == seeded().instances[monthly["id"]].rows
    sample = gzip.decompress((await plain.get(segments[0]["attributes"]["url"])).content).decode()
    assert "Trailhead: Hike & Run" in sample and 'Custom page "Summit"' in sample


async def test_segment_urls_expire_reject_forgery_and_a_second_auth(
    client: httpx.AsyncClient, plain: httpx.AsyncClient, clock: Clock
) -> None:
    report = await report_named(client, ANALYTICS_REQUEST_ID, "App Crashes")
    instance = (await instances_of(client, report["id"]))[0]
    url = f"/v1/analyticsReportInstances/{instance['id']}/segments"
    signed = (await get(client, url, "AnalyticsReportSegmentsResponse"))["data"][0]["attributes"][
        "url"
    ]

    with_token = await client.get(signed)
    assert with_token.status_code == 400 and "<Code>InvalidArgument</Code>" in with_token.text
    forged = await plain.get(signed.replace("X-Amz-Expires=300", "X-Amz-Expires=9999"))
    assert forged.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in forged.text
    bare = await plain.get(signed.split("?")[0])
    assert bare.status_code == 403 and "AuthorizationQueryParametersError" in bare.text

    clock.now += 299
    assert (await plain.get(signed)).status_code == 200
    clock.now += 2
    expired = await plain.get(signed)
    assert expired.status_code == 403
    assert expired.headers["content-type"] == "application/xml"
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in expired.text
    assert "x-rate-limit" not in expired.headers
    fresh = (await get(client, url, "AnalyticsReportSegmentsResponse"))["data"][0]["attributes"][
        "url"
    ]
    assert fresh != signed and (await plain.get(fresh)).status_code == 200


# --- create, duplicate, delete ----------------------------------------------------------


async def test_create_duplicate_and_delete(
    client: httpx.AsyncClient, plain: httpx.AsyncClient
) -> None:
    created = await client.post(
        "/v1/analyticsReportRequests", json=create_body(NO_ANALYTICS_APP_ID)
    )
    assert created.status_code == 201, created.text
    document = created.json()
    validate("AnalyticsReportRequestResponse", document)
    request_id = document["data"]["id"]
    assert document["data"]["attributes"] == {
        "accessType": "ONGOING",
        "stoppedDueToInactivity": False,
    }
    reports = await reports_of(client, request_id)
    assert len(reports) == len(REPORT_KINDS)
    assert await instances_of(client, reports[0]["id"]) == []  # the first arrive in 24-48 h

    again = await client.post("/v1/analyticsReportRequests", json=create_body(NO_ANALYTICS_APP_ID))
    conflict = error_of(again, 409)
    assert conflict["code"] == "STATE_ERROR" and "ONGOING" in conflict["detail"]
    snapshot = await client.post(
        "/v1/analyticsReportRequests", json=create_body(NO_ANALYTICS_APP_ID, "ONE_TIME_SNAPSHOT")
    )
    assert snapshot.status_code == 201
    # A request stopped for inactivity does not block a new one.
    restarted = await client.post("/v1/analyticsReportRequests", json=create_body(BRACKETS_APP_ID))
    assert restarted.status_code == 201

    deleted = await client.delete(f"/v1/analyticsReportRequests/{request_id}")
    assert deleted.status_code == 204 and deleted.content == b""
    error_of(await client.delete(f"/v1/analyticsReportRequests/{request_id}"), 404)
    error_of(await client.get(f"/v1/analyticsReports/{reports[0]['id']}"), 404)
    listed = await get(
        client,
        f"/v1/apps/{NO_ANALYTICS_APP_ID}/analyticsReportRequests",
        "AnalyticsReportRequestsResponse",
    )
    assert [r["attributes"]["accessType"] for r in listed["data"]] == ["ONE_TIME_SNAPSHOT"]
    assert (
        await client.post("/v1/analyticsReportRequests", json=create_body(NO_ANALYTICS_APP_ID))
    ).status_code == 201

    # Deleting a seeded request takes its instances and segment files with it.
    report = await report_named(client, ANALYTICS_REQUEST_ID, "App Crashes")
    instance = (await instances_of(client, report["id"]))[0]
    url = f"/v1/analyticsReportInstances/{instance['id']}/segments"
    signed = (await get(client, url, "AnalyticsReportSegmentsResponse"))["data"][0]["attributes"][
        "url"
    ]
    assert (
        await client.delete(f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}")
    ).status_code == 204
    error_of(await client.get(f"/v1/analyticsReportInstances/{instance['id']}"), 404)
    gone = await plain.get(signed)
    assert gone.status_code == 404 and "<Code>NoSuchKey</Code>" in gone.text


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"data": {"type": "apps"}}, "/data/type"),
        (
            {"data": {"type": "analyticsReportRequests", "attributes": {"accessType": "DAILY"}}},
            "/data/attributes/accessType",
        ),
        (
            {"data": {"type": "analyticsReportRequests", "attributes": {"accessType": "ONGOING"}}},
            "/data/relationships/app",
        ),
        ([], "/data"),
    ],
)
async def test_invalid_create_bodies_are_422(
    client: httpx.AsyncClient, body: Any, pointer: str
) -> None:
    error = error_of(await client.post("/v1/analyticsReportRequests", json=body), 422)
    assert error["code"] == "ENTITY_UNPROCESSABLE" and error["source"] == {"pointer": pointer}


async def test_create_for_an_unknown_app_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/analyticsReportRequests", json=create_body("999"))
    assert error_of(response, 404)["code"] == "NOT_FOUND"


# --- roles ------------------------------------------------------------------------------


async def test_roles_limit_what_a_key_may_do() -> None:
    admin, developer, finance = generate_demo_key(), generate_demo_key(), generate_demo_key()
    app = create_app(
        [admin, developer, finance],
        roles={developer.key_id: "DEVELOPER", finance.key_id: "finance"},
    )
    requests_url = f"/v1/apps/{BIG_APP_ID}/analyticsReportRequests"
    body = create_body(NO_ANALYTICS_APP_ID)
    async with client_for(app, developer) as dev:
        error = error_of(await dev.get(requests_url), 403)
        assert error["code"] == "FORBIDDEN_ERROR"
        assert error["title"] == "This request is forbidden for security reasons"
        error_of(await dev.get(f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}/reports"), 403)
        error_of(await dev.post("/v1/analyticsReportRequests", json=body), 403)
        assert (await dev.get("/v1/apps")).status_code == 200  # other data is still readable
    async with client_for(app, finance) as fin:
        assert (await fin.get(requests_url)).status_code == 200
        error_of(await fin.post("/v1/analyticsReportRequests", json=body), 403)
        error_of(await fin.delete(f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}"), 403)
    async with client_for(app, admin) as adm:
        assert (await adm.post("/v1/analyticsReportRequests", json=body)).status_code == 201


async def test_two_servers_serve_the_same_files(key: DemoKey) -> None:
    report = next(r for r in seeded().reports.values() if r.kind.name == "App Opt In")
    first_instance = seeded().instances_by_report[report.id][0]
    url = f"/v1/analyticsReportInstances/{first_instance.id}/segments"
    bodies = []
    for _ in range(2):
        app = create_app([key])
        transport = httpx.ASGITransport(app=app)
        async with client_for(app, key) as c, httpx.AsyncClient(transport=transport) as bare:
            [segment] = (await get(c, url, "AnalyticsReportSegmentsResponse"))["data"]
            attributes = segment["attributes"]
            body = (await bare.get(attributes["url"])).content
            bodies.append((segment["id"], attributes["checksum"], attributes["sizeInBytes"], body))
    assert bodies[0] == bodies[1]
    assert hashlib.md5(bodies[0][3]).hexdigest() == bodies[0][1]
