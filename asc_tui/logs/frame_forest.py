"""A log's call stacks flattened into parallel arrays, lazily (no Textual here).

The frame forest is flattened once, iteratively, into parallel arrays in pre-order: each
node knows its parent, depth and where its subtree ends, so a log of 10,000 frames,
thousands deep, never recurses.

Flattening is lazy and resumable. A new forest only counts its frames (a tenth of the
cost of flattening them), so the first rows of a 100,000-frame log can be drawn at once:
``build`` flattens the next chunk (a viewer calls it between frames), reading a node
flattens up to that node, and anything that needs the whole forest (subtree ends, search
strings, blame) finishes the job first.

Thread headers ("Thread 0", …) are nodes too, at depth 0. Chains (a frame with exactly
one callee) do not indent: a plain backtrace reads as a flat list, as in Xcode's
Organizer, and only real branches of an aggregated tree step in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api.diagnostic_logs import DiagnosticLog, Frame, count_frames
from ..api.gcpause import paused_gc


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


class FrameForest:
    """The call stacks of one log, flattened on demand into node-indexed arrays.

    ``stacks`` is a sequence of (header label, root frames). ``partial``: the frames are
    those of a file's first part (the last ones without their callees, the others maybe
    without fields that follow their callees in the file), shown while the rest is read.
    """

    def __init__(
        self, stacks: Sequence[tuple[str, Sequence[Frame]]], *, partial: bool = False
    ) -> None:
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
        self._haystack: list[str] | None = None
        self._blame_nodes: list[int] | None = None

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

    def indent(self, node: int) -> int:
        self._build_through(node)
        return self._indent[node]

    def parent(self, node: int) -> int:
        self._build_through(node)
        return self._parent[node]

    def frame(self, node: int) -> Frame | None:
        self._build_through(node)
        return self._frames[node]


def labelled_stacks(log: DiagnosticLog) -> list[tuple[str, Sequence[Frame]]]:
    """(header label, root frames) for every call stack of a log, in order.

    Stacks of a per-thread tree are "Thread n"; aggregated ones are "Call stack n"."""
    out: list[tuple[str, Sequence[Frame]]] = []
    for tree in log.trees:
        kind = "Thread" if tree.per_thread else "Call stack"
        out.extend((f"{kind} {len(out)}", stack.roots) for stack in tree.call_stacks)
    return out
