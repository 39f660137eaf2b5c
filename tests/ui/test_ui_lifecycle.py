"""Every loading screen over the demo server on real HTTP, with the server made to hang
and to drop connections mid-body: the failure is shown (never "0 …" or "no logs"), `r`
recovers, Esc leaves while loading. Faults are held by the test, not timed."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from asc_tui.api.analytics_reports import AnalyticsApi
from asc_tui.api.builds import Build
from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.models import App
from asc_tui.api.signatures import DiagnosticSignature
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import ANALYTICS_REQUEST_ID, BIG_APP_ID, DemoServer
from asc_tui.demo.data.landmarks import HUGE_LOG_BUILD_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.lifecycle import Phase
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.base import BrowserScreen
from tests.support.demo_client import fast_retry
from tests.support.ui import press, screen_text, settle, top, until

ATTEMPTS = 2


@dataclass
class Models:
    app: App
    builds: list[Build]
    signature: DiagnosticSignature
    metric_key: str


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def client_for(server: DemoServer, timeout: float = 30.0) -> AscClient:
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return AscClient(server.base_url, auth, retry=fast_retry(ATTEMPTS), timeout=timeout)


@pytest.fixture
async def models(server: DemoServer) -> AsyncIterator[Models]:
    server.faults.clear()
    async with client_for(server) as client:
        app = next(a for a in await client.apps() if a.id == BIG_APP_ID)
        builds = await client.builds(BIG_APP_ID)
        build = next(b for b in builds if b.id == HUGE_LOG_BUILD_ID)
        signatures = await client.signatures(HUGE_LOG_BUILD_ID)
        report = await client.app_metrics(BIG_APP_ID)
        category, metric = report.metrics()[0]
        key = f"{category}/{metric.identifier}/{metric.unit_identifier}"
        yield Models(app, [build, *(b for b in builds if b.id != build.id)], signatures[0], key)
    server.faults.clear()


Opener = Callable[[AscApp, Models], Awaitable[None]]


async def open_builds(app: AscApp, m: Models) -> None:
    app.open_app(m.app)


async def open_build(app: AscApp, m: Models) -> None:
    app.open_build(m.app, m.builds[0])


async def open_logs(app: AscApp, m: Models) -> None:
    app.open_logs(m.app, m.builds[0], m.signature)


async def open_app_metrics(app: AscApp, m: Models) -> None:
    app.open_app_metrics(m.app)


async def open_metric(app: AscApp, m: Models) -> None:
    app.open_metric(m.app, m.metric_key, percentile=None, device=None)


async def open_compare(app: AscApp, m: Models) -> None:
    app.open_compare((m.app, m.builds[1]), (m.app, m.builds[0]))


async def open_analytics(app: AscApp, m: Models) -> None:
    app.open_analytics(m.app)


async def open_reports(app: AscApp, m: Models) -> None:
    from asc_tui.ui.screens.analytics_reports import ReportsScreen

    api = AnalyticsApi((await app.get_store()).client)
    [request] = [r for r in await api.requests(BIG_APP_ID) if r.id == ANALYTICS_REQUEST_ID]
    await app.push_screen(ReportsScreen(m.app, request))


async def open_instances(app: AscApp, m: Models) -> None:
    from asc_tui.ui.screens.analytics_reports import InstancesScreen

    api = AnalyticsApi((await app.get_store()).client)
    [request] = [r for r in await api.requests(BIG_APP_ID) if r.id == ANALYTICS_REQUEST_ID]
    report = (await api.reports(request.id))[0]
    await app.push_screen(InstancesScreen(m.app, request, report))


SCREENS: dict[str, tuple[Opener, str]] = {
    "builds": (open_builds, "/v1/builds"),
    "build signatures": (open_build, f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures"),
    "build metrics": (open_build, f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics"),
    "logs": (open_logs, "/v1/diagnosticSignatures/"),
    "app metrics": (open_app_metrics, f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics"),
    "metric trend": (open_metric, f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics"),
    "compare": (open_compare, f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics"),
    "analytics requests": (open_analytics, f"/v1/apps/{BIG_APP_ID}/analyticsReportRequests"),
    "analytics reports": (open_reports, f"/v1/analyticsReportRequests/{ANALYTICS_REQUEST_ID}/"),
    "analytics instances": (open_instances, "/v1/analyticsReports/"),
}

NOTHING = re.compile(
    r"(?<![\d/,.])0 [a-z]|no logs|No logs|no metrics yet|No builds uploaded|No report requests"
    r"|No reports for|No instances|No diagnostic signatures|not enough data",
    re.IGNORECASE,
)


def status_line(app: AscApp) -> str:
    return screen_text(app).splitlines()[-2]


def failed(screen: Screen[Any]) -> bool:
    return isinstance(screen, BrowserScreen) and any(
        r.state.phase in (Phase.FAILED, Phase.STALE) for r in screen.regions
    )


@asynccontextmanager
async def on_apps(
    server: DemoServer, timeout: float = 30.0
) -> AsyncIterator[tuple[AscApp, Pilot[Any]]]:
    """The app on the demo server, its apps loaded."""
    app = AscApp(Store(client_for(server, timeout)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen) and app.screen.table.item_count
        yield app, pilot


@pytest.mark.parametrize("name", list(SCREENS))
async def test_a_dropped_connection_shows_the_failure_and_r_recovers(
    name: str, server: DemoServer, models: Models
) -> None:
    opener, prefix = SCREENS[name]
    async with on_apps(server) as (app, pilot):
        below = top(app)
        server.faults.drop_next(prefix, times=ATTEMPTS)
        await opener(app, models)
        # not settle(): waiting on a worker that then fails raises in the test
        await until(pilot, lambda: top(app) is not below and failed(top(app)))
        await until(pilot, lambda: not top(app).workers)
        screen = top(app)
        assert isinstance(screen, BrowserScreen) and failed(screen), name
        assert server.faults.pending == 0
        text = screen_text(app)
        assert "Network error" in text and "r retries" in text, text
        assert "could not be loaded" in status_line(app), text
        assert not NOTHING.search(text), text  # a failure never reads as nothing
        await press(pilot, "r")
        assert not failed(screen) and screen.error_report is None, name
        assert "could not be loaded" not in screen_text(app)
        assert all(r.state.phase in (Phase.LOADED, Phase.EMPTY) for r in screen.regions)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_esc_leaves_a_screen_whose_request_hangs(
    name: str, server: DemoServer, models: Models
) -> None:
    opener, prefix = SCREENS[name]
    async with on_apps(server) as (app, pilot):
        below = top(app)
        gate = server.faults.hold_next(prefix)
        await opener(app, models)
        await until(pilot, lambda: top(app) is not below and server.faults.pending == 0)
        screen = top(app)
        assert isinstance(screen, BrowserScreen)
        await until(pilot, lambda: "Loading" in status_line(app))
        assert screen.is_loading and not NOTHING.search(screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: top(app) is below)
        assert not screen.is_loading  # the hung request was cancelled with the screen
        gate.set()


async def test_a_hung_request_times_out_as_a_failure_not_as_no_signatures(
    server: DemoServer, models: Models
) -> None:
    """The server never answers: after the client's tries, the build says so."""
    async with on_apps(server, timeout=0.3) as (app, pilot):
        await open_build(app, models)
        await settle(pilot)
        await until(pilot, lambda: not top(app).workers)
        screen = top(app)
        assert isinstance(screen, BrowserScreen)
        server.faults.hold_next("/v1/builds/", times=ATTEMPTS)
        await pilot.press("t")  # hangs only
        await until(pilot, lambda: "Loading hangs signatures" in status_line(app))
        await until(pilot, lambda: failed(screen))  # each of the 2 tries times out
        text = screen_text(app)
        assert "the hangs signatures could not be loaded" in status_line(app)
        assert not NOTHING.search(text), text
        server.faults.clear()  # the server answers again
        await press(pilot, "r")
        assert not failed(screen)
        assert re.search(r"\d+ hangs signatures", status_line(app)), status_line(app)


