"""Issue #6 in the UI: signature type filter, search with n/N and match counts, heaviest
path, copy, and saving the logs then reopening the file offline with the same view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.coordinate import Coordinate

from asc_tui.api.client import AscClient
from asc_tui.commands.diagnostics import viewer_app
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.files import load_logs_file
from asc_tui.logs.opening import ReceivedLogs
from asc_tui.logs.report import frame_line
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.formatting import diagnostic_type_label
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.logs import LogsScreen
from asc_tui.ui.screens.offline_logs import OfflineLogsScreen
from asc_tui.ui.widgets.signatures_table import signature_cells
from tests.support.ui import open_huge_log, press, screen_text, settle


def visible_lines(tree: CallTree) -> list[tuple[str, str, int]]:
    out = []
    for row in tree.rows():
        if row.thread is not None:
            out.append((row.thread.label, "", row.depth))
        else:
            assert row.frame is not None
            out.append((row.frame.symbol, row.frame.binary, row.depth))
    return out


async def test_signatures_sorted_and_filtered_by_type_and_text(
    store: Store, client: AscClient
) -> None:
    everything = await client.signatures(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        apps = {a.id: a for a in await client.apps()}
        build = next(b for b in await client.builds(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
        app.open_build(apps[BIG_APP_ID], build)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuildScreen)
        table = screen.signatures
        shown = [s.id for s in table.items]
        assert shown == [s.id for s in sorted(everything, key=lambda s: -s.weight)]
        heaviest = max(everything, key=lambda s: s.weight)
        assert f"{heaviest.weight * 100:5.1f}%".strip() in screen_text(app)

        for kind in ("HANGS", "DISK_WRITES", "LAUNCHES"):
            before = client.request_count
            await press(pilot, "t")
            assert client.request_count == before + 1  # asked with filter[diagnosticType]
            expected = [s.id for s in everything if s.diagnostic_type == kind]
            assert [s.id for s in table.items] == expected
            label = diagnostic_type_label(kind)
            assert f"Diagnostic signatures · {label}" in screen_text(app)
            assert f"{len(expected)} {label.lower()} signatures" in screen_text(app)
        await press(pilot, "t")  # back to all types, from memory
        assert [s.id for s in table.items] == shown

        word = heaviest.signature.split()[0][:6].lower()
        await pilot.press("tab", "slash", *word)
        await settle(pilot)
        expected = [
            s.id
            for s in everything
            if word in "\n".join(c.plain for c in signature_cells(s)).lower()
        ]
        assert 0 < len(expected) < len(everything)
        rows = [
            str(table.coordinate_to_cell_key(Coordinate(i, 0))[0].value)
            for i in range(table.row_count)
        ]
        assert rows == expected  # still heaviest first
        assert f"{len(expected)} of {len(everything)} match “{word}”" in screen_text(app)


async def test_search_steps_through_matches_with_a_count(store: Store, client: AscClient) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        view = screen.call_tree
        tree = view.call_tree
        assert tree is not None and screen.document is not None
        log = screen.document.logs[0]
        # the demo's app binary: count its frames straight from the parsed log
        binary = next(
            frame.binary
            for node in range(tree.node_count)
            if (frame := tree.frame(node)) is not None and "Trailhead" in frame.binary
        )
        expected = [
            node
            for node in range(tree.node_count)
            if (frame := tree.frame(node)) is not None
            and binary.lower() in f"{frame.symbol}\n{frame.binary}\n{frame.location}".lower()
        ]
        assert 1 < len(expected) < tree.frame_count <= log.frame_count()
        await press(pilot, "C")  # everything collapsed: search must open the way
        await pilot.press("f", *binary.lower(), "enter")
        await settle(pilot)
        assert view.matches == expected
        assert tree.node_at(view.cursor) == expected[0]
        assert f"match 1/{len(expected):,} “{binary.lower()}”" in screen_text(app)
        await press(pilot, "n")
        assert tree.node_at(view.cursor) == expected[1]
        assert f"match 2/{len(expected):,}" in screen_text(app)
        await press(pilot, "N", "N")  # back past the first: wraps to the last
        assert tree.node_at(view.cursor) == expected[-1]
        assert f"match {len(expected):,}/{len(expected):,}" in screen_text(app)
        assert len(tree) < tree.node_count  # only the matches' callers were opened

        await pilot.press("f", *"zzz-no-such-symbol", "enter")
        await settle(pilot)
        assert view.matches == [] and "no match “zzz-no-such-symbol”" in screen_text(app)
        await press(pilot, "escape")  # clears the search, stays on the screen
        assert view.search_text == "" and isinstance(app.screen, LogsScreen)


async def test_heaviest_path_and_blame_and_copy(
    store: Store, client: AscClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_TUI_OSC52_LIMIT", "100000000")  # a terminal that takes it all
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        view = screen.call_tree
        tree = view.call_tree
        assert tree is not None and screen.document is not None
        await press(pilot, "H")
        row = view.current_row
        assert row is not None and row.frame is not None and not row.has_children
        # walk it back up: at every level this frame's ancestor is the heaviest sibling
        node = row.node
        roots = [r for cs in screen.document.logs[0].call_stacks for r in cs.roots]
        while tree.parent(node) >= 0:
            up = tree.parent(node)
            parent = tree.frame(up)
            siblings = parent.children if parent is not None else None
            frame = tree.frame(node)
            assert frame is not None
            if siblings is not None:
                assert frame.sample_count == max(s.sample_count for s in siblings)
            node = up
        assert any(r.sample_count for r in roots)
        # only the heaviest paths are open: one visible child per open node
        opened = [n for n in (tree.node_at(p) for p in range(len(tree))) if tree.is_expanded(n)]
        assert all(tree.has_children(n) for n in opened)

        await press(pilot, "b")
        blame = view.current_row
        assert blame is not None and blame.is_blame and blame.frame is not None
        await press(pilot, "y")
        assert app.clipboard == frame_line(blame.frame).strip()
        await press(pilot, "Y")
        copied = app.clipboard
        assert copied.startswith("Thread 0:") or copied.startswith("Call stack 0:")
        assert frame_line(blame.frame) in copied
        thread = tree.row(0).thread
        assert thread is not None and copied.count("\n") == thread.frame_count + 1


async def test_save_then_reopen_offline_gives_the_same_view(
    store: Store, client: AscClient, tmp_path: Path
) -> None:
    sent = await client.signature_logs_body(HUGE_LOG_SIGNATURE_ID)
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        screen.save_folder = tmp_path
        await press(pilot, "e")
        name = f"Trailhead-Hike-Run-4.5-953-hangs-logs-{HUGE_LOG_SIGNATURE_ID}"
        saved = tmp_path / f"{name}.json"
        report = tmp_path / f"{name}.txt"
        assert saved.is_file() and report.is_file()
        tree = screen.call_tree.call_tree
        assert tree is not None
        online = visible_lines(tree)
        header = screen.log_header.render()
        meta = screen.document.logs[0].metadata if screen.document else {}
    raw, document = load_logs_file(saved)
    received = (await store.logs_with_raw(HUGE_LOG_SIGNATURE_ID))[0]
    assert isinstance(received, ReceivedLogs)  # saved as the server sent it
    assert saved.read_bytes() == received.text().encode() == sent
    assert raw == json.loads(sent)
    text = report.read_text()
    assert text.count("\n") > tree.frame_count and meta["osVersion"] in text
    del header

    offline = viewer_app(saved, raw, document)
    async with offline.run_test(size=(140, 30)) as pilot:  # the whole file name
        await settle(pilot)
        screen = offline.screen
        assert isinstance(screen, OfflineLogsScreen)
        view = screen.call_tree
        assert view.call_tree is not None
        assert visible_lines(view.call_tree) == online
        shown = screen_text(offline)
        assert saved.name in shown and meta["osVersion"] in shown
        await press(pilot, "b")
        assert view.current_row is not None and view.current_row.is_blame
        await press(pilot, "r")  # reads the file again, no network
        assert screen.error_report is None and view.call_tree is not None
        await press(pilot, "escape")  # the root screen: Esc does not leave it
        assert offline.screen is screen
