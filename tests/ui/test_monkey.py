"""Monkey test: about 1,000 seeded random keys, with terminal resizes, on every screen of
the demo (apps, builds, a build, its logs, app metrics, compare, analytics and what they
open), while the demo server injects faults (5xx, 429, 404, cut-off bodies, dropped
downloads). Nothing may raise, and `q` must end the app cleanly.

The keys, resizes and faults come from one seed (``ASC_TUI_MONKEY_SEED`` picks another);
a failure names the seed and the last keys pressed.
"""

from __future__ import annotations

import os
import random
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.drivers.headless_driver import HeadlessDriver
from textual.geometry import Size
from textual.pilot import Pilot

from asc_tui.api.analytics_reports import AnalyticsReport, AnalyticsReportRequest
from asc_tui.demo import DemoKey, FaultPlan
from asc_tui.demo.data.landmarks import ANALYTICS_REQUEST_ID, BIG_APP_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.analytics_reports import InstancesScreen, ReportsScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.tsv import TsvScreen
from tests.support.demo_client import SMALL, demo_store, newest
from tests.support.ui import settle

SEED = int(os.environ.get("ASC_TUI_MONKEY_SEED", "17"))
KEYS_PER_SCREEN = 90
SIZES = [(80, 24), (120, 40), (60, 18), (100, 30), (200, 50), (40, 12)]
KEYS = [
    *["up", "down", "j", "k", "enter", "escape", "left", "right", "h", "l"] * 4,
    *["pageup", "pagedown", "home", "end", "g", "G", "tab", "shift+tab", "space"],
    *["r", "m", "M", "a", "c", "d", "p", "i", "t", "e", "s", "n", "N", "b", "H", "f"],
    *["y", "Y", "left_square_bracket", "right_square_bracket", "slash", "question_mark"],
    *["x", "D", "S", "ctrl+p", "backspace", "1", "z", "minus"],
]
FAULT_PATHS = [
    "/v1/apps",
    "/v1/builds",
    "/v1/diagnosticSignatures",
    "/v1/analyticsReportRequests",
    "/v1/analyticsReports",
    "/v1/analyticsReportInstances",
]


def plan_fault(faults: FaultPlan, rng: random.Random) -> None:
    kind = rng.choice(["status", "status", "cut", "drop"])
    if kind == "drop":
        faults.damage_segment_downloads(rng.choice(["drop", "checksum"]))
        return
    path = rng.choice(FAULT_PATHS)
    if kind == "cut":
        faults.fail_next(path, 200, body=b'{"data": [{"type": "apps", "id"')
        return
    status = rng.choice([500, 502, 503, 429, 404, 403])
    faults.fail_next(path, status, times=rng.randint(1, 4))


CHARACTERS = {
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "space": " ",
    "backspace": "\x7f",
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "minus": "-",
}


async def type_key(app: AscApp, pilot: Pilot[Any], key: str) -> None:
    """Send ``key`` as the terminal driver would, and wait only until the screen has
    taken it: keys come as fast as a quick typist's, while workers are still loading
    (``pilot.press`` waits for the whole process to go idle after every key)."""
    char = key if len(key) == 1 else CHARACTERS.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)
    await pilot.pause(0)


def instances_of(report_name: str) -> InstancesScreen:
    from asc_tui.api.models import App

    record = newest(report_name, "DAILY")
    app = App(id=BIG_APP_ID, name="Trailhead: Hike & Run", bundle_id="", sku="")
    report = AnalyticsReport(record.report.id, record.report.kind.name, "APP_USAGE")
    return InstancesScreen(app, AnalyticsReportRequest(ANALYTICS_REQUEST_ID, "ONGOING"), report)


async def resize(app: AscApp, pilot: Pilot[Any], width: int, height: int) -> None:
    """As ``pilot.resize_terminal``, without waiting for the process to go idle."""
    size = Size(width, height)
    if isinstance(app._driver, HeadlessDriver):
        app._driver._size = size
    app.post_message(events.Resize(size, size))
    await pilot.pause(0)


async def to_root(app: AscApp, pilot: Pilot[Any]) -> None:
    while len(app.screen_stack) > 2 or not isinstance(app.screen, AppsScreen):
        if len(app.screen_stack) <= 1:
            break
        await app.pop_screen()
    await settle(pilot)


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Exports, saved logs and downloads land in tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ASC_TUI_EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_random_keys_and_resizes_on_every_screen_with_faults(
    demo_key: DemoKey, sandbox: Path
) -> None:
    rng = random.Random(SEED)
    faults = FaultPlan()
    store: Store = demo_store(demo_key, faults=faults)
    apps = await store.apps()
    big = next(a for a in apps if a.id == BIG_APP_ID)
    builds = await store.builds(big.id)
    build, signature = builds[0], None
    for build in builds[:5]:
        signature = next((s for s in await store.signatures(build.id) if s.weight > 0), None)
        if signature is not None:
            break
    assert signature is not None
    request = AnalyticsReportRequest(ANALYTICS_REQUEST_ID, "ONGOING")
    table = sandbox / "table.tsv"
    rows = "".join(f"2026-11-{n % 28 + 1:02}\tApp {n}\t{n * 7 % 100}\r" for n in range(500))
    table.write_text("Date\tApp Name\tSessions\r" + rows)
    openers: list[tuple[str, Callable[[AscApp], object]]] = [
        ("apps", lambda app: None),
        ("builds", lambda app: app.open_app(big)),
        ("build", lambda app: app.open_build(big, builds[0])),
        ("logs", lambda app: app.open_logs(big, build, signature)),
        ("app metrics", lambda app: app.open_app_metrics(big)),
        ("compare", lambda app: app.open_compare((big, builds[1]), (big, builds[0]))),
        ("analytics", lambda app: app.open_analytics(big)),
        ("reports", lambda app: app.push_screen(ReportsScreen(big, request))),
        ("instances", lambda app: app.push_screen(instances_of(SMALL))),
        ("table", lambda app: app.push_screen(TsvScreen(table))),
        ("other app", lambda app: app.open_app(rng.choice(apps))),
    ]
    pressed: deque[str] = deque(maxlen=30)
    app = AscApp(store, demo=True)
    total = 0
    seen: set[str] = set()
    try:
        async with app.run_test(size=SIZES[0]) as pilot:
            await settle(pilot)
            for name, opener in openers:
                await to_root(app, pilot)
                pressed.append(f"<open {name}>")
                opener(app)
                await settle(pilot)
                for n in range(KEYS_PER_SCREEN):
                    if n % 10 == 0:
                        size = rng.choice(SIZES)
                        pressed.append(f"<resize {size}>")
                        await resize(app, pilot, *size)
                    if n % 25 == 0:
                        plan_fault(faults, rng)
                    key = rng.choice(KEYS)
                    pressed.append(key)
                    await type_key(app, pilot, key)
                    seen.add(type(app.screen).__name__)
                    total += 1
                    if n % 25 == 24:
                        await settle(pilot)
            await settle(pilot)
            faults.clear()
            await to_root(app, pilot)
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0
    except BaseException as error:
        keys = " ".join(pressed)
        raise AssertionError(f"seed {SEED}, last keys: {keys}") from error
    finally:
        await store.aclose()
    assert total == KEYS_PER_SCREEN * len(openers)
    assert not app.is_running
    opened = {
        "AppsScreen",
        "BuildsScreen",
        "BuildScreen",
        "LogsScreen",
        "AppMetricsScreen",
        "CompareScreen",
        "AnalyticsScreen",
        "ReportsScreen",
        "InstancesScreen",
        "TsvScreen",
    }
    assert opened <= seen, opened - seen
