"""The command palette jumps to apps and builds, loaded or found through the API; each
command once; names are not read as markup."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from asc_tui.api.client import AscClient
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import BIG_APP_ID, BRACKETS_APP_ID, HUGE_LOG_BUILD_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.ui import press, screen_text, settle, shows, until


async def search_palette(app: AscApp, pilot: Pilot[Any], query: str) -> None:
    await press(pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(Input).value = query
    # searched in the background: wait for a result that holds the query (its words are
    # on screen at once, in the palette's input and in the list behind it)
    options = app.screen.query_one(OptionList)

    def found() -> bool:
        prompts = (options.get_option_at_index(i).prompt for i in range(options.option_count))
        return any(query in str(prompt) for prompt in prompts)

    await until(pilot, found, f"a palette result with {query!r}")


async def test_palette_opens_an_app_with_brackets_in_its_name(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search_palette(app, pilot, "Open app: Lumen [Beta]")
        await shows(pilot, "Open app: Lumen [Beta] Notes")  # the result, drawn
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
        assert [type(s).__name__ for s in app.screen_stack] == [
            "AppsScreen",
            "BuildsScreen",
            "BuildScreen",
        ]
        await press(pilot, "escape")
        assert isinstance(app.screen, BuildsScreen)
        assert app.screen.app_model.id == BRACKETS_APP_ID


def palette_lines(app: AscApp) -> list[str]:
    return [line.strip(" │▊▎") for line in screen_text(app).splitlines()]


async def test_palette_finds_a_build_by_number_before_anything_is_loaded(
    store: Store, client: AscClient
) -> None:
    build = next(b for b in builds_of(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "ctrl+p")  # before the apps list is even shown
        assert isinstance(app.screen, CommandPalette)
        before = client.request_count
        app.screen.query_one(Input).value = str(build.number)
        wanted = f"Open build: Trailhead: Hike & Run {build.marketing_version} ({build.number})"
        await settle(pilot)  # the palette's search worker, and its request, are done
        assert wanted in screen_text(app)
        assert client.request_count > before  # asked the API (filter[version])
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, BuildScreen) and screen.build.id == HUGE_LOG_BUILD_ID


async def test_palette_lists_each_command_once(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.pause(0.2)
        lines = palette_lines(app)
        titles = [line for line in lines if line]
        assert sum(line.startswith("Quit") for line in titles) == 1
        assert not any(line.startswith(("Keys", "Show keys")) for line in titles)
        assert any(line.startswith("Help: keys of this screen") for line in titles)
        assert any(line.startswith("Metrics") for line in titles)  # the screen's keys, by name
