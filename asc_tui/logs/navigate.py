"""Finding things in a flattened call tree: search matches and the heaviest path.

``SearchIndex`` lower-cases every frame's symbol, binary and file once; a search is then
one substring test per frame (100,000 frames in a few tens of milliseconds) and gives
the matching nodes in display order, for stepping with ``n``/``N``. No Textual here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from .calltree import CallTree


class SearchIndex:
    """A lower-cased search string per node of a ``CallTree`` (thread headers: empty)."""

    def __init__(self, tree: CallTree) -> None:
        self.haystack = tree.search_strings()

    def find(self, text: str) -> list[int]:
        """Nodes whose symbol, binary or file contains ``text`` (any case), in order."""
        needle = text.strip().lower()
        if not needle:
            return []
        return [node for node, hay in enumerate(self.haystack) if needle in hay]


def next_match(matches: list[int], current: int, *, forward: bool = True) -> int | None:
    """The match after (or before) node ``current``, wrapping around; None if none."""
    if not matches:
        return None
    if forward:
        index = bisect_right(matches, current)
        return matches[index % len(matches)]
    index = bisect_left(matches, current) - 1
    return matches[index % len(matches)]


def children(tree: CallTree, node: int) -> Iterator[int]:
    """A node's direct children, in order (pre-order: each starts where the last ends)."""
    child, stop = node + 1, tree.subtree_end(node)
    while child < stop:
        yield child
        child = tree.subtree_end(child)


def heaviest_path(tree: CallTree, start: int) -> list[int]:
    """From ``start`` down, the child with the most samples at each level (the first one
    on a tie), to a leaf. ``start`` itself is not included."""
    path: list[int] = []
    node = start
    while tree.has_children(node):
        best, best_samples = -1, -1
        for child in children(tree, node):
            frame = tree.frame(child)
            samples = frame.sample_count if frame is not None else 0
            if samples > best_samples:
                best, best_samples = child, samples
        path.append(best)
        node = best
    return path


def heaviest_paths(tree: CallTree) -> list[list[int]]:
    """The heaviest path of every thread (or call stack), from its header down."""
    return [heaviest_path(tree, header) for header in tree.thread_nodes]
