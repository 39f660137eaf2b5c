"""Keys on the real app: type-ahead in one write, Ctrl+C, a user's keymap, the footer
and breadcrumb at 80x24 and 60x20, help searched with `/`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from asc_tui.api.client import AscClient
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.dialogs.help import HelpScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.base import BrowserScreen
from asc_tui.ui.widgets.breadcrumbs import fit_parts
from asc_tui.ui.widgets.filter_bar import FilterBar
from tests.support.ui import (
    is_top,
    notifications,
    open_huge_log,
    press,
    screen_text,
    settle,
    top,
)

KEY_NAMES = {"/": "slash", "+": "plus", "\r": "enter", " ": "space"}


async def burst(pilot: Pilot[Any], text: str) -> None:
    """Keys as they arrive over SSH: all queued before the app handles the first."""
    for char in text:
        pilot.app.post_message(events.Key(KEY_NAMES.get(char, char), char))
    await settle(pilot)


def filter_value(screen: BrowserScreen) -> str:
    bars = screen.query(FilterBar)  # mounted on the first `/`
    return bars.first().input.value if bars and bars.first().is_open else ""


async def test_keys_typed_with_slash_in_one_write_go_into_the_filter(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, AppsScreen)
        # q would quit, k move, a open Analytics, if they reached the list
        await burst(pilot, "/quokka")
        assert app.is_running and is_top(app, screen)
        assert filter_value(screen) == "quokka"
        assert isinstance(screen.focused, Input)
        assert "match “quokka”" in screen_text(app)
        await press(pilot, "escape")
        await burst(pilot, "/trail")
        assert filter_value(screen) == "trail" and screen.table.row_count == 1


async def test_find_in_the_log_viewer_takes_the_keys_after_it(
    store: Store, client: AscClient
) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        await burst(pilot, "fmain\r")  # find, then Enter keeps it: all in one write
        assert screen.call_tree.search_text == "main" and screen.call_tree.matches
        await burst(pilot, "/quokka")  # / filters here too
        assert screen.call_tree.filter_text == "quokka" and app.is_running


async def test_ctrl_c_quits_even_while_typing(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "x")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_users_keymap_in_config_json_moves_keys(
    store: Store, client: AscClient, isolated_settings: Path
) -> None:
    config = isolated_settings / "asc-tui" / "config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"keys": {"refresh": "f5", "nope": "x"}}), encoding="utf-8")
    app = AscApp(store)
    shown = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "f5 Refresh" in footer and "r Refresh" not in footer
        assert any("unknown key id 'nope'" in n.message for n in shown)
        before = client.request_count
        await press(pilot, "r")
        assert client.request_count == before
        await press(pilot, "f5")
        assert client.request_count == before + 1


PRIMARY = {
    "AppsScreen": "⏎ Open",
    "BuildsScreen": "⏎ Open",
    "BuildScreen": "⏎ Trend",
    "LogsScreen": "⏎ Fold",
    "AppMetricsScreen": "⏎ Trend",
}


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screens_footer_keeps_quit_help_and_its_primary_key(
    store: Store, client: AscClient, size: tuple[int, int]
) -> None:
    app = AscApp(store)
    big = next(a for a in await client.apps() if a.id == BIG_APP_ID)
    build = next(b for b in await client.builds(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
    signatures = await client.signatures(HUGE_LOG_BUILD_ID)
    signature = next(s for s in signatures if s.id == HUGE_LOG_SIGNATURE_ID)
    openers: list[Callable[[], object]] = [
        lambda: None,
        lambda: app.open_app(big),
        lambda: app.open_build(big, build),
        lambda: app.open_logs(big, build, signature),
        lambda: app.open_app_metrics(big),
    ]
    async with app.run_test(size=size) as pilot:
        for open_screen in openers:
            open_screen()
            await settle(pilot)
            screen = top(app)
            assert isinstance(screen, BrowserScreen)
            lines = screen_text(app).splitlines()
            footer, crumbs = lines[-1], lines[0].rstrip()
            name = type(screen).__name__
            assert "? Help" in footer and "q Quit" in footer, (name, footer)
            assert footer.strip().startswith(PRIMARY[name]), (name, footer)  # first
            place = screen.breadcrumb()[-1] if screen.breadcrumb() else "asc-tui"
            assert crumbs.endswith(place) or crumbs.endswith(place[-(size[0] - 6) :]), crumbs
            # what the footer left out, help lists
            if "…" in footer:
                await press(pilot, "question_mark")
                assert isinstance(top(app), HelpScreen)
                await press(pilot, "escape")


def test_the_breadcrumb_gives_up_its_start_and_middle_before_the_current_place() -> None:
    parts = ["Trailhead: Hike & Run", "Analytics", "ONE_TIME_SNAPSHOT", "App Crashes Expanded"]
    assert fit_parts(parts, 200) == ["asc-tui", *parts]
    assert fit_parts(parts, 78) == parts  # "asc-tui" goes first
    assert fit_parts(parts, 70) == ["Trailhead: Hike & Run", "…", *parts[2:]]
    assert fit_parts(parts, 50) == ["Trailhead: Hike & Run", "…", "App Crashes Expanded"]
    assert fit_parts(parts, 40) == ["…", "App Crashes Expanded"]
    assert fit_parts(parts, 12) == ["…es Expanded"]  # the place itself, cut at its start


async def test_help_lists_the_screens_keys_and_slash_searches_them(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(top(app), HelpScreen)
        text = screen_text(app)
        assert "Metrics: the selected app's metrics" in text and "quit_now" in text
        await burst(pilot, "/analytics")
        text = screen_text(app)
        assert "Analytics Reports" in text and "Metrics: the selected" not in text
        await press(pilot, "escape")  # clears the search
        assert isinstance(top(app), HelpScreen) and "Metrics: the selected" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(top(app), AppsScreen)


async def test_copy_refuses_what_a_terminal_would_drop_and_says_how_to_save(
    store: Store, client: AscClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_TUI_OSC52_LIMIT", "100000000")  # a terminal that takes 100 MB
    app = AscApp(store)
    shown = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_huge_log(app, pilot, client)
        await press(pilot, "Y")  # the whole thread fits: copied
        whole = app.clipboard
        assert whole.startswith(("Thread 0:", "Call stack 0:"))
        await press(pilot, "b", "y")  # one frame
        frame = app.clipboard
        monkeypatch.setenv("ASC_TUI_OSC52_LIMIT", str(len(whole.encode()) - 1))
        await press(pilot, "Y")  # one byte too many for this terminal
        assert app.clipboard == frame  # nothing sent
        size = f"{len(whole.encode()) / 1_000_000:.1f} MB ({len(whole):,} characters)"
        warning = [n for n in shown if n.title.startswith("Not copied")]
        assert warning and size in warning[-1].message and "Press e to save" in warning[-1].message


@pytest.mark.parametrize(
    ("env", "native"),
    [
        ({"TERM": "xterm"}, True),  # 16 colours: our "yellow" is the terminal's yellow
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, True),  # every colour dropped
        ({"TERM": "xterm-256color"}, False),  # theme colours, as designed
    ],
)
def test_few_colours_or_no_colour_use_the_terminals_own_colours(
    store: Store, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], native: bool
) -> None:
    for name in ("COLORTERM", "TEXTUAL_COLOR_SYSTEM", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = AscApp(store)
    assert app.native_ansi_color is native
    assert app.no_color is ("NO_COLOR" in env)


async def test_help_lists_keys_that_do_not_act_now_dimmed_with_why(store: Store) -> None:
    """An empty list hides `M` from the footer (nothing selected); help still teaches it."""
    from rich.console import Console

    from asc_tui.ui.dialogs.help import HelpRow, keys_table, screen_rows

    app = AscApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, AppsScreen)
        await burst(pilot, "/no such app\r")
        assert screen.table.row_count == 0
        assert "M Metrics" not in screen_text(app).splitlines()[-1]  # hidden in the footer
        rows = {row.key_id: row for row in screen_rows(screen)}
        assert rows["app_metrics"].why_not == "needs a selected app"
        assert rows["analytics"].why_not == "needs a selected app"
        assert rows["refresh"].why_not is None  # r acts now: not dimmed
        await press(pilot, "question_mark")
        assert isinstance(top(app), HelpScreen)
        words = " ".join(re.sub("[│╭╮╰╯─]", " ", screen_text(app)).split())  # unwrapped
        assert words.count("— needs a selected app") == 4  # M, a, X, F
        assert "Open the selected item — needs a row" in words
        assert "Refresh: fetch this screen again refresh" in words  # acts: no reason
        await press(pilot, "escape", "escape")  # close help, clear the filter
        assert screen.table.row_count
        rows = {row.key_id: row for row in screen_rows(screen)}
        assert rows["app_metrics"].why_not is None
        await press(pilot, "question_mark")
        assert "needs a selected app" not in screen_text(app)

    # the row that does not act is drawn dim, the one that does is not
    sample = [
        HelpRow("M", "Metrics", "app_metrics", "needs a selected app"),
        HelpRow("r", "Refresh", "refresh"),
    ]
    lines = Console(width=100, color_system="truecolor").render_lines(keys_table("Apps", sample))
    styles = {seg.text.strip(): seg.style for line in lines for seg in line if seg.text.strip()}
    assert styles["M"] is not None and styles["M"].dim
    assert not (styles["r"] and styles["r"].dim)


async def test_help_on_a_narrow_terminal_gives_the_descriptions_the_room(store: Store) -> None:
    """At 40 columns the ids column is left out, so each key's description is read in
    words rather than cut to a few letters per line."""
    app = AscApp(store)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(top(app), HelpScreen)
        text = screen_text(app)
        assert "Open the selected item" in text, text
        assert "…" not in text.split("Open the selected item")[0], text
    async with AscApp(store).run_test(size=(100, 30)) as pilot:  # wide: ids shown
        await settle(pilot)
        await press(pilot, "question_mark")
        assert "app_metrics" in screen_text(pilot.app)
