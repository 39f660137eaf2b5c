"""TestFlight crashes through the client's paginator and the store, over the demo server:
every page of submissions, signatures whose counts add up to the submissions, new-in-build
against the build before, and crash reports shown with the crash first."""

from __future__ import annotations

from collections import Counter

import pytest

from asc_tui.demo import BIG_APP_ID, BRACKETS_APP_ID, DemoKey, generate_demo_key
from asc_tui.demo.data.feedback import crash_submissions, crashed_builds
from asc_tui.logs.crash_tree import crash_call_tree
from tests.support.demo_client import demo_store


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


async def test_every_page_of_submissions_comes_through_the_store(key: DemoKey) -> None:
    store = demo_store(key)
    async with store.client:
        before = store.client.request_count
        submissions = await store.crashes.submissions(BIG_APP_ID)
        assert store.client.request_count - before == 2  # 230 at 200 a page
        assert [s.id for s in submissions] == [r.id for r in crash_submissions(BIG_APP_ID)]
        assert all(s.build_number for s in submissions)  # from the included builds
        again = await store.crashes.submissions(BIG_APP_ID)
        assert again is submissions and store.client.request_count - before == 2


async def test_signatures_count_the_submissions_and_mark_new_crashes(key: DemoKey) -> None:
    store = demo_store(key)
    async with store.client:
        progress: list[tuple[int, int]] = []
        load = await store.crashes.signatures(
            BRACKETS_APP_ID, progress=lambda done, total: progress.append((done, total))
        )
        assert load.failures == 0
        signatures = load.signatures
        records = crash_submissions(BRACKETS_APP_ID)
        assert sum(s.count for s in signatures) == len(records) == progress[-1][0]
        by_kind = Counter(r.kind for r in records)
        counts = sorted((s.count for s in signatures), reverse=True)
        assert counts == [s.count for s in signatures]
        # the unsymbolicated crashes (ASLR moves them) still make one signature
        assert sorted(counts) == sorted(by_kind.values())
        assert not any(s.new_in_build for s in signatures)  # app-wide: nothing to compare
        newest = crashed_builds(BRACKETS_APP_ID)[-1]
        in_newest = (await store.crashes.signatures(BRACKETS_APP_ID, newest.id)).signatures
        assert sum(s.count for s in in_newest) == sum(r.build.id == newest.id for r in records)
        new = [s for s in in_newest if s.new_in_build]
        assert [s.symbol for s in new] == ["NotebookTree.visit(_:depth:)"]
        assert all(s.builds == [str(newest.number)] for s in in_newest)


async def test_a_crash_report_opens_on_the_crash(key: DemoKey) -> None:
    store = demo_store(key)
    async with store.client:
        signatures = (await store.crashes.signatures(BRACKETS_APP_ID)).signatures
        objc = next(s for s in signatures if s.binary == "LumenKit")
        log = await store.crashes.crash_log(objc.submissions[0].id)
        assert log.report is not None and log.error is None
        rows = crash_call_tree(log.report).rows()
        assert rows[0].thread is not None and rows[0].thread.label == "Last Exception Backtrace"
        blame = [r for r in rows if r.is_blame]
        assert len(blame) == 1 and blame[0].frame is not None
        assert blame[0].frame.symbol == "-[NPNotebookSyncSession applyPayload:]"
        swift = next(s for s in signatures if s.exception_type.startswith("EXC_BREAKPOINT"))
        log = await store.crashes.crash_log(swift.submissions[0].id)
        assert log.report is not None
        rows = crash_call_tree(log.report).rows()
        assert rows[0].thread is not None and rows[0].thread.label.startswith("Thread 0 Crashed")
        assert rows[1].is_blame and rows[1].frame is not None
        assert rows[1].frame.location == "NoteEditor.swift:231"
