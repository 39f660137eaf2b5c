"""Ending cleanly on SIGTERM and SIGHUP (a terminal hang-up), as on Ctrl+C: partial
files are removed, never left behind.

By default those signals kill the process on the spot, skipping every ``finally`` and
cleanup. The command line makes them raise :class:`Terminated` (a ``SystemExit`` with the
shell's code, 128 + the signal) in the main thread instead, so the work under way unwinds:
``asyncio.run`` cancels the tasks left and a download removes its temporary files. The
app asks Textual to exit instead (see ``ui/app.py``). :mod:`asc_tui.files.partial_files` is the
safety net at interpreter exit.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

TERMINATING: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(SystemExit):
    """Raised in the main thread on SIGTERM or SIGHUP; ``code`` is 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def raise_on_termination() -> None:
    """From now on SIGTERM and SIGHUP raise Terminated in the main thread.

    Python takes signal handlers only from the main thread; a command run from another
    thread (an embedding program, a test) keeps the handlers it has."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in TERMINATING:
        signal.signal(signum, _raise_terminated)
