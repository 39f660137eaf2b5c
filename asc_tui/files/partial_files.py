"""Files being written that must not outlive the process: temporary downloads. Whoever
creates one tracks it and untracks it once it is renamed into place or removed; whatever
is still tracked when the interpreter exits (after a signal, say) is removed then."""

from __future__ import annotations

import atexit
import contextlib
import threading
from pathlib import Path

_lock = threading.Lock()
_tracked: set[Path] = set()


def track(path: Path) -> None:
    with _lock:
        _tracked.add(path)


def untrack(path: Path) -> None:
    with _lock:
        _tracked.discard(path)


def tracked() -> list[Path]:
    with _lock:
        return sorted(_tracked)


def remove_all() -> None:
    """Remove every tracked file (at exit; safe to call more than once)."""
    with _lock:
        paths = list(_tracked)
        _tracked.clear()
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


atexit.register(remove_all)
