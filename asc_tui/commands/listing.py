"""``asc-tui apps`` and ``asc-tui builds APP_ID``: data for scripts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from .common import EXIT_OK, add_connection_flags, add_output_flags, api_client


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


def run_apps(args: argparse.Namespace) -> int:
    from ..output import write_rows

    async def fetch() -> list[dict[str, object]]:
        async with api_client(args) as client:
            return [
                {"id": a.id, "name": a.name, "bundleId": a.bundle_id, "sku": a.sku}
                for a in await client.list_apps()
            ]

    write_rows(asyncio.run(fetch()), args.format, sys.stdout)
    return EXIT_OK


def run_builds(args: argparse.Namespace) -> int:
    from ..output import write_rows

    async def fetch() -> list[dict[str, object]]:
        async with api_client(args) as client:
            return [
                {
                    "id": b.id,
                    "version": b.marketing_version or "",
                    "build": b.version,
                    "uploadedDate": b.uploaded_date.isoformat() if b.uploaded_date else "",
                    "processingState": b.processing_state or "",
                    "expired": b.expired,
                }
                for b in await client.list_builds(args.app_id)
            ]

    write_rows(asyncio.run(fetch()), args.format, sys.stdout)
    return EXIT_OK
