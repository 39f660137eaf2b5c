"""Exiting after the terminal hung up (SSH dropped, tmux killed, window closed).

Textual writes the screen from an output thread that takes text from a queue of at most
30 writes. Once the terminal has hung up, every write to it fails with EIO: the thread
dies on the first one, nothing empties the queue any more, and the app's next writes (the
frames drawn while it exits, the codes that restore the terminal, the thread's stop) block
for ever once it is full, so the app never exits and a download under way never removes
its partial file. Whether it fills depends on how many frames are drawn in between: a
hang now and then. Here the output thread drops what cannot reach a terminal that is gone
and goes on emptying its queue.

A hang-up also sends SIGCONT after SIGHUP. Textual's driver answers every SIGCONT by
starting application mode again (to come back from Ctrl+Z), so one arriving while the app
runs or is ending starts a second input thread that nothing stops (the first may miss
its stop too): it spins on the dead terminal and the process never exits. Here SIGCONT
starts application mode again only when Ctrl+Z suspended it.
"""

from __future__ import annotations

import errno
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.driver import Driver


class HungUpOutput:
    """``file`` (the terminal) whose writes are dropped once it has hung up (EIO)."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file

    def write(self, text: str) -> int:
        try:
            return self.file.write(text)
        except OSError as error:
            if error.errno != errno.EIO:
                raise
            return len(text)  # the terminal is gone: nobody can see this

    def flush(self) -> None:
        try:
            self.file.flush()
        except OSError as error:
            if error.errno != errno.EIO:
                raise

    def fileno(self) -> int:
        return self.file.fileno()

    def isatty(self) -> bool:
        return self.file.isatty()


def hangup_safe_driver(base: type[Driver]) -> type[Driver]:
    """``base`` whose output thread survives a hang-up (see the module's docstring).
    Drivers without a terminal file (the headless one of tests) are left as they are."""

    class HangupSafeDriver(base):  # type: ignore[valid-type, misc]  # a class made at run time
        suspended = False
        """True while application mode is suspended (Ctrl+Z): only then does SIGCONT
        bring it back."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            file = getattr(self, "_file", None)  # Textual's LinuxDriver: its output file
            if file is not None:
                self._file = HungUpOutput(file)

        def suspend_application_mode(self) -> None:
            super().suspend_application_mode()
            self.suspended = True

        def resume_application_mode(self) -> None:
            self.suspended = False
            super().resume_application_mode()

        def _sigcont_application(self, *args: Any) -> None:
            if self.suspended:
                super()._sigcont_application(*args)

    return HangupSafeDriver
