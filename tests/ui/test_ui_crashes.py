"""TestFlight crashes in the browser, over the demo: X on an app → signatures sorted by
count → the submissions of one → the crash report with the crash first, the blame frame
marked, other threads folded; `b`, save, Esc back; a saved .crash opened offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from asc_tui.demo import BRACKETS_APP_ID, FaultPlan
from asc_tui.demo.data.feedback import crash_submissions
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.screens.crash_report import CrashReportScreen, OfflineCrashScreen
from asc_tui.ui.screens.crashes import CrashesScreen, CrashSubmissionsScreen
from tests.support.ui import notifications, press, select, settle, shows, top, top_as

DATA = Path(__file__).resolve().parents[1] / "data" / "crashes"


def offline_app(name: str) -> AscApp:
    """The app as `asc-tui logs open FILE` starts it on a saved crash report."""
    from asc_tui.logs.files import load_crash_file
    from asc_tui.store.crashes import CrashLog
    from asc_tui.store.source import OfflineSource

    path = DATA / name
    text, report = load_crash_file(path)
    log = CrashLog(path.stem, text, report)
    return AscApp(OfflineSource(path), first_screen=lambda: OfflineCrashScreen(path, log))


async def test_apps_to_a_crash_report_and_back(store: Store, tmp_path: Path) -> None:
    app = AscApp(store)
    shown = notifications(app)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "X")
        crashes = top(app)
        assert isinstance(crashes, CrashesScreen)
        signatures = crashes.table.items
        counts = [s.count for s in signatures]
        assert counts == sorted(counts, reverse=True)
        labels = [column.label.plain for column in crashes.table.columns.values()]
        assert labels[:2] == ["Crashes", "Exception"]  # app-wide: nothing is "new"
        assert sum(counts) == len(crash_submissions(BRACKETS_APP_ID))
        await shows(
            pilot, f"{len(signatures)} signatures · {sum(counts)} crashes", "NoteEditor.apply(_:)"
        )

        objc = next(s for s in signatures if s.binary == "LumenKit")
        select(crashes.table, objc.key)
        await press(pilot, "y")
        copied = app.clipboard
        assert copied.startswith("### Crash: EXC_CRASH (SIGABRT) in `LumenKit: -[NPNotebook")
        assert f"- **Crashes:** {objc.count}" in copied
        assert any(n.title == "Copied signature as Markdown" for n in shown)
        await press(pilot, "enter")
        submissions = top(app)
        assert isinstance(submissions, CrashSubmissionsScreen)
        assert submissions.table.item_count == objc.count

        await press(pilot, "enter")
        report = top(app)
        assert isinstance(report, CrashReportScreen)
        tree = report.call_tree.call_tree
        assert tree is not None
        rows = tree.rows()
        assert rows[0].thread is not None and rows[0].thread.label == "Last Exception Backtrace"
        folded = [r for r in rows if r.thread is not None][1:]
        assert folded and not any(r.expanded for r in folded)
        await shows(
            pilot,
            "EXC_CRASH (SIGABRT)",
            "Reason: -[__NSCFString objectForKey:]",
            "Blame: LumenKit: -[NPNotebookSyncSession applyPayload:]",
        )

        await press(pilot, "b")
        row = report.call_tree.current_row
        assert row is not None and row.is_blame and row.frame is not None
        assert row.frame.location == "NPNotebookSyncSession.m:148"

        report.save_folder = tmp_path
        await press(pilot, "e")
        [saved] = list(tmp_path.iterdir())
        assert saved.suffix == ".crash"
        assert saved.read_text(encoding="utf-8") == (report.crash.text if report.crash else None)
        assert any(n.title == "Saved the crash report" for n in shown)

        await press(pilot, "escape")
        assert top(app) is submissions
        await press(pilot, "escape")
        assert top(app) is crashes


async def test_a_saved_ips_file_opens_offline(tmp_path: Path) -> None:
    app = offline_app("cpp_exception.ips")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, OfflineCrashScreen)
        await shows(pilot, "EXC_CRASH (SIGABRT)", "orbit::TrackBuffer::at(unsigned long) const")
        tree = screen.call_tree.call_tree
        assert tree is not None
        thread = tree.rows()[0].thread
        assert thread is not None and thread.label.startswith("Thread 0 Crashed")


async def test_o_opens_the_frame_in_the_editor_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "src" / "LumenNotes" / "Editor" / "NoteEditor.swift"
    source.parent.mkdir(parents=True)
    source.write_text("// the editor\n", encoding="utf-8")
    twin = tmp_path / "src" / "Old" / "NoteEditor.swift"
    twin.parent.mkdir(parents=True)
    twin.write_text("// an old copy\n", encoding="utf-8")
    opened = tmp_path / "opened.txt"
    fake_editor = tmp_path / "fake-editor"
    fake_editor.write_text(f'#!/bin/sh\necho "$@" >> "{opened}"\n', encoding="utf-8")
    fake_editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(fake_editor))
    monkeypatch.setenv("ASC_TUI_SOURCE_ROOT", str(tmp_path / "src"))

    app = offline_app("swift_breakpoint.crash")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b", "o")  # on NoteEditor.applyFormatting(_:) (NoteEditor.swift:231)
        chooser = top(app)
        assert type(chooser).__name__ == "ChooseFileScreen"  # two NoteEditor.swift: ask
        # shortest path first: the chooser's first entry is the old copy; down, then Enter
        await press(pilot, "down", "enter")
        assert opened.read_text(encoding="utf-8").split() == ["+231", str(source)]


async def test_o_on_a_thread_header_says_it_names_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_TUI_SOURCE_ROOT", str(tmp_path))
    app = offline_app("swift_breakpoint.crash")
    shown = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, OfflineCrashScreen)
        await press(pilot, "g")
        row = screen.call_tree.current_row
        assert row is not None and row.frame is None and row.thread is not None
        await press(pilot, "o")
        assert [n.message for n in shown] == [
            "A thread's header names no source file: o opens a frame's."
        ]


async def test_feedback_screenshots_saved_with_a_report(tmp_path: Path) -> None:
    from asc_tui.demo import generate_demo_key
    from asc_tui.demo.data.feedback import screenshot_submissions
    from asc_tui.ui.screens.feedback import FeedbackScreen
    from tests.support.demo_client import demo_store

    app = AscApp(demo_store(generate_demo_key()))
    shown = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "F")
        screen = top(app)
        assert isinstance(screen, FeedbackScreen)
        records = screenshot_submissions(BRACKETS_APP_ID)
        assert [s.id for s in screen.table.items] == [r.id for r in records]
        await shows(pilot, records[0].comment)
        screen.save_folder = tmp_path
        await press(pilot, "e")
        first = records[0]
        names = sorted(p.name for p in tmp_path.iterdir())
        assert len(names) == first.screenshots + 1
        pngs = [tmp_path / n for n in names if n.endswith(".png")]
        assert len(pngs) == first.screenshots
        assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
        [report] = [tmp_path / n for n in names if n.endswith(".txt")]
        text = report.read_text(encoding="utf-8")
        assert f"Feedback: {first.id}" in text and first.comment in text
        assert f"Device: {first.device}" in text
        assert first.screenshots == 1  # the demo's newest feedback has one: said so
        assert any(n.title == "Saved 1 screenshot and a text report" for n in shown)
        shown.clear()
        await press(pilot, "j", "e")  # the next has three
        assert records[1].screenshots == 3
        assert any(n.title == "Saved 3 screenshots and a text report" for n in shown)


async def test_a_hostile_crash_report_is_shown_not_obeyed(tmp_path: Path) -> None:
    from asc_tui.logs.files import load_crash_file
    from asc_tui.store.crashes import CrashLog
    from asc_tui.store.source import OfflineSource

    path = tmp_path / "hostile.crash"
    path.write_text(
        "Process:   Evil\x1b]0;pwned\x07 [1]\n"
        "Exception Type:  EXC_CRASH\x1b[2J (SIGABRT)\n\n"
        "Thread 0 Crashed:\n"
        "0   Evil   0x0000000100004000 [bold]steal[/bold]\u202e() + 4 (Evil.swift:1)\n",
        encoding="utf-8",
    )
    text, report = load_crash_file(path)
    log = CrashLog(path.stem, text, report)
    app = AscApp(OfflineSource(path), first_screen=lambda: OfflineCrashScreen(path, log))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await shows(pilot, "EXC_CRASH␛[2J (SIGABRT)", "[bold]steal[/bold]\\u202e()")
        assert "\x1b" not in screen and "\u202e" not in screen
        assert "Evil␛]0;pwned␇" in screen


async def test_a_builds_crashes_mark_what_is_new_in_it(store: Store) -> None:
    from asc_tui.demo.data.feedback import crashed_builds

    newest = crashed_builds(BRACKETS_APP_ID)[-1]
    app = AscApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "enter")
        select(top_as(app, BuildsScreen).table, newest.id)
        await press(pilot, "X")
        crashes = top(app)
        assert isinstance(crashes, CrashesScreen)
        assert crashes.build is not None and crashes.build.id == newest.id
        new = [s.frame_text for s in crashes.table.items if s.new_in_build]
        assert new == ["Lumen: NotebookTree.visit(_:depth:)"]
        text = await shows(pilot, "1 new in this build")
        [line] = [row for row in text.splitlines() if "NotebookTree.visit" in row]
        assert " new " in line
        labels = [column.label.plain for column in crashes.table.columns.values()]
        assert labels[:3] == ["Crashes", "New", "Exception"]
        await press(pilot, "enter", "enter")  # a signature's crashes, then one's report
        report = top_as(app, CrashReportScreen)
        submission = report.submission
        assert submission is not None
        assert report.breadcrumb() == [  # the build it was opened from stays in view
            "Lumen [Beta] Notes",
            f"{newest.marketing_version} ({newest.number})",
            "Crashes",
            f"{submission.device_model} · {submission.os_version}",
        ]


async def test_failed_crash_logs_are_said_and_r_fetches_only_them(tmp_path: Path) -> None:
    from asc_tui.demo import DemoServer
    from tests.support.demo_client import loopback_client

    records = crash_submissions(BRACKETS_APP_ID)
    broken = [records[1].id, records[2].id, records[8].id]
    paths = [f"/v1/betaFeedbackCrashSubmissions/{i}/crashLog" for i in broken]
    with DemoServer() as server:  # real loopback HTTP
        for path in paths:
            server.faults.fail_next(path, 404)
        app = AscApp(Store(loopback_client(server)))
        shown = notifications(app)
        async with app.run_test(size=(200, 44)) as pilot:
            await settle(pilot)
            select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
            await press(pilot, "X")
            crashes = top(app)
            assert isinstance(crashes, CrashesScreen)
            counts = [s.count for s in crashes.table.items]
            assert sum(counts) == len(records) - 3
            reason = crashes.load_result.reason if crashes.load_result else ""
            assert "404" in reason or "not found" in reason.casefold()
            # the status line names the key before the reason, which may be cut
            text = await shows(pilot, f"3 crash logs not loaded — r retries them: {reason}")
            assert f"{len(counts)} signatures · {sum(counts)} crashes" in text
            warned = [(n.message, n.severity) for n in shown if "not loaded" in n.message]
            assert warned == [(f"3 crash logs not loaded: {reason} — r retries them.", "warning")]

            before = len(server.faults.requests)
            await press(pilot, "r")
            assert sorted(p for _m, p in server.faults.requests[before:]) == sorted(paths)
            counts = [s.count for s in crashes.table.items]
            assert sum(counts) == len(records)
            text = await shows(pilot, f"{len(counts)} signatures · {len(records)} crashes")
            assert "not loaded" not in text
            await pilot.press("q")


async def test_no_crash_log_loaded_is_a_failure_not_no_crashes(
    store: Store, faults: FaultPlan
) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    faults.fail_next("/v1/betaFeedbackCrashSubmissions/", 404, times=len(records))
    app = AscApp(store)
    async with app.run_test(size=(160, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "X")
        text = await shows(pilot, f"{len(records)} crash logs not loaded: ")
        assert "No TestFlight crashes" not in text
        await press(pilot, "r")
        await shows(pilot, f"{len(records)} crashes")
        await pilot.press("q")


async def test_crashes_and_feedback_of_one_build_from_the_builds_list_and_a_build(
    tmp_path: Path,
) -> None:
    from asc_tui.demo import DemoServer
    from asc_tui.demo.data.feedback import screenshot_submissions
    from asc_tui.ui.screens.build import BuildScreen
    from asc_tui.ui.screens.builds import BuildsScreen
    from asc_tui.ui.screens.feedback import FeedbackScreen
    from tests.support.demo_client import loopback_client

    shots = screenshot_submissions(BRACKETS_APP_ID)
    build = shots[0].build
    crashes_of_build = [r for r in crash_submissions(BRACKETS_APP_ID) if r.build.id == build.id]
    version = f"{build.marketing_version} ({build.number})"
    with DemoServer() as server:  # real loopback HTTP
        app = AscApp(Store(loopback_client(server)))
        async with app.run_test(size=(160, 44)) as pilot:
            await settle(pilot)
            select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
            await press(pilot, "F")  # from the apps list: every build's
            assert isinstance(top(app), FeedbackScreen)
            assert len(top_as(app, FeedbackScreen).table.items) == len(shots)
            await shows(pilot, "Feedback (all builds)")
            await press(pilot, "escape", "enter")
            builds = top(app)
            assert isinstance(builds, BuildsScreen)
            select(builds.table, build.id)

            before = len(server.faults.requests)
            await press(pilot, "F")
            feedback = top(app)
            assert isinstance(feedback, FeedbackScreen)
            mine = [s.id for s in shots if s.build.id == build.id]
            assert [s.id for s in feedback.table.items] == mine and len(mine) < len(shots)
            [listing] = [p for _m, p in server.faults.requests[before:] if "Screenshot" in p]
            assert f"filter%5Bbuild%5D={build.id}" in listing  # the server picked them
            text = await shows(pilot, f"{version} \u203a Feedback")
            assert "all builds" not in text

            await press(pilot, "escape", "enter")  # the build's own screen
            assert isinstance(top(app), BuildScreen)
            await press(pilot, "F")
            assert [s.id for s in top_as(app, FeedbackScreen).table.items] == mine
            await press(pilot, "escape", "X")
            crashes = top(app)
            assert isinstance(crashes, CrashesScreen)
            assert sum(s.count for s in crashes.table.items) == len(crashes_of_build)
            await shows(pilot, f"{version} \u203a Crashes")
            await pilot.press("q")


async def test_x_deletes_a_submission_after_a_yes(tmp_path: Path) -> None:
    from asc_tui.demo import DemoServer
    from asc_tui.demo.data.feedback import screenshot_submissions
    from asc_tui.ui.dialogs.confirm import ConfirmDialog
    from asc_tui.ui.screens.feedback import FeedbackScreen
    from tests.support.demo_client import loopback_client

    records = crash_submissions(BRACKETS_APP_ID)
    with DemoServer() as server:  # real loopback HTTP; the deletions stay on it
        app = AscApp(Store(loopback_client(server)))
        shown = notifications(app)

        def deletes() -> list[str]:
            return [p for m, p in server.faults.requests if m == "DELETE"]

        async with app.run_test(size=(160, 44)) as pilot:
            await settle(pilot)
            select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
            await press(pilot, "X")
            crashes = top_as(app, CrashesScreen)
            await press(pilot, "x")  # a signature is not a submission: nothing asked
            assert top_as(app, CrashesScreen) is crashes
            signature = crashes.table.items[0]
            await press(pilot, "enter")
            submissions = top_as(app, CrashSubmissionsScreen)
            doomed = submissions.table.selected_item
            assert doomed is not None

            await press(pilot, "x")
            assert isinstance(top(app), ConfirmDialog)
            await shows(pilot, "Delete the crash submission", doomed.id, "cannot be undone")
            await press(pilot, "n")
            assert top_as(app, CrashSubmissionsScreen) is submissions and deletes() == []

            await press(pilot, "x", "y")
            assert deletes() == [f"/v1/betaFeedbackCrashSubmissions/{doomed.id}"]
            assert doomed.id not in [s.id for s in submissions.table.items]
            assert submissions.table.item_count == signature.count - 1
            assert any(n.message == f"Deleted the crash submission {doomed.id}." for n in shown)

            before = len(server.faults.requests)
            await press(pilot, "escape")  # grouped again, from what the session holds
            assert top_as(app, CrashesScreen) is crashes
            assert sum(s.count for s in crashes.table.items) == len(records) - 1
            assert server.faults.requests[before:] == []

            await press(pilot, "escape", "F")
            feedback = top_as(app, FeedbackScreen)
            shot = feedback.table.selected_item
            assert shot is not None
            await press(pilot, "delete", "y")  # the Delete key too
            assert deletes()[-1] == f"/v1/betaFeedbackScreenshotSubmissions/{shot.id}"
            left = [s.id for s in screenshot_submissions(BRACKETS_APP_ID) if s.id != shot.id]
            assert [s.id for s in feedback.table.items] == left
            await pilot.press("q")
