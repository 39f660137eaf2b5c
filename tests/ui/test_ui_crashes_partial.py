"""TestFlight crashes when the list of submissions stops part way, over the demo server on
loopback HTTP: the status line says both the stop and the crash logs that failed, `r` on a
signature's submissions adds what the resumed list loaded, the loading line counts the
crash logs it reads; `x` on a crash report deletes it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from asc_tui.demo import BRACKETS_APP_ID, DemoServer
from asc_tui.demo.data.feedback import crash_submissions
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.lifecycle import Phase
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.crashes import CrashesScreen, CrashSubmissionsScreen
from tests.support.crash_pages import three_pages
from tests.support.demo_client import loopback_client
from tests.support.ui import press, screen_text, select, settle, shows, top_as, until

LISTING = f"/v1/apps/{BRACKETS_APP_ID}/betaFeedbackCrashSubmissions"
LOG = "/v1/betaFeedbackCrashSubmissions/{}/crashLog"


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def status_line(app: AscApp) -> str:
    return screen_text(app).splitlines()[-2]


async def test_the_stop_and_the_failed_logs_share_the_status_line_and_r_resumes_both(
    server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    served = await three_pages(server, BRACKETS_APP_ID, monkeypatch)
    pages = served.pages
    broken = pages[0][1].id
    server.faults.fail_next(LISTING, 404, after=1)  # page 2
    server.faults.fail_next(LOG.format(broken), 404)
    app = AscApp(Store(loopback_client(server)))
    async with app.run_test(size=(240, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "X")
        crashes = top_as(app, CrashesScreen)
        await until(pilot, lambda: crashes.signatures.state.phase is Phase.STALE)
        shown = len(pages[0]) - 1
        assert sum(s.count for s in crashes.table.items) == shown
        line = status_line(app)
        assert f"on page 2: {shown} crash reports shown, the rest not loaded · r resumes" in line
        assert "1 crash log not loaded — r retries them too: " in line, line
        assert line.index("r resumes") < line.index("1 crash log not loaded")

        # a signature's submissions: r resumes the list, which stops again at page 3
        key = served.spanning(among={t.key for t in crashes.table.items})
        select(crashes.table, key)
        await press(pilot, "enter")
        submissions = top_as(app, CrashSubmissionsScreen)
        of_key = served.of(key)
        first, second = served.ids(0), served.ids(1)
        assert {s.id for s in submissions.table.items} == of_key & first - {broken}
        server.faults.fail_next(LISTING, 404, after=1)  # page 3
        await press(pilot, "r")
        assert submissions.submissions.state.phase is Phase.STALE
        assert {s.id for s in submissions.table.items} == of_key & (first | second)
        count = len(of_key & (first | second))
        await shows(pilot, f"{count} crashes shown, the rest not loaded · r resumes")

        await press(pilot, "r")  # the rest
        assert {s.id for s in submissions.table.items} == of_key
        settled = submissions.submissions.state  # (a new name: mypy narrowed the old one)
        assert settled.phase is Phase.LOADED

        await press(pilot, "escape")  # the signatures, grouped again from every page
        assert top_as(app, CrashesScreen) is crashes
        await until(pilot, lambda: crashes.signatures.state.phase is Phase.LOADED)
        assert sum(s.count for s in crashes.table.items) == len(records)
        assert "not loaded" not in status_line(app)
        await pilot.press("q")


async def test_the_loading_line_counts_the_crash_logs_it_reads(server: DemoServer) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    held = server.faults.hold_next(LOG.format(records[5].id))
    app = AscApp(Store(loopback_client(server)))
    async with app.run_test(size=(200, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await pilot.press("X")
        total = len(records)
        await shows(pilot, f"Reading crash logs… {total - 1:,} of {total:,}")
        assert "so far" not in status_line(app)
        held.set()
        crashes = top_as(app, CrashesScreen)
        await until(pilot, lambda: crashes.signatures.state.phase is Phase.LOADED)
        assert "Reading crash logs" not in status_line(app)
        await pilot.press("q")


async def test_x_on_a_crash_report_deletes_it_and_its_list_goes_on_without_it(
    server: DemoServer,
) -> None:
    from asc_tui.ui.dialogs.confirm import ConfirmDialog
    from asc_tui.ui.screens.crash_report import CrashReportScreen

    records = crash_submissions(BRACKETS_APP_ID)
    app = AscApp(Store(loopback_client(server)))

    def deletes() -> list[str]:
        return [p for m, p in server.faults.requests if m == "DELETE"]

    async with app.run_test(size=(200, 44)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BRACKETS_APP_ID)
        await press(pilot, "X")
        crashes = top_as(app, CrashesScreen)
        signature = crashes.table.items[0]
        await press(pilot, "enter")
        submissions = top_as(app, CrashSubmissionsScreen)
        doomed = submissions.table.selected_item
        assert doomed is not None
        await press(pilot, "enter")
        report = top_as(app, CrashReportScreen)
        assert report.submission is not None and report.submission.id == doomed.id

        await press(pilot, "x")  # the same question as on the list
        assert isinstance(app.screen, ConfirmDialog)
        await shows(pilot, "Delete the crash submission", doomed.id, "cannot be undone")
        await press(pilot, "n")
        assert top_as(app, CrashReportScreen) is report and deletes() == []

        await press(pilot, "delete", "y")
        assert deletes() == [f"/v1/betaFeedbackCrashSubmissions/{doomed.id}"]
        assert top_as(app, CrashReportScreen) is report  # the report stays to be read
        await press(pilot, "x")  # deleted already: nothing asked
        assert top_as(app, CrashReportScreen) is report and len(deletes()) == 1

        await press(pilot, "escape")
        assert top_as(app, CrashSubmissionsScreen) is submissions
        assert doomed.id not in {s.id for s in submissions.table.items}
        assert submissions.table.item_count == signature.count - 1
        await shows(pilot, f"{signature.count - 1} crashes")
        await press(pilot, "escape")
        assert top_as(app, CrashesScreen) is crashes
        await until(pilot, lambda: crashes.signatures.state.phase is Phase.LOADED)
        assert sum(s.count for s in crashes.table.items) == len(records) - 1
        await pilot.press("q")
