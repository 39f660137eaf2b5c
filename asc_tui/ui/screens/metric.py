"""One metric across the app's recent versions: a bar chart with the goal line, and a table.

Loaded from ``/v1/apps/{id}/perfPowerMetrics`` narrowed server-side to the metric's
category (``filter[metricType]``) when it is one the API knows."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...api.metrics_report import MetricsReport
from ...api.models import App
from ...metrics.export import trend_rows
from ...metrics.trend import Trend, trend
from ...metrics.view import KNOWN_CATEGORIES, MetricSelection
from ..formatting import GOAL_LEGEND, visible_text
from ..metrics_text import selection_caption, trend_chart
from ..widgets.trend_table import TrendTable
from .metrics_support import MetricsScreen, export_view
from .region import DataRegion


class MetricScreen(MetricsScreen):
    AUTO_FOCUS = "#trend-table"

    def __init__(
        self, app: App, key: str, *, percentile: str | None = None, device: str | None = None
    ) -> None:
        super().__init__(MetricSelection(percentile, device))
        self.app_model = app
        self.key = key
        self.category, _, rest = key.partition("/")
        self.metric_name = rest.partition("/")[0]
        self.report: MetricsReport | None = None
        self.trend: Trend | None = None
        DataRegion(self, "trend", "metrics", self.fetch_report, widget="#trend-table")

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Metrics", self.metric_name]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="trend-caption")
        yield Static("", id="trend-chart")
        yield TrendTable(id="trend-table")

    @property
    def table(self) -> TrendTable:
        return self.query_one(TrendTable)

    def region_summary(self, region: DataRegion) -> Text | None:
        if self.trend is None:
            return Text("metric not in this app's data")
        return Text(f"{len(self.trend.points)} versions")

    async def fetch_report(self, refresh: bool) -> int:
        narrowed = (self.category,) if self.category in KNOWN_CATEGORIES else ()
        store = await self.get_store()
        report = await store.app_metrics(self.app_model.id, metric_types=narrowed, refresh=refresh)
        self.report = report
        self.selection.use(report)
        self.show_view()
        return 1  # the chart says when there is not enough data

    def on_resize(self) -> None:
        self.show_view()

    def has_data(self) -> bool:
        return self.report is not None

    def show_view(self) -> None:
        report = self.report
        if report is None:
            return
        self.trend = trend(report, self.key, self.percentile, self.device)
        caption = Text(no_wrap=True, overflow="ellipsis")
        caption.append(f"{self.category} {self.metric_name}", style="bold")
        if self.trend is not None:
            caption.append(f" ({self.trend.metric.unit})", style="dim")
        caption.append("  ")
        caption.append_text(selection_caption(self.selection))
        caption_widget = self.query_one("#trend-caption", Static)
        room = caption_widget.content_size.width or self.size.width - 2
        legend = f"   {GOAL_LEGEND}"
        if caption.cell_len + len(legend) <= room:  # whole, or not at all (never "✓ good  ~")
            caption.append(legend, style="dim")
        caption_widget.update(visible_text(caption))
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

    def action_export(self) -> None:
        rows = trend_rows(self.trend) if self.trend else []
        stem = f"{self.app_model.name}-{self.metric_name}-trend-{self.percentile}-{self.device}"
        export_view(self, rows, stem)
