"""The metrics table: one row per metric for one percentile and device."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType

from ...metrics.numbers import number
from ...metrics.view import MetricLine
from ..formatting import plain
from ..keymap import bindings
from ..metrics_text import goal_word, margin, metric_value
from .item_table import ItemTable

COLUMNS = ("Category", "Metric", "Unit", "Value", "±", "Goal", "Target", "Breakdown")


def metric_cells(line: MetricLine) -> tuple[Text, ...]:
    target = line.recommended
    return (
        plain(line.category, "dim"),
        plain(line.metric.identifier),
        plain(line.metric.unit, "dim"),
        metric_value(line.value, line.goal),
        margin(line.error_margin),
        goal_word(line.goal),
        plain(f"≤{number(target)}" if target is not None else "—", "dim"),
        plain(line.breakdown or "—", "dim" if not line.breakdown else ""),
    )


class MetricsTable(ItemTable[MetricLine]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("metrics_table")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, metric_cells, lambda line: line.key, id=id)
