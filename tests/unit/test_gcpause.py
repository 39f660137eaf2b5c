"""Pausing the cycle collector: nested, threaded and failing pauses restore it."""

from __future__ import annotations

import gc
import threading

import pytest

from asc_tui.api.gcpause import end_startup_pause, pause_for_startup, paused_gc


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


def test_the_start_up_pause_holds_until_ended_once_and_nests_with_others() -> None:
    pause_for_startup()
    try:
        pause_for_startup()  # a second start-up pause is the same one
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the start-up pause still holds
        with paused_gc():
            end_startup_pause()
            assert not gc.isenabled()  # the log being read still holds it
        assert gc.isenabled()
    finally:
        end_startup_pause()
    end_startup_pause()  # nothing to end: it stays on
    assert gc.isenabled()
