"""Requests made side by side, as one: when one fails, the others are cancelled and
awaited before the failure goes on (``asyncio.gather`` leaves them running, still
sending requests while the client that carries them is closed).

    async with side_by_side() as group:
        app = group.create_task(client.get_app(app_id))
        report = group.create_task(client.app_metrics(app_id))
    return app.result(), report.result()
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def side_by_side() -> AsyncIterator[asyncio.TaskGroup]:
    """An :class:`asyncio.TaskGroup` whose failure is raised as the first error itself
    (an ``AscError`` keeps its exit code and message), not in an exception group."""
    try:
        async with asyncio.TaskGroup() as group:
            yield group
    except BaseExceptionGroup as failures:
        first: BaseException = failures
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
