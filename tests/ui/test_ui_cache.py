"""The response cache in the app, over a demo server on real loopback HTTP: what the
second launch paints before any request, offline browsing, answers inside their freshness
window, `r`, a damaged cache file, and no key or token in the cache folder."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from asc_tui.auth.connection import Connection
from asc_tui.demo import BIG_APP_ID, HUGE_LOG_BUILD_ID, DemoServer
from asc_tui.demo.data.builds import builds_of
from asc_tui.files.locations import cache_dir
from asc_tui.store.response_cache import FILE_NAME
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.auth import leaks_in_files, secret_markers
from tests.support.counting import CountingApp
from tests.support.ui import notifications, press, screen_text, select, settle, shows, top

APP = BIG_APP_ID
BUILD = HUGE_LOG_BUILD_ID
OTHER_BUILD = next(b.id for b in builds_of(APP) if b.id != BUILD)


def connection(server: DemoServer, *, offline: bool = False) -> Connection:
    return Connection(base_url_override=server.base_url, offline=offline)


async def open_build(pilot: Pilot[Any], build_id: str = BUILD) -> None:
    app = pilot.app
    assert isinstance(app.screen, AppsScreen)
    select(app.screen.table, APP)
    await press(pilot, "enter")
    builds = top(app)
    assert isinstance(builds, BuildsScreen)
    select(builds.table, build_id)
    await press(pilot, "enter")
    assert isinstance(top(app), BuildScreen)


async def browse_once(server: DemoServer) -> None:
    """A first session: apps, one app's builds, one build's metrics and signatures."""
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_build(pilot)


Browsed = tuple[DemoServer, CountingApp, int]


@pytest.fixture
async def browsed(counted: tuple[DemoServer, CountingApp]) -> Browsed:
    """After a first session: the server, its counter, and the requests made so far."""
    server, counter = counted
    await browse_once(server)
    return server, counter, counter.count


async def test_the_second_launch_paints_cached_apps_before_any_request(
    browsed: Browsed,
) -> None:
    server, counter, sent = browsed
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.table.item_count == 4  # in the first frame
        assert "Lumen [Beta] Notes" in screen_text(app)
        await settle(pilot)
        assert counter.count == sent  # the apps were fresh: no request at all
        assert "cache saved 1" in screen_text(app)


async def test_the_cached_apps_need_no_key_to_be_painted(
    browsed: Browsed,
) -> None:
    """The apps are read from the cache before the key is: with the key file gone, they
    are on screen anyway, and the key's problem is reported once the connection opens."""
    server, counter, sent = browsed
    Path(os.environ["ASC_PRIVATE_KEY_PATH"]).unlink()
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, AppsScreen) and screen.table.item_count == 4
        await settle(pilot)
        assert screen.error_report is not None  # the key file is missing
        assert screen.table.item_count == 4
    assert counter.count == sent


async def test_offline_makes_no_request_and_shows_cached_screens(
    browsed: Browsed,
) -> None:
    server, counter, sent = browsed
    app = AscApp(connection(server, offline=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_build(pilot)
        build = top(app)
        assert isinstance(build, BuildScreen)
        assert build.signatures.item_count > 0
        assert build.metrics.table.item_count > 0
        await press(pilot, "escape")
        builds = top(app)
        assert isinstance(builds, BuildsScreen)
        select(builds.table, OTHER_BUILD)
        await press(pilot, "enter")
        await shows(pilot, "not cached: open it once online")
    assert counter.count == sent


async def test_metrics_inside_their_window_come_from_the_cache_and_r_refetches(
    browsed: Browsed,
) -> None:
    server, counter, sent = browsed
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_build(pilot)
        assert counter.count == sent
        await press(pilot, "r")
        fetched = counter.paths[sent:]
        assert any(p.endswith(f"/builds/{BUILD}/perfPowerMetrics") for p in fetched)
        assert any(p.endswith(f"/builds/{BUILD}/diagnosticSignatures") for p in fetched)


async def test_a_stale_answer_is_shown_with_its_age_then_refreshed(
    browsed: Browsed,
) -> None:
    server, counter, _ = browsed
    with sqlite3.connect(cache_dir() / FILE_NAME) as db:
        db.execute("UPDATE responses SET fetched_at = fetched_at - 3 * 3600 - 60")
    sent = counter.count
    counter.held.clear()  # the refresh waits at the server until the check below
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "cached 3 h ago" in screen_text(app)  # the first frame
        for _ in range(600):  # a bound for a hang, not a timing: until the request is held
            if counter.count > sent:
                break
            await pilot.pause(0.05)
        assert counter.paths[sent:] == ["/v1/apps"]  # refreshed in the background
        assert "4 apps cached 3 h ago · refreshing…" in screen_text(app)
        counter.held.set()
        await settle(pilot)
        await settle(pilot)
        assert "cached" not in screen_text(app).splitlines()[-2]
    assert counter.paths[sent:] == ["/v1/apps"]


async def test_a_corrupt_cache_file_is_replaced_with_a_notice(
    counted: tuple[DemoServer, CountingApp],
) -> None:
    server, _ = counted
    path = cache_dir() / FILE_NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xee" * 9000)
    app = AscApp(connection(server))
    shown = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppsScreen) and app.screen.table.item_count > 0
    assert any(n.title == "Response cache" and "replaced" in n.message for n in shown)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM responses").fetchone()[0] >= 1


async def test_the_cache_folder_holds_no_key_or_token_after_a_session(
    browsed: Browsed,
) -> None:
    server, _, _ = browsed
    app = AscApp(connection(server))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_build(pilot)
        await press(pilot, "r")
    assert list(cache_dir().iterdir())
    assert leaks_in_files([cache_dir()], secret_markers([server.key.private_key_pem])) == {}


async def test_the_next_session_starts_where_this_one_ended_unless_fresh(
    counted: tuple[DemoServer, CountingApp], tmp_path: Path
) -> None:
    server, counter = counted
    app = AscApp(connection(server), restore=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_build(pilot)
        build = top(app)
        assert isinstance(build, BuildScreen)
        assert app.focused is not None and app.focused.id == "metrics-table"  # opens on it
        await press(pilot, "tab")
        assert app.focused is build.signatures
        await press(pilot, "q")
    sent = counter.count
    again = AscApp(connection(server, offline=True), restore=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        build = top(again)
        assert isinstance(build, BuildScreen) and build.build.id == BUILD
        assert [type(s).__name__ for s in again.screen_stack] == [
            "AppsScreen",
            "BuildsScreen",
            "BuildScreen",
        ]
        assert again.focused is build.signatures  # the pane this session ended on
    # --fresh starts at Apps; where that session ends is remembered as any other's
    fresh = AscApp(connection(server, offline=True), restore=False, remember=True)
    async with fresh.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        apps = top(fresh)
        assert isinstance(apps, AppsScreen)
        select(apps.table, APP)
        await press(pilot, "enter", "q")
    # the next session starts at the builds the --fresh one ended on, not at the build before
    after_fresh = AscApp(connection(server, offline=True), restore=True)
    async with after_fresh.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [type(s).__name__ for s in after_fresh.screen_stack] == [
            "AppsScreen",
            "BuildsScreen",
        ]
    assert counter.count == sent
    state = tmp_path / "xdg-state"
    assert leaks_in_files([state], secret_markers([server.key.private_key_pem])) == {}
    place = (state / "asc-tui" / "last-place.json").read_text()
    assert APP in place and BUILD not in place
