"""A big signature's logs fetched from the demo server over loopback HTTP, and opened
again from the response cache: the first frames are shown while the rest of the body is
read (held here until the test lets it go), keys that need the whole log and a search
typed meanwhile wait for it and then happen, and the whole log comes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument
from asc_tui.auth.connection import Connection
from asc_tui.demo import HUGE_LOG_SIGNATURE_ID, DemoServer
from asc_tui.demo.data.diagnostic_logs import signature_logs
from asc_tui.demo.data.signatures import signature_by_id
from asc_tui.logs import opening
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.navigate import SearchIndex
from asc_tui.logs.opening import OpenedLogs
from asc_tui.ui import AscApp
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.logs import LogsScreen
from tests.support.counting import CountingApp, counting_server_in_env
from tests.support.ui import notifications, screen_text, settle, shows, top, until
from tests.ui.test_ui_cache import open_build

LOGS_PATH = f"/v1/diagnosticSignatures/{HUGE_LOG_SIGNATURE_ID}/logs"


@pytest.fixture
def counted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[DemoServer, CountingApp]]:
    with counting_server_in_env(monkeypatch, tmp_path) as served:
        yield served


class HeldRest:
    """The rest of each big logs body is read only once ``gate`` is set; ``reads``
    counts the reads started, ``opened`` what was opened from a first part."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.reads = 0
        self.opened: list[OpenedLogs] = []
        open_body = opening.open_logs_body

        def held(body: bytes) -> OpenedLogs:
            opened = open_body(body)
            rest = opened.rest
            if rest is None:
                return opened

            def read() -> tuple[Any, DiagnosticLogsDocument]:
                self.reads += 1
                self.gate.wait(60)
                return rest()

            self.opened.append(opened)
            return opened._replace(rest=read)

        monkeypatch.setattr(opening, "open_logs_body", held)


def whole_tree() -> CallTree:
    """The first log as the demo server has it, read whole (not through the viewer)."""
    sig = signature_by_id(HUGE_LOG_SIGNATURE_ID)
    assert sig is not None
    document = DiagnosticLogsDocument.from_json(signature_logs(sig))
    return CallTree.from_log(document.logs[0], signature=sig.signature)


async def open_huge_log(pilot: Pilot[Any]) -> LogsScreen:
    """From the apps, the huge log's build, then its logs (not waiting for them)."""
    await settle(pilot)
    await open_build(pilot)
    build = top(pilot.app)
    assert isinstance(build, BuildScreen)
    await settle(pilot)
    signature = next(s for s in build.signatures.items if s.id == HUGE_LOG_SIGNATURE_ID)
    app = pilot.app
    assert isinstance(app, AscApp)
    app.open_logs(build.app_model, build.build, signature)
    await until(pilot, lambda: isinstance(pilot.app.screen, LogsScreen), "the log viewer")
    screen = pilot.app.screen
    assert isinstance(screen, LogsScreen)
    return screen


async def test_a_big_signatures_logs_show_their_first_frames_before_the_rest_is_read(
    counted: tuple[DemoServer, CountingApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, counter = counted
    held = HeldRest(monkeypatch)
    whole = whole_tree()
    needle = next(  # a frame read only with the rest
        symbol
        for node in range(whole.node_count - 1, 0, -1)
        if (frame := whole.frame(node)) is not None and (symbol := frame.symbol)
    )
    expected = SearchIndex(whole).find(needle)
    app = AscApp(Connection(base_url_override=server.base_url))
    notes = notifications(app)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_huge_log(pilot)
        shown = await shows(pilot, "counting… (reading the log)", "Reading the rest of the logs")
        await until(pilot, lambda: held.reads == 1, "the rest being read")  # (its thread)
        assert counter.paths.count(LOGS_PATH) == 1
        view = screen.call_tree
        first = view.call_tree
        assert first is not None and first.partial and first.node_count < whole.node_count
        assert max(expected) >= first.node_count
        for row in range(1, 6):  # the whole log's first frames, already on screen
            frame = whole.row(row).frame
            assert frame is not None and frame.symbol in shown
        assert "Log 1 (reading the rest of the log…)" in shown and "???" not in shown
        assert screen.raw is None  # nothing to save yet

        await pilot.press("b")  # the blame frame: wait for the whole log
        await until(pilot, lambda: any("Still reading the rest" in n.message for n in notes))
        await pilot.press("r")  # no second fetch or read while this one runs
        await until(
            pilot, lambda: any("Still reading the logs: press r" in n.message for n in notes)
        )
        await pilot.press("escape")
        await until(pilot, lambda: any("the whole log is shown once" in n.message for n in notes))
        assert app.screen is screen and held.reads == 1
        await pilot.press("f", *needle, "enter")  # a search over frames not read yet
        await shows(pilot, "(then searches)")
        assert view.matches == [] and screen.partial

        held.gate.set()
        await until(pilot, lambda: not screen.partial, "the whole log")
        await settle(pilot)
        tree = view.call_tree
        assert tree is not None and not tree.partial
        assert tree.frame_count == whole.frame_count and tree.node_count == whole.node_count
        assert view.matches == expected  # the search ran over the whole log
        text = screen_text(app)
        assert f"{whole.frame_count:,} frames" in text and "Log 1/3" in text
        assert "(reading" not in text and "counting…" not in text and "Reading" not in text
        await pilot.press("escape", "b")  # (Esc clears the search; b was replaced by f)
        await until(pilot, lambda: view.current_row is not None and view.current_row.is_blame)
        assert counter.paths.count(LOGS_PATH) == 1 and held.reads == 1
        await pilot.press("escape")  # read whole: Esc goes back
        await until(pilot, lambda: isinstance(app.screen, BuildScreen), "the build")


async def test_reopened_from_the_response_cache_they_open_from_their_first_part_too(
    counted: tuple[DemoServer, CountingApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, counter = counted
    held = HeldRest(monkeypatch)
    held.gate.set()  # a first session reads the logs whole
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_huge_log(pilot)
        await until(pilot, lambda: screen.document is not None and not screen.partial)
    assert counter.paths.count(LOGS_PATH) == 1

    held.gate.clear()  # a second launch: the logs come from the cache, their rest held
    whole = whole_tree()
    sent = counter.count
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_huge_log(pilot)
        shown = await shows(pilot, "counting… (reading the log)", "Reading the rest of the logs")
        await until(pilot, lambda: held.reads == 2, "the rest being read")  # (its thread)
        assert len(held.opened) == 2
        frame = whole.row(1).frame
        assert frame is not None and frame.symbol in shown and "???" not in shown
        first = screen.call_tree.call_tree
        assert first is not None and first.partial and first.node_count < whole.node_count
        held.gate.set()
        await until(pilot, lambda: not screen.partial, "the whole log")
        tree = screen.call_tree.call_tree
        assert tree is not None and tree.frame_count == whole.frame_count
        assert f"{whole.frame_count:,} frames" in screen_text(app)
    assert counter.count == sent  # no request at all: apps, build and logs from the cache
