"""A diagnostic log's call stacks as a collapsible list of rows (no Textual here).

The frames are flattened lazily into a :class:`~asc_tui.logs.frame_forest.FrameForest`;
this adds which of its nodes are visible. The visible rows are a sorted list of node
indices, so collapsing a node deletes one contiguous slice and expanding it inserts one,
never re-walking more than the subtree it touches. Until something is collapsed or
filtered every node is visible, so row ``i`` is node ``i`` and no list of visible rows is
kept. Collapsing, search, filter and blame finish flattening first.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..api.diagnostic_logs import DiagnosticLog, Frame
from .classify import app_binary_names, is_app_binary
from .frame_forest import FrameForest, ThreadInfo, labelled_stacks


@dataclass(frozen=True, slots=True)
class Row:
    """One visible line: a thread header (``thread`` set) or a frame (``frame`` set)."""

    node: int
    depth: int
    """Depth in the tree: 0 for thread headers, 1 for root frames."""
    indent: int
    """Display indentation: grows only where the tree branches."""
    has_children: bool
    expanded: bool
    frame: Frame | None = None
    thread: ThreadInfo | None = None
    is_blame: bool = False
    is_app: bool = False


class CallTree(FrameForest):
    """The flattened call stacks of one log plus which rows are visible.

    ``stacks`` is a sequence of (header label, root frames). Everything starts expanded.
    ``partial``: the frames are those of a file's first part (see ``FrameForest``); the
    rows are the first rows of the whole tree.
    """

    def __init__(
        self,
        stacks: Sequence[tuple[str, Sequence[Frame]]],
        *,
        app_binaries: Iterable[str] = (),
        partial: bool = False,
    ) -> None:
        super().__init__(stacks, partial=partial)
        self.app_binaries = frozenset(app_binaries)
        self._expanded = bytearray(b"\x01" * self._total)
        self._keep: bytearray | None = None
        self._own: dict[str, bool] = {}
        """Per binary name, whether it is the app's: a log has few binaries, and frames many."""
        self._visible_rows: list[int] | None = None
        """The visible nodes in order; None while every node is (row i is node i)."""

    @classmethod
    def from_log(
        cls,
        log: DiagnosticLog,
        *,
        app_binaries: Iterable[str] | None = None,
        signature: str = "",
        partial: bool = False,
    ) -> CallTree:
        """Build the tree for a log; app binaries are guessed from its metadata if not given."""
        names = (
            app_binaries if app_binaries is not None else app_binary_names(log.metadata, signature)
        )
        return cls(labelled_stacks(log), app_binaries=names, partial=partial)

    # -- visible rows --------------------------------------------------------------------

    def _walk(self, start: int, stop: int) -> list[int]:
        """Visible nodes in ``[start, stop)``, honouring collapse state and the filter."""
        out: list[int] = []
        keep, expanded, end = self._keep, self._expanded, self._end
        node = start
        while node < stop:
            if keep is not None and not keep[node]:
                node = end[node]
                continue
            out.append(node)
            node = node + 1 if expanded[node] else end[node]
        return out

    @property
    def _visible(self) -> list[int]:
        """The visible nodes as a list, made (from the whole tree) on first need."""
        if self._visible_rows is None:
            self._ensure_complete()
            self._visible_rows = self._walk(0, self._total)
        return self._visible_rows

    def _set_visible(self, rows: list[int]) -> None:
        self._visible_rows = None if len(rows) == self._total else rows

    def __len__(self) -> int:
        """The number of visible rows."""
        return self._total if self._visible_rows is None else len(self._visible_rows)

    def node_at(self, position: int) -> int:
        if self._visible_rows is None:
            if not 0 <= position < self._total:
                raise IndexError(position)
            return position
        return self._visible_rows[position]

    def position_of(self, node: int) -> int | None:
        """Where a node is among the visible rows, or None if it is hidden."""
        if self._visible_rows is None:
            return node if 0 <= node < self._total else None
        visible = self._visible_rows
        index = bisect_left(visible, node)
        if index < len(visible) and visible[index] == node:
            return index
        return None

    def is_expanded(self, node: int) -> bool:
        return bool(self._expanded[node])

    def is_app(self, node: int) -> bool:
        frame = self.frame(node)
        if frame is None:
            return False
        own = self._own.get(frame.binary)
        if own is None:
            own = self._own[frame.binary] = is_app_binary(frame.binary, self.app_binaries)
        return own

    def row(self, position: int) -> Row:
        node = self.node_at(position)
        frame = self.frame(node)
        return Row(
            node=node,
            depth=self._depth[node],
            indent=self._indent[node],
            has_children=self.has_children(node),
            expanded=bool(self._expanded[node]),
            frame=frame,
            thread=self._threads.get(node),
            is_blame=frame is not None and frame.is_blame,
            is_app=self.is_app(node),
        )

    def rows(self) -> list[Row]:
        return [self.row(position) for position in range(len(self))]

    # -- expanding and collapsing --------------------------------------------------------

    def expand(self, position: int) -> bool:
        """Expand the row; True if anything changed."""
        node = self.node_at(position)
        if self._expanded[node] or not self.has_children(node):
            return False
        visible = self._visible
        self._expanded[node] = 1
        visible[position + 1 : position + 1] = self._walk(node + 1, self._end[node])
        self._set_visible(visible)
        return True

    def collapse(self, position: int) -> bool:
        """Collapse the row; True if anything changed."""
        node = self.node_at(position)
        if not self._expanded[node] or not self.has_children(node):
            return False
        visible = self._visible
        self._expanded[node] = 0
        stop = bisect_left(visible, self._end[node], lo=position + 1)
        del visible[position + 1 : stop]
        self._set_visible(visible)
        return True

    def toggle(self, position: int) -> bool:
        node = self.node_at(position)
        if self._expanded[node]:
            return self.collapse(position)
        return self.expand(position)

    def _relist(self) -> None:
        self._ensure_complete()
        self._set_visible(self._walk(0, self._total))

    def expand_all(self) -> None:
        self._expanded = bytearray(b"\x01" * self._total)
        self._relist()

    def collapse_all(self) -> None:
        """Collapse everything down to the thread headers."""
        self._expanded = bytearray(self._total)
        self._relist()

    def show_only(self, nodes: Iterable[int]) -> None:
        """Collapse everything, then open just enough to show ``nodes`` (their ancestors)."""
        self._ensure_complete()
        expanded = bytearray(self._total)
        parent = self._parent
        for node in nodes:
            up = parent[node]
            while up >= 0 and not expanded[up]:
                expanded[up] = 1
                up = parent[up]
        self._expanded = expanded
        self._relist()

    def parent_position(self, position: int) -> int | None:
        up = self.parent(self.node_at(position))
        return None if up < 0 else self.position_of(up)

    def reveal(self, node: int) -> int | None:
        """Expand every ancestor of ``node`` and return its row (None if filtered out)."""
        if self._keep is not None and not self._keep[node]:
            return None
        changed = False
        up = self.parent(node)
        while up >= 0:
            if not self._expanded[up]:
                self._expanded[up] = 1
                changed = True
            up = self._parent[up]
        if changed:
            self._relist()
        return self.position_of(node)

    # -- blame ---------------------------------------------------------------------------

    def next_blame(self, after_position: int = -1) -> int | None:
        """The row of the first blame frame after ``after_position``, wrapping around;
        collapsed ancestors are expanded. None if the log has no (unfiltered) blame frame."""
        if not self.blame_count:
            return None
        blame_nodes = self.blame_nodes
        current = self.node_at(after_position) if 0 <= after_position < len(self) else -1
        start = bisect_left(blame_nodes, current + 1)
        ordered = blame_nodes[start:] + blame_nodes[:start]
        for node in ordered:
            position = self.reveal(node)
            if position is not None:
                return position
        return None

    # -- filtering -----------------------------------------------------------------------

    @property
    def filter_active(self) -> bool:
        return self._keep is not None

    def set_filter(self, text: str) -> int:
        """Show only frames whose symbol, binary or file contains ``text`` (any case), plus
        their ancestors, which are expanded. Empty text shows everything again. Returns
        the number of matching frames."""
        needle = text.strip().lower()
        if not needle:
            if self._keep is not None:
                self._keep = None
                self._relist()
            return 0
        haystack = self.search_strings()
        keep = bytearray(self._total)
        matches = 0
        for node, hay in enumerate(haystack):
            if needle in hay:
                keep[node] = 1
                matches += 1
        for node in range(self._total - 1, -1, -1):
            up = self._parent[node]
            if keep[node] and up >= 0:
                keep[up] = 1
                self._expanded[up] = 1
        self._keep = keep
        self._set_visible(self._walk(0, self._total))
        return matches
