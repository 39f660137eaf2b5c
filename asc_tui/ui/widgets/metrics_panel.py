"""A build's metrics: the device caption, the table (or "not enough data"), the insights."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...api.metrics_report import MetricsInsight, MetricsReport
from ...metrics.view import MetricLine, MetricSelection, metric_view
from ..formatting import GOAL_LEGEND, cut_lines, visible_text
from ..metrics_text import selection_caption
from .metrics_table import MetricsTable

NOT_ENOUGH_DATA = (
    "Not enough data for this build yet — Apple needs more usage from customers running "
    "this build before it reports power and performance metrics. Check again in a few days."
)


def insight_lines(report: MetricsReport, limit: int = 4) -> Text:
    """One line per regression / trending-up insight; past ``limit`` lines, a count."""
    lines: list[Text] = []
    groups: list[tuple[str, str, tuple[MetricsInsight, ...]]] = [
        ("▲ regression", "bold red", report.regressions),
        ("↗ trending up", "yellow", report.trending_up),
    ]
    for label, style, insights in groups:
        for insight in insights:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{label}  ", style=style)
            line.append(f"{insight.metric_category} {insight.metric}".strip(), style="bold")
            summary = insight.summary or next((p.summary for p in insight.populations), "")
            if summary:
                line.append(f": {summary}")
            lines.append(visible_text(line))
    what = "more insights" if limit > 1 else "insights"
    lines = cut_lines(lines, limit, lambda n: f"… {n} {what} (i shows all)")
    return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)


class MetricsPanel(Vertical):
    """Shows one ``MetricsReport`` for one percentile (``p`` cycles) and device (``d``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: MetricsReport | None = None
        self.version: str | None = None
        self.selection = MetricSelection()

    def compose(self) -> ComposeResult:
        yield Static("", id="metrics-caption")
        yield MetricsTable(id="metrics-table")
        yield Static(Text(NOT_ENOUGH_DATA), id="metrics-empty")
        yield Static("", id="metrics-insights")

    def on_mount(self) -> None:
        self.query_one("#metrics-empty").display = False
        self.query_one("#metrics-insights").display = False

    @property
    def table(self) -> MetricsTable:
        return self.query_one(MetricsTable)

    @property
    def percentile(self) -> str | None:
        return self.selection.percentile

    @property
    def device(self) -> str | None:
        return self.selection.device

    @property
    def lines(self) -> list[MetricLine]:
        """What the table shows (before the `/` filter)."""
        return self.table.items

    def show(self, report: MetricsReport, version: str | None) -> None:
        self.report = report
        self.version = version
        self.selection.use(report)
        self._render_report()

    @property
    def insight_limit(self) -> int:
        """Fewer insight lines when the pane is short, so metrics stay visible."""
        height = self.size.height
        if not height or height >= 14:
            return 4
        return 2 if height >= 10 else 1

    def on_resize(self) -> None:
        self._render_insights()

    def cycle_device(self) -> None:
        self.selection.next_device()
        self._render_report()

    def cycle_percentile(self) -> None:
        self.selection.next_percentile()
        self._render_report()

    def _render_report(self) -> None:
        report = self.report
        if report is None:
            return
        empty = report.is_empty
        self.table.display = not empty
        self.query_one("#metrics-empty").display = empty
        lines = metric_view(report, self.percentile, self.device, self.version)
        self.table.set_items([] if empty else lines)
        caption = Text(no_wrap=True, overflow="ellipsis")
        if not empty:
            caption = selection_caption(self.selection)
            if self.version:
                caption.append(f"  version {self.version}", style="dim")
            caption.append(f"   {GOAL_LEGEND}", style="dim")
        self.query_one("#metrics-caption", Static).update(visible_text(caption))
        self._render_insights()

    def _render_insights(self) -> None:
        if self.report is None:
            return
        insights = insight_lines(self.report, self.insight_limit)
        widget = self.query_one("#metrics-insights", Static)
        widget.update(insights)
        widget.display = bool(insights)
