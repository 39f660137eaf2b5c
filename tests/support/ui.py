"""Helpers for the pilot tests: read what is on screen, wait for loads to finish."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import Notification, SeverityLevel
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled, WorkerFailed

from asc_tui.api.client import AscClient
from asc_tui.demo.data.landmarks import (
    BIG_APP_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
)
from asc_tui.ui import AscApp
from asc_tui.ui.screens.logs import LogsScreen
from asc_tui.ui.widgets.item_table import ItemTable


def notifications(app: App[Any]) -> list[Notification]:
    """Every notification ``app`` shows from now on (through the public ``App.notify``),
    kept after its toast has gone. Call before ``run_test``."""
    shown: list[Notification] = []
    notify = app.notify

    def recording(
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        wait = app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        shown.append(Notification(message, title, severity, wait, markup=markup))
        notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    app.notify = recording  # type: ignore[method-assign]  # this app's notify, recorded
    return shown


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text, one line per terminal row. (Textual has no public
    text export of the composed screen; its snapshot SVGs go through the same compositor.)"""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top (a function, so type checkers do not keep an old narrowing)."""
    return app.screen_stack[-1]


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def top_as(app: App[Any], kind: type[ScreenT]) -> ScreenT:
    """The screen on top, which must be a ``kind`` (else the test fails, naming it)."""
    screen = top(app)
    assert isinstance(screen, kind), f"{type(screen).__name__} is on top, not {kind.__name__}"
    return screen


def is_top(app: App[Any], screen: Screen[Any]) -> bool:
    """Whether ``screen`` is the one on top (a function: ``top(app) is screen`` would narrow
    ``screen`` back to ``Screen[Any]`` and lose its own class)."""
    return top(app) is screen


async def workers_done(app: App[Any]) -> None:
    """Wait for every worker; one cancelled because a newer one replaced it (an exclusive
    worker, e.g. a check re-run as the user types) has finished as far as a test cares.
    A screen's load (a ``load:`` group, see ``DataRegion``) that failed has finished too:
    its failure is the region's state and status line, which the tests read. Any other
    worker that failed still raises WorkerFailed. (Whether a load was still running when
    this looked, or had already failed, depends only on the machine's speed.)"""
    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass
        except WorkerFailed:
            if not worker.group.startswith("load:"):
                raise


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages run and every worker finish, then let the results render."""
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one at a time, settling after each (screens change between keys)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


WAIT_BOUND = 60.0
"""Seconds a test waits for a state before failing: a bound for a hang on a loaded
machine, not a timing (a state that comes is seen as soon as it is there)."""


async def until(pilot: Any, done: Callable[[], object], what: str = "the app to get there") -> None:
    """Let the app run until ``done()`` is true (a state, not a duration)."""
    deadline = time.monotonic() + WAIT_BOUND
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def shows(pilot: Any, *texts: str) -> str:
    """The screen's text once it shows every one of ``texts``."""
    seen = [""]

    def showing() -> bool:
        seen[0] = screen_text(pilot.app)
        return all(t in seen[0] for t in texts)

    await until(pilot, showing, f"{texts} on screen")
    return seen[0]


def select(table: ItemTable[Any], key: str) -> None:
    table.move_cursor(row=table.get_row_index(key), animate=False)


async def open_huge_log(app: AscApp, pilot: Pilot[Any], client: AscClient) -> LogsScreen:
    await settle(pilot)
    apps = {a.id: a for a in await client.apps()}
    builds = await client.builds(BIG_APP_ID)
    build = next(b for b in builds if b.id == HUGE_LOG_BUILD_ID)
    signature = next(
        s for s in await client.signatures(HUGE_LOG_BUILD_ID) if s.id == HUGE_LOG_SIGNATURE_ID
    )
    app.open_logs(apps[BIG_APP_ID], build, signature)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LogsScreen)
    return screen


# -- the first-run form ------------------------------------------------------------


def field(app: AscApp, name: str) -> Input:
    return top(app).query_one(f"#field-{name}", Input)


def message(app: AscApp, name: str) -> str:
    return str(top(app).query_one(f"#message-{name}", Static).render())


async def put(pilot: Pilot[int], app: AscApp, name: str, text: str) -> None:
    """All at once (as a paste would; quicker than typing long values key by key)."""
    field(app, name).value = text
    await settle(pilot)
