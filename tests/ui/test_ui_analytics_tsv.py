"""Pilot tests: reports → instances → a verified download → the table view (sort, filter,
export), on the in-process demo server; Esc during a download keeps nothing."""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import AsyncIterator
from contextlib import aclosing
from pathlib import Path

import httpx
import pytest

from asc_tui.api.analytics_reports import (
    AnalyticsReport,
    AnalyticsReportRequest,
)
from asc_tui.api.models import App
from asc_tui.demo import DemoKey, FaultPlan
from asc_tui.demo.data.analytics_records import seeded
from asc_tui.demo.data.landmarks import ANALYTICS_REQUEST_ID, BIG_APP_ID, BIG_SEGMENT_INSTANCE_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens import analytics_reports
from asc_tui.ui.screens.analytics import AnalyticsScreen
from asc_tui.ui.screens.analytics_reports import InstancesScreen, ReportsScreen
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.tsv import TsvScreen
from tests.support.demo_client import SMALL, demo_store, newest
from tests.support.ui import (
    notifications,
    press,
    screen_text,
    select,
    settle,
    shows,
    top,
    top_as,
    until,
)


@pytest.fixture
async def admin_store(demo_key: DemoKey) -> AsyncIterator[Store]:
    store = demo_store(demo_key)
    yield store
    await store.aclose()


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Downloads" / "asc-tui"
    monkeypatch.setattr(analytics_reports, "downloads_dir", lambda: folder)
    return folder


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    header, *rows = (line.split("\t") for line in path.read_text("utf-8").splitlines())
    return header, rows


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


async def test_reports_instances_download_and_table(admin_store: Store, downloads: Path) -> None:
    small = newest(SMALL, "DAILY")
    app = AscApp(admin_store, demo=True)
    notes = notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select(top_as(app, AppsScreen).table, BIG_APP_ID)
        await press(pilot, "a")
        requests = top(app)
        assert isinstance(requests, AnalyticsScreen)
        select(requests.table, ANALYTICS_REQUEST_ID)
        await press(pilot, "enter")

        reports = top(app)
        assert isinstance(reports, ReportsScreen)
        expected = [r for r in seeded().reports.values() if r.request_id == ANALYTICS_REQUEST_ID]
        shown = reports.table.items
        assert sorted(r.id for r in shown) == sorted(r.id for r in expected)
        categories = [r.category for r in shown]
        assert categories == sorted(categories, key=categories.index)  # grouped
        assert categories[0] == "APP_USAGE" and categories[-1] == "PERFORMANCE"
        await shows(pilot, "14 reports in 5 categories", "App Sessions Detailed")
        await press(pilot, "slash", *"crashes", "enter")
        assert reports.table.row_count == 2
        await shows(pilot, "2 of 14 match “crashes”")
        select(reports.table, small.report.id)
        await press(pilot, "enter")

        instances = top(app)
        assert isinstance(instances, InstancesScreen)
        listed = instances.table.items
        assert listed[0].id == small.id  # newest first, DAILY first on a date
        dates = [i.processing_date_text for i in listed]
        assert dates == sorted(dates, reverse=True)
        assert len(listed) == len(seeded().instances_by_report[small.report.id])
        await press(pilot, "t")  # DAILY only
        assert {i.granularity for i in instances.table.items} == {"DAILY"}
        await shows(pilot, "DAILY only")
        select(instances.table, small.id)
        await press(pilot, "enter")  # download, then open

        tsv = top(app)
        assert isinstance(tsv, TsvScreen)
        await settle(pilot)
        path = downloads / SMALL / f"{small.processing_date.isoformat()}-DAILY.tsv"
        assert files_under(downloads) == [path]
        header, rows = read_tsv(path)
        assert len(rows) == small.rows
        table = tsv.table
        assert table is not None and table.fully_indexed
        assert (
            list(table.header)
            == header
            == [
                "Date",
                "App Name",
                "App Apple Identifier",
                "App Version",
                "Device",
                "Platform Version",
                "Crashes",
                "Unique Devices",
            ]
        )
        assert list(table.row(0)) == rows[0]
        await shows(pilot, "Date", "Crashes", rows[0][1], f"{len(rows):,} rows")

        # sort by Crashes: ascending, then descending
        crashes = header.index("Crashes")
        await press(pilot, *["right"] * crashes)
        assert tsv.view.column == crashes
        await press(pilot, "s")
        by_crashes = sorted(rows, key=lambda r: float(r[crashes]))
        assert list(table.row(0)) == by_crashes[0]
        await shows(pilot, "sorted by Crashes ↑")
        assert tsv.view.header_cells()[crashes] == "Crashes ↑"  # the column says so too
        assert "Crashes ↑" in screen_text(app) and "Date ↑" not in screen_text(app)
        await press(pilot, "s")
        descending = sorted(rows, key=lambda r: float(r[crashes]), reverse=True)
        assert list(table.row(0)) == descending[0]
        assert [list(r) for r in table.rows(0, len(table))] == descending
        await shows(pilot, "sorted by Crashes ↓", descending[0][crashes], "Crashes ↓")

        # filter: the rows with an iPad, still sorted
        await press(pilot, "slash", *"ipad", "enter")
        matching = [r for r in descending if any("ipad" in c.casefold() for c in r)]
        assert 0 < len(matching) < len(rows)
        assert [list(r) for r in table.rows(0, len(table))] == matching
        await shows(pilot, f"{len(matching):,} of {len(rows):,} match “ipad”")

        # export what is shown
        await press(pilot, "e")
        exported = path.with_suffix(".csv")
        with exported.open(newline="", encoding="utf-8") as file:
            assert list(csv.reader(file)) == [header, *matching]
        assert any(str(exported) in str(n.message) for n in notes)

        await press(pilot, "escape")  # clears the filter first
        assert len(table) == len(rows)
        await press(pilot, "S")  # back to file order
        assert list(table.row(0)) == rows[0]
        await press(pilot, "escape")
        assert top(app) is instances
        await press(pilot, "enter")  # already downloaded: opens the file again
        assert isinstance(top(app), TsvScreen)
        assert files_under(downloads) == [exported, path]


