"""The log viewer: the 10,000-frame log, folding, blame, switching logs, literal symbols."""

from __future__ import annotations

import asyncio
from typing import Any

from asc_tui.api.client import AscClient
from asc_tui.api.diagnostic_logs import Frame
from asc_tui.demo.data import catalog
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.logs import LogsScreen
from tests.support.ui import open_huge_log, press, screen_text, settle, shows, until


def first_frame(roots: list[Frame], wanted: str) -> Frame:
    stack = list(roots)
    while stack:
        frame = stack.pop()
        if wanted in frame.symbol:
            return frame
        stack.extend(frame.children)
    raise AssertionError(f"no frame with {wanted!r}")


async def test_huge_log_opens_with_blame_and_literal_objc_symbols(
    store: Store, client: AscClient
) -> None:
    # How fast it opens: benchmarks/log_viewer.py (first paint, against a same-run baseline).
    app = AscApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        view = screen.call_tree
        tree = view.call_tree
        assert tree is not None
        document = screen.document
        assert document is not None
        log = document.logs[0]
        assert document.products[0].signature_id == HUGE_LOG_SIGNATURE_ID
        assert tree.frame_count == log.frame_count() >= 10_000

        # only the visible lines are rendered: the strip cache holds about a screenful
        assert 0 < len(view._cache) <= view.size.height * 2

        meta = log.metadata
        text = screen_text(app)
        assert meta["osVersion"] in text and meta["deviceType"] in text
        assert meta["eventDetail"] in text
        assert f"Log 1/{len(document.logs)}" in text

        await press(pilot, "b")
        row = view.current_row
        assert row is not None and row.is_blame and row.frame is not None
        assert row.frame.symbol in screen_text(app)

        # An Objective-C symbol shows with its brackets
        objc = first_frame([root for stack in log.call_stacks for root in stack.roots], "-[")
        node = next(n for n in range(tree.node_count) if tree.frame(n) is objc)
        position = tree.reveal(node)
        assert position is not None
        view.set_tree(tree, cursor=position)
        await settle(pilot)
        assert objc.symbol in screen_text(app)


async def test_folding_keys_and_switching_logs(store: Store, client: AscClient) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        view = screen.call_tree
        tree = view.call_tree
        assert tree is not None
        total = len(tree)
        assert view.cursor == 0 and tree.row(0).thread is not None
        await press(pilot, "enter")  # fold the first thread
        assert len(tree) < total and not tree.row(0).expanded
        await press(pilot, "right")  # → expands
        assert len(tree) == total
        await press(pilot, "right")  # → on an open node moves to its first child
        assert view.cursor == 1
        await press(pilot, "left")  # ← collapses the frame
        assert not tree.row(1).expanded
        await press(pilot, "left")  # ← on a closed node goes to the parent
        assert view.cursor == 0
        await press(pilot, "C")
        assert len(tree) == tree.thread_count
        await press(pilot, "E")
        assert len(tree) == tree.node_count
        await press(pilot, "j", "j", "k")
        assert view.cursor == 1

        count = screen.log_count
        assert count >= 2
        await press(pilot, "right_square_bracket")
        assert screen.log_index == 1 and view.call_tree is not tree
        assert f"Log 2/{count}" in screen_text(app)
        await press(pilot, "left_square_bracket")
        assert screen.log_index == 0 and view.call_tree is tree
        assert view.cursor == 1  # each log keeps its place


async def test_filter_in_the_log_keeps_matches_and_their_callers(
    store: Store, client: AscClient
) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        tree = screen.call_tree.call_tree
        assert tree is not None
        binary = next(a.binary for a in catalog.APPS if a.app_id == BIG_APP_ID)
        await pilot.press("slash", *binary.lower())
        await settle(pilot)
        rows = tree.rows()
        assert 0 < len(rows) < tree.node_count
        matching = [r for r in rows if r.frame is not None and binary in r.frame.binary]
        assert matching and all(r.is_app for r in matching)
        await press(pilot, "escape")
        assert len(tree) == tree.node_count and screen.call_tree.filter_text == ""


async def test_a_filter_no_frame_matches_says_so(store: Store, client: AscClient) -> None:
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_huge_log(app, pilot, client)
        tree = screen.call_tree.call_tree
        assert tree is not None
        await pilot.press("slash", *"zqxz", "enter")
        await settle(pilot)
        assert len(tree) == 0
        text = screen_text(app)
        assert "No frame matches “zqxz”: / changes the filter (Esc there clears it)." in text
        status = text.rstrip().splitlines()[-2]
        assert "filter “zqxz”: no frame matches" in status and "row 1/0" not in status
        await press(pilot, "slash", "escape")
        assert len(tree) == tree.node_count and "No frame matches" not in screen_text(app)
        assert f"row 1/{tree.node_count:,}" in screen_text(app)


