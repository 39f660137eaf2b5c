"""SIGTERM/SIGHUP handlers: installed from the main thread, left alone from any other."""

from __future__ import annotations

import signal
import threading

import pytest

from asc_tui.interrupts import TERMINATING, Terminated, raise_on_termination


@pytest.fixture
def saved_handlers() -> object:
    saved = {signum: signal.getsignal(signum) for signum in TERMINATING}
    yield saved
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_from_another_thread_the_handlers_are_left_as_they_were(saved_handlers: object) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            raise_on_termination()
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert errors == []
    assert {s: signal.getsignal(s) for s in TERMINATING} == saved_handlers


def test_from_the_main_thread_sigterm_raises_terminated(saved_handlers: object) -> None:
    raise_on_termination()
    handler = signal.getsignal(signal.SIGTERM)
    assert callable(handler)
    with pytest.raises(Terminated) as raised:
        handler(signal.SIGTERM, None)
    assert raised.value.code == 128 + signal.SIGTERM
