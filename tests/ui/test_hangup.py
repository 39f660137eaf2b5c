"""After the terminal hangs up, Textual's output thread keeps emptying its queue (what it
writes is dropped), so the app's writes while it exits never block: a real pseudo-terminal
whose other end is closed, and Textual's own output thread."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator
from typing import IO

import pytest
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from asc_tui.ui.hangup import HungUpOutput


@pytest.fixture
def hung_up_terminal() -> Iterator[IO[str]]:
    """The app's side of a terminal that has hung up (its other side closed)."""
    controller, terminal = os.openpty()
    file = os.fdopen(terminal, "w", encoding="utf-8")
    os.close(controller)
    yield file
    with contextlib.suppress(OSError):  # closing flushes what is left: EIO again
        file.close()


def test_a_hung_up_terminal_fails_every_write(hung_up_terminal: IO[str]) -> None:
    with pytest.raises(OSError) as raised:
        hung_up_terminal.write("frame")
        hung_up_terminal.flush()
    assert raised.value.errno == errno.EIO


def test_the_output_thread_outlives_a_hang_up_and_stops(hung_up_terminal: IO[str]) -> None:
    output = HungUpOutput(hung_up_terminal)
    writer = WriterThread(output)  # type: ignore[arg-type]
    writer.start()
    stopped = threading.Event()

    def exit_as_the_app_does() -> None:
        for n in range(MAX_QUEUED_WRITES * 4):  # frames, then restoring the terminal
            writer.write(f"frame {n}\n")
        writer.stop()
        stopped.set()

    exiting = threading.Thread(target=exit_as_the_app_does, daemon=True)
    exiting.start()
    assert stopped.wait(60), "the app's writes blocked on the dead output thread"
    assert not writer.is_alive()


def test_other_errors_still_raise() -> None:
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as pipe:
        output = HungUpOutput(pipe)
        with pytest.raises(BrokenPipeError):
            output.write("x" * 100_000)
            output.flush()
