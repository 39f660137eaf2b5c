"""Errors become a panel and a notification, never a traceback; the app stays usable."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.pilot import Pilot

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.models import App
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import DemoKey, FaultPlan, create_app, generate_demo_key
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import BRACKETS_APP_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.dialogs.help import HelpScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.demo_client import DEMO_BASE, fast_retry, make_client
from tests.support.ui import notifications, press, screen_text, settle


def client_with_key(registered: DemoKey, used: DemoKey) -> AscClient:
    server = create_app([registered])
    auth = JwtAuth(used.issuer_id, used.key_id, load_private_key(used.private_key_pem))
    return AscClient(DEMO_BASE, auth, transport=httpx.ASGITransport(app=server), retry=fast_retry())


async def assert_still_usable(app: AscApp, pilot: Pilot[Any]) -> None:
    await press(pilot, "question_mark")
    assert isinstance(app.screen, HelpScreen)
    await press(pilot, "escape")
    assert not isinstance(app.screen, HelpScreen)


async def test_wrong_key_shows_the_401_message(demo_key: DemoKey) -> None:
    store = Store(client_with_key(demo_key, generate_demo_key()))
    app = AscApp(store)
    notes = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        report = screen.error_report
        assert report is not None and report.title == "API key rejected"
        text = screen_text(app)
        assert "API key rejected" in text and "401" in text
        assert "Traceback" not in text
        assert "API key was rejected" in text  # said once, in the panel, not in a toast too
        assert not any("API key was rejected" in n.message for n in notes)
        await assert_still_usable(app, pilot)
        await press(pilot, "r")  # retry: still the wrong key, still a clean message
        assert screen.error_report is not None
        await pilot.press("q")
    assert app.return_value == 0


async def test_404_on_an_app_then_r_recovers(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    store = Store(make_client(demo_key, faults))
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        faults.fail_next("/v1/builds", 404)
        app.open_app(App(id=BRACKETS_APP_ID, name="Lumen [Beta] Notes"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuildsScreen)
        assert screen.error_report is not None and screen.error_report.title == "Not found"
        assert "Not found" in screen_text(app) and "Esc" in screen_text(app)
        await press(pilot, "r")
        assert screen.error_report is None
        assert screen.table.item_count == len(builds_of(BRACKETS_APP_ID))
        await press(pilot, "escape")
        assert isinstance(app.screen, AppsScreen)


async def test_an_app_id_that_does_not_exist(demo_key: DemoKey) -> None:
    """The demo answers an empty list of builds for it, as Apple does, then 404 for the
    app itself: the error panel names the app, not "no builds"."""
    store = Store(make_client(demo_key, FaultPlan()))
    app = AscApp(store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        app.open_app(App(id="0000000000", name="[ghost] app"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuildsScreen)
        assert screen.error_report is not None and screen.error_report.title == "Not found"
        assert screen.error_report.message == "App 0000000000 was not found (404 NOT_FOUND)"
        text = screen_text(app)
        assert "[ghost] app" in text and "App 0000000000 was not found" in text
        assert "No builds uploaded" not in text
        await press(pilot, "escape")
        assert isinstance(app.screen, AppsScreen)


async def test_server_down_is_a_network_error() -> None:
    key = generate_demo_key()
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    store = Store(AscClient("http://127.0.0.1:9", auth, retry=fast_retry(2), timeout=5))
    app = AscApp(store, source_label="127.0.0.1:9")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.error_report is not None
        assert screen.error_report.title == "Network error"
        text = screen_text(app)
        assert "Could not connect to http://127.0.0.1:9" in text
        await assert_still_usable(app, pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, AppsScreen)


async def test_500_after_retries_then_recovers(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    faults.fail_next("/v1/apps", 500, times=3)
    store = Store(make_client(demo_key, faults, attempts=3))
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.error_report is not None and screen.error_report.title == "Server error"
        assert "500" in screen_text(app)
        await press(pilot, "r")
        assert screen.error_report is None
        assert screen.table.item_count > 0


async def test_truncated_json_is_a_format_error(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    faults.fail_next("/v1/apps", 200, body=b'{"data": [{"type": "apps", "id": "1', times=3)
    store = Store(make_client(demo_key, faults))
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.error_report is not None
        assert screen.error_report.title == "Unreadable response"
        await assert_still_usable(app, pilot)


async def test_unexpected_exceptions_get_a_generic_message(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*, refresh: bool = False) -> list[App]:
        raise ValueError("boom [red]not markup[/red]")

    monkeypatch.setattr(store, "apps", broken)
    app = AscApp(store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Unexpected error: ValueError: boom [red]not markup[/red]" in text
        assert "Traceback" not in text
        assert app.is_running
        await pilot.press("q")
    assert app.return_value == 0
