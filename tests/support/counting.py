"""A demo server on loopback that counts the requests it answers (to prove what the
response cache saved)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from asc_tui.demo import DemoServer
from tests.support.auth import use_key


class CountingApp:
    """ASGI middleware: the path of every HTTP request, in order; while ``held`` is clear,
    requests are counted on arrival and answered only once it is set."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: list[str] = []
        self.held = threading.Event()
        self.held.set()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(str(scope["path"]))
            if not self.held.is_set():
                await asyncio.to_thread(self.held.wait, 60)
        await self.app(scope, receive, send)

    @property
    def count(self) -> int:
        return len(self.paths)


@contextmanager
def counting_server() -> Iterator[tuple[DemoServer, CountingApp]]:
    server = DemoServer()
    counter = CountingApp(server.app)
    server.app = counter
    with server:
        yield server, counter


@contextmanager
def counting_server_in_env(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> Iterator[tuple[DemoServer, CountingApp]]:
    """A counting server, with ASC_BASE_URL and its key in ASC_* variables (key file in
    ``folder``)."""
    with counting_server() as (server, counter):
        use_key(monkeypatch, folder, server, server.key)
        yield server, counter
