"""A big saved log in the viewer: its first rows are shown while the rest of the file is
read (held here until the test lets it go), keys that need the whole log and a search for
frames not read yet wait for it and then happen, and the cursor stays where it was."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument
from asc_tui.commands.diagnostics import viewer_app
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.files import open_logs_file
from asc_tui.logs.navigate import SearchIndex
from asc_tui.ui.screens.offline_logs import OfflineLogsScreen
from tests.support.logs_documents import log_document, small_first_parts
from tests.support.ui import notifications, screen_text, settle, shows, until


def held(path: Path) -> tuple[Any, threading.Event]:
    """The app on ``path`` opened as ``asc-tui FILE`` does, its rest read only once the
    returned event is set."""
    opened = open_logs_file(path)
    assert opened.rest is not None
    rest = opened.rest
    gate = threading.Event()

    def read_rest() -> tuple[Any, DiagnosticLogsDocument]:
        gate.wait(60)
        return rest()

    return viewer_app(path, opened.raw, opened.document, read_rest), gate


@pytest.fixture
def big_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    small_first_parts(monkeypatch)
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(log_document(600, callees_first=False), indent=1))
    return path


def whole_tree(path: Path) -> CallTree:
    opened = open_logs_file(path)
    assert opened.rest is not None
    return CallTree.from_log(opened.rest()[1].logs[0])


async def test_keys_pressed_while_the_rest_is_read_happen_once_it_is(big_log: Path) -> None:
    app, gate = held(big_log)
    whole = whole_tree(big_log)
    notes = notifications(app)
    async with app.run_test(size=(120, 30)) as pilot:
        shown = await shows(pilot, "counting… (reading the log)", "Reading the rest of logs.json")
        screen = app.screen
        assert isinstance(screen, OfflineLogsScreen)
        view = screen.call_tree
        first = view.call_tree
        assert first is not None and first.partial and first.node_count < whole.node_count
        frame = whole.frame(1)
        assert frame is not None and frame.symbol in shown
        assert "Log 1 (reading the rest of the log…)" in shown  # how many: not known yet
        await pilot.press("down", "down")
        await until(pilot, lambda: view.cursor == 2, "the cursor on row 3")
        await pilot.press("b")  # the blame frame is past the first part
        await until(pilot, lambda: any("Still reading" in n.message for n in notes))
        assert view.cursor == 2 and app.screen is screen
        gate.set()
        await until(pilot, lambda: not screen.partial, "the whole log")
        await settle(pilot)
        assert view.call_tree is not None and view.call_tree.frame_count == whole.frame_count
        row = view.current_row
        assert row is not None and row.is_blame and row.node == whole.blame_nodes[0]
        text = screen_text(app)
        assert f"{whole.frame_count:,} frames" in text and "counting…" not in text
        assert "Log 1/1" in text and "reading" not in text
        # the metadata, after the stacks in the file, names the saved copy
        assert screen.save_name().startswith("com.example.App")
        screen.save_folder = big_log.parent / "saved"
        await pilot.press("e")  # the file as it was read
        saved = screen.save_folder / f"{screen.save_name()}.json"
        await until(pilot, saved.is_file, "the saved logs")
        assert saved.read_text() == big_log.read_text()


async def test_a_search_typed_while_the_rest_is_read_finds_frames_read_later(
    big_log: Path,
) -> None:
    app, gate = held(big_log)
    whole = whole_tree(big_log)
    needle = "step555:]"
    expected = SearchIndex(whole).find(needle)
    assert len(expected) == 1
    async with app.run_test(size=(120, 30)) as pilot:
        await shows(pilot, "counting… (reading the log)")
        screen = app.screen
        assert isinstance(screen, OfflineLogsScreen)
        view = screen.call_tree
        assert view.call_tree is not None and expected[0] >= view.call_tree.node_count
        await pilot.press("down")
        await pilot.press("f", *needle, "enter")
        await shows(pilot, "(then searches)")
        assert view.matches == []
        gate.set()
        await until(pilot, lambda: view.matches == expected, "the search over the whole log")
        await settle(pilot)
        assert view.call_tree is not None and view.call_tree.node_at(view.cursor) == expected[0]
        assert f"match 1/1 “{needle}”" in screen_text(app)


async def test_a_first_part_without_a_log_yet_is_still_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_first_parts(monkeypatch)
    document = log_document(600, callees_first=False)
    product = document["productData"][0]
    insights = [{"insightsCategory": "Hang", "insightsString": f"note {n}"} for n in range(400)]
    document["productData"][0] = {"diagnosticInsights": insights, **product}  # (first)
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(document))
    app, gate = held(path)
    async with app.run_test(size=(120, 30)) as pilot:
        shown = await shows(pilot, "Loading the logs…")  # (no rows to show yet)
        assert "No logs for this signature yet" not in shown
        gate.set()
        shown = await shows(pilot, "600 frames")
        assert "-[Worker step1:] {1}" in shown and "Reading the rest" not in shown


async def test_frames_whose_fields_come_later_say_so_until_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_first_parts(monkeypatch)
    path = tmp_path / "logs.json"  # each frame's callees before its symbol (sorted keys)
    path.write_text(json.dumps(log_document(600, callees_first=False), sort_keys=True))
    app, gate = held(path)
    whole = whole_tree(path)
    async with app.run_test(size=(120, 30)) as pilot:
        shown = await shows(pilot, "counting… (reading the log)")
        root = whole.frame(1)
        assert root is not None and root.symbol not in shown  # (written after its callees)
        # what was read (samples, binary, address) and what was not (its symbol)
        assert f"{root.sample_count}   ▾ … (reading)  {root.binary}  {root.address}" in shown
        assert "???" not in shown
        gate.set()
        shown = await shows(pilot, "600 frames")
        assert root.symbol in shown and "(reading)" not in shown and "???" not in shown


async def test_r_and_esc_while_the_rest_is_read_leave_the_read_be(big_log: Path) -> None:
    opened = open_logs_file(big_log)
    assert opened.rest is not None
    rest, gate, reads = opened.rest, threading.Event(), []

    def read_rest() -> tuple[Any, DiagnosticLogsDocument]:
        reads.append(1)
        gate.wait(60)
        return rest()

    app = viewer_app(big_log, opened.raw, opened.document, read_rest)
    notes = notifications(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await shows(pilot, "counting… (reading the log)")
        await pilot.press("r")  # no second read of the file
        await until(
            pilot, lambda: any("Still reading logs.json: press r" in n.message for n in notes)
        )
        await pilot.press("escape")  # the read is not stopped (its thread would read on)
        await until(pilot, lambda: any("the whole log is shown once" in n.message for n in notes))
        assert reads == [1] and "Reading the rest of logs.json" in screen_text(app)
        gate.set()
        await shows(pilot, "300 frames")  # (the first thread's)
        big_log.write_text(json.dumps(log_document(40, callees_first=False)))
        await pilot.press("r")  # once read: r reads the file again
        await shows(pilot, "20 frames")
        assert reads == [1]