async def test_esc_stops_a_hung_load_on_the_first_screen(server: DemoServer) -> None:
    gate = server.faults.hold_next("/v1/apps")
    app = AscApp(Store(client_for(server)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        await until(pilot, lambda: not server.faults.pending and "Loading" in status_line(app))
        await pilot.press("escape")
        await until(pilot, lambda: not screen.is_loading)
        assert isinstance(app.screen, AppsScreen)
        assert "0 apps" not in status_line(app)
        gate.set()
        await press(pilot, "r")
        assert screen.table.item_count and f"{screen.table.item_count} apps" in status_line(app)


async def test_a_retry_shows_in_the_loading_status(server: DemoServer, models: Models) -> None:
    """The first try gets a 503; the second is held: meanwhile the status says so."""
    async with on_apps(server) as (app, pilot):
        server.faults.fail_next("/v1/builds", 503)
        gate = server.faults.hold_next("/v1/builds")
        await open_builds(app, models)
        await until(pilot, lambda: not server.faults.pending)
        await until(pilot, lambda: "retry" in status_line(app))
        assert re.search(r"Loading builds… .*retry 2/2( in \d+ s)? \(HTTP 503\)", status_line(app))
        gate.set()
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, BrowserScreen) and not screen.is_loading
        assert "retry" not in status_line(app) and " builds" in status_line(app)
