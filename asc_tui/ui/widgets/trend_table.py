"""One metric's value per app version, with its error margin and goal."""

from __future__ import annotations

from rich.text import Text

from ...metrics.trend import TrendPoint
from ..formatting import plain
from ..metrics_text import goal_word, margin, metric_value
from .item_table import ItemTable

COLUMNS = ("Version", "Value", "±", "Goal")


def point_cells(point: TrendPoint) -> tuple[Text, ...]:
    return (
        plain(point.version, "bold"),
        metric_value(point.value, point.goal),
        margin(point.error_margin),
        goal_word(point.goal),
    )


class TrendTable(ItemTable[TrendPoint]):
    opens = False  # a version's point has nothing behind it to open

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, point_cells, lambda point: point.version, id=id)
