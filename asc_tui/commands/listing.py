"""``asc-tui apps`` and ``asc-tui builds APP_ID``: data for scripts.

A list whose every page the response cache holds within its freshness window (at any age
with ``--offline``) is read from the cache file alone, as the TUI's first frame reads it:
no credentials, no httpx, no client. Otherwise the client lists it, through the same cache
page by page (the pages still fresh are not asked for again)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any, TypeVar

from ..api.gcpause import paused_gc
from ..errors import AscError, IncompleteListError
from .common import add_connection_flags, add_output_flags, api_client, connection_for
from .partial import partial, write_partial

if TYPE_CHECKING:
    from ..api.builds import Build
    from ..api.list_queries import ListQuery
    from ..api.models import App

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


def from_cache_alone(args: argparse.Namespace, query: ListQuery[T]) -> list[T] | None:
    """``query``'s whole list from the response cache file when it may answer for all of it
    (see the module's notes); None when the client must list it."""
    if getattr(args, "refresh", False):
        return None
    try:
        connection = connection_for(args)
    except AscError:  # said by the client's way, which reads the same again
        return None
    with connection.cached_lists() as lists:
        if lists is None:
            return None
        from functools import partial

        from ..api import jsonio

        found = lists.read(query, decode=partial(jsonio.loads, shape=query.shape))
    if found is None or (found.stale and not connection.offline):
        return None
    return found.items


def _app_rows(apps: list[App]) -> list[dict[str, object]]:
    return [{"id": a.id, "name": a.name, "bundleId": a.bundle_id, "sku": a.sku} for a in apps]


def _build_rows(builds: list[Build]) -> list[dict[str, object]]:
    return [
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


def run_apps(args: argparse.Namespace) -> int:
    with paused_gc():
        return _run_apps(args)


def run_builds(args: argparse.Namespace) -> int:
    with paused_gc():  # thousands of objects made at once, none in a cycle: see gcpause
        return _run_builds(args)


def _run_apps(args: argparse.Namespace) -> int:
    from ..api.list_queries import apps_query

    cached = from_cache_alone(args, apps_query())
    if cached is not None:
        return write_partial(_app_rows(cached), None, args.format)

    async def fetch() -> tuple[list[dict[str, object]], IncompleteListError | None]:
        async with api_client(args) as client:
            apps, stopped = await partial(client.apps())
        return _app_rows(apps), stopped

    return write_partial(*asyncio.run(fetch()), args.format)


def _run_builds(args: argparse.Namespace) -> int:
    from ..api.list_queries import builds_query

    cached = from_cache_alone(args, builds_query(args.app_id))
    if cached:  # none: the client says whether the app exists
        return write_partial(_build_rows(cached), None, args.format)

    async def fetch() -> tuple[list[dict[str, object]], IncompleteListError | None]:
        from ..api.not_found import app_must_exist

        async with api_client(args) as client:
            builds, stopped = await partial(client.builds(args.app_id))
            if not builds and stopped is None:  # no builds, or no such app (404)
                await app_must_exist(client, args.app_id)
        return _build_rows(builds), stopped

    return write_partial(*asyncio.run(fetch()), args.format)
