"""``asc-tui analytics …``: report requests, reports, instances, and verified downloads.

asc-tui analytics requests APP_ID [--access-type T]
asc-tui analytics request APP_ID --access-type {ONGOING,ONE_TIME_SNAPSHOT}
asc-tui analytics delete REQUEST_ID [--yes]
asc-tui analytics reports REQUEST_ID [--category C]… [--name NAME]…
asc-tui analytics instances REPORT_ID [--granularity G]… [--date YYYY-MM-DD]…
asc-tui analytics download INSTANCE_ID [-o DIR] [--report REPORT_ID] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from .common import add_connection_flags, add_output_flags, api_client
from .exit_codes import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ..api.analytics_reports import AnalyticsApi, AnalyticsReportRequest

# The same values as asc_tui.api.analytics_reports (kept here so `--help` imports no HTTP stack).
ACCESS_TYPES = ("ONGOING", "ONE_TIME_SNAPSHOT")
CATEGORIES = ("APP_USAGE", "APP_STORE_ENGAGEMENT", "COMMERCE", "FRAMEWORK_USAGE", "PERFORMANCE")
GRANULARITIES = ("DAILY", "WEEKLY", "MONTHLY")

T = TypeVar("T")


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-10-31") from None


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "analytics",
        help="analytics reports: requests, reports, instances, downloads",
        description="Request, list and download App Store Connect analytics reports. "
        "Reading needs an API key with the Admin, Sales and Reports, or Finance role; "
        "creating and deleting requests needs Admin.",
    )
    actions = parser.add_subparsers(dest="analytics_command", metavar="ACTION", required=True)

    requests = actions.add_parser("requests", help="an app's report requests")
    requests.add_argument("app_id", metavar="APP_ID")
    requests.add_argument(
        "--access-type", type=str.upper, choices=ACCESS_TYPES, help="only this access type"
    )
    add_output_flags(requests)
    add_connection_flags(requests)
    requests.set_defaults(run=run_requests)

    request = actions.add_parser("request", help="request reports for an app (Admin role)")
    request.add_argument("app_id", metavar="APP_ID")
    request.add_argument("--access-type", type=str.upper, choices=ACCESS_TYPES, required=True)
    add_output_flags(request)
    add_connection_flags(request)
    request.set_defaults(run=run_create)

    delete = actions.add_parser("delete", help="delete a report request (Admin role)")
    delete.add_argument("request_id", metavar="REQUEST_ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_connection_flags(delete)
    delete.set_defaults(run=run_delete)

    reports = actions.add_parser("reports", help="the reports of a request, by category")
    reports.add_argument("request_id", metavar="REQUEST_ID")
    reports.add_argument(
        "--category", action="append", type=str.upper, choices=CATEGORIES, help="repeatable"
    )
    reports.add_argument("--name", action="append", help="exact report name (repeatable)")
    add_output_flags(reports)
    add_connection_flags(reports)
    reports.set_defaults(run=run_reports)

    instances = actions.add_parser("instances", help="a report's instances, newest first")
    instances.add_argument("report_id", metavar="REPORT_ID")
    instances.add_argument("--granularity", action="append", type=str.upper, choices=GRANULARITIES)
    instances.add_argument(
        "--date", action="append", type=_iso_date, help="processing date (repeatable)"
    )
    add_output_flags(instances)
    add_connection_flags(instances)
    instances.set_defaults(run=run_instances)

    download = actions.add_parser(
        "download", help="download, verify and gunzip every segment of an instance"
    )
    download.add_argument("instance_id", metavar="INSTANCE_ID")
    download.add_argument(
        "-o", "--output-dir", default=".", metavar="DIR", help="where to save (default: .)"
    )
    download.add_argument(
        "--report", metavar="REPORT_ID", help="the instance's report: names the sub-folder"
    )
    download.add_argument("--json", action="store_true", help="print the result as JSON")
    download.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_connection_flags(download)
    download.set_defaults(run=run_download)


def _with_api(args: argparse.Namespace, work: Callable[[AnalyticsApi], Awaitable[T]]) -> T:
    from ..api.analytics_reports import AnalyticsApi

    async def main() -> T:
        async with api_client(args) as client:
            return await work(AnalyticsApi(client))

    return asyncio.run(main())


def _request_row(request: AnalyticsReportRequest) -> dict[str, object]:
    return {
        "id": request.id,
        "accessType": request.access_type,
        "stoppedDueToInactivity": request.stopped_due_to_inactivity,
    }


def run_requests(args: argparse.Namespace) -> int:
    from .output import write_rows

    async def fetch(api: AnalyticsApi) -> list[dict[str, object]]:
        return [_request_row(r) for r in await api.requests(args.app_id, args.access_type)]

    write_rows(_with_api(args, fetch), args.format, sys.stdout)
    return EXIT_OK


def run_create(args: argparse.Namespace) -> int:
    from ..api.analytics_reports import FIRST_REPORTS_NOTE
    from .output import write_rows

    async def create(api: AnalyticsApi) -> dict[str, object]:
        return _request_row(await api.create_request(args.app_id, args.access_type))

    write_rows([_with_api(args, create)], args.format, sys.stdout)
    print(f"Requested. {FIRST_REPORTS_NOTE}", file=sys.stderr)
    return EXIT_OK


def run_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            print("asc-tui: add --yes to delete without asking.", file=sys.stderr)
            return EXIT_USAGE
        answer = input(f"Delete analytics report request {args.request_id}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Not deleted.", file=sys.stderr)
            return EXIT_OK

    async def delete(api: AnalyticsApi) -> None:
        await api.delete_request(args.request_id)

    _with_api(args, delete)
    print(f"Deleted report request {args.request_id}.", file=sys.stderr)
    return EXIT_OK


def run_reports(args: argparse.Namespace) -> int:
    from .output import write_rows

    async def fetch(api: AnalyticsApi) -> list[dict[str, object]]:
        reports = await api.reports(args.request_id, category=args.category, name=args.name)
        order = {c: n for n, c in enumerate(CATEGORIES)}
        reports.sort(key=lambda r: (order.get(r.category, len(order)), r.category, r.name))
        return [{"id": r.id, "category": r.category, "name": r.name} for r in reports]

    write_rows(_with_api(args, fetch), args.format, sys.stdout)
    return EXIT_OK


def run_instances(args: argparse.Namespace) -> int:
    from .output import write_rows

    async def fetch(api: AnalyticsApi) -> list[dict[str, object]]:
        instances = await api.instances(
            args.report_id, granularity=args.granularity, processing_dates=args.date
        )
        return [
            {
                "id": i.id,
                "granularity": i.granularity,
                "processingDate": i.processing_date.isoformat() if i.processing_date else "",
            }
            for i in instances
        ]

    write_rows(_with_api(args, fetch), args.format, sys.stdout)
    return EXIT_OK


class _ProgressLine:
    """Download progress on stderr: one updating line on a terminal, else a line per file."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.files_done = 0

    def __call__(self, done: int, total: int, files_done: int, files_total: int) -> None:
        if self.tty:
            size = f"{done / 1e6:.1f} / {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
            self.out.write(f"\rdownloading: {size}, {files_done}/{files_total} segments ")
            self.out.flush()
        elif files_done > self.files_done:
            self.out.write(f"segment {files_done}/{files_total} verified ({done:,} bytes)\n")
        self.files_done = files_done

    def finish(self) -> None:
        if self.tty:
            self.out.write("\n")


def run_download(args: argparse.Namespace) -> int:
    from ..analytics.download import DownloadResult, download_instance

    progress = None if args.quiet else _ProgressLine(sys.stderr)

    async def fetch(api: AnalyticsApi) -> DownloadResult:
        name = (await api.get_report(args.report)).name if args.report else None
        try:
            return await download_instance(
                api, args.instance_id, args.output_dir, report_name=name, progress=progress
            )
        finally:
            if progress is not None:
                progress.finish()

    result = _with_api(args, fetch)
    if args.json:
        document = {
            "path": str(result.path),
            "instanceId": result.instance.id,
            "granularity": result.instance.granularity,
            "processingDate": result.instance.processing_date_text,
            "segments": result.segments,
            "bytesDownloaded": result.bytes_downloaded,
            "bytesWritten": result.bytes_written,
            "rows": result.rows,
        }
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.path)
        print(f"{result.rows:,} rows from {result.segments} verified segment(s).", file=sys.stderr)
    return EXIT_OK
