"""Pausing the cycle collector: nested, threaded and failing pauses restore it."""

from __future__ import annotations

import gc
import threading

import pytest

from asc_tui.api.gcpause import paused_gc


def test_nested_pauses_enable_it_again_only_at_the_outermost_end() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_enables_it() -> None:
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("bad log")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_threads() -> None:
    inside = threading.Barrier(2)
    leave_first = threading.Event()
    states: list[bool] = []

    def first() -> None:
        with paused_gc():
            inside.wait()
            leave_first.wait()
        states.append(gc.isenabled())  # the other thread still pauses it

    def second() -> None:
        with paused_gc():
            inside.wait()
            leave_first.set()
            worker.join()
            states.append(gc.isenabled())

    worker = threading.Thread(target=first)
    worker.start()
    second()
    assert states == [False, False]
    assert gc.isenabled()
