"""Every paged list of the app over the demo server on real HTTP: when a later page's
connection drops, the rows that loaded stay on screen, the status line says which page
failed and that `r` resumes, and `r` asks for the failed page only (never page 1 again).

The lists are paged small (``limit``) so each has two pages; the test holds page 1 until it
has planned the drop for page 2, so what fails does not depend on timing."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest

from asc_tui.api import pagination
from asc_tui.api.analytics_reports import AnalyticsApi
from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.models import App
from asc_tui.api.pagination import Listing
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import ANALYTICS_REQUEST_ID, BIG_APP_ID, DemoServer
from asc_tui.demo.data.landmarks import HUGE_LOG_BUILD_ID
from asc_tui.logs.crash_signatures import CrashSignature
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.lifecycle import Phase
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.base import BrowserScreen
from asc_tui.ui.screens.region import DataRegion
from asc_tui.ui.widgets.item_table import ItemTable
from tests.support.demo_client import fast_retry
from tests.support.ui import notifications, press, screen_text, settle, top, until

ATTEMPTS = 2
CRASHES_APP_ID = "1609372514"
"""Pocket Ledger: 34 TestFlight crash submissions (the big app has hundreds)."""


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def client_for(server: DemoServer) -> AscClient:
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return AscClient(server.base_url, auth, retry=fast_retry(ATTEMPTS))


@dataclass
class Case:
    """A screen with one paged list: ``prefix`` is the list's path on the server."""

    prefix: str
    screen: BrowserScreen | None
    """Pushed over the apps (None: the apps screen itself)."""
    region_of: Callable[[BrowserScreen], DataRegion]
    ids: Callable[[ItemTable[Any]], set[str]]
    """The IDs of the listed items the table shows."""
    listing: Listing[Any]
    """The same list, read by the test (for the IDs of each page)."""


def item_ids(table: ItemTable[Any]) -> set[str]:
    return {item.id for item in table.items}


def crash_ids(table: ItemTable[Any]) -> set[str]:
    """A crash signature shows the submissions grouped into it."""
    signatures: list[CrashSignature] = table.items
    return {s.id for signature in signatures for s in signature.submissions}


Prepare = Callable[[AscClient], Awaitable[Case]]


async def _app(client: AscClient, app_id: str) -> App:
    return next(a for a in await client.apps() if a.id == app_id)


async def requests_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.analytics import AnalyticsScreen

    screen = AnalyticsScreen(await _app(client, BIG_APP_ID))
    prefix = f"/v1/apps/{BIG_APP_ID}/analyticsReportRequests"
    listing = AnalyticsApi(client).requests(BIG_APP_ID)
    return Case(prefix, screen, lambda s: screen.requests, item_ids, listing)


async def _request(client: AscClient) -> Any:
    return next(
        r for r in await AnalyticsApi(client).requests(BIG_APP_ID) if r.id == ANALYTICS_REQUEST_ID
    )


async def reports_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.analytics_reports import ReportsScreen

    screen = ReportsScreen(await _app(client, BIG_APP_ID), await _request(client))
    prefix = f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}/reports"
    listing = AnalyticsApi(client).reports(ANALYTICS_REQUEST_ID)
    return Case(prefix, screen, lambda s: screen.regions[0], item_ids, listing)


async def instances_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.analytics_reports import InstancesScreen

    request = await _request(client)
    report = (await AnalyticsApi(client).reports(request.id))[0]
    screen = InstancesScreen(await _app(client, BIG_APP_ID), request, report)
    prefix = f"/v1/analyticsReports/{report.id}/instances"
    listing = AnalyticsApi(client).instances(report.id)
    return Case(prefix, screen, lambda s: screen.instances, item_ids, listing)


