"""``asc-tui metrics BUILD_ID`` / ``asc-tui metrics --app APP_ID``: a build's (or an app's)
power and performance metrics for one percentile and device, for scripts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .common import add_connection_flags, add_output_flags, api_client
from .exit_codes import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ..api.metrics_report import MetricsReport


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "metrics",
        help="a build's (or, with --app, an app's) power and performance metrics",
        description=(
            "Print the perfPowerMetrics of a build (its version's values) or, with --app "
            "and no BUILD_ID, of an app (one row per metric and app version). Two builds "
            "side by side: asc-tui metrics compare BASE HEAD."
        ),
    )
    parser.add_argument("build_id", metavar="BUILD_ID", nargs="?", help="the build's ID")
    parser.add_argument("--app", metavar="APP_ID", help="app-level metrics across its versions")
    parser.add_argument(
        "--device",
        metavar="DEVICE",
        help="device identifier, e.g. all_iphones, all_ipads, iPhone15,2 (default: all_iphones)",
    )
    parser.add_argument(
        "--percentile",
        metavar="P",
        default="p50",
        help="p50 (typical, the default), p90, or Apple's identifier",
    )
    parser.add_argument(
        "--category",
        metavar="TYPE",
        action="append",
        default=[],
        help="only this metric category, e.g. LAUNCH, HANG (repeatable; filter[metricType])",
    )
    add_output_flags(parser)
    add_connection_flags(parser)
    parser.set_defaults(run=run_metrics)


async def fetch(args: argparse.Namespace) -> tuple[MetricsReport, MetricsReport | None]:
    """The report as asked for and, when the device filter emptied it, the unfiltered one."""
    # filter[deviceType] is a comma-separated list, so a model identifier such as
    # "iPhone15,2" cannot be sent as a filter; those are picked from the full response.
    devices = [args.device] if args.device and "," not in args.device else []
    categories = [c.upper() for c in args.category]
    async with api_client(args) as client:

        async def get(device_types: list[str]) -> MetricsReport:
            if args.build_id:
                return await client.build_metrics(
                    args.build_id, metric_types=categories, device_types=device_types
                )
            return await client.app_metrics(
                args.app, metric_types=categories, device_types=device_types
            )

        report = await get(devices)
        unfiltered = await get([]) if report.is_empty and devices else None
        return report, unfiltered


def run_metrics(args: argparse.Namespace) -> int:
    from ..metrics.export import line_rows, version_rows
    from ..metrics.view import default_device, metric_view, percentile_id
    from .output import write_rows

    if bool(args.build_id) == bool(args.app):
        print("asc-tui metrics: give a BUILD_ID, or --app APP_ID (not both)", file=sys.stderr)
        return EXIT_USAGE
    report, unfiltered = asyncio.run(fetch(args))
    subject = f"build {args.build_id}" if args.build_id else f"app {args.app}"
    known = [device for device, _ in (unfiltered or report).dimensions()[1]]
    if args.device and known and args.device not in known:
        found = ", ".join(known)
        raise UsageError(
            f"No metrics for device {args.device!r} in {subject}.",
            hint=f"Devices with data: {found}.",
        )
    if report.is_empty:
        print(
            f"asc-tui: not enough data for {subject} yet: Apple needs more usage before it "
            "reports metrics. Try again in a few days.",
            file=sys.stderr,
        )
        write_rows([], args.format, sys.stdout)
        return EXIT_OK
    percentiles = report.dimensions()[0]
    percentile = percentile_id(args.percentile)
    if percentile not in percentiles:
        raise UsageError(
            f"No {args.percentile!r} percentile in these metrics.",
            hint=f"Percentiles with data: {', '.join(percentiles)} (p50 and p90 work too).",
        )
    device = args.device or default_device(report)
    if args.build_id:
        rows = line_rows(metric_view(report, percentile, device, None), percentile, device)
    else:
        rows = version_rows(report, percentile, device)
    if args.format == "table":
        rows = [{k: "" if v is None else v for k, v in row.items()} for row in rows]
    write_rows(rows, args.format, sys.stdout)
    return EXIT_OK
