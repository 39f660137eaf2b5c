"""A DataTable of model objects that can be filtered live and grown a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ..keymap import bindings

T = TypeVar("T")


class ItemTable(DataTable[Text], Generic[T]):
    """Rows are items of type ``T``; ``cells`` renders one as ``Text`` cells, ``key`` names it.

    ``apply_filter`` keeps the rows whose cells contain the text (case-insensitive);
    ``add_items`` appends while keeping the filter and the cursor where they are.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("table")

    class Changed(Message):
        """The rows changed: items set or added, or the filter changed."""

    class Opened(Message):
        """Enter (or a click) on an item."""

        def __init__(self, table: ItemTable[Any], item: Any) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> ItemTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[str],
        cells: Callable[[T], Sequence[Text]],
        key: Callable[[T], str],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._cells = cells
        self._key = key
        self._items: dict[str, T] = {}
        self._rendered: dict[str, tuple[tuple[Text, ...], str]] = {}
        self.filter_text = ""
        self.add_columns(*(Text(c) for c in columns))  # as text: no markup (nor emoji) parsing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is shown only when there is a row to open."""
        if action == "select_cursor":
            return self.opens and bool(self.row_count)
        return True

    def why_not(self, action: str) -> str | None:
        """For `?` help: Enter is listed where rows open, though there is none now."""
        if action == "select_cursor":
            return "needs a row" if self.opens else None
        return ""

    opens: ClassVar[bool] = True
    """Whether Enter opens a row (False: the table only shows rows)."""

    # -- contents ------------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        return list(self._items.values())

    @property
    def item_count(self) -> int:
        return len(self._items)

    @property
    def selected_item(self) -> T | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return self._items.get(str(row_key.value))

    def set_items(self, items: Iterable[T]) -> None:
        """Replace every row, keeping the cursor on the same item if it is still there."""
        selected = self._selected_key()
        self._items.clear()
        self._rendered.clear()
        self._remember(items)
        self._repopulate(selected)
        self.post_message(self.Changed())

    def add_items(self, items: Iterable[T]) -> None:
        """Append items (e.g. the next page) without moving the cursor."""
        added = self._remember(items)
        self.add_rows_for(added)
        self.post_message(self.Changed())

    def apply_filter(self, text: str) -> None:
        if text == self.filter_text:
            return
        self.filter_text = text
        self._repopulate(self._selected_key())
        self.post_message(self.Changed())

    # -- internals -----------------------------------------------------------------------

    async def _on_idle(self, event: events.Idle) -> None:
        """Textual measures new rows when idle, but keeps lines it drew before that: a
        frame drawn in between (a loaded machine, a ticking status line) stayed with its
        cells cut to the header's width. Widths that changed redraw every line."""
        before = [column.content_width for column in self.columns.values()]
        await super()._on_idle(event)
        if before != [column.content_width for column in self.columns.values()]:
            self._clear_caches()
            self.refresh()

    def _remember(self, items: Iterable[T]) -> list[str]:
        added: list[str] = []
        for item in items:
            key = self._key(item)
            if key not in self._items:
                added.append(key)
            self._items[key] = item
            cells = tuple(self._cells(item))
            self._rendered[key] = (cells, "\n".join(c.plain for c in cells).lower())
        return added

    def _matches(self, key: str) -> bool:
        needle = self.filter_text.strip().lower()
        return not needle or needle in self._rendered[key][1]

    def add_rows_for(self, keys: Iterable[str]) -> None:
        for key in keys:
            if self._matches(key):
                self.add_row(*self._rendered[key][0], key=key)

    def _selected_key(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value)

    def _repopulate(self, selected: str | None) -> None:
        self.clear()
        self.add_rows_for(self._items)
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)
        elif self.row_count:
            self.move_cursor(row=0, animate=False)

    def item_for(self, row_key: RowKey) -> T | None:
        return self._items.get(str(row_key.value))

    @on(DataTable.RowSelected)
    def _opened(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.item_for(event.row_key)
        if item is not None:
            self.post_message(self.Opened(self, item))
