"""Ending the process as soon as the TUI is done.

After the app has quit, Python's own shutdown frees every object the session made, one by
one: with the demo's data set loaded that took 0.1 to 0.3 s after the terminal was already
restored, a pause between pressing q and getting the shell back. Nothing in it is needed:
the response cache's writes are committed by its writer thread (waited for here, as
Python would), files are written through ``with`` blocks, and what must run at exit is
registered with :mod:`atexit` (run here, as Python would). Then the process ends without
the teardown.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once the threads Python would wait for have ended
    and the :mod:`atexit` functions have run, without freeing the interpreter's objects.

    Call it from the main thread. What Python's own exit does first is done here in its
    order: ``threading._shutdown`` (the private function the interpreter calls) runs the
    threading module's exit hooks (a thread pool wakes its idle workers so that they end)
    and waits for every non-daemon thread; then the atexit functions run."""
    shutdown: Callable[[], None] | None = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    else:  # pragma: no cover - every CPython asc-tui runs on has it
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
