"""Pilot tests of the analytics screens on the in-process demo server: requests (list,
create, duplicate, delete, a key without the role), reports → instances → download."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual import events
from textual.widgets import OptionList

from asc_tui.demo import DemoKey
from asc_tui.demo.data.analytics_records import seeded
from asc_tui.demo.data.landmarks import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BRACKETS_APP_ID,
    NO_ANALYTICS_APP_ID,
    STOPPED_REQUEST_ID,
)
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.dialogs.analytics import NewRequestDialog
from asc_tui.ui.dialogs.confirm import ConfirmDialog
from asc_tui.ui.screens.analytics import AnalyticsScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.widgets.breadcrumbs import separator
from tests.support.demo_client import demo_store
from tests.support.ui import notifications, press, select, settle, shows, top, top_as


@pytest.fixture
async def admin_store(demo_key: DemoKey) -> AsyncIterator[Store]:
    store = demo_store(demo_key)
    yield store
    await store.aclose()


async def open_analytics(pilot: Any, app_id: str) -> AnalyticsScreen:
    await settle(pilot)
    apps = top(pilot.app)
    assert isinstance(apps, AppsScreen)
    select(apps.table, app_id)
    await press(pilot, "a")
    screen = top(pilot.app)
    assert isinstance(screen, AnalyticsScreen)
    return screen


def expected_requests(app_id: str) -> list[tuple[str, bool, str]]:
    return sorted(
        (r.access_type, r.stopped, r.id) for r in seeded().requests.values() if r.app_id == app_id
    )


async def test_requests_of_an_app_with_the_stopped_marker(admin_store: Store) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_analytics(pilot, BIG_APP_ID)
        shown = [(r.access_type, r.stopped_due_to_inactivity, r.id) for r in screen.table.items]
        assert sorted(shown) == expected_requests(BIG_APP_ID)
        assert shown[0][0] == "ONGOING" and shown[0][2] == ANALYTICS_REQUEST_ID
        await shows(
            pilot,
            f"Trailhead: Hike & Run{separator()}Analytics",
            ANALYTICS_REQUEST_ID,
            "ONE_TIME_SNAPSHOT",
            "2 report requests",
        )
        await press(pilot, "escape")
        assert isinstance(top(app), AppsScreen)

        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "a")
        await shows(pilot, STOPPED_REQUEST_ID, "stopped (inactivity)", "1 stopped for inactivity")


async def test_a_from_the_builds_screen(admin_store: Store) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, NO_ANALYTICS_APP_ID)
        await press(pilot, "enter")
        assert isinstance(top(app), BuildsScreen)
        await press(pilot, "a")
        screen = top(app)
        assert isinstance(screen, AnalyticsScreen)
        assert screen.app_model.id == NO_ANALYTICS_APP_ID
        assert screen.table.item_count == 0
        await shows(pilot, "No report requests yet: press +")


async def test_create_a_request_then_a_duplicate_is_refused(admin_store: Store) -> None:
    app = AscApp(admin_store, demo=True)
    notes = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot, NO_ANALYTICS_APP_ID)
        await press(pilot, "plus")
        dialog = top(app)
        assert isinstance(dialog, NewRequestDialog)
        await shows(pilot, "24 to 48", "ONE_TIME_SNAPSHOT")
        await press(pilot, "escape")  # cancel: nothing created
        assert top(app) is screen and screen.table.item_count == 0

        await press(pilot, "plus", "enter")  # the first choice: ONGOING
        assert top(app) is screen
        [created] = screen.table.items
        assert created.access_type == "ONGOING" and not created.stopped_due_to_inactivity
        await shows(pilot, created.id)
        assert any("24 to 48 hours" in str(n.message) for n in notes)
        listed = await admin_store.analytics.api.requests(NO_ANALYTICS_APP_ID)
        assert [r.id for r in listed] == [created.id]

        await press(pilot, "plus", "enter")  # ONGOING again: 409
        report = screen.error_report
        assert report is not None
        assert "already has an active ONGOING report request" in report.hint
        assert report.title == "Refused: conflicts with what exists"
        await shows(pilot, "already has an active ONGOING", "Esc dismisses")
        assert screen.table.item_count == 1
        await press(pilot, "escape")  # the banner's Esc dismisses it: still on Analytics
        assert top(app) is screen and screen.error_report is None

        await press(pilot, "plus", "down", "enter")  # ONE_TIME_SNAPSHOT is fine
        assert sorted(r.access_type for r in screen.table.items) == [
            "ONE_TIME_SNAPSHOT",
            "ONGOING",
        ]


async def test_delete_asks_first(admin_store: Store) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot, BIG_APP_ID)
        snapshot = next(r for r in screen.table.items if r.access_type == "ONE_TIME_SNAPSHOT")
        select(screen.table, snapshot.id)
        await press(pilot, "x")
        assert isinstance(top(app), ConfirmDialog)
        await shows(pilot, "Delete the ONE_TIME_SNAPSHOT request")
        await press(pilot, "n")  # no: still there
        assert top(app) is screen and screen.table.item_count == 2

        await press(pilot, "delete", "y")
        assert [r.id for r in screen.table.items] == [ANALYTICS_REQUEST_ID]
        listed = await admin_store.analytics.api.requests(BIG_APP_ID)
        assert [r.id for r in listed] == [ANALYTICS_REQUEST_ID]
        await shows(pilot, "1 report request ")


async def test_a_key_without_an_analytics_role_is_told_which_roles_can(
    demo_key: DemoKey,
) -> None:
    store = demo_store(demo_key, roles={demo_key.key_id: "DEVELOPER"})
    app = AscApp(store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot, BIG_APP_ID)
        report = screen.error_report
        assert report is not None and report.title == "Access denied"
        assert "Admin, Sales and Reports, or Finance" in report.hint
        await shows(pilot, "Access denied", "Sales and Reports")


async def test_finance_can_read_but_not_create(demo_key: DemoKey) -> None:
    store = demo_store(demo_key, roles={demo_key.key_id: "FINANCE"})
    app = AscApp(store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot, BIG_APP_ID)
        assert screen.table.item_count == 2 and screen.error_report is None
        await press(pilot, "plus", "down", "enter")
        report = screen.error_report
        assert report is not None and report.title == "Access denied"
        assert "needs an API key with the Admin role" in report.hint
        assert screen.table.item_count == 2


async def test_options_in_the_new_request_dialog(admin_store: Store) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_analytics(pilot, NO_ANALYTICS_APP_ID)
        await press(pilot, "plus")
        options = top(app).query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["ONGOING", "ONE_TIME_SNAPSHOT"]


async def test_keys_typed_right_after_plus_reach_the_new_request_dialog(
    admin_store: Store,
) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analytics(pilot, NO_ANALYTICS_APP_ID)
        # +, down to ONE_TIME_SNAPSHOT, Enter: queued before the app handles the first,
        # as over SSH; the dialog is still being mounted when j and Enter are routed
        for key, char in (("plus", "+"), ("j", "j"), ("enter", "\r")):
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert top(app) is screen
        assert [r.access_type for r in screen.table.items] == ["ONE_TIME_SNAPSHOT"]