def big_instance_screen() -> InstancesScreen:
    record = seeded().instances[BIG_SEGMENT_INSTANCE_ID]
    report = record.report
    return InstancesScreen(
        App(id=BIG_APP_ID, name="Trailhead: Hike & Run", bundle_id="", sku=""),
        AnalyticsReportRequest(ANALYTICS_REQUEST_ID, "ONGOING"),
        AnalyticsReport(report.id, report.kind.name, report.kind.category),
    )


class HeldBody(httpx.AsyncByteStream):
    """A response body that sends its first 64 KiB, then waits for ``go_on``."""

    FIRST = 64 * 1024

    def __init__(self, body: httpx.AsyncByteStream, go_on: asyncio.Event) -> None:
        self.body, self.go_on = body, go_on

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        async for piece in self.body:
            if sent < self.FIRST:
                yield piece[: self.FIRST]
                sent = self.FIRST
                await self.go_on.wait()
                piece = piece[self.FIRST :]
            if piece:
                yield piece

    async def aclose(self) -> None:
        await self.body.aclose()


class HoldingTransport(httpx.AsyncBaseTransport):
    """The demo server's segment downloads, held after their first piece."""

    def __init__(self, inner: httpx.AsyncBaseTransport, go_on: asyncio.Event) -> None:
        self.inner, self.go_on = inner, go_on

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        held = HeldBody(response.stream, self.go_on)
        return httpx.Response(response.status_code, headers=response.headers, stream=held)


async def test_esc_during_a_download_keeps_nothing(demo_key: DemoKey, downloads: Path) -> None:
    go_on = asyncio.Event()  # never set: the download is under way until Esc
    store = demo_store(demo_key, lambda inner: HoldingTransport(inner, go_on))
    app = AscApp(store, demo=True)
    notes = notifications(app)
    async with aclosing(store), app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = big_instance_screen()
        await app.push_screen(screen)
        await settle(pilot)
        select(screen.table, BIG_SEGMENT_INSTANCE_ID)
        await pilot.press("D")
        # until the first 64 KiB are in; the rest is held back
        progress = screen.query_one("#download-label")
        await until(pilot, lambda: str(progress.render()).startswith("0.1 / 2.6 MB"), "64 KiB in")
        assert screen.downloading is not None  # under way, some bytes in
        await shows(pilot, "files", "Esc cancels")
        await pilot.press("escape")
        await settle(pilot)
        assert top(app) is screen and screen.downloading is None
        assert files_under(downloads) == []
        assert not downloads.exists()  # not even the folders it made
        assert any("nothing was saved" in str(n.message) for n in notes)


