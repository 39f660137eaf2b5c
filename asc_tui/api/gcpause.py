"""Pausing Python's cycle collector while a big log is read or indexed.

A 100,000-frame log is a million small dicts, lists and strings, all made at once and
none in a cycle. While they are made the collector runs again and again and walks every
one of them: that is most of the time ``json.loads`` and the parsers take (measured by
``benchmarks/log_viewer.py``). Reference counting still frees everything as usual; only
the search for cycles waits until the outermost pause ends, in any thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector for the block (nested and threaded pauses are fine)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
