"""An app's metrics across its recent versions (``/v1/apps/{id}/perfPowerMetrics``) and,
on top, what regressed and what is trending up."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...api.metrics_report import MetricsReport
from ...api.models import App
from ...metrics.export import line_rows
from ...metrics.trend import AppMetricRow, app_rows
from ...metrics.view import cycle, default_device, default_percentile
from ..formatting import GOAL_LEGEND, visible_text
from ..metrics_text import (
    insight_block,
    percentile_label,
)
from ..widgets.app_metrics_table import AppMetricsTable
from ..widgets.item_table import ItemTable
from ..widgets.metrics_panel import NOT_ENOUGH_DATA
from .base import BrowserScreen, Filterable
from .metrics_support import export_view
from .region import DataRegion


class AppMetricsScreen(BrowserScreen):
    AUTO_FOCUS = "#app-metrics-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_percentile", "Percentile", show=False),
        Binding("d", "next_device", "Device", show=False),
        Binding("i", "toggle_insights", "Insights"),
        Binding("e", "export", "Export"),
    ]

    def __init__(self, app: App) -> None:
        super().__init__()
        self.app_model = app
        self.report: MetricsReport | None = None
        self.percentile: str | None = None
        self.device: str | None = None
        self.add_region("app-metrics", "metrics", self.fetch_report, widget="#app-metrics-table")

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Metrics"]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="app-insights-pane") as pane:
            pane.border_title = "What regressed?"
            yield Static("", id="app-insights")
        yield Static("", id="app-metrics-caption")
        yield AppMetricsTable(id="app-metrics-table")

    @property
    def table(self) -> AppMetricsTable:
        return self.query_one(AppMetricsTable)

    def default_filter_target(self) -> Filterable | None:
        return self.table

    def region_summary(self, region: DataRegion) -> Text | None:
        if self.report is None or self.report.is_empty:
            return Text("no metrics yet")
        return Text(
            f"{self.table.item_count} metrics · {len(self.report.regressions)} regressions · "
            f"{len(self.report.trending_up)} trending up"
        )

    async def fetch_report(self, refresh: bool) -> int:
        store = await self.get_store()
        report = await store.app_metrics(self.app_model.id, refresh=refresh)
        self.report = report
        self.percentile = default_percentile(report, self.percentile)
        self.device = default_device(report, self.device)
        self._show_view()
        return 1  # the caption says when there is not enough data yet

    def _show_view(self) -> None:
        report = self.report
        if report is None:
            return
        self.query_one("#app-insights", Static).update(insight_block(report))
        caption = Text(no_wrap=True, overflow="ellipsis")
        if report.is_empty:
            caption.append(NOT_ENOUGH_DATA, style="bold yellow")
            self.table.set_items([])
        else:
            names = dict(report.dimensions()[1])
            caption.append(names.get(self.device or "", self.device or "—"), style="bold")
            caption.append(" (d)", style="dim")
            caption.append(f"  {percentile_label(self.percentile)}", style="bold")
            caption.append(" (p)", style="dim")
            caption.append(f"   Enter: trend   {GOAL_LEGEND}", style="dim")
            self.table.set_items(app_rows(report, self.percentile, self.device))
        self.query_one("#app-metrics-caption", Static).update(visible_text(caption))
        self.refresh_status()

    def action_next_percentile(self) -> None:
        if self.report is not None:
            self.percentile = cycle(self.report.dimensions()[0], self.percentile)
            self._show_view()

    def action_next_device(self) -> None:
        if self.report is not None:
            self.device = cycle([d for d, _ in self.report.dimensions()[1]], self.device)
            self._show_view()

    def acts(self, action: str) -> bool:
        if action in ("export", "next_percentile", "next_device", "toggle_insights"):
            return self.report is not None
        return True

    def action_toggle_insights(self) -> None:
        pane = self.query_one("#app-insights-pane")
        pane.set_class(not pane.has_class("-all"), "-all")

    def action_export(self) -> None:
        lines = [row.line for row in self.table.items]
        stem = f"app-metrics-{self.app_model.id}-{self.percentile}-{self.device}"
        export_view(self, line_rows(lines, self.percentile, self.device), stem)

    @on(ItemTable.Opened, "#app-metrics-table")
    def _open(self, event: ItemTable.Opened) -> None:
        row = event.item
        if isinstance(row, AppMetricRow):
            self.asc.open_metric(
                self.app_model, row.key, percentile=self.percentile, device=self.device
            )
