"""The metrics summary table: one row per metric for one device, at p50 and p90."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from ...api.metrics import Dataset, Metric, MetricPoint, MetricsReport, goal_for
from ..formatting import margin_text, plain, value_with_goal
from .item_table import ItemTable

P50 = "percentile.fifty"
P90 = "percentile.ninety"
PREFERRED_DEVICE = "all_iphones"
COLUMNS = ("Category", "Metric", "Unit", "p50", "p90", "± p50")


@dataclass(frozen=True, slots=True)
class MetricRow:
    category: str
    metric: Metric
    p50: MetricPoint | None
    p90: MetricPoint | None

    @property
    def key(self) -> str:
        return f"{self.category}/{self.metric.identifier}/{self.metric.unit_identifier}"

    def goal(self, point: MetricPoint | None) -> str | None:
        if point is None:
            return None
        return point.goal or goal_for(self.metric, point.value)


def pick_point(dataset: Dataset | None, version: str | None) -> MetricPoint | None:
    """The point for the build's app version, else the latest one listed."""
    if dataset is None or not dataset.points:
        return None
    if version:
        for point in dataset.points:
            if point.version == version:
                return point
    return dataset.points[-1]


def default_device(report: MetricsReport) -> str | None:
    _, devices = report.dimensions()
    ids = [device for device, _ in devices]
    if PREFERRED_DEVICE in ids:
        return PREFERRED_DEVICE
    return ids[0] if ids else None


def metric_rows(report: MetricsReport, device: str | None, version: str | None) -> list[MetricRow]:
    rows: list[MetricRow] = []
    for category, metric in report.metrics():
        rows.append(
            MetricRow(
                category=category,
                metric=metric,
                p50=pick_point(metric.dataset(P50, device or ""), version),
                p90=pick_point(metric.dataset(P90, device or ""), version),
            )
        )
    return rows


def metric_cells(row: MetricRow) -> tuple[Text, ...]:
    p50, p90 = row.p50, row.p90
    return (
        plain(row.category, "dim"),
        plain(row.metric.identifier),
        plain(row.metric.unit, "dim"),
        value_with_goal(p50.value if p50 else None, row.goal(p50)),
        value_with_goal(p90.value if p90 else None, row.goal(p90)),
        margin_text(p50.error_margin if p50 else None),
    )


class MetricsTable(ItemTable[MetricRow]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, metric_cells, lambda row: row.key, id=id)
