"""Numbers at the edges — NaN, ±inf, ±1e308, negative, missing — through every formatter,
chart and sparkline: a readable cell, never an exception (hypothesis), and the app-metrics
screen keeps its rows and its keys with values of ±1e308."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from asc_tui.api.client import AscClient
from asc_tui.api.metrics_report import Metric
from asc_tui.demo import FaultPlan
from asc_tui.demo.data.landmarks import BIG_APP_ID
from asc_tui.metrics.compare import Comparison
from asc_tui.metrics.numbers import metric_number, number
from asc_tui.metrics.trend import SPARKS, Trend, TrendPoint, bar, chart_rows, sparkline
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.formatting import margin_text, value_with_goal, weight_bar
from asc_tui.ui.metrics_text import (
    delta_text,
    margin,
    metric_value,
    percent_text,
    signed,
    trend_chart,
)
from asc_tui.ui.screens.app_metrics import AppMetricsScreen
from asc_tui.ui.widgets.app_metrics_table import app_metric_cells
from asc_tui.ui.widgets.item_table import ItemTable
from tests.support.metrics_documents import raw_datasets
from tests.support.ui import is_top, press, screen_text, select, settle, top

EDGES = [math.nan, math.inf, -math.inf, 1e308, -1e308, -5.0, 0.0, 5e-324, None]
numbers = st.one_of(st.none(), st.floats(), st.sampled_from(EDGES))
WORDS = ("nan", "inf")


def readable(text: str) -> bool:
    return not any(word in text.lower() for word in WORDS)


def test_the_edges_read_as_words_people_know() -> None:
    assert [number(v) for v in EDGES] == [
        "—", "∞", "-∞", "1.0e+308", "-1.0e+308", "-5", "0", "0.0", "—",
    ]  # fmt: skip
    assert sparkline([1e308, -1e308, 0.0, math.nan, None, math.inf]) == "█▁▅   "
    assert weight_bar(math.nan).plain.strip() == "0.0%"
    assert bar(math.inf, 10.0, 8) == "" and bar(5.0, math.nan, 8) == ""


@given(st.lists(numbers, max_size=12))
def test_sparkline_has_one_known_character_per_value(values: list[float | None]) -> None:
    line = sparkline(values)
    assert len(line) == len(values)
    for value, char in zip(values, line, strict=True):
        finite = value is not None and math.isfinite(value)
        assert char in SPARKS if finite else char == " "


@given(numbers, st.sampled_from(["good", "fair", "poor", None]))
def test_every_formatter_reads_any_value(value: float | None, goal: str | None) -> None:
    texts = [
        number(value),
        metric_number(value),
        signed(value, "%"),
        value_with_goal(value, goal).plain,
        metric_value(value, goal).plain,
        margin_text(value).plain,
        margin(value).plain,
    ]
    assert all(text and readable(text) for text in texts), texts
    if value is not None:
        assert weight_bar(value).cell_len == len("100.0% ") + 8


@given(numbers, numbers)
def test_deltas_and_percentages_of_any_two_values(base: float | None, other: float | None) -> None:
    row = Comparison("LAUNCH", "launchTime", "ms", base, other)
    for text in (delta_text(row).plain, percent_text(row).plain):
        assert text and readable(text), (base, other, text)


@given(st.lists(numbers, min_size=1, max_size=8), numbers, st.integers(0, 120))
def test_the_trend_chart_draws_any_values(
    values: list[float | None], goal: float | None, width: int
) -> None:
    points = tuple(TrendPoint(f"1.{n}", v, None, None) for n, v in enumerate(values))
    trend = Trend("LAUNCH", Metric("launchTime", "ms", "ms", (), ()), points, goal)
    rows = chart_rows(trend, max(width, 1))
    assert [version for version, _, _ in rows] == [p.version for p in points]
    assert all(len(bar_text) <= max(width, 1) for _, bar_text, _ in rows)
    assert readable(trend_chart(trend, width).plain.replace("no goal", ""))


async def test_app_metrics_with_huge_values_keep_their_rows_and_keys(
    store: Store, client: AscClient, faults: FaultPlan
) -> None:
    """±1e308 emptied this table, and ``d`` ended the app in ``sparkline``."""
    path = f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics"
    doc = await client.get_json(path)
    for n, (_, _, dataset) in enumerate(raw_datasets(doc)):
        for m, point in enumerate(dataset["points"]):
            point["value"] = (1e308, -1e308, -3.5)[(n + m) % 3]
    faults.fail_next(path, 200, body=json.dumps(doc).encode(), times=5)
    app = AscApp(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        select(top(app).query_one("#apps", ItemTable), BIG_APP_ID)
        await press(pilot, "M")
        screen = top(app)
        assert isinstance(screen, AppMetricsScreen)
        assert screen.table.item_count > 0
        assert screen.table.item_count == len(
            {(c, m["identifier"]) for c, m, _ in raw_datasets(doc)}
        )
        assert "1.0e+308" in screen_text(app)
        for _ in range(3):
            await press(pilot, "d")
            assert is_top(app, screen)
            assert screen.table.item_count > 0
            cells = [app_metric_cells(row) for row in screen.table.items]
            assert all(readable(cell.plain) for row in cells for cell in row)
        await pilot.press("q")
    assert app.return_value == 0
