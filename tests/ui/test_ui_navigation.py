"""Pilot tests: apps → builds → build → logs and back, on the in-process demo server."""

from __future__ import annotations

from typing import Any

from asc_tui.api.client import AscClient
from asc_tui.demo.data import catalog
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
)
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.dialogs.help import HelpScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.screens.logs import LogsScreen
from asc_tui.ui.widgets.item_table import ItemTable
from tests.support.ui import press, screen_text, settle, top

DEMO_APP_NAMES = sorted(app.name for app in catalog.APPS)


def select_row(table: ItemTable[Any], key: str) -> None:
    table.move_cursor(row=table.get_row_index(key), animate=False)


async def test_apps_screen_lists_the_demo_apps_literally(store: Store) -> None:
    app = AscApp(store, source_label="demo (in-process)", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert [a.name for a in screen.table.items] == DEMO_APP_NAMES
        text = screen_text(app)
        assert "Lumen [Beta] Notes" in text  # brackets survive: data is not markup
        for spec in catalog.APPS:
            assert spec.name in text and spec.bundle_id in text
        assert f"{len(catalog.APPS)} apps" in text
        assert "DEMO" in text
        limit = store.rate_limit
        assert limit is not None and limit.remaining is not None
        assert f"API {limit.remaining}/{limit.limit} left this hour" in text
        await pilot.press("escape")  # Esc on the first screen does nothing
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen)


async def test_drill_down_to_the_blame_frame_and_back(store: Store, client: AscClient) -> None:
    expected_builds = sorted(builds_of(BIG_APP_ID), key=lambda b: b.uploaded, reverse=True)
    app = AscApp(store, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        apps = app.screen
        assert isinstance(apps, AppsScreen)
        select_row(apps.table, BIG_APP_ID)
        await press(pilot, "enter")

        builds = app.screen
        assert isinstance(builds, BuildsScreen)
        assert builds.table.item_count == len(expected_builds) >= 520
        shown = [b.id for b in builds.table.items]
        assert shown == [b.id for b in expected_builds]  # newest first
        assert builds.table.selected_item is not None
        assert builds.table.selected_item.id == HUGE_LOG_BUILD_ID
        assert f"{len(expected_builds)} builds" in screen_text(app)
        assert "4.5 (953)" in screen_text(app)
        await press(pilot, "enter")

        build = app.screen
        assert isinstance(build, BuildScreen)
        signatures = await client.signatures(HUGE_LOG_BUILD_ID)
        table = build.signatures
        assert [s.id for s in table.items] == [s.id for s in signatures]
        weights = [s.weight for s in table.items]
        assert weights == sorted(weights, reverse=True)
        text = screen_text(app)
        assert f"{weights[0] * 100:5.1f}%".strip() in text
        assert signatures[0].signature[:40] in text
        report = await client.build_metrics(HUGE_LOG_BUILD_ID)
        assert build.metrics.table.item_count == len(report.metrics()) > 0
        assert build.metrics.device == "all_iphones" and "All iPhones" in text

        select_row(table, HUGE_LOG_SIGNATURE_ID)
        await press(pilot, "tab", "enter")  # the signatures pane, then its logs
        logs = app.screen
        assert isinstance(logs, LogsScreen)
        tree = logs.call_tree.call_tree
        assert tree is not None and tree.frame_count >= 10_000
        assert "Thread 0" in screen_text(app) or "Call stack 0" in screen_text(app)
        await press(pilot, "b")
        row = logs.call_tree.current_row
        assert row is not None and row.is_blame and row.frame is not None
        text = screen_text(app)
        assert "◆ blame" in text and row.frame.symbol in text

        await press(pilot, "escape")
        assert top(app) is build
        await press(pilot, "escape")
        assert top(app) is builds
        await press(pilot, "escape")
        assert top(app) is apps


async def test_going_back_and_forth_does_not_refetch_but_r_does(
    store: Store, client: AscClient
) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen)
        select_row(app.screen.table, BRACKETS_APP_ID)
        before = client.request_count
        await press(pilot, "enter")
        assert client.request_count == before + 1  # one page of builds
        await press(pilot, "enter")
        assert isinstance(app.screen, BuildScreen)
        after_first_visit = client.request_count
        assert after_first_visit == before + 3  # metrics and signatures, once each
        await press(pilot, "escape", "escape", "enter", "enter", "tab", "escape", "enter")
        assert isinstance(app.screen, BuildScreen)
        assert client.request_count == after_first_visit
        await press(pilot, "r")  # metrics + signatures again
        assert client.request_count == after_first_visit + 2
        await press(pilot, "escape", "r")
        assert isinstance(app.screen, BuildsScreen)
        assert client.request_count == after_first_visit + 3
        assert app.screen.table.item_count == len(builds_of(BRACKETS_APP_ID))


async def test_filter_narrows_rows_live_and_esc_clears(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        await pilot.press("slash", "l", "u", "M")
        await settle(pilot)
        assert screen.table.row_count == 1
        assert "Lumen [Beta] Notes" in screen_text(app)
        assert "Pocket Ledger" not in screen_text(app)
        await pilot.press("q")  # typing, not quitting
        await settle(pilot)
        assert app.is_running and screen.table.row_count == 0
        await pilot.press("backspace", "enter")  # Enter keeps the filter, closes the input
        await settle(pilot)
        assert screen.table.row_count == 1 and screen.table.filter_text == "luM"
        await press(pilot, "enter")  # opens the one app left
        assert isinstance(app.screen, BuildsScreen)
        assert app.screen.app_model.id == BRACKETS_APP_ID
        await press(pilot, "escape")
        await press(pilot, "escape")  # Esc on a filtered list clears the filter first
        assert isinstance(app.screen, AppsScreen)
        assert screen.table.row_count == len(catalog.APPS)
        await pilot.press("slash", "x", "y", "z")
        await settle(pilot)
        assert screen.table.row_count == 0
        await press(pilot, "escape")  # Esc in the input clears and closes
        assert screen.table.row_count == len(catalog.APPS)
        assert screen.focused is screen.table


async def test_build_with_empty_metrics_says_not_enough_data(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen)
        select_row(app.screen.table, BRACKETS_APP_ID)
        await press(pilot, "enter")
        assert isinstance(app.screen, BuildsScreen)
        select_row(app.screen.table, EMPTY_METRICS_BUILD_ID)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        text = screen_text(app)
        assert "Not enough data for this build yet" in text
        assert screen.metrics.report is not None and screen.metrics.report.is_empty
        assert not screen.metrics.table.display
        assert screen.signatures.item_count == 0


async def test_help_opens_and_q_quits_with_zero(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Filter" in text and "Refresh" in text and "Quit" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, AppsScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0
