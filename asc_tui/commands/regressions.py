"""``asc-tui regressions --app APP_ID [--version V]``: Apple's insights for an app
version (regressions and trending up), with their populations, for scripts and people."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from .common import add_connection_flags, api_client
from .exit_codes import EXIT_OK
from .reports import add_format_flags, write_reports

if TYPE_CHECKING:
    from ..api.metrics_report import MetricsReport
    from ..api.models import App

FORMATS = ("text", "json", "csv", "markdown")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "regressions",
        help="Apple's regression and trending-up insights for an app version",
        description=(
            "Apple's insights about an app version: the metrics that regressed or are "
            "trending up, with the populations (device, percentile) affected."
        ),
    )
    parser.add_argument("--app", metavar="APP_ID", required=True, help="the app")
    parser.add_argument(
        "--version",
        metavar="V",
        help="the app version (default: the latest; an older one is read from its newest "
        "build's metrics)",
    )
    add_format_flags(parser, FORMATS)
    add_connection_flags(parser)
    parser.set_defaults(run=run_regressions)


def run_regressions(args: argparse.Namespace) -> int:
    from ..metrics.export import to_csv
    from ..metrics.insights import (
        insight_document,
        insights_for,
        latest_version,
        population_rows,
    )
    from ..metrics.insights_output import insights_markdown, insights_text
    from ..metrics.pair import to_json

    async def fetch() -> tuple[App, MetricsReport, str | None]:
        """The app's report, whose insights are about its latest version; for an older
        ``--version``, the report of that version's newest build, whose insights are
        about that version."""
        from ..api.side_by_side import side_by_side
        from .build_pair import newest_of_version

        async with api_client(args) as client:
            async with side_by_side() as group:
                app_task = group.create_task(client.get_app(args.app))
                report_task = group.create_task(client.app_metrics(args.app))
            app, report = app_task.result(), report_task.result()
            latest = latest_version(report)
            if not args.version or args.version == latest:
                return app, report, latest
            build = newest_of_version(await client.builds(args.app), args.version, args.app)
            return app, await client.build_metrics(build.id), args.version

    app, report, version = asyncio.run(fetch())
    if report.is_empty:
        print(
            f"asc-tui: not enough data for {app.name} {version or ''} yet: Apple needs more "
            "usage before it reports metrics and insights.",
            file=sys.stderr,
        )
    found = insights_for(report, version)
    names = dict(report.dimensions()[1])
    document: dict[str, object] = {
        "app": {"id": app.id, "name": app.name},
        "version": version,
        "insights": [insight_document(i, names) for i in found],
    }
    renderers = {
        "json": lambda: to_json(document),
        "csv": lambda: to_csv(population_rows(found, names)),
        "markdown": lambda: insights_markdown(app.name, version, found, names),
        "text": lambda: insights_text(app.name, version, found, names),
    }
    write_reports(args, FORMATS, lambda fmt: renderers[fmt]())
    return EXIT_OK