async def signatures_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.build import BuildScreen

    build = next(b for b in await client.builds(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
    screen = BuildScreen(await _app(client, BIG_APP_ID), build)
    prefix = f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures"
    listing = client.signatures(HUGE_LOG_BUILD_ID)
    return Case(prefix, screen, lambda s: screen.signatures_region, item_ids, listing)


async def crashes_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.crashes import CrashesScreen

    screen = CrashesScreen(await _app(client, CRASHES_APP_ID))
    prefix = f"/v1/apps/{CRASHES_APP_ID}/betaFeedbackCrashSubmissions"
    listing = client.crash_submissions(CRASHES_APP_ID)
    return Case(prefix, screen, lambda s: screen.signatures, crash_ids, listing)


async def feedback_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.feedback import FeedbackScreen

    screen = FeedbackScreen(await _app(client, BIG_APP_ID))
    prefix = f"/v1/apps/{BIG_APP_ID}/betaFeedbackScreenshotSubmissions"
    listing = client.screenshot_submissions(BIG_APP_ID)
    return Case(prefix, screen, lambda s: screen.feedback, item_ids, listing)


async def apps_case(client: AscClient) -> Case:
    def region(screen: BrowserScreen) -> DataRegion:
        assert isinstance(screen, AppsScreen)
        return screen.apps

    return Case("/v1/apps", None, region, item_ids, client.apps())


async def builds_case(client: AscClient) -> Case:
    from asc_tui.ui.screens.builds import BuildsScreen

    screen = BuildsScreen(await _app(client, CRASHES_APP_ID))  # 34 builds
    listing = client.builds(CRASHES_APP_ID)
    return Case("/v1/builds", screen, lambda s: screen.builds, item_ids, listing)


CASES: dict[str, Prepare] = {
    "apps": apps_case,
    "builds": builds_case,
    "analytics requests": requests_case,
    "analytics reports": reports_case,
    "analytics instances": instances_case,
    "diagnostic signatures": signatures_case,
    "crash signatures": crashes_case,
    "feedback": feedback_case,
}


@pytest.fixture
async def store(server: DemoServer) -> AsyncIterator[Store]:
    server.faults.clear()
    yield Store(client_for(server))
    server.faults.clear()


def listed(server: DemoServer, prefix: str) -> list[str]:
    """The requests the server got for the list (path and query)."""
    return [target for _, target in server.faults.requests if target.startswith(prefix)]


def status_line(app: AscApp) -> str:
    return screen_text(app).splitlines()[-2]


@pytest.mark.parametrize("name", list(CASES))
async def test_rows_stay_when_page_two_fails_and_r_resumes_with_one_request(
    name: str, server: DemoServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with client_for(server) as reader:
        case = await CASES[name](reader)
        total = len(await case.listing)
        limit = math.ceil(total / 2)  # two pages
        monkeypatch.setattr(pagination, "PAGE_LIMIT", limit)
        pages = [chunk async for chunk in case.listing]
    assert len(pages) == 2 and total > limit, (name, total)
    first = {item.id for item in pages[0]}
    everything = first | {item.id for item in pages[1]}

    app = AscApp(store)
    shown = notifications(app)
    server.faults.clear()
    page_one = server.faults.hold_next(case.prefix)  # no earlier request matches it
    async with app.run_test(size=(160, 40)) as pilot:
        if case.screen is not None:
            await until(pilot, lambda: not top(app).workers, "the apps loaded")
            await app.push_screen(case.screen)
        screen = top(app)
        assert isinstance(screen, BrowserScreen)
        region = case.region_of(screen)
        table = cast("ItemTable[Any]", region.target)
        await until(pilot, lambda: server.faults.pending == 0, "page 1 asked for")
        server.faults.drop_next(case.prefix, times=ATTEMPTS)  # page 2, on every try
        page_one.set()
        await until(pilot, lambda: region.state.phase is Phase.STALE, "page 2 failed")
        await until(pilot, lambda: not screen.workers)

        assert case.ids(table) == first  # page 1's rows are on screen
        assert region.state.count == len(first) > 0
        line = status_line(app)
        assert (
            f"✗ Network error on page 2: {len(first)} {region.what} shown, "
            f"the rest not loaded · r resumes · gave up after {ATTEMPTS} tries"
        ) in line, line
        assert "r resumes" in screen_text(app)  # the error panel says so too
        assert not any(n.title == "Retrying" for n in shown)  # the status line said it
        asked = len(listed(server, case.prefix))
        assert asked == 1 + ATTEMPTS  # page 1, then page 2 on each try

        await press(pilot, "r")
        assert screen.is_current
        resumed = listed(server, case.prefix)[asked:]
        assert len(resumed) == 1 and "cursor=" in resumed[0], resumed  # page 2 only
        assert case.ids(table) == everything
        assert region.state.phase is Phase.LOADED and screen.error_report is None
        assert "r resumes" not in screen_text(app)


async def test_a_retry_of_a_background_action_is_a_toast(
    server: DemoServer, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Downloading an instance is no region's load: its retry is a notification, and no
    status line counts it down."""
    from asc_tui.ui.screens import analytics_reports

    monkeypatch.setattr(analytics_reports, "downloads_dir", lambda: tmp_path)
    async with client_for(server) as reader:
        case = await instances_case(reader)
    screen = case.screen
    assert isinstance(screen, analytics_reports.InstancesScreen)
    app = AscApp(store)
    shown = notifications(app)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(screen)
        await settle(pilot)
        server.faults.clear()
        server.faults.fail_next("/v1/analyticsReportInstances/", 503)
        gate = server.faults.hold_next("/v1/analyticsReportInstances/")
        await pilot.press("D")
        await until(pilot, lambda: any(n.title == "Retrying" for n in shown), "a toast")
        [toast] = [n for n in shown if n.title == "Retrying"]
        assert "HTTP 503; retry 2/2" in toast.message
        await until(pilot, lambda: server.faults.pending == 0, "the retry asked for")
        assert "retry 2/2" not in status_line(app) and "Downloading" in status_line(app)
        await pilot.press("escape")  # cancel the download
        await until(pilot, lambda: screen.downloading is None, "the download to end")
        gate.set()
    assert not list(tmp_path.iterdir())
