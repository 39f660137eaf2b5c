"""Metrics explorer values as ``Text``: goal bands, deltas, insights, the trend chart.
Colour always comes with a text marker, so every state reads in monochrome too."""

from __future__ import annotations

from rich.text import Text

from ..api.metrics_report import PERCENTILE_LABELS, MetricsInsight, MetricsReport
from ..metrics.compare import Comparison
from ..metrics.numbers import VERDICT_ARROWS, metric_number, number
from ..metrics.trend import GOAL_MARK, Trend, chart_rows
from ..metrics.view import MetricSelection
from ..safe_text import visible
from .formatting import goal_marker, goal_style, plain, visible_text

VERDICT_MARKS = {"worse": "▲ worse", "better": "▼ better", "same": "= same", "n/a": "—"}
VERDICT_STYLES = {"worse": "bold red", "better": "green", "same": "dim", "n/a": "dim"}


def metric_value(value: float | None, goal: str | None) -> Text:
    """A value coloured by its goal band, with a marker that reads in monochrome."""
    if value is None:
        return plain("—", "dim")
    text = plain(metric_number(value), goal_style(goal))
    marker = goal_marker(goal)
    if marker:
        text.append(f" {marker}")
    return text


def margin(value: float | None) -> Text:
    return plain("—" if value is None else f"±{metric_number(value)}", "dim")


def percentile_label(percentile: str | None) -> str:
    return PERCENTILE_LABELS.get(percentile or "", percentile or "—")


def goal_word(goal: str | None) -> Text:
    if not goal:
        return plain("—", "dim")
    return plain(f"{goal_marker(goal) or '?'} {goal}", goal_style(goal))


def signed(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{number(value, digits=2 if abs(value) < 10 else 1)}{suffix}"


def verdict_text(row: Comparison) -> Text:
    return plain(VERDICT_MARKS[row.verdict], VERDICT_STYLES[row.verdict])


def delta_text(row: Comparison) -> Text:
    return plain(signed(row.delta), VERDICT_STYLES[row.verdict])


def percent_text(row: Comparison) -> Text:
    """``▲ +7.9%``: the arrow says worse or better without colour."""
    arrow = VERDICT_ARROWS[row.verdict]
    text = signed(row.percent, "%")
    return plain(f"{arrow} {text}" if arrow else text, VERDICT_STYLES[row.verdict])


def populations(insight: MetricsInsight, names: dict[str, str] | None = None) -> str:
    parts = []
    for population in insight.populations:
        device = (names or {}).get(population.device, population.device) or "?"
        who = f"{device} {percentile_label(population.percentile)}"
        if population.delta_percentage is not None:
            who += f" {signed(population.delta_percentage, '%')}"
        parts.append(who)
    return "; ".join(parts)


def insight_block(report: MetricsReport) -> Text:
    """Every regression and trending-up insight: metric, versions, populations, summary."""
    lines: list[Text] = []
    names = dict(report.dimensions()[1])
    groups = (
        ("▲ REGRESSION", "bold red", report.regressions),
        ("↗ TRENDING UP", "yellow", report.trending_up),
    )
    for label, style, insights in groups:
        for insight in insights:
            head = Text(no_wrap=True, overflow="ellipsis")
            head.append(f"{label} ", style=style)
            if insight.high_impact:
                head.append("(high impact) ", style="bold")
            head.append(f"{insight.metric_category} {insight.metric}".strip(), style="bold")
            versions = ", ".join(insight.reference_versions)
            head.append(f"  {insight.latest_version or '?'} vs {versions or '—'}", style="dim")
            lines.append(visible_text(head))
            summary = insight.summary or next((p.summary for p in insight.populations), "")
            if summary:
                lines.append(Text(f"  {visible(summary)}"))
            pops = populations(insight, names)
            if pops:
                lines.append(Text(f"  populations: {visible(pops)}", style="dim"))
    if not lines:
        return Text("No regressions or trending-up metrics: nothing stands out.", style="dim")
    return Text("\n").join(lines)


def trend_chart(trend: Trend, width: int) -> Text:
    """One bar per version; the goal line as ┊ at its column. ``width`` is the whole line."""
    unit = trend.metric.unit
    label_width = max([len(p.version) for p in trend.points] + [3])
    values = [metric_number(p.value) for p in trend.points]
    value_width = max([len(v) for v in values] + [1])
    bar_width = max(10, width - label_width - value_width - 8)
    text = Text(no_wrap=True, overflow="ellipsis")
    for (version, bar, goal_col), point, value in zip(
        chart_rows(trend, bar_width), trend.points, values, strict=True
    ):
        text.append(version.rjust(label_width) + " │", style="dim")
        cells = list(bar.ljust(bar_width))
        style = goal_style(point.goal) or "cyan"
        if goal_col is not None:
            before, after = "".join(cells[:goal_col]), "".join(cells[goal_col + 1 :])
            text.append(before, style=style)
            text.append(GOAL_MARK if cells[goal_col] == " " else "╂", style="bold magenta")
            text.append(after, style=style)
        else:
            text.append("".join(cells), style=style)
        text.append(f" {value.rjust(value_width)}")
        marker = goal_marker(point.goal)
        text.append(f" {marker}" if marker else "  ")
        text.append("\n")
    if trend.goal_line is not None:
        text.append(
            f"{'':>{label_width}}  {GOAL_MARK} goal {number(trend.goal_line)} {unit}",
            style="magenta",
        )
    else:
        text.append(f"{'':>{label_width}}  no goal for this metric", style="dim")
    return visible_text(text, multiline=True)


def selection_caption(selection: MetricSelection) -> Text:
    """ "All iPhones 1/3 (d)  p50 (p)": the device and percentile shown, and the keys
    that switch them when there is more than one."""
    caption = Text(no_wrap=True, overflow="ellipsis")
    caption.append(selection.device_name, style="bold")  # callers make it visible_text
    index, count = selection.device_position
    if count > 1:
        caption.append(f" {index}/{count} (d)", style="dim")
    caption.append(f"  {percentile_label(selection.percentile)}", style="bold")
    if len(selection.percentiles) > 1:
        caption.append(" (p)", style="dim")
    return caption
