"""A flattened ``CallTree`` drawn line by line, with a cursor (the log viewer's keys act on it
in ``call_tree_view.py``).

Only the lines on screen are rendered (``render_line``), each from one ``Row`` of the
tree, and rendered strips are kept in an LRU cache keyed by node and state, as
Textualize/toolong does for multi-GB logs. Symbols are ``Text``, never markup. The
virtual width is measured from string lengths as the tree is flattened.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...api.diagnostic_logs import Frame
from ...logs.calltree import CallTree, Row
from .call_tree_row import BLAME_MARK, MAX_GUIDES, SAMPLES_WIDTH, guide_levels, row_text


class CallTreeLines(ScrollView):
    """The rows of ``call_tree`` on screen, the cursor among them, and their width."""

    class Moved(Message):
        """The cursor moved or the visible rows changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.call_tree: CallTree | None = None
        self.cursor = 0
        self._line_width = 0
        self._measured = 0
        """Nodes whose width ``_line_width`` covers."""
        self._cache: LRUCache[tuple[int, bool, bool, bool, int, int, bool], Strip] = LRUCache(2048)
        self.search_text = ""
        self._match_set: set[int] = set()
        """Nodes matching the search."""

    def _measure_new(self) -> None:
        """Widen the virtual width for the nodes flattened since the last call."""
        tree = self.call_tree
        if tree is None or tree.built <= self._measured:
            return
        widest = max(self._line_width, measure(tree.built_frames(self._measured)))
        self._measured = tree.built
        if widest != self._line_width:
            self._line_width = widest
            self.virtual_size = Size(widest, self.virtual_size.height)

    def _rows_changed(self) -> None:
        rows = len(self.call_tree) if self.call_tree else 0
        self.virtual_size = Size(self._line_width, rows)
        self.cursor = min(self.cursor, max(rows - 1, 0))
        self.refresh()
        self.post_message(self.Moved())

    @property
    def current_row(self) -> Row | None:
        if self.call_tree is None or not len(self.call_tree):
            return None
        return self.call_tree.row(self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- cursor ----------------------------------------------------------------------------

    def move_cursor(self, position: int, *, center: bool = False) -> None:
        rows = len(self.call_tree) if self.call_tree else 0
        old, self.cursor = self.cursor, min(max(position, 0), max(rows - 1, 0))
        self.refresh_line(old)
        self.refresh_line(self.cursor)
        self._scroll_to_cursor(center)
        self.post_message(self.Moved())

    def _scroll_to_cursor(self, center: bool) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(self.cursor - height // 2, 0), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(self.scrollable_content_region.height - 1, 1))

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.call_tree) - 1 if self.call_tree else 0)

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    # -- rendering -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        position = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self.call_tree is None or not 0 <= position < len(self.call_tree):
            note = self.empty_note() if position == 0 and self.call_tree is not None else ""
            if note:  # (cut by cells, not characters: a wide character takes two)
                return Strip([Segment(note, base + Style(dim=True))]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        row = self.call_tree.row(position)
        full_width = max(self._line_width, width)
        levels = guide_levels(width)
        is_cursor = position == self.cursor
        is_match = row.node in self._match_set
        key = (row.node, row.expanded, is_cursor, self.has_focus, full_width, levels, is_match)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, is_cursor, full_width, levels, is_match)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def empty_note(self) -> str:
        """Said on the first line when a log is open but no row is shown."""
        return ""

    def _render_row(
        self, row: Row, is_cursor: bool, width: int, levels: int, is_match: bool = False
    ) -> Strip:
        text = self.row_text(row, levels)
        if is_match and row.frame is not None and self.search_text.strip():
            text.highlight_words(
                [self.search_text.strip()],
                self.get_component_rich_style("calltree--match", partial=True),
                case_sensitive=False,
            )
        text.truncate(width)
        text.pad_right(width - text.cell_len)
        background = self.rich_style
        if row.is_blame:
            background += self.get_component_rich_style("calltree--blame")
        text.stylize_before(background)
        if is_cursor:
            # Like DataTable: one colour for the whole cursor row, dimmer without focus.
            name = "calltree--cursor" if self.has_focus else "calltree--cursor-blurred"
            text.stylize(self.get_component_rich_style(name))
        segments = list(text.render(self.app.console))
        return Strip([s for s in segments if s.text != "\n"] or [Segment("")], width)

    def row_text(self, row: Row, levels: int = MAX_GUIDES) -> Text:
        """One line: samples, guides, fold marker, symbol, blame mark, binary, offsets."""
        return row_text(row, lambda name: self.get_component_rich_style(name, partial=True), levels)


def measure(frames: list[Frame]) -> int:
    """An upper bound of the widest line, from string lengths alone (no rendering): the
    longest symbol plus the longest binary, and so on, one fast pass per field."""
    if not frames:
        return 0

    def longest(values: Iterable[str]) -> int:
        return max(map(len, values), default=0)

    widest = (
        longest(f.symbol for f in frames)
        + longest(f.binary for f in frames)
        + longest(f.offset_into_binary for f in frames)
        + longest(f.file_name for f in frames)
        + longest(f.line_number for f in frames)
        + longest(f.address for f in frames)
        + 2 * MAX_GUIDES
    )
    return widest + SAMPLES_WIDTH + len(BLAME_MARK) + 16
