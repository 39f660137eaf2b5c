"""What the first frame costs: the real command line (`asc-tui`, credentials in the
environment, a demo server on real loopback HTTP) run in a subprocess until Textual says
the first frame is on screen (its ``Ready`` event). At that moment, on a warm start, the
cached apps are painted, no request has reached the server, and neither the network stack
nor the credential libraries are imported: they load in a worker after that frame.

The subprocess holds that worker (``get_store`` waits forever) so that what it imports
after the first frame can never be mistaken for what the first frame needed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from asc_tui.auth.connection import Connection
from asc_tui.demo import BIG_APP_ID, DemoServer
from asc_tui.files.locations import cache_dir
from asc_tui.store.last_place import Place, save_place
from asc_tui.store.response_cache import FILE_NAME
from asc_tui.ui import AscApp
from asc_tui.ui.screens.builds import BuildsScreen
from tests.support.counting import CountingApp
from tests.support.ui import settle, top

HEAVY = (
    "httpx",
    "httpcore",
    "jwt",
    "cryptography",
    "keyring",
    # asc-tui's own that no first frame needs (each a few milliseconds before it)
    "asc_tui.auth.credentials",
    "asc_tui.store.store",
    "asc_tui.ui.palette",
    "asc_tui.crash_log",
    "asc_tui.ui.widgets.filter_bar",  # mounted on the first `/`
    "asc_tui.ui.widgets.error_panel",  # mounted with the first error
    "asc_tui.ui.error_report",
)
"""Imported only once the first frame is on screen."""
MODELS = "asc_tui.api.models"
"""Imported with the first apps: before the first frame only when they come from the cache."""
NOT_FOR_APPS = (
    "asc_tui.api.builds",  # the build and app-version models
    "asc_tui.api.signatures",  # a build's diagnostic signatures
    "asc_tui.api.rate_limit",  # read from the first answer
    "asc_tui.api.shapes",  # what msgspec reads pages of builds into
)
"""Kept out of the models: not imported before a first frame of the apps, warm or cold."""

FIRST_FRAME = r"""
import asyncio, gc, json, pathlib, sys

import asc_tui.ui.app as app_module
from asc_tui.cli import main

HEAVY = {heavy!r}
NOT_FOR_APPS = {not_for_apps!r}


class FirstFrame(app_module.AscApp):
    CSS_PATH = str(pathlib.Path(app_module.__file__).with_name("app.tcss"))

    async def get_store(self):
        await asyncio.Event().wait()  # the connection never opens in this run

    def on_ready(self) -> None:  # before AscApp's own Ready handler
        imported = sorted(m for m in HEAVY if m in sys.modules)
        spared = sorted(m for m in NOT_FOR_APPS if m in sys.modules)
        strips = self.screen._compositor.render_strips()
        shown = {{
            "imported": imported,
            "not for apps": spared,
            "models": {models!r} in sys.modules,
            "screens": [type(s).__name__ for s in self.screen_stack],
            "text": "\n".join(strip.text for strip in strips),
            "collector paused": not gc.isenabled(),
        }}
        self.call_later(self.after_ready, shown)

    def after_ready(self, shown) -> None:
        shown["collector after"] = gc.isenabled()
        pathlib.Path(sys.argv[1]).write_text(json.dumps(shown))
        self.exit(0)

    def run(self, *args, **kwargs):
        return super().run(headless=True, size=(120, 40))


app_module.AscApp = FirstFrame
raise SystemExit(main(sys.argv[2:]))
"""


def first_frame(tmp_path: Path, *args: str) -> dict[str, Any]:
    """What the first frame of `asc-tui ARGS` shows and had imported."""
    out = tmp_path / "first-frame.json"
    script = FIRST_FRAME.format(heavy=HEAVY, not_for_apps=NOT_FOR_APPS, models=MODELS)
    subprocess.run(
        [sys.executable, "-c", script, str(out), *args],
        check=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    shown: dict[str, Any] = json.loads(out.read_text())
    return shown


async def list_apps_once(server: DemoServer) -> None:
    """A first session that lists the apps (and so leaves them in the response cache)."""
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)


def test_a_cold_first_frame_imports_no_network_or_credential_library(
    counted: tuple[DemoServer, CountingApp], tmp_path: Path
) -> None:
    _, counter = counted
    shown = first_frame(tmp_path)
    assert shown["imported"] == []
    assert shown["not for apps"] == []
    assert not shown["models"]
    # the cycle collector waits during the start-up, and runs again after the first frame
    assert shown["collector paused"] and shown["collector after"]
    assert shown["screens"] == ["AppsScreen"]
    assert "Connecting…" in shown["text"]
    assert counter.count == 0


async def test_a_warm_first_frame_paints_cached_apps_before_any_import_or_request(
    counted: tuple[DemoServer, CountingApp], tmp_path: Path
) -> None:
    server, counter = counted
    await list_apps_once(server)
    with sqlite3.connect(cache_dir() / FILE_NAME) as db:  # fetched 3 hours ago: stale
        db.execute("UPDATE responses SET fetched_at = fetched_at - 3 * 3600 - 60")
    sent = counter.count
    shown = first_frame(tmp_path)
    assert shown["imported"] == []
    assert shown["models"] and shown["not for apps"] == []
    assert shown["screens"] == ["AppsScreen"]
    assert "Lumen [Beta] Notes" in shown["text"]  # a cached app, painted in the first frame
    assert "cached 3 h ago" in shown["text"]  # with its age
    assert counter.count == sent


async def test_the_restored_place_is_the_first_frame_without_those_imports(
    counted: tuple[DemoServer, CountingApp], tmp_path: Path
) -> None:
    """The last session ended on an app's builds: the next one's first frame is that
    list, from the cache (three pages), and still imports neither httpx nor the credential
    libraries."""
    server, counter = counted
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        big = next(a for a in app.known_apps if a.id == BIG_APP_ID)
        app.open_app(big)
        await settle(pilot)
        builds = top(app)
        assert isinstance(builds, BuildsScreen)
        newest = builds.table.items[0]
    key_id = Connection(base_url_override=server.base_url).cache_identity()[1]
    save_place(f"{server.base_url} {key_id}", Place(BIG_APP_ID))
    sent = counter.count
    shown = first_frame(tmp_path)
    assert shown["imported"] == []
    assert shown["screens"] == ["AppsScreen", "BuildsScreen"]
    lines = shown["text"].splitlines()
    assert big.name in lines[0]  # the breadcrumb
    assert newest.display_version in lines[2]  # the builds, from the cache, newest first
    assert counter.count == sent
    fresh = first_frame(tmp_path, "--fresh")
    assert fresh["screens"] == ["AppsScreen"] and fresh["imported"] == []
