"""Requests side by side: a failure cancels and awaits the others, and is raised as
itself (its exit code and message kept), not inside an exception group."""

from __future__ import annotations

import asyncio

import pytest

from asc_tui.api.side_by_side import side_by_side
from asc_tui.errors import NotFoundError


async def test_a_failure_cancels_the_others_before_it_is_raised() -> None:
    cancelled = asyncio.Event()
    started = asyncio.Event()

    async def slow() -> str:
        started.set()
        try:
            await asyncio.Event().wait()  # a request that would never end
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "never"

    async def failing() -> str:
        await started.wait()
        raise NotFoundError(404, message="App 123 was not found")

    with pytest.raises(NotFoundError) as raised:
        async with side_by_side() as group:
            group.create_task(slow())
            group.create_task(failing())
    assert cancelled.is_set()  # before the error reached the caller
    assert raised.value.status == 404 and "App 123" in str(raised.value)


async def test_all_done_gives_every_result() -> None:
    async def value(n: int) -> int:
        await asyncio.sleep(0)
        return n * 2

    async with side_by_side() as group:
        tasks = [group.create_task(value(n)) for n in range(4)]
    assert [t.result() for t in tasks] == [0, 2, 4, 6]