async def test_a_big_segment_shows_its_first_rows_at_80x24(
    admin_store: Store, downloads: Path
) -> None:
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = big_instance_screen()
        await app.push_screen(screen)
        await settle(pilot)
        select(screen.table, BIG_SEGMENT_INSTANCE_ID)
        await press(pilot, "enter")
        tsv = top(app)
        assert isinstance(tsv, TsvScreen)
        await settle(pilot)
        table = tsv.table
        assert table is not None
        assert table.fully_indexed and len(table) == 210_025
        header, first = table.header, table.row(0)
        assert header[0] == "Date"
        await shows(pilot, "Date", first[1], "210,025 rows")
        await press(pilot, "G")
        assert tsv.view.cursor == 210_024
        await shows(pilot, "row 210,025")


async def test_help_lists_the_table_keys_and_a_bad_file_says_so(
    admin_store: Store, tmp_path: Path
) -> None:
    good = tmp_path / "report.tsv"
    good.write_text("Name\tCount\n[b]bold?[/b]\t3\nplain\t10\n", encoding="utf-8")
    bad = tmp_path / "report.tsv.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + bytes(64))
    app = AscApp(admin_store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(TsvScreen(good))
        await settle(pilot)
        await shows(pilot, "[b]bold?[/b]", "2 rows")  # data is not markup
        await press(pilot, "question_mark")
        await shows(pilot, "Sort", "Export CSV", "Filter")
        # not sorted: S would do nothing; help still lists it, saying when it acts
        words = " ".join(re.sub("[│╭╮╰╯─]", " ", screen_text(app)).split())  # unwrapped
        assert "File order: back to the file's order — needs" in words
        assert "a sorted column (s)" in words
        await press(pilot, "escape", "s", "question_mark")
        await shows(pilot, "Sort", "File order", "Export CSV", "Filter")
        assert "needs a sorted column" not in screen_text(app)
        await press(pilot, "escape", "escape")
        await app.push_screen(TsvScreen(bad))
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, TsvScreen) and screen.table is None
        assert screen.error_report is not None
        await shows(pilot, screen.error_report.message[:30])


async def test_a_damaged_download_is_refused_and_an_expired_url_renewed(
    demo_key: DemoKey, downloads: Path
) -> None:
    faults = FaultPlan()
    store = demo_store(demo_key, faults=faults)
    small = newest(SMALL, "DAILY")
    report = small.report
    app = AscApp(store, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = InstancesScreen(
            App(id=BIG_APP_ID, name="Trailhead: Hike & Run"),
            AnalyticsReportRequest(ANALYTICS_REQUEST_ID, "ONGOING"),
            AnalyticsReport(report.id, report.kind.name, report.kind.category),
        )
        await app.push_screen(screen)
        await settle(pilot)
        select(screen.table, small.id)
        faults.damage_segment_downloads("checksum")
        await press(pilot, "D")
        assert top(app) is screen
        error = screen.error_report
        assert error is not None and error.title == "Download failed"
        assert "failed its checksum" in error.message
        await shows(pilot, "Download failed", "failed its checksum")
        assert files_under(downloads) == []

        faults.fail_next("/analytics-segments/", 403)  # the URL expired: renewed once
        await press(pilot, "enter")
        tsv = top(app)
        assert isinstance(tsv, TsvScreen) and tsv.table is not None
        path = downloads / SMALL / f"{small.processing_date.isoformat()}-DAILY.tsv"
        assert files_under(downloads) == [path]
        assert len(tsv.table) == small.rows == len(read_tsv(path)[1])
    await store.aclose()
