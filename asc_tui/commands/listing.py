"""``asc-tui apps`` and ``asc-tui builds APP_ID``: data for scripts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable
from typing import Any, TypeVar, cast

from ..errors import IncompleteListError
from .common import add_connection_flags, add_output_flags, api_client
from .exit_codes import EXIT_OK

T = TypeVar("T")


def register(sub: Any) -> None:
    apps = sub.add_parser("apps", help="list your apps")
    add_output_flags(apps)
    add_connection_flags(apps)
    apps.set_defaults(run=run_apps)
    builds = sub.add_parser("builds", help="list an app's builds, newest first")
    builds.add_argument("app_id", metavar="APP_ID")
    add_output_flags(builds)
    add_connection_flags(builds)
    builds.set_defaults(run=run_builds)


async def _partial(listing: Awaitable[list[T]]) -> tuple[list[T], IncompleteListError | None]:
    """The list, or the part that loaded before it stopped and why."""
    try:
        return await listing, None
    except IncompleteListError as error:
        return cast("list[T]", error.items), error


def _write(rows: list[dict[str, object]], stopped: IncompleteListError | None, fmt: str) -> int:
    """Write the rows that loaded; a list that stopped part way is then reported (exit 1)."""
    from .output import write_rows

    write_rows(rows, fmt, sys.stdout)
    if stopped is not None:
        sys.stdout.flush()
        raise stopped
    return EXIT_OK


def run_apps(args: argparse.Namespace) -> int:
    async def fetch() -> tuple[list[dict[str, object]], IncompleteListError | None]:
        async with api_client(args) as client:
            apps, stopped = await _partial(client.apps())
        rows: list[dict[str, object]] = [
            {"id": a.id, "name": a.name, "bundleId": a.bundle_id, "sku": a.sku} for a in apps
        ]
        return rows, stopped

    return _write(*asyncio.run(fetch()), args.format)


def run_builds(args: argparse.Namespace) -> int:
    async def fetch() -> tuple[list[dict[str, object]], IncompleteListError | None]:
        async with api_client(args) as client:
            builds, stopped = await _partial(client.builds(args.app_id))
        rows: list[dict[str, object]] = [
            {
                "id": b.id,
                "version": b.marketing_version or "",
                "build": b.version,
                "uploadedDate": b.uploaded_date.isoformat() if b.uploaded_date else "",
                "processingState": b.processing_state or "",
                "expired": b.expired,
            }
            for b in builds
        ]
        return rows, stopped

    return _write(*asyncio.run(fetch()), args.format)
