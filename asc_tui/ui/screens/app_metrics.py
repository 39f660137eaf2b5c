"""An app's metrics across its recent versions (``/v1/apps/{id}/perfPowerMetrics``) and,
on top, what regressed and what is trending up."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...api.metrics_report import MetricsReport
from ...api.models import App
from ...metrics.export import line_rows
from ...metrics.trend import AppMetricRow, app_rows
from ..formatting import GOAL_LEGEND, visible_text
from ..keymap import bindings
from ..metrics_text import (
    insight_block,
    selection_caption,
)
from ..widgets.app_metrics_table import AppMetricsTable
from ..widgets.item_table import ItemTable
from ..widgets.metrics_panel import NOT_ENOUGH_DATA
from .metrics_support import MetricsScreen, export_view
from .region import DataRegion


class AppMetricsScreen(MetricsScreen):
    AUTO_FOCUS = "#app-metrics-table"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app_metrics")

    def __init__(self, app: App) -> None:
        super().__init__()
        self.app_model = app
        self.report: MetricsReport | None = None
        DataRegion(self, "app-metrics", "metrics", self.fetch_report, widget="#app-metrics-table")

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
        self.selection.use(report)
        self.show_view()
        return 1  # the caption says when there is not enough data yet

    def has_data(self) -> bool:
        return self.report is not None

    def show_view(self) -> None:
        report = self.report
        if report is None:
            return
        self.query_one("#app-insights", Static).update(insight_block(report))
        caption = Text(no_wrap=True, overflow="ellipsis")
        if report.is_empty:
            caption.append(NOT_ENOUGH_DATA, style="bold yellow")
            self.table.set_items([])
        else:
            caption = selection_caption(self.selection)
            caption.append(f"   Enter: trend   {GOAL_LEGEND}", style="dim")
            self.table.set_items(app_rows(report, self.percentile, self.device))
        self.query_one("#app-metrics-caption", Static).update(visible_text(caption))

    def acts(self, action: str) -> bool:
        if action == "toggle_insights":
            return self.has_data()
        return super().acts(action)

    def action_toggle_insights(self) -> None:
        pane = self.query_one("#app-insights-pane")
        pane.set_class(not pane.has_class("-all"), "-all")

    def action_export(self) -> None:
        lines = [row.line for row in self.table.items]
        stem = f"{self.app_model.name}-metrics-{self.percentile}-{self.device}"
        export_view(self, line_rows(lines, self.percentile, self.device), stem)

    @on(ItemTable.Opened, "#app-metrics-table")
    def _open(self, event: ItemTable.Opened) -> None:
        row = event.item
        if isinstance(row, AppMetricRow):
            self.asc.open_metric(
                self.app_model, row.key, percentile=self.percentile, device=self.device
            )
