"""The status line: what gives way, and in what order, when the line is narrow."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from asc_tui.ui.widgets.status_line import StatusLine, short_budget

LEFT = "log 1/1 · 94 frames · row 1/102 · 1 blame"  # 41 cells
SOURCE = "demo server (no Apple account)"
BUDGET = "API 3592/3600 left this hour"


class StatusApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


async def line_at(width: int) -> str:
    app = StatusApp()
    async with app.run_test(size=(width, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.left, status.badge = Text(LEFT), Text(" DEMO ")
        status.source, status.budget = Text(SOURCE), Text(BUDGET, style="bold red")
        await pilot.pause()
        line = status.render()
        assert line.cell_len == width
        return line.plain


def test_short_budget_keeps_the_numbers_and_the_style() -> None:
    short = short_budget(Text(BUDGET, style="bold red"))
    assert short.plain == "API 3592/3600" and short.style == "bold red"
    assert short_budget(Text("API 12")).plain == "API 12"


async def test_everything_fits_when_wide() -> None:
    line = await line_at(120)
    assert line.startswith(LEFT) and line.rstrip().endswith(f"DEMO  {SOURCE}  {BUDGET}")


async def test_the_source_is_shortened_first_then_the_budget() -> None:
    line = await line_at(100)  # the source is cut
    assert line.startswith(LEFT) and BUDGET in line and "demo serv" in line
    assert SOURCE not in line
    line = await line_at(80)  # no source; the whole budget still fits
    assert line.startswith(LEFT) and line.rstrip().endswith(f"DEMO  {BUDGET}")
    line = await line_at(66)  # the budget keeps its numbers
    assert line.startswith(LEFT) and line.rstrip().endswith("DEMO  API 3592/3600")


async def test_a_narrow_line_keeps_the_screens_own_part() -> None:
    line = await line_at(50)  # the budget goes before the screen's counts are cut
    assert line.startswith(LEFT) and "API" not in line and "DEMO" in line
    line = await line_at(30)  # too narrow for all of it: cut with an ellipsis
    assert line.startswith(LEFT[:15]) and "…" in line and "API" not in line
