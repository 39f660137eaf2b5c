"""A diagnostic log's call stacks as a flat, collapsible list of rows (no Textual here).

The frame forest is flattened once, iteratively, into parallel arrays in pre-order: each
node knows its parent, depth and where its subtree ends. The visible rows are a sorted
list of node indices, so collapsing a node deletes one contiguous slice and expanding it
inserts one; a log of 10,000 frames, thousands deep, never recurses and never re-walks
more than the subtree it touches.

Flattening is lazy and resumable. A new tree only counts its frames (a tenth of the cost
of flattening them), so the first rows of a 100,000-frame log can be drawn at once:
``build`` flattens the next chunk (a viewer calls it between frames), reading a row
flattens up to that row, and anything that needs the whole tree (collapsing, search,
filter, blame) finishes the job first. Until something is collapsed or filtered every
node is visible, so row ``i`` is node ``i`` and no list of visible rows is kept.

Thread headers ("Thread 0", …) are nodes too, at depth 0, so they collapse like frames.
Chains (a frame with exactly one callee) do not indent: a plain backtrace reads as a flat
list, as in Xcode's Organizer, and only real branches of an aggregated tree step in.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..api.diagnostic_logs import DiagnosticLog, Frame, count_frames
from ..api.gcpause import paused_gc
from .classify import app_binary_names, is_app_binary


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    """The header above one call stack."""

    label: str
    frame_count: int
    sample_count: int
    has_blame: bool
    counted: bool = True
    """False while the tree is built from the first part of a file (see ``partial``): the
    counts are of that part only."""


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
    ``partial``: the frames are those of a file's first part (the last ones without their
    callees, the others maybe without fields that follow their callees in the file), shown
    while the rest is read; the rows are the first rows of the whole tree.
    """

    def __init__(
        self,
        stacks: Sequence[tuple[str, Sequence[Frame]]],
        *,
        app_binaries: Iterable[str] = (),
        partial: bool = False,
    ) -> None:
        self.app_binaries = frozenset(app_binaries)
        self.partial = partial
        self._stacks = list(stacks)
        self._frames: list[Frame | None] = []
        self._depth: list[int] = []
        self._indent: list[int] = []
        self._parent: list[int] = []
        self._threads: dict[int, ThreadInfo] = {}
        self._headers: list[int] = []
        """The header node of each stack, in order."""
        header = 0
        self.blame_count = 0
        """Blame frames in the whole log (known before it is flattened)."""
        for label, roots in self._stacks:
            frames, blames = count_frames(roots)
            self._threads[header] = ThreadInfo(
                label=label,
                frame_count=frames,
                sample_count=sum(root.sample_count for root in roots),
                has_blame=blames > 0,
                counted=not partial,
            )
            self._headers.append(header)
            self.blame_count += blames
            header += frames + 1
        self._total = header
        self._pending: list[tuple[Frame, int, int, int]] = []
        self._next_stack = 0
        self._end: list[int] = []
        self._complete = not self._total
        self._expanded = bytearray(b"\x01" * self._total)
        self._keep: bytearray | None = None
        self._haystack: list[str] | None = None
        self._blame_nodes: list[int] | None = None
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

    # -- building ------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """True once every node is flattened."""
        return self._complete

    @property
    def built(self) -> int:
        """How many nodes are flattened so far (in node order)."""
        return len(self._frames)

    def build(self, limit: int) -> bool:
        """Flatten up to ``limit`` more nodes; True once the whole tree is flattened."""
        if self._complete:
            return True
        with paused_gc():  # a collection would walk every frame of the log: see gcpause
            self._flatten(limit)
        if len(self._frames) >= self._total:
            self._finish()
        return self._complete

    def build_all(self) -> None:
        self.build(self._total)

    def _build_through(self, node: int) -> None:
        if node >= len(self._frames):
            self.build(node + 1 - len(self._frames))

    def _flatten(self, limit: int) -> None:
        frames, depth, indent, parent = self._frames, self._depth, self._indent, self._parent
        pending = self._pending
        node = len(frames)
        stop = min(node + limit, self._total)
        while node < stop:
            if not pending:  # the next thread: its header, then its frames
                _label, roots = self._stacks[self._next_stack]
                self._next_stack += 1
                frames.append(None)
                depth.append(0)
                indent.append(0)
                parent.append(-1)
                pending.extend((root, 1, 1, node) for root in reversed(roots))
                node += 1
                continue
            while pending and node < stop:
                frame, level, step, up = pending.pop()
                frames.append(frame)
                depth.append(level)
                indent.append(step)
                parent.append(up)
                children = frame.children
                if children:
                    if len(children) > 1:
                        step += 1
                    level += 1
                    pending.extend((child, level, step, node) for child in reversed(children))
                node += 1

    def _finish(self) -> None:
        size = [1] * len(self._frames)
        parent = self._parent
        for node in range(len(size) - 1, -1, -1):
            up = parent[node]
            if up >= 0:
                size[up] += size[node]
        self._end = [node + size[node] for node in range(len(size))]
        self._pending = []
        self._complete = True

    def _ensure_complete(self) -> None:
        if not self._complete:
            self.build_all()

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

    # -- reading -------------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        """All nodes, thread headers included."""
        return self._total

    @property
    def frame_count(self) -> int:
        return self._total - len(self._threads)

    @property
    def thread_count(self) -> int:
        return len(self._threads)

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

    @property
    def blame_nodes(self) -> list[int]:
        """Every blame frame's node, in order (flattens the whole tree)."""
        if self._blame_nodes is None:
            self._ensure_complete()
            self._blame_nodes = [
                i for i, frame in enumerate(self._frames) if frame is not None and frame.is_blame
            ]
        return self._blame_nodes

    @property
    def frames(self) -> list[Frame]:
        """Every frame (thread headers left out), in node order."""
        self._ensure_complete()
        return [frame for frame in self._frames if frame is not None]

    def built_frames(self, start: int = 0) -> list[Frame]:
        """The frames flattened so far from node ``start`` on (thread headers left out)."""
        return [frame for frame in self._frames[start:] if frame is not None]

    @property
    def thread_nodes(self) -> list[int]:
        """The header node of every thread (call stack), in order."""
        return list(self._headers)

    def subtree_end(self, node: int) -> int:
        """The node after ``node``'s subtree (pre-order)."""
        self._ensure_complete()
        return self._end[node]

    def search_strings(self) -> list[str]:
        """Per node, its symbol, binary and file in lower case (built once, then shared)."""
        if self._haystack is None:
            self._ensure_complete()
            self._haystack = [
                f"{f.symbol}\n{f.binary}\n{f.location}".lower() if f else "" for f in self._frames
            ]
        return self._haystack

    def has_children(self, node: int) -> bool:
        info = self._threads.get(node)
        if info is not None:
            return info.frame_count > 0
        frame = self.frame(node)
        return frame is not None and bool(frame.children)

    def is_expanded(self, node: int) -> bool:
        return bool(self._expanded[node])

    def indent(self, node: int) -> int:
        self._build_through(node)
        return self._indent[node]

    def parent(self, node: int) -> int:
        self._build_through(node)
        return self._parent[node]

    def frame(self, node: int) -> Frame | None:
        self._build_through(node)
        return self._frames[node]

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


def labelled_stacks(log: DiagnosticLog) -> list[tuple[str, Sequence[Frame]]]:
    """(header label, root frames) for every call stack of a log, in order.

    Stacks of a per-thread tree are "Thread n"; aggregated ones are "Call stack n"."""
    out: list[tuple[str, Sequence[Frame]]] = []
    for tree in log.trees:
        kind = "Thread" if tree.per_thread else "Call stack"
        out.extend((f"{kind} {len(out)}", stack.roots) for stack in tree.call_stacks)
    return out
