"""A metric's values across app versions, and a text bar chart of them that fits 80 columns."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..api.metrics_report import Metric, MetricsReport
from .compare import Comparison
from .view import MetricLine, finite, goal_status, metric_view

BAR = "█"
EIGHTHS = " ▏▎▍▌▋▊▉"
GOAL_MARK = "┊"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    version: str
    value: float | None
    error_margin: float | None
    goal: str | None


@dataclass(frozen=True, slots=True)
class Trend:
    category: str
    metric: Metric
    points: tuple[TrendPoint, ...]
    goal_line: float | None
    """The recommended goal value, else the upper bound of the "good" goal band."""

    @property
    def key(self) -> str:
        return f"{self.category}/{self.metric.identifier}/{self.metric.unit_identifier}"


def good_bound(metric: Metric) -> float | None:
    for key in metric.goal_keys:
        if key.goal_key.lower() == "good":
            return finite(key.upper_bound)
    return None


def find_metric(report: MetricsReport, key: str) -> tuple[str, Metric] | None:
    for category, metric in report.metrics():
        if f"{category}/{metric.identifier}/{metric.unit_identifier}" == key:
            return category, metric
    return None


def trend(
    report: MetricsReport, key: str, percentile: str | None, device: str | None
) -> Trend | None:
    """The metric ``key`` (as ``MetricLine.key``) for one percentile and device; None if absent."""
    found = find_metric(report, key)
    if found is None:
        return None
    category, metric = found
    dataset = metric.dataset(percentile or "", device or "")
    points = tuple(
        TrendPoint(
            p.version or "—",
            finite(p.value),
            finite(p.error_margin),
            goal_status(metric, p, dataset),
        )
        for p in (dataset.points if dataset else ())
    )
    goal = finite(dataset.recommended_goal_value) if dataset else None
    return Trend(category, metric, points, goal if goal is not None else good_bound(metric))


def bar(value: float, scale: float, width: int) -> str:
    """A horizontal bar with eighth-block precision (``scale`` is the full-width value).
    Nothing for a value that is not a positive, finite number."""
    if not (math.isfinite(value) and math.isfinite(scale)) or scale <= 0 or value <= 0:
        return ""
    eighths = round(min(value / scale, 1.0) * width * 8)
    full, rest = divmod(eighths, 8)
    return BAR * full + (EIGHTHS[rest] if rest else "")


def chart_rows(trend: Trend, width: int = 40) -> list[tuple[str, str, int | None]]:
    """(version, bar, goal column) per point: bars scaled so the largest value or the goal
    line fills ``width``; the goal column is where the goal line crosses the row."""
    values = [v for p in trend.points if (v := finite(p.value)) is not None and v > 0]
    goal = finite(trend.goal_line)
    goal = goal if goal is not None and goal > 0 else None
    scale = max([*values, goal or 0.0], default=0.0)
    goal_col = None if goal is None or scale <= 0 else min(width - 1, round(goal / scale * width))
    rows = []
    for point in trend.points:
        text = bar(point.value, scale, width) if point.value is not None else ""
        rows.append((point.version, text, goal_col))
    return rows


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """One character per value, scaled between the smallest and largest; gaps (no value,
    NaN, ±inf) as a space. Halves keep ±1e308 from overflowing the span."""
    known = [v for v in values if v is not None and math.isfinite(v)]
    if not known:
        return " " * len(values) if values else ""
    low, high = min(known) / 2, max(known) / 2
    span = high - low
    out = []
    for value in values:
        if value is None or not math.isfinite(value):
            out.append(" ")
        elif span <= 0:
            out.append(SPARKS[3])
        else:
            out.append(SPARKS[min(7, max(0, round((value / 2 - low) / span * 7)))])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class AppMetricRow:
    """One metric of an app-level report: its values per version, and the latest change."""

    line: MetricLine
    versions: tuple[str, ...]
    values: tuple[float | None, ...]
    change: Comparison
    """The previous version (base) against the latest (other)."""

    @property
    def key(self) -> str:
        return self.line.key


def app_rows(
    report: MetricsReport, percentile: str | None, device: str | None
) -> list[AppMetricRow]:
    rows = []
    for line in metric_view(report, percentile, device, None):
        points = line.dataset.points if line.dataset else ()
        values = tuple(finite(p.value) for p in points)
        previous = values[-2] if len(values) > 1 else None
        change = Comparison(
            line.category, line.metric.identifier, line.metric.unit, previous, line.value
        )
        rows.append(AppMetricRow(line, tuple(p.version for p in points), values, change))
    return rows