async def test_a_big_log_is_drawn_before_it_is_indexed_and_keys_work_meanwhile(
    store: Store, client: AscClient, monkeypatch: Any
) -> None:
    from asc_tui.ui.widgets.call_tree_lines import measure
    from asc_tui.ui.widgets.call_tree_view import CallTreeView

    monkeypatch.setattr(CallTreeView, "INDEX_CHUNK", 25)  # 10k frames: ~400 steps
    monkeypatch.setattr(CallTreeView, "INDEX_STEP", 0.0)
    # the indexer waits between steps until the test lets it go on, whatever the machine's speed
    go_on = asyncio.Event()
    pause = CallTreeView._between_steps

    async def gated(self: CallTreeView) -> None:
        await go_on.wait()
        await pause(self)

    monkeypatch.setattr(CallTreeView, "_between_steps", gated)
    apps = {a.id: a for a in await client.apps()}
    build = next(b for b in await client.builds(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
    signature = next(
        s for s in await client.signatures(HUGE_LOG_BUILD_ID) if s.id == HUGE_LOG_SIGNATURE_ID
    )
    app = AscApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_logs(apps[BIG_APP_ID], build, signature)
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, LogsScreen)
                and app.screen.query(CallTreeView)
                and app.screen.call_tree.call_tree is not None
                and not app.screen.call_tree.call_tree.partial  # (the log's first part first)
            ),
            "the whole log's call tree",
        )
        screen = app.screen
        assert isinstance(screen, LogsScreen)
        view = screen.call_tree
        tree = view.call_tree
        assert tree is not None
        first = tree.row(1).frame
        assert first is not None
        # drawn: the header and first frames are on screen, most of the log is not indexed
        await shows(pilot, "Thread 0", f"{tree.frame_count:,} frames", first.symbol)
        assert tree.built < tree.node_count // 2 and not tree.complete

        await pilot.press("down", "down")
        assert view.cursor == 2 and not tree.complete  # keys do not wait for the index

        go_on.set()
        # the rest is indexed in the background, no key needed
        await until(pilot, lambda: tree.complete, "the whole log indexed")
        assert tree.built == tree.node_count
        # widened as it was indexed: every line fits
        widest = max(view.row_text(row).cell_len for row in tree.rows())
        await until(pilot, lambda: widest <= view.virtual_size.width, "the view widened")
        assert 0 < widest <= view.virtual_size.width <= measure(tree.frames)
        await pilot.press("end")
        assert view.cursor == len(tree) - 1 == tree.node_count - 1


async def test_a_short_terminal_cuts_the_header_and_i_shows_all_of_it(
    store: Store, client: AscClient
) -> None:
    from asc_tui.ui.dialogs.text import DetailsScreen
    from asc_tui.ui.widgets.log_header import header_lines

    apps = {a.id: a for a in await client.apps()}
    build = (await client.builds(BIG_APP_ID))[0]
    for signature in await client.signatures(build.id):  # one with insights
        document = await Store(client).logs(signature.id)
        if document.insights and document.logs[0].metadata.get("eventDetail"):
            break
    else:
        raise AssertionError("no signature with insights and an event detail")
    detail = document.logs[0].metadata["eventDetail"]
    app = AscApp(store)
    async with app.run_test(size=(60, 14)) as pilot:
        await settle(pilot)
        app.open_logs(apps[BIG_APP_ID], build, signature)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LogsScreen)
        header = screen.log_header
        assert header.cut and header.size.height == header_lines(14) == 3  # the stacks keep more
        text = screen_text(app)
        assert "more lines (i shows all)" in text and "Thread 0" in text
        assert document.insights[0].text[:20] not in text

        await press(pilot, "i")
        details = app.screen
        assert isinstance(details, DetailsScreen)
        shown = " ".join(screen_text(app).replace("│", " ").split())  # wrapped: compare words
        assert " ".join(detail.split()) in shown
        assert details.text.plain == header.full_text.plain
        for insight in document.insights:
            assert insight.text in details.text.plain
        await press(pilot, "escape")
        assert app.screen is screen

        await pilot.resize_terminal(120, 40)  # room enough: the whole header, no note
        await settle(pilot)
        text = screen_text(app)
        assert not header.cut and "i shows all" not in text
        assert detail in text and document.insights[0].text[:40] in text
