"""Two builds' metrics side by side: value in each, Δ, Δ %, better or worse."""

from __future__ import annotations

from rich.text import Text

from ...metrics.compare import Comparison
from ..formatting import plain
from ..metrics_text import (
    delta_text,
    metric_value,
    percent_text,
    verdict_text,
)
from .item_table import ItemTable

COLUMNS = ("Metric", "Unit", "Marked", "This", "Δ", "Δ %", "", "Category")


def comparison_cells(row: Comparison) -> tuple[Text, ...]:
    return (
        plain(row.metric),
        plain(row.unit, "dim"),
        metric_value(row.base, row.base_goal),
        metric_value(row.other, row.other_goal),
        delta_text(row),
        percent_text(row),
        verdict_text(row),
        plain(row.category, "dim"),
    )


class CompareTable(ItemTable[Comparison]):
    opens = False  # a comparison row has nothing behind it to open

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, comparison_cells, lambda row: row.key, id=id)
