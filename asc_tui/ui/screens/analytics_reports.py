"""A report request's reports (grouped by category), and a report's instances (newest
first), from which Enter downloads an instance (verified, atomic) and opens it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from ...analytics.download import DownloadResult
from ...api.analytics_reports import (
    AnalyticsReport,
    AnalyticsReportInstance,
    AnalyticsReportRequest,
)
from ...api.models import App
from ...files.locations import downloads_dir
from ..keymap import bindings
from ..widgets.analytics_tables import InstancesTable, ReportsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen
from .region import DataRegion


def shown_path(path: Path) -> str:
    """``path`` with the home folder written as ``~``."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def request_label(request: AnalyticsReportRequest) -> str:
    return request.access_type or request.id


class ReportsScreen(BrowserScreen):
    def __init__(self, app: App, request: AnalyticsReportRequest) -> None:
        super().__init__()
        self.app_model = app
        self.request = request
        DataRegion(
            self,
            "reports",
            "reports",
            self.fetch_reports,
            widget="#reports",
            show=self.show_reports,
            empty="No reports for this request yet: Apple lists the first reports 24 to 48 "
            "hours after a request is made. Press r later to look again.",
        )

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Analytics", request_label(self.request)]

    def compose_body(self) -> ComposeResult:
        yield ReportsTable(id="reports")

    @property
    def table(self) -> ReportsTable:
        return self.query_one(ReportsTable)

    def region_summary(self, region: DataRegion) -> Text | None:
        table = self.table
        categories = len({r.category for r in table.items})
        text = Text(f"{table.item_count} reports in {categories} categories")
        if self.request.stopped_due_to_inactivity:
            text.append(" · request stopped for inactivity", style="yellow")
        return text

    async def fetch_reports(self, refresh: bool) -> int:
        session = (await self.get_store()).analytics
        return self.show_reports(await session.reports(self.request.id, refresh=refresh))

    def show_reports(self, reports: list[AnalyticsReport]) -> int:
        self.table.set_items(reports)
        return len(reports)

    @on(ItemTable.Opened, "#reports")
    def _open(self, event: ItemTable.Opened) -> None:
        self.app.push_screen(InstancesScreen(self.app_model, self.request, event.item))


GRANULARITY_FILTERS = ("", "DAILY", "WEEKLY", "MONTHLY")


class InstancesScreen(BrowserScreen):
    """Enter opens an instance (downloading it when not downloaded yet), D downloads it
    again; Esc during a download cancels it (nothing is left behind)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("reports")

    def __init__(self, app: App, request: AnalyticsReportRequest, report: AnalyticsReport) -> None:
        super().__init__()
        self.app_model = app
        self.request = request
        self.report = report
        self.instances = DataRegion(
            self,
            "instances",
            "instances",
            self.fetch_instances,
            widget="#instances",
            show=self.show_instances,
            empty="No instances of this report yet: Apple makes the first ones 24 to 48 hours "
            "after the request, then one per day, week or month. Press r later to look again.",
        )
        self.downloading: AnalyticsReportInstance | None = None
        self.granularity = ""
        self._all: list[AnalyticsReportInstance] = []

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Analytics", request_label(self.request), self.report.name]

    def compose_body(self) -> ComposeResult:
        yield InstancesTable(id="instances")
        with Horizontal(id="download-panel"):
            yield Label(id="download-label")
            yield ProgressBar(id="download-progress", show_eta=False)

    def mounted(self) -> None:
        self.query_one("#download-panel").display = False

    @property
    def table(self) -> InstancesTable:
        return self.query_one(InstancesTable)

    def region_summary(self, region: DataRegion) -> Text | None:
        text = Text(f"{self.table.item_count} instances")
        if self.granularity:
            text.append(f" · {self.granularity} only (t: next)")
        text.append(f" · saved in {shown_path(downloads_dir())}", style="dim")
        return text

    async def fetch_instances(self, refresh: bool) -> int:
        session = (await self.get_store()).analytics
        return self.show_instances(await session.instances(self.report.id, refresh=refresh))

    def show_instances(self, instances: list[AnalyticsReportInstance]) -> int:
        self._all = instances
        self._show()
        return len(instances)

    def _show(self) -> None:
        shown = [i for i in self._all if not self.granularity or i.granularity == self.granularity]
        self.table.set_items(shown)

    def action_granularity(self) -> None:
        """Show only DAILY, WEEKLY, MONTHLY instances, then all again."""
        step = GRANULARITY_FILTERS.index(self.granularity) + 1
        self.granularity = GRANULARITY_FILTERS[step % len(GRANULARITY_FILTERS)]
        self._show()

    # -- download --------------------------------------------------------------------

    def target(self, instance: AnalyticsReportInstance) -> Path:
        from ...store.analytics import AnalyticsSession

        return AnalyticsSession.target(instance, self.report.name, downloads_dir())

    @on(ItemTable.Opened, "#instances")
    def _open(self, event: ItemTable.Opened) -> None:
        instance: AnalyticsReportInstance = event.item
        path = self.target(instance)
        if path.is_file():
            self.open_file(path)
        else:
            self.start_download(instance)

    def action_download(self) -> None:
        instance = self.table.selected_item
        if instance is not None:
            self.start_download(instance)

    def start_download(self, instance: AnalyticsReportInstance) -> None:
        if self.downloading is None:
            self._download(instance)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and self.downloading is not None:
            return True
        return super().check_action(action, parameters)

    def acts(self, action: str) -> bool:
        if action == "download":  # "D Download again" only with an instance to download
            return self.table.selected_item is not None and self.downloading is None
        if action == "granularity":
            return bool(self._all)
        return True

    def action_back(self) -> None:
        if self.downloading is not None:
            self.workers.cancel_group(self, "analytics-download")
            return
        super().action_back()

    def _progress(self, done: int, total: int, files_done: int, files_total: int) -> None:
        bar = self.query_one("#download-progress", ProgressBar)
        size = f"{done / 1e6:.1f} / {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
        self.query_one("#download-label", Label).update(
            f"{size} · {files_done}/{files_total} files "
        )
        bar.update(total=total or None, progress=done)

    @work(exclusive=True, exit_on_error=False, group="analytics-download")
    async def _download(self, instance: AnalyticsReportInstance) -> None:
        self.clear_error()
        self.downloading = instance
        panel = self.query_one("#download-panel")
        self._progress(0, 0, 0, 0)
        panel.display = True
        self.busy = "Downloading… Esc cancels (nothing is kept)"
        try:
            session = (await self.get_store()).analytics
            result: DownloadResult = await session.download(
                instance, self.report.name, downloads_dir(), self._progress
            )
        except asyncio.CancelledError:
            self.notify("Download cancelled: nothing was saved.", markup=False)
            raise
        finally:
            self.downloading = None
            panel.display = False
            self.busy = ""
        self.notify(
            f"{result.rows:,} rows from {result.segments} verified file(s) → "
            f"{shown_path(result.path)}",
            title="Downloaded",
            markup=False,
        )
        self.open_file(result.path)

    def open_file(self, path: Path) -> None:
        from .tsv import TsvScreen

        crumbs = [*self.breadcrumb(), path.name]
        self.app.push_screen(TsvScreen(path, crumbs))
