"""The table view of a downloaded analytics report: a line-API ``ScrollView`` over a
``TsvTable``. Only the lines on screen are decoded and rendered (``render_line``), so a
file of hundreds of thousands of rows opens at once and scrolls smoothly; the header
stays on the first line. Cells are plain strings cut to column widths that fit the data,
numbers right-aligned; nothing is read as markup or terminal control.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...analytics.tsv import TsvTable
from ...safe_text import visible
from ..keymap import bindings

GAP = 2
NUMERIC_SAMPLE = 200


MAX_HEADER = 42
"""Widest a column grows for its header name and sort mark."""


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells, control characters shown (``visible``): cut
    with … when too long, padded otherwise."""
    text = visible(text)
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    pad = " " * (width - length)
    return pad + text if right else text + pad


class TsvView(ScrollView, can_focus=True):
    """Keys: ↑/↓ j/k rows, ←/→ h/l choose a column, PgUp/PgDn, Home/End (g/G)."""

    DEFAULT_CSS = """
    TsvView {
        height: 1fr;
    }

    TsvView > .tsv--header {
        text-style: bold;
        background: $panel;
    }

    TsvView > .tsv--header-selected {
        text-style: bold reverse;
    }

    TsvView > .tsv--zebra {
        background: $boost;
    }

    TsvView > .tsv--cursor {
        background: $block-cursor-blurred-background;
    }

    TsvView > .tsv--cursor-cell {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tsv--header",
        "tsv--header-selected",
        "tsv--cursor",
        "tsv--cursor-cell",
        "tsv--zebra",
    }

    BINDINGS: ClassVar[list[BindingType]] = bindings("tsv_view")

    class FilterChanged(Message):
        """The `/` filter text changed; the screen filters the table in a worker."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Moved(Message):
        """The cursor or the selected column moved."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table: TsvTable | None = None
        self.cursor = 0
        self.column = 0
        self.filter_text = ""
        self.widths: list[int] = []
        self.numeric: list[bool] = []
        self._offsets: list[int] = []

    # -- content ---------------------------------------------------------------------

    def set_table(self, table: TsvTable) -> None:
        self.table = table
        # room after each header name for the sort mark (" ↑"), so sorting shifts nothing
        self.widths = [
            max(width, min(cell_len(visible(name)) + 2, MAX_HEADER))
            for width, name in zip(table.column_widths(), table.header, strict=False)
        ]
        self.numeric = [table.is_numeric(c, sample=NUMERIC_SAMPLE) for c in range(len(self.widths))]
        self._offsets = []
        x = 0
        for width in self.widths:
            self._offsets.append(x)
            x += width + GAP
        self.rows_changed()

    @property
    def row_count(self) -> int:
        return len(self.table) if self.table is not None else 0

    def rows_changed(self) -> None:
        """The number or order of rows changed (indexing, sort, filter)."""
        line_width = sum(self.widths) + GAP * max(len(self.widths) - 1, 0)
        self.virtual_size = Size(line_width, self.row_count + 1)
        self.cursor = min(self.cursor, max(self.row_count - 1, 0))
        self.refresh()
        self.post_message(self.Moved())

    def apply_filter(self, text: str) -> None:
        if text != self.filter_text:
            self.filter_text = text
            self.post_message(self.FilterChanged(text))

    @property
    def current_row(self) -> tuple[str, ...] | None:
        if self.table is None or not self.row_count:
            return None
        rows = self.table.rows(self.cursor, self.cursor + 1)
        return rows[0] if rows else None

    # -- rendering -------------------------------------------------------------------

    def _cells(self, cells: tuple[str, ...], styles: list[Style], selected: Style | None) -> Strip:
        segments: list[Segment] = []
        gap = Segment(" " * GAP, styles[0])
        for n, width in enumerate(self.widths):
            if n:
                segments.append(gap)
            value = cells[n] if n < len(cells) else ""
            style = selected if selected is not None and n == self.column else styles[0]
            segments.append(Segment(fit(value, width, right=self.numeric[n]), style))
        return Strip(segments)

    def header_cells(self) -> tuple[str, ...]:
        """The header, the sorted column marked ↑ (ascending) or ↓ (descending) after its
        name, which is cut to leave room for the mark."""
        table = self.table
        if table is None:
            return ()
        header = table.header
        column = table.sort_column
        if column is None or column >= min(len(header), len(self.widths)):
            return header
        mark = "↓" if table.sort_descending else "↑"
        name = fit(header[column], max(self.widths[column] - 2, 1)).rstrip()
        return (*header[:column], f"{name} {mark}", *header[column + 1 :])

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        table = self.table
        if table is None or not self.widths:
            return Strip.blank(width, base)
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            header = base + self.get_component_rich_style("tsv--header")
            chosen = base + self.get_component_rich_style("tsv--header-selected")
            strip = self._cells(self.header_cells(), [header], chosen)
            style = header
        else:
            index = scroll_y + y - 1
            rows = table.rows(index, index + 1) if index < self.row_count else []
            if not rows:
                return Strip.blank(width, base)
            style = base
            if index % 2:
                style += self.get_component_rich_style("tsv--zebra")
            cell_style: Style | None = None
            if index == self.cursor:
                style += self.get_component_rich_style("tsv--cursor")
                if self.has_focus:
                    cell_style = style + self.get_component_rich_style("tsv--cursor-cell")
            strip = self._cells(rows[0], [style], cell_style)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, style)

    # -- cursor ----------------------------------------------------------------------

    @property
    def page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def move_cursor(self, row: int) -> None:
        old, self.cursor = self.cursor, min(max(row, 0), max(self.row_count - 1, 0))
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
            self.refresh()
        elif self.cursor >= top + self.page:
            self.scroll_to(y=self.cursor - self.page + 1, animate=False, immediate=True)
            self.refresh()
        else:  # only the two rows that changed (virtual line 0 is the header)
            self.refresh_line(old + 1)
            self.refresh_line(self.cursor + 1)
        self.post_message(self.Moved())

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self.page)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self.page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_column(self, step: int) -> None:
        if not self.widths:
            return
        self.column = min(max(self.column + step, 0), len(self.widths) - 1)
        left, width = self._offsets[self.column], self.widths[self.column]
        view = self.scrollable_content_region.width
        if left < self.scroll_x:
            self.scroll_to(x=left, animate=False, immediate=True)
        elif left + width > self.scroll_x + view:
            self.scroll_to(x=left + width - view, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Moved())
