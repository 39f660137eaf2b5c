"""Loads run in workers: builds appear page by page while the UI keeps answering keys
(the server holds each page until the test lets it go)."""

from __future__ import annotations

from asc_tui.api.pagination import PAGE_LIMIT
from asc_tui.demo import DemoKey, FaultPlan
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import BIG_APP_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.demo_client import make_client
from tests.support.ui import screen_text, settle, until


async def test_builds_arrive_page_by_page_without_freezing(demo_key: DemoKey) -> None:
    total = len(builds_of(BIG_APP_ID))
    faults = FaultPlan()
    app = AscApp(Store(make_client(demo_key, faults)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        apps = app.screen
        assert isinstance(apps, AppsScreen)
        apps.table.move_cursor(row=apps.table.get_row_index(BIG_APP_ID))
        first_page = faults.hold_next("/v1/builds")  # held until the test lets it go
        faults.hold_next("/v1/builds")  # the second page too (until faults.clear())
        await pilot.press("enter")
        await until(  # the first page was asked for
            pilot,
            lambda: isinstance(app.screen, BuildsScreen) and faults.pending == 1,
            "the first page asked for",
        )
        screen = app.screen
        assert isinstance(screen, BuildsScreen)
        state = (screen.table.item_count, screen.builds.state, faults.requests[-3:])
        assert screen.table.loading and screen.builds.state.loading, state  # nothing yet: spinner
        assert "Loading builds…" in screen_text(app)

        first_page.set()
        await until(pilot, lambda: screen.table.item_count, "the first page shown")
        assert screen.table.item_count == PAGE_LIMIT < total
        assert not screen.table.loading  # rows are shown while the rest loads
        assert f"Loading builds… {PAGE_LIMIT} so far" in screen_text(app)
        await pilot.press("j", "j")  # the UI answers while pages are in flight
        await pilot.pause()
        assert screen.table.cursor_row == 2 and screen.builds.state.loading

        faults.clear()  # the rest of the pages come
        await settle(pilot)
        assert screen.table.item_count == total
        assert screen.table.cursor_row == 2  # appending did not move the cursor
        assert f"{total} builds" in screen_text(app)
        assert "Loading" not in screen_text(app)
