"""Pausing Python's cycle collector while a big log is read or indexed.

A 100,000-frame log is a million small dicts, lists and strings, all made at once and
none in a cycle. While they are made the collector runs again and again and walks every
one of them: that is most of the time ``json.loads`` and the parsers take (measured by
``benchmarks/log_viewer.py``). Reference counting still frees everything as usual; only
the search for cycles waits until the outermost pause ends, in any thread.

The TUI's start-up is the same: importing Textual and the app and drawing the first frame
make some hundred thousand objects, and the collector walked them over and over before
that frame (10 to 30 ms of it). ``pause_for_startup`` holds it until ``end_startup_pause``
(the first frame is on screen).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


_startup = False
"""``pause_for_startup`` holds a pause."""


def _pause() -> None:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def _resume() -> None:
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector for the block (nested and threaded pauses are fine)."""
    _pause()
    try:
        yield
    finally:
        _resume()


def pause_for_startup() -> None:
    """Pause the cycle collector until ``end_startup_pause`` (as ``paused_gc`` does)."""
    global _startup
    if not _startup:
        _startup = True
        _pause()


def end_startup_pause() -> None:
    """End the pause ``pause_for_startup`` began, if any (again: nothing)."""
    global _startup
    if _startup:
        _startup = False
        _resume()
