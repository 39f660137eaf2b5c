"""AnalyticsApi against the demo server in-process: the whole chain, filters, paging,
create/duplicate/delete, role errors that name the roles, and tolerant parsing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from urllib.parse import unquote

import pytest

from asc_tui.api.analytics_reports import (
    ACCESS_TYPES,
    CATEGORIES,
    GRANULARITIES,
    AnalyticsApi,
    AnalyticsReport,
    AnalyticsReportInstance,
    AnalyticsReportRequest,
    AnalyticsReportSegment,
)
from asc_tui.api.client import AscClient
from asc_tui.commands import analytics as analytics_command
from asc_tui.demo import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BIG_SEGMENT_INSTANCE_ID,
    BRACKETS_APP_ID,
    NO_ANALYTICS_APP_ID,
    STOPPED_REQUEST_ID,
    DemoKey,
    FaultPlan,
    generate_demo_key,
)
from asc_tui.demo.data.analytics_catalog import REPORT_KINDS
from asc_tui.demo.data.analytics_records import seeded
from asc_tui.errors import ConflictError, ForbiddenError, NotFoundError
from tests.support.demo_client import make_client


@pytest.fixture
async def api(client: AscClient) -> AnalyticsApi:
    return AnalyticsApi(client)


async def test_the_whole_chain(api: AnalyticsApi, faults: FaultPlan) -> None:
    requests = await api.requests(BIG_APP_ID, include_reports=True)
    assert {r.access_type for r in requests} == {"ONGOING", "ONE_TIME_SNAPSHOT"}
    ongoing = next(r for r in requests if r.access_type == "ONGOING")
    assert ongoing.id == ANALYTICS_REQUEST_ID and ongoing.active
    assert {r.name for r in ongoing.reports} == {k.name for k in REPORT_KINDS}

    reports = await api.reports(ongoing.id, category="APP_USAGE")
    assert {r.category for r in reports} == {"APP_USAGE"}
    sessions = next(r for r in reports if r.name == "App Sessions Detailed")
    assert await api.get_report(sessions.id) == sessions

    instances = await api.instances(sessions.id)
    assert len(instances) == 35 + 5 + 2
    assert instances[0].processing_date == date(2026, 11, 1)
    monthly = await api.instances(sessions.id, granularity="MONTHLY")
    assert monthly[0].id == BIG_SEGMENT_INSTANCE_ID
    assert [i.processing_date_text for i in monthly] == ["2026-11-01", "2026-10-01"]
    picked = await api.instances(
        sessions.id,
        granularity=["DAILY", "WEEKLY"],
        processing_dates=[date(2026, 10, 5), "2026-10-06"],
    )
    assert sorted((i.granularity, i.processing_date_text) for i in picked) == [
        ("DAILY", "2026-10-05"),
        ("DAILY", "2026-10-06"),
        ("WEEKLY", "2026-10-05"),
    ]
    instance = await api.get_instance(monthly[1].id)
    assert instance == monthly[1]

    segments = await api.segments(monthly[1].id)
    record = seeded().instances[monthly[1].id]
    assert len(segments) == record.segment_count == 3  # 30 days x 85 rows, 1000 per file
    assert len({s.id for s in segments}) == 3
    for segment in segments:
        assert len(segment.checksum) == 32 and (segment.size_in_bytes or 0) > 1000
        assert segment.url.startswith(f"http://demo.test/analytics-segments/{segment.id}.tsv.gz?")
    segment = segments[0]
    assert segment.url not in repr(segment)  # a short-lived credential stays out of logs
    again = await api.get_segment(segment.id)
    assert (again.checksum, again.size_in_bytes) == (segment.checksum, segment.size_in_bytes)

    sent = [unquote(t) for _, t in faults.requests]
    assert any("filter[granularity]=DAILY,WEEKLY" in t for t in sent)  # one comma-separated value
    assert any("filter[processingDate]=2026-10-05,2026-10-06" in t for t in sent)


async def test_reports_page_through_links_next(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    async with make_client(demo_key, faults) as client:
        api = AnalyticsApi(client)
        report = (await api.reports(ANALYTICS_REQUEST_ID, name="App Crashes"))[0]
        instances = await api.instances(report.id)
    assert len(instances) == 42
    calls = [t for _, t in faults.requests if t.startswith(f"/v1/analyticsReports/{report.id}")]
    assert len(calls) == 1 and "limit=200" in calls[0]


async def test_stopped_and_missing_requests(api: AnalyticsApi) -> None:
    [stopped] = await api.requests(BRACKETS_APP_ID)
    assert stopped.id == STOPPED_REQUEST_ID and stopped.stopped_due_to_inactivity
    assert not stopped.active and stopped.reports == ()
    assert await api.requests(NO_ANALYTICS_APP_ID) == []
    assert await api.requests(BIG_APP_ID, "ONE_TIME_SNAPSHOT") != []
    with pytest.raises(NotFoundError):
        await api.get_request("no-such-request")


async def test_create_duplicate_delete(api: AnalyticsApi) -> None:
    created = await api.create_request(NO_ANALYTICS_APP_ID, "ONGOING")
    assert created.access_type == "ONGOING" and created.active
    assert (await api.get_request(created.id)).id == created.id
    assert len(await api.reports(created.id)) == len(REPORT_KINDS)

    with pytest.raises(ConflictError) as conflict:
        await api.create_request(NO_ANALYTICS_APP_ID, "ONGOING")
    assert conflict.value.status == 409 and conflict.value.code == "STATE_ERROR"
    assert "already has an active ONGOING report request" in conflict.value.hint

    await api.delete_request(created.id)
    assert await api.requests(NO_ANALYTICS_APP_ID) == []
    with pytest.raises(NotFoundError):
        await api.delete_request(created.id)


async def test_403_names_the_roles_that_may(demo_key: DemoKey) -> None:
    developer, finance = generate_demo_key(), generate_demo_key()
    roles = {developer.key_id: "DEVELOPER", finance.key_id: "FINANCE"}
    async with make_client(developer, roles=roles) as client:
        api = AnalyticsApi(client)
        with pytest.raises(ForbiddenError) as read:
            await api.requests(BIG_APP_ID)
        with pytest.raises(ForbiddenError) as listing:
            await api.instances("any-report")
    for error in (read.value, listing.value):
        assert error.status == 403 and error.code == "FORBIDDEN_ERROR"
        assert "Admin, Sales and Reports, or Finance" in error.user_message()
    async with make_client(finance, roles=roles) as client:
        api = AnalyticsApi(client)
        assert len(await api.requests(BIG_APP_ID)) == 2
        with pytest.raises(ForbiddenError) as create:
            await api.create_request(NO_ANALYTICS_APP_ID, "ONGOING")
        with pytest.raises(ForbiddenError) as delete:
            await api.delete_request(ANALYTICS_REQUEST_ID)
    for error in (create.value, delete.value):
        assert "needs an API key with the Admin role" in error.hint
        assert "This request is forbidden for security reasons" in error.message


def test_models_read_what_the_api_really_sends() -> None:
    request = AnalyticsReportRequest.from_resource(
        {
            "id": "r1",
            "attributes": {"accessType": None, "stoppedDueToInactivity": "true", "extra": 1},
            "relationships": {"reports": {"data": [{"type": "analyticsReports", "id": "a"}, "x"]}},
        },
        {"a": AnalyticsReport("a", "App Crashes", "PERFORMANCE")},
    )
    assert request == AnalyticsReportRequest(
        "r1", "", True, (AnalyticsReport("a", "App Crashes", "PERFORMANCE"),)
    )
    report = AnalyticsReport.from_resource({"id": "b", "attributes": {"category": "SOMETHING_NEW"}})
    assert (report.name, report.category) == ("(unnamed report)", "SOMETHING_NEW")
    assert AnalyticsReport.from_resource({}).category == "UNKNOWN"
    instance = AnalyticsReportInstance.from_resource(
        {"id": "i", "attributes": {"granularity": "WEEKLY", "processingDate": "not a date"}}
    )
    assert instance.processing_date is None and instance.processing_date_text == "unknown-date"
    segment = AnalyticsReportSegment.from_resource(
        {"id": "s", "attributes": {"checksum": " ABCDEF ", "sizeInBytes": "12", "url": None}}
    )
    assert (segment.checksum, segment.size_in_bytes, segment.url) == ("abcdef", 12, "")
    assert (
        AnalyticsReportSegment.from_resource({"attributes": {"sizeInBytes": -1}}).size_in_bytes
        is None
    )


def test_the_cli_offers_the_same_values_as_the_api() -> None:
    assert analytics_command.ACCESS_TYPES == ACCESS_TYPES
    assert analytics_command.CATEGORIES == CATEGORIES
    assert analytics_command.GRANULARITIES == GRANULARITIES


@pytest.fixture
async def fresh_api(demo_key: DemoKey) -> AsyncIterator[AnalyticsApi]:
    async with make_client(demo_key) as client:
        yield AnalyticsApi(client)


async def test_a_new_request_has_reports_but_no_instances_yet(fresh_api: AnalyticsApi) -> None:
    created = await fresh_api.create_request(NO_ANALYTICS_APP_ID, "ONE_TIME_SNAPSHOT")
    reports = await fresh_api.reports(created.id, category=["PERFORMANCE", "COMMERCE"])
    assert {r.category for r in reports} == {"PERFORMANCE", "COMMERCE"}
    assert all([await fresh_api.instances(r.id) == [] for r in reports])
