"""A demo server on loopback that counts the requests it answers (to prove what the
response cache saved)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asc_tui.demo import DemoServer


class CountingApp:
    """ASGI middleware: the path of every HTTP request, in order."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(str(scope["path"]))
        await self.app(scope, receive, send)

    @property
    def count(self) -> int:
        return len(self.paths)


@contextmanager
def counting_server() -> Iterator[tuple[DemoServer, CountingApp]]:
    server = DemoServer()
    counter = CountingApp(server.app)
    server.app = counter  # type: ignore[assignment]
    with server:
        yield server, counter
