"""After the terminal hangs up, Textual's output thread keeps emptying its queue (what it
writes is dropped), so the app's writes while it exits never block: a real pseudo-terminal
whose other end is closed, and Textual's own output thread."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from typing import IO, NamedTuple

import pytest
from textual.driver import Driver
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from asc_tui.ui.hangup import HungUpOutput, hangup_safe_driver


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
    writer = WriterThread(output)  # type: ignore[arg-type]  # a file-like, not an IO[str]
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


class CountedDriver(NamedTuple):
    driver: Driver
    starts: list[int]
    """One entry each time the driver started application mode."""


@pytest.fixture
async def counted_driver(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[CountedDriver]:
    """Textual's LinuxDriver made hang-up safe, as the app gets it, with the terminal
    work of stopping and starting application mode left out and each start counted."""
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    saved = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT)}
    starts: list[int] = []
    monkeypatch.setattr(LinuxDriver, "stop_application_mode", lambda self: None)
    monkeypatch.setattr(LinuxDriver, "start_application_mode", lambda self: starts.append(1))
    made = hangup_safe_driver(LinuxDriver)(App())
    made._auto_restart = True  # as when Textual runs the app in a terminal
    yield CountedDriver(made, starts)
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def sigcont() -> None:
    """What the process does on SIGCONT: the handler the driver installed."""
    handler = signal.getsignal(signal.SIGCONT)
    assert callable(handler)
    handler(signal.SIGCONT, None)


async def test_a_sigcont_while_the_app_runs_does_not_start_it_twice(
    counted_driver: CountedDriver,
) -> None:
    sigcont()  # a hang-up sends SIGCONT after SIGHUP, while the app is still running
    assert counted_driver.starts == []


async def test_a_sigcont_after_the_app_ended_does_not_start_it_again(
    counted_driver: CountedDriver,
) -> None:
    counted_driver.driver.stop_application_mode()  # the app is ending (q, or SIGHUP from a hang-up)
    sigcont()
    assert counted_driver.starts == []


async def test_a_sigcont_after_ctrl_z_brings_the_app_back_once(
    counted_driver: CountedDriver,
) -> None:
    counted_driver.driver.suspend_application_mode()  # Ctrl+Z
    sigcont()  # fg
    sigcont()  # a second one changes nothing
    assert counted_driver.starts == [1]
