"""The command palette jumps to loaded apps and builds; names are not read as markup."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import BRACKETS_APP_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.ui import press, screen_text, settle


async def search_palette(app: AscApp, pilot: Pilot[Any], query: str) -> None:
    await press(pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(Input).value = query
    for _ in range(200):  # the palette searches in the background
        await pilot.pause(0.05)
        if query.split(":")[-1].strip().split()[0] in screen_text(app):
            break


async def test_palette_opens_an_app_with_brackets_in_its_name(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_palette(app, pilot, "Open app: Lumen [Beta]")
        assert "Open app: Lumen [Beta] Notes" in screen_text(app)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, BuildsScreen)
        assert screen.app_model.id == BRACKETS_APP_ID
        assert screen.table.item_count == len(builds_of(BRACKETS_APP_ID))


async def test_palette_jumps_to_a_loaded_build_from_anywhere(store: Store) -> None:
    newest = max(builds_of(BRACKETS_APP_ID), key=lambda b: b.uploaded)
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen)
        await press(pilot, "enter")  # loads the first app's builds: Lumen [Beta] Notes
        await press(pilot, "escape")
        await press(pilot, "down", "enter", "enter")  # somewhere else: Pocket Ledger's build
        assert isinstance(app.screen, BuildScreen)
        version = f"{newest.marketing_version} ({newest.number})"
        await search_palette(app, pilot, f"Open build: Lumen [Beta] Notes {version}")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        assert screen.build.id == newest.id
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "AppsScreen",
            "BuildsScreen",
            "BuildScreen",
        ]
        await press(pilot, "escape")
        assert isinstance(app.screen, BuildsScreen)
        assert app.screen.app_model.id == BRACKETS_APP_ID
