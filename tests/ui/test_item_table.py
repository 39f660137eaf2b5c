"""An ItemTable's columns widen to their cells even when a line was drawn before Textual
measured the new rows (it measures on idle; a frame drawn in between used to stay, its
cells cut to the header's width, for as long as nothing else changed)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from asc_tui.ui.formatting import plain
from asc_tui.ui.widgets.item_table import ItemTable

LONG = "NoteEditor.apply(_:) + 1432"


class OneTable(App[None]):
    CSS = "ItemTable { height: 1fr; }"  # as on every screen: rows don't change its size

    def compose(self) -> ComposeResult:
        yield ItemTable(("Id", "Frame"), lambda s: (plain(s), plain(LONG)), lambda s: s)


async def test_a_line_drawn_before_the_rows_are_measured_is_drawn_again_after() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(ItemTable)
        await pilot.pause()
        table.set_items(["a", "b"])
        early = table.render_line(1).text  # a frame drawn before Textual's idle pass
        assert LONG not in early  # cut to the header's width: "Frame"
        await pilot.pause()
        assert LONG in table.render_line(1).text
