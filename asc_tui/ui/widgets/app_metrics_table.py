"""An app's metrics across its versions: sparkline, latest value, change from the previous."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType

from ...metrics.trend import AppMetricRow, sparkline
from ..formatting import plain
from ..keymap import bindings
from ..metrics_text import (
    delta_text,
    metric_value,
    percent_text,
)
from .item_table import ItemTable

COLUMNS = ("Metric", "Unit", "Versions", "Latest", "Δ prev", "Δ %", "Category")


def app_metric_cells(row: AppMetricRow) -> tuple[Text, ...]:
    versions = f"{row.versions[0]}→{row.versions[-1]} " if row.versions else ""
    spark = plain(versions, "dim")
    spark.append(sparkline(list(row.values)), style="cyan")
    return (
        plain(row.line.metric.identifier),
        plain(row.line.metric.unit, "dim"),
        spark,
        metric_value(row.line.value, row.line.goal),
        delta_text(row.change),
        percent_text(row.change),
        plain(row.line.category, "dim"),
    )


class AppMetricsTable(ItemTable[AppMetricRow]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("metrics_table")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, app_metric_cells, lambda row: row.key, id=id)
