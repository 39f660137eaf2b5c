"""Closing the store: what the connection started (the demo server) is stopped after the
client is closed; an app that is ending does not wait for it."""

from __future__ import annotations

import asyncio
import threading

from asc_tui.api.client import AscClient
from asc_tui.store import Store


def closing_store() -> tuple[Store, threading.Event, list[str]]:
    release = threading.Event()
    calls: list[str] = []

    def on_close() -> None:  # as slow to stop as it pleases: it waits for the test
        calls.append(threading.current_thread().name)
        release.wait()
        calls.append("stopped")

    return Store(AscClient("http://127.0.0.1:9"), on_close=on_close), release, calls


def test_without_wait_the_close_is_not_waited_for_and_still_runs_once() -> None:
    store, release, calls = closing_store()
    asyncio.run(store.aclose(wait=False))  # returns while on_close is still held
    assert store.client._http.is_closed
    assert "stopped" not in calls
    closer = next(t for t in threading.enumerate() if t.name == "asc-tui close")
    assert closer.daemon
    release.set()
    closer.join()
    assert calls == ["asc-tui close", "stopped"]
    asyncio.run(store.aclose(wait=False))  # a second close has nothing left to stop
    assert calls == ["asc-tui close", "stopped"]


def test_by_default_the_close_is_waited_for() -> None:
    store, release, calls = closing_store()
    release.set()
    asyncio.run(store.aclose())
    assert calls == [threading.current_thread().name, "stopped"]
