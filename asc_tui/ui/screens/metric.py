"""One metric across the app's recent versions: a bar chart with the goal line, and a table.

Loaded from ``/v1/apps/{id}/perfPowerMetrics`` narrowed server-side to the metric's
category (``filter[metricType]``) when it is one the API knows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ...api.metrics_report import MetricsReport
from ...api.models import App
from ...metrics.export import trend_rows
from ...metrics.trend import Trend, trend
from ...metrics.view import KNOWN_CATEGORIES, cycle, default_device, default_percentile
from ..formatting import GOAL_LEGEND, visible_text
from ..metrics_text import percentile_label, trend_chart
from ..widgets.trend_table import TrendTable
from .base import BrowserScreen, Filterable
from .metrics_support import export_view
from .region import DataRegion


class MetricScreen(BrowserScreen):
    AUTO_FOCUS = "#trend-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_percentile", "Percentile", show=False),
        Binding("d", "next_device", "Device", show=False),
        Binding("e", "export", "Export"),
    ]

    def __init__(
        self, app: App, key: str, *, percentile: str | None = None, device: str | None = None
    ) -> None:
        super().__init__()
        self.app_model = app
        self.key = key
        self.category, _, rest = key.partition("/")
        self.metric_name = rest.partition("/")[0]
        self.percentile = percentile
        self.device = device
        self.report: MetricsReport | None = None
        self.trend: Trend | None = None
        self.add_region("trend", "metrics", self.fetch_report, widget="#trend-table")

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Metrics", self.metric_name]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="trend-caption")
        yield Static("", id="trend-chart")
        yield TrendTable(id="trend-table")

    @property
    def table(self) -> TrendTable:
        return self.query_one(TrendTable)

    def default_filter_target(self) -> Filterable | None:
        return self.table

    def region_summary(self, region: DataRegion) -> Text | None:
        if self.trend is None:
            return Text("metric not in this app's data")
        return Text(f"{len(self.trend.points)} versions")

    async def fetch_report(self, refresh: bool) -> int:
        narrowed = (self.category,) if self.category in KNOWN_CATEGORIES else ()
        store = await self.get_store()
        report = await store.app_metrics(self.app_model.id, metric_types=narrowed, refresh=refresh)
        self.report = report
        self.percentile = default_percentile(report, self.percentile)
        self.device = default_device(report, self.device)
        self._show_view()
        return 1  # the chart says when there is not enough data

    def on_resize(self) -> None:
        self._show_view()

    def _show_view(self) -> None:
        report = self.report
        if report is None:
            return
        self.trend = trend(report, self.key, self.percentile, self.device)
        names = dict(report.dimensions()[1])
        caption = Text(no_wrap=True, overflow="ellipsis")
        caption.append(f"{self.category} {self.metric_name}", style="bold")
        if self.trend is not None:
            caption.append(f" ({self.trend.metric.unit})", style="dim")
        caption.append(f"  {names.get(self.device or '', self.device or '—')} (d)")
        caption.append(f"  {percentile_label(self.percentile)} (p)")
        caption.append(f"   {GOAL_LEGEND}", style="dim")
        self.query_one("#trend-caption", Static).update(visible_text(caption))
        chart = self.query_one("#trend-chart", Static)
        if self.trend is None or not self.trend.points:
            chart.update(
                Text(
                    "Not enough data for this metric on this device and percentile yet — "
                    "press d or p to look at another one.",
                    style="bold",
                )
            )
            self.table.set_items([])
        else:
            chart.update(trend_chart(self.trend, max(self.size.width - 2, 40)))
            self.table.set_items(self.trend.points)
        self.refresh_status()

    def acts(self, action: str) -> bool:
        if action in ("export", "next_percentile", "next_device"):
            return self.report is not None
        return True

    def action_next_percentile(self) -> None:
        if self.report is not None:
            self.percentile = cycle(self.report.dimensions()[0], self.percentile)
            self._show_view()

    def action_next_device(self) -> None:
        if self.report is not None:
            self.device = cycle([d for d, _ in self.report.dimensions()[1]], self.device)
            self._show_view()

    def action_export(self) -> None:
        rows = trend_rows(self.trend) if self.trend else []
        stem = f"trend-{self.app_model.id}-{self.metric_name}-{self.percentile}-{self.device}"
        export_view(self, rows, stem)
