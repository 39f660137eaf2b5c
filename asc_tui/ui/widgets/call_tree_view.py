"""The call-stack viewer: the keys of the log viewer's call tree (folding, blame, search,
heaviest path, copy) on a tree drawn line by line (``call_tree_lines.py``).

A new tree is drawn before it is flattened: the first screenful flattens only its own
rows, and the rest is flattened in small chunks with pauses between them for keys and
paints, so a 100,000-frame log shows at once and stays responsive while it is indexed.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_left
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import BindingType

from ...logs.calltree import CallTree
from ...logs.navigate import SearchIndex, children, heaviest_paths, next_match
from ...logs.report import frame_line, stack_text
from ...safe_text import visible
from ..clipboard import copy_text
from ..keymap import bindings
from .call_tree_lines import CallTreeLines


class CallTreeView(CallTreeLines, can_focus=True):
    """Keys: ↑/↓ j/k move, Enter/space toggle, ←/→ collapse/expand, b next blame frame,
    n/N next/previous search match, H heaviest path, y/Y copy frame/stack."""

    DEFAULT_CSS = """
    CallTreeView {
        height: 1fr;
    }

    CallTreeView > .calltree--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }

    CallTreeView > .calltree--cursor-blurred {
        color: $block-cursor-blurred-foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }

    CallTreeView > .calltree--blame {
        background: $error 20%;
    }

    CallTreeView > .calltree--blame-mark {
        color: $error;
        text-style: bold;
    }

    CallTreeView > .calltree--thread {
        color: $text-accent;
        text-style: bold;
    }

    CallTreeView > .calltree--app {
        color: $text;
        text-style: bold;
    }

    CallTreeView > .calltree--app-binary {
        color: $accent;
    }

    CallTreeView > .calltree--system {
        color: $text-muted;
    }

    CallTreeView > .calltree--detail {
        color: $text-muted;
    }

    CallTreeView > .calltree--match {
        color: $warning;
        text-style: bold reverse;
    }

    CallTreeView > .calltree--guide {
        color: $text-disabled;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "calltree--cursor",
        "calltree--cursor-blurred",
        "calltree--blame",
        "calltree--blame-mark",
        "calltree--thread",
        "calltree--app",
        "calltree--app-binary",
        "calltree--system",
        "calltree--detail",
        "calltree--guide",
        "calltree--match",
    }

    BINDINGS: ClassVar[list[BindingType]] = bindings("calltree")

    INDEX_STEP = 0.004
    """Seconds of flattening per background step."""
    INDEX_PAUSE = 0.004
    """Seconds between steps, for keys and paints: each needs a few event-loop turns."""
    INDEX_CHUNK = 250
    """Nodes flattened between looks at the clock."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filter_text = ""
        self.matches: list[int] = []
        """Nodes matching the search, in order."""
        self.searcher = SearchTarget(self)
        self._deferred: Callable[[], object] | None = None
        """A key pressed while the tree is a file's first part, done when the whole is here."""

    # -- content ---------------------------------------------------------------------------

    def set_tree(self, tree: CallTree | None, *, cursor: int = 0) -> None:
        """Show ``tree``; the filter and search typed so far apply to it. A key kept while
        the last tree was a file's first part (see ``_later``) is done once the whole is."""
        self.call_tree = tree
        self._cache.clear()
        self._line_width = self._measured = 0
        if tree is not None and not tree.partial:
            tree.set_filter(self.filter_text)
        if tree is not None:
            self._measure_new()
        self._set_matches(self.search_text)
        self._rows_changed()
        self.move_cursor(cursor, center=True)
        if tree is not None and not tree.complete:
            # after the first frame: drawing the first rows comes before indexing the rest
            self.call_after_refresh(self._start_indexing, tree)
        deferred, self._deferred = self._deferred, None
        if deferred is not None and tree is not None and not tree.partial:
            self.call_after_refresh(deferred)

    def _later(self, action: Callable[[], object], *, say: bool = True) -> bool:
        """While the tree is only a file's first part: keep ``action`` for when the whole
        file is read (the last one asked for) and say so; True if it was kept."""
        if self.call_tree is None or not self.call_tree.partial:
            return False
        self._deferred = action
        if say:
            self.notify("Still reading the rest of the log: done once it is read.", timeout=3)
        return True

    def _start_indexing(self, tree: CallTree) -> None:
        if tree is self.call_tree:
            self.run_worker(self._index(tree), group="calltree-index", exclusive=True)

    async def _index(self, tree: CallTree) -> None:
        """Flatten the rest of ``tree`` a chunk at a time, letting keys and paints in."""
        done = False
        while tree is self.call_tree and not done:
            deadline = time.perf_counter() + self.INDEX_STEP
            while not (done := tree.build(self.INDEX_CHUNK)) and time.perf_counter() < deadline:
                pass
            self._measure_new()
            await self._between_steps()
        if tree is self.call_tree:
            self._measure_new()

    async def _between_steps(self) -> None:
        """Give the event loop to keys and paints between two indexing steps."""
        await asyncio.sleep(self.INDEX_PAUSE)

    # -- search ----------------------------------------------------------------------------

    def _set_matches(self, text: str) -> None:
        self.search_text = text
        tree = self.call_tree
        # the index is built on the first search, not when a log is shown; a file's first
        # part is not searched: the search runs over the whole log once it is read
        whole = tree is not None and not tree.partial and text.strip()
        self.matches = SearchIndex(tree).find(text) if tree is not None and whole else []
        self._match_set = set(self.matches)
        self._cache.clear()

    def search(self, text: str) -> int:
        """Highlight frames matching ``text`` and go to the first one from the cursor on;
        returns the number of matching frames. On a file's first part it runs once the
        whole log is read (the status line says the file is being read)."""
        if self._later(lambda: self.search(text), say=False):
            self.search_text = text
            self.post_message(self.Moved())
            return 0
        self._set_matches(text)
        self.refresh()
        if self.matches and self.call_tree is not None and len(self.call_tree):
            current = self.call_tree.node_at(self.cursor)
            target = current if current in self._match_set else None
            self._go_to_match(target if target is not None else self._step(current, True))
        else:
            self.post_message(self.Moved())
        return len(self.matches)

    def _step(self, current: int, forward: bool) -> int | None:
        return next_match(self.matches, current, forward=forward)

    def _go_to_match(self, node: int | None) -> None:
        tree = self.call_tree
        if tree is None or node is None:
            return
        before = len(tree)
        position = tree.reveal(node)
        if position is None:  # hidden by the filter
            return
        if len(tree) != before:
            self._rows_changed()
        self.move_cursor(position, center=True)

    @property
    def match_index(self) -> int | None:
        """Which match (0-based) the cursor is on, or None."""
        if self.call_tree is None or not len(self.call_tree) or not self.matches:
            return None
        node = self.call_tree.node_at(self.cursor)
        if node not in self._match_set:
            return None
        return bisect_left(self.matches, node)

    def action_search_next(self, forward: bool) -> None:
        if not self.matches:
            message = f"No match for “{self.search_text}”." if self.search_text else ""
            self.notify(message or "Nothing to step through: / searches.", severity="warning")
            return
        if self.call_tree is None or not len(self.call_tree):
            return
        self._go_to_match(self._step(self.call_tree.node_at(self.cursor), forward))

    # -- heaviest path ---------------------------------------------------------------------

    def action_heaviest(self) -> None:
        """Open only the heaviest path of every thread and go to the end of the first."""
        if self._later(self.action_heaviest):
            return
        tree = self.call_tree
        if tree is None or not tree.node_count:
            return
        paths = [path for path in heaviest_paths(tree) if path]
        if not paths:
            self.notify("No frames in this log.", severity="warning")
            return
        tree.show_only(path[-1] for path in paths)
        self._rows_changed()
        current = tree.node_at(self.cursor) if len(tree) else 0
        ends = sorted(path[-1] for path in paths)
        target = next((end for end in ends if end > current), ends[0])
        self.move_cursor(tree.position_of(target) or 0, center=True)

    # -- copy ------------------------------------------------------------------------------

    def action_yank_frame(self) -> None:
        if self._later(self.action_yank_frame):
            return
        row = self.current_row
        if row is None:
            return
        if row.frame is not None:
            self._copy(frame_line(row.frame).strip(), "frame")
        else:
            self.action_yank_stack()

    def action_yank_stack(self) -> None:
        if self._later(self.action_yank_stack):
            return
        tree = self.call_tree
        if tree is None or not len(tree):
            return
        node = tree.node_at(self.cursor)
        while tree.parent(node) >= 0:
            node = tree.parent(node)
        row_thread = tree.row(tree.position_of(node) or 0).thread
        label = row_thread.label if row_thread else ""
        roots = [frame for child in children(tree, node) if (frame := tree.frame(child))]
        self._copy(stack_text(roots, label), label or "stack")

    def _copy(self, text: str, what: str) -> None:
        copy_text(self, text, what, instead="Press e to save the logs as text instead")

    def empty_note(self) -> str:
        if not self.filter_text:
            return ""
        text = visible(self.filter_text)
        return f"No frame matches “{text}”: / changes the filter (Esc there clears it)."

    def apply_filter(self, text: str) -> None:
        self.filter_text = text
        if self.call_tree is None or self.call_tree.partial:
            return  # (set_tree applies it to the whole log)
        node = self.call_tree.node_at(self.cursor) if len(self.call_tree) else None
        self.call_tree.set_filter(text)
        self._cache.clear()
        self._rows_changed()
        position = self.call_tree.position_of(node) if node is not None else None
        self.move_cursor(position if position is not None else 0, center=True)

    # -- folding ---------------------------------------------------------------------------

    def action_fold(self) -> None:
        if self._later(self.action_fold):
            return
        if (
            self.call_tree is not None
            and len(self.call_tree)
            and self.call_tree.toggle(self.cursor)
        ):
            self._rows_changed()

    def action_collapse(self) -> None:
        """Collapse an open node; on a closed node or a leaf, go to its parent."""
        if self._later(self.action_collapse):
            return
        tree = self.call_tree
        if tree is None or not len(tree):
            return
        if tree.collapse(self.cursor):
            self._rows_changed()
            return
        parent = tree.parent_position(self.cursor)
        if parent is not None:
            self.move_cursor(parent)

    def action_expand(self) -> None:
        """Expand a closed node; on an open one, go to its first child."""
        if self._later(self.action_expand):
            return
        tree = self.call_tree
        if tree is None or not len(tree):
            return
        if tree.expand(self.cursor):
            self._rows_changed()
        elif tree.row(self.cursor).has_children:
            self.move_cursor(self.cursor + 1)

    def action_expand_all(self) -> None:
        if self._later(self.action_expand_all):
            return
        if self.call_tree is not None:
            node = self.call_tree.node_at(self.cursor) if len(self.call_tree) else 0
            self.call_tree.expand_all()
            self._rows_changed()
            self.move_cursor(self.call_tree.position_of(node) or 0, center=True)

    def action_collapse_all(self) -> None:
        if self._later(self.action_collapse_all):
            return
        if self.call_tree is not None:
            self.call_tree.collapse_all()
            self._rows_changed()
            self.move_cursor(0)

    def action_open_source(self) -> None:
        """The frame's File.swift:123 in $VISUAL / $EDITOR (see ``ui/open_source.py``)."""
        if self._later(self.action_open_source):
            return
        row = self.current_row
        if row is not None and row.frame is not None:
            from ..open_source import open_frame_source

            open_frame_source(self, row.frame)
        elif row is not None:
            self.notify("A thread's header names no source file: o opens a frame's.")

    def action_blame(self) -> None:
        """Jump to the next blame frame, opening its ancestors."""
        if self._later(self.action_blame):
            return
        if self.call_tree is None:
            return
        before = len(self.call_tree)
        position = self.call_tree.next_blame(self.cursor)
        if position is None:
            self.notify("No blame frame in this log.", severity="warning")
            return
        if len(self.call_tree) != before:
            self._rows_changed()
        self.move_cursor(position, center=True)

    def on_click(self, event: events.Click) -> None:
        position = round(self.scroll_y) + event.y
        if self.call_tree is None or not 0 <= position < len(self.call_tree):
            return
        if position == self.cursor and event.chain >= 2:
            self.action_fold()
        self.move_cursor(position)


class SearchTarget:
    """What the screen's `/` bar drives in the log viewer: search, not filter."""

    def __init__(self, view: CallTreeView) -> None:
        self.view = view
        self.widget = view
        self.filter_text = ""

    def apply_filter(self, text: str) -> None:
        self.filter_text = text
        self.view.search(text)
