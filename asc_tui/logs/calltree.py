"""A diagnostic log's call stacks as a flat, collapsible list of rows (no Textual here).

The frame forest is flattened once, iteratively, into parallel arrays in pre-order: each
node knows its parent, depth and where its subtree ends. The visible rows are a sorted
list of node indices, so collapsing a node deletes one contiguous slice and expanding it
inserts one; a log of 10,000 frames, thousands deep, never recurses and never re-walks
more than the subtree it touches.

Thread headers ("Thread 0", …) are nodes too, at depth 0, so they collapse like frames.
Chains (a frame with exactly one callee) do not indent: a plain backtrace reads as a flat
list, as in Xcode's Organizer, and only real branches of an aggregated tree step in.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..api.logs import DiagnosticLog, Frame
from .classify import app_binary_names, is_app_binary


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    """The header above one call stack."""

    label: str
    frame_count: int
    sample_count: int
    has_blame: bool


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


class CallTree:
    """The flattened call stacks of one log plus which rows are visible.

    ``stacks`` is a sequence of (header label, root frames). Everything starts expanded.
    """

    def __init__(
        self, stacks: Sequence[tuple[str, Sequence[Frame]]], *, app_binaries: Iterable[str] = ()
    ) -> None:
        self.app_binaries = frozenset(app_binaries)
        self._frames: list[Frame | None] = []
        self._threads: dict[int, ThreadInfo] = {}
        self._depth: list[int] = []
        self._indent: list[int] = []
        self._parent: list[int] = []
        collecting = gc.isenabled()
        gc.disable()  # a full collection would walk every frame of the log, more than once
        try:
            self._flatten(stacks)
        finally:
            if collecting:
                gc.enable()
        count = len(self._frames)
        self._end = self._subtree_ends()
        self._expanded = bytearray(b"\x01" * count)
        self._keep: bytearray | None = None
        self._haystack: list[str] | None = None
        self.blame_nodes: list[int] = [
            i for i, frame in enumerate(self._frames) if frame is not None and frame.is_blame
        ]
        own: dict[str, bool] = {}  # per binary name: a log has few, and frames many
        self._is_app = [
            frame is not None
            and (
                own[frame.binary]
                if frame.binary in own
                else own.setdefault(frame.binary, is_app_binary(frame.binary, self.app_binaries))
            )
            for frame in self._frames
        ]
        blame = iter(self.blame_nodes)
        next_blame = next(blame, count)
        for node, info in list(self._threads.items()):
            end = self._end[node]
            while next_blame < node:
                next_blame = next(blame, count)
            self._threads[node] = ThreadInfo(
                label=info.label,
                frame_count=end - node - 1,
                sample_count=info.sample_count,
                has_blame=next_blame < end,
            )
        self._visible: list[int] = self._walk(0, count)

    @classmethod
    def from_log(
        cls,
        log: DiagnosticLog,
        *,
        app_binaries: Iterable[str] | None = None,
        signature: str = "",
    ) -> CallTree:
        """Build the tree for a log; app binaries are guessed from its metadata if not given."""
        names = (
            app_binaries if app_binaries is not None else app_binary_names(log.metadata, signature)
        )
        return cls(labelled_stacks(log), app_binaries=names)

    # -- building ------------------------------------------------------------------------

    def _flatten(self, stacks: Sequence[tuple[str, Sequence[Frame]]]) -> None:
        frames, depth, indent, parent = self._frames, self._depth, self._indent, self._parent
        for label, roots in stacks:
            header = len(frames)
            frames.append(None)
            depth.append(0)
            indent.append(0)
            parent.append(-1)
            self._threads[header] = ThreadInfo(
                label=label,
                frame_count=0,
                sample_count=sum(root.sample_count for root in roots),
                has_blame=False,
            )
            pending: list[tuple[Frame, int, int, int]] = [
                (root, 1, 1, header) for root in reversed(roots)
            ]
            while pending:
                frame, level, step, up = pending.pop()
                node = len(frames)
                frames.append(frame)
                depth.append(level)
                indent.append(step)
                parent.append(up)
                children = frame.children
                child_step = step + 1 if len(children) > 1 else step
                pending.extend((child, level + 1, child_step, node) for child in reversed(children))

    def _subtree_ends(self) -> list[int]:
        size = [1] * len(self._frames)
        for node in range(len(self._frames) - 1, -1, -1):
            up = self._parent[node]
            if up >= 0:
                size[up] += size[node]
        return [node + size[node] for node in range(len(size))]

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

    # -- reading -------------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        """All nodes, thread headers included."""
        return len(self._frames)

    @property
    def frame_count(self) -> int:
        return len(self._frames) - len(self._threads)

    @property
    def thread_count(self) -> int:
        return len(self._threads)

    def __len__(self) -> int:
        """The number of visible rows."""
        return len(self._visible)

    def node_at(self, position: int) -> int:
        return self._visible[position]

    def position_of(self, node: int) -> int | None:
        """Where a node is among the visible rows, or None if it is hidden."""
        index = bisect_left(self._visible, node)
        if index < len(self._visible) and self._visible[index] == node:
            return index
        return None

    @property
    def frames(self) -> list[Frame]:
        """Every frame (thread headers left out), in node order."""
        return [frame for frame in self._frames if frame is not None]

    @property
    def thread_nodes(self) -> list[int]:
        """The header node of every thread (call stack), in order."""
        return sorted(self._threads)

    def subtree_end(self, node: int) -> int:
        """The node after ``node``'s subtree (pre-order)."""
        return self._end[node]

    def search_strings(self) -> list[str]:
        """Per node, its symbol, binary and file in lower case (built once, then shared)."""
        if self._haystack is None:
            self._haystack = [
                f"{f.symbol}\n{f.binary}\n{f.location}".lower() if f else "" for f in self._frames
            ]
        return self._haystack

    def has_children(self, node: int) -> bool:
        return self._end[node] > node + 1

    def is_expanded(self, node: int) -> bool:
        return bool(self._expanded[node])

    def indent(self, node: int) -> int:
        return self._indent[node]

    def parent(self, node: int) -> int:
        return self._parent[node]

    def frame(self, node: int) -> Frame | None:
        return self._frames[node]

    def row(self, position: int) -> Row:
        node = self._visible[position]
        frame = self._frames[node]
        return Row(
            node=node,
            depth=self._depth[node],
            indent=self._indent[node],
            has_children=self.has_children(node),
            expanded=bool(self._expanded[node]),
            frame=frame,
            thread=self._threads.get(node),
            is_blame=frame is not None and frame.is_blame,
            is_app=self._is_app[node],
        )

    def rows(self) -> list[Row]:
        return [self.row(position) for position in range(len(self._visible))]

    # -- expanding and collapsing --------------------------------------------------------

    def expand(self, position: int) -> bool:
        """Expand the row; True if anything changed."""
        node = self._visible[position]
        if self._expanded[node] or not self.has_children(node):
            return False
        self._expanded[node] = 1
        self._visible[position + 1 : position + 1] = self._walk(node + 1, self._end[node])
        return True

    def collapse(self, position: int) -> bool:
        """Collapse the row; True if anything changed."""
        node = self._visible[position]
        if not self._expanded[node] or not self.has_children(node):
            return False
        self._expanded[node] = 0
        stop = bisect_left(self._visible, self._end[node], lo=position + 1)
        del self._visible[position + 1 : stop]
        return True

    def toggle(self, position: int) -> bool:
        node = self._visible[position]
        if self._expanded[node]:
            return self.collapse(position)
        return self.expand(position)

    def expand_all(self) -> None:
        self._expanded = bytearray(b"\x01" * len(self._frames))
        self._visible = self._walk(0, len(self._frames))

    def collapse_all(self) -> None:
        """Collapse everything down to the thread headers."""
        self._expanded = bytearray(len(self._frames))
        self._visible = self._walk(0, len(self._frames))

    def show_only(self, nodes: Iterable[int]) -> None:
        """Collapse everything, then open just enough to show ``nodes`` (their ancestors)."""
        expanded = bytearray(len(self._frames))
        parent = self._parent
        for node in nodes:
            up = parent[node]
            while up >= 0 and not expanded[up]:
                expanded[up] = 1
                up = parent[up]
        self._expanded = expanded
        self._visible = self._walk(0, len(self._frames))

    def parent_position(self, position: int) -> int | None:
        up = self._parent[self._visible[position]]
        return None if up < 0 else self.position_of(up)

    def reveal(self, node: int) -> int | None:
        """Expand every ancestor of ``node`` and return its row (None if filtered out)."""
        if self._keep is not None and not self._keep[node]:
            return None
        changed = False
        up = self._parent[node]
        while up >= 0:
            if not self._expanded[up]:
                self._expanded[up] = 1
                changed = True
            up = self._parent[up]
        if changed:
            self._visible = self._walk(0, len(self._frames))
        return self.position_of(node)

    # -- blame ---------------------------------------------------------------------------

    def next_blame(self, after_position: int = -1) -> int | None:
        """The row of the first blame frame after ``after_position``, wrapping around;
        collapsed ancestors are expanded. None if the log has no (unfiltered) blame frame."""
        if not self.blame_nodes:
            return None
        current = self._visible[after_position] if 0 <= after_position < len(self) else -1
        start = bisect_left(self.blame_nodes, current + 1)
        ordered = self.blame_nodes[start:] + self.blame_nodes[:start]
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
            self._keep = None
            self._visible = self._walk(0, len(self._frames))
            return 0
        haystack = self.search_strings()
        keep = bytearray(len(self._frames))
        matches = 0
        for node, hay in enumerate(haystack):
            if needle in hay:
                keep[node] = 1
                matches += 1
        for node in range(len(self._frames) - 1, -1, -1):
            up = self._parent[node]
            if keep[node] and up >= 0:
                keep[up] = 1
                self._expanded[up] = 1
        self._keep = keep
        self._visible = self._walk(0, len(self._frames))
        return matches


def labelled_stacks(log: DiagnosticLog) -> list[tuple[str, Sequence[Frame]]]:
    """(header label, root frames) for every call stack of a log, in order.

    Stacks of a per-thread tree are "Thread n"; aggregated ones are "Call stack n"."""
    out: list[tuple[str, Sequence[Frame]]] = []
    for tree in log.trees:
        kind = "Thread" if tree.per_thread else "Call stack"
        out.extend((f"{kind} {len(out)}", stack.roots) for stack in tree.call_stacks)
    return out
