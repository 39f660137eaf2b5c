"""``asc-tui crashes --app ID [--build ID] [--submissions]``, ``asc-tui crashes log
SUBMISSION_ID [-o FILE]`` and ``asc-tui feedback --app ID``: TestFlight crashes grouped into
signatures, their submissions and crash reports, and screenshot feedback, for scripts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AscError, IncompleteCrashLogsError
from .common import EXIT_OK, EXIT_USAGE, add_connection_flags, add_output_flags, api_client

if TYPE_CHECKING:
    from ..api.feedback import CrashSubmission, ScreenshotSubmission
    from ..logs.crash_signatures import CrashSignature
    from ..store.crashes import SignatureLoad


def register(sub: Any) -> None:
    crashes = sub.add_parser(
        "crashes",
        help="TestFlight crashes grouped into signatures; `crashes log ID` prints a crash report",
        description=(
            "asc-tui crashes --app ID [--build ID] lists the crash signatures (exception type "
            "and the first frame of the app's code) with their counts over every submission; "
            "--submissions lists the submissions themselves. asc-tui crashes log "
            "SUBMISSION_ID [-o FILE] prints or saves one crash report (.crash or .ips text)."
        ),
    )
    crashes.add_argument("words", nargs="*", metavar="log SUBMISSION_ID")
    crashes.add_argument("--app", metavar="APP_ID", help="the app (required for the lists)")
    crashes.add_argument("--build", metavar="BUILD_ID", help="only this build's crashes")
    crashes.add_argument(
        "--submissions", action="store_true", help="the submissions rather than signatures"
    )
    crashes.add_argument("-o", "--output", metavar="FILE", help="with `log`: write the report here")
    add_output_flags(crashes)
    add_connection_flags(crashes)
    crashes.set_defaults(run=run_crashes)

    feedback = sub.add_parser("feedback", help="TestFlight screenshot feedback of an app")
    feedback.add_argument("--app", metavar="APP_ID", required=True)
    feedback.add_argument("--build", metavar="BUILD_ID", help="only this build's feedback")
    add_output_flags(feedback)
    add_connection_flags(feedback)
    feedback.set_defaults(run=run_feedback)


def _usage(message: str) -> int:
    print(f"asc-tui: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_crashes(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words:
        if words[0] != "log" or len(words) != 2:
            return _usage("use `asc-tui crashes log SUBMISSION_ID [-o FILE]`")
        return _run_log(args, words[1])
    if not args.app:
        return _usage("crashes needs --app APP_ID (see `asc-tui apps`)")
    from ..store import Store
    from .output import write_rows

    async def fetch() -> tuple[list[dict[str, object]], SignatureLoad | None]:
        async with api_client(args) as client:
            crashes = Store(client).crashes
            if args.submissions:
                found = await crashes.submissions(args.app, args.build or "")
                return [submission_row(s, args.format) for s in found], None
            load = await crashes.signatures(args.app, args.build or "")
            rows = [signature_row(s, args.format, bool(args.build)) for s in load.signatures]
            return rows, load

    rows, load = asyncio.run(fetch())
    write_rows(rows, args.format, sys.stdout)
    if load is not None and load.failures:  # the signatures above are from the others
        sys.stdout.flush()
        cause = (load.failed or load.failed_before)[0].error
        raise IncompleteCrashLogsError(load.failure_text(), cause=cause)
    return EXIT_OK


def _run_log(args: argparse.Namespace, submission_id: str) -> int:
    from .reports import write_output

    async def fetch() -> str:
        async with api_client(args) as client:
            return await client.crash_log(submission_id)

    text = asyncio.run(fetch())
    if not text:
        raise AscError(f"Submission {submission_id} has no crash report text.")
    output = Path(args.output) if args.output else None
    write_output(text if text.endswith("\n") else text + "\n", output)
    if output is not None:
        print(output)
    return EXIT_OK


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _counts(counter: Counter[str], fmt: str) -> object:
    if fmt == "json":
        return dict(counter.most_common())
    return ", ".join(f"{name} ({n})" for name, n in counter.most_common())


def signature_row(signature: CrashSignature, fmt: str, for_build: bool) -> dict[str, object]:
    builds: object = signature.builds if fmt == "json" else ", ".join(signature.builds)
    row: dict[str, object] = {
        "count": signature.count,
        "exceptionType": signature.exception_type,
        "frame": signature.frame_text,
        "location": signature.location,
        "devices": _counts(signature.devices, fmt),
        "osVersions": _counts(signature.os_versions, fmt),
        "builds": builds,
        "firstSeen": _when(signature.first_seen),
        "lastSeen": _when(signature.last_seen),
    }
    if for_build:
        row["newInBuild"] = signature.new_in_build
    if fmt == "json":
        row["signature"] = signature.key
        row["submissions"] = [s.id for s in signature.submissions]
    return row


def _feedback_row(item: CrashSubmission | ScreenshotSubmission) -> dict[str, object]:
    return {
        "id": item.id,
        "createdDate": _when(item.created),
        "build": item.build_number or item.build_id,
        "device": item.device_model,
        "os": item.os_version,
        "comment": item.comment,
    }


def submission_row(submission: CrashSubmission, fmt: str) -> dict[str, object]:
    row = _feedback_row(submission)
    row["batteryPercentage"] = submission.battery_percentage
    row["appUptimeSeconds"] = (
        None if submission.app_uptime_ms is None else round(submission.app_uptime_ms / 1000)
    )
    if fmt == "json":
        row["buildId"] = submission.build_id
        row["email"] = submission.email
        row["connectionType"] = submission.connection_type
    return row


def run_feedback(args: argparse.Namespace) -> int:
    from ..store import Store
    from .output import write_rows

    async def fetch() -> list[dict[str, object]]:
        async with api_client(args) as client:
            found = await Store(client).crashes.screenshots(args.app, args.build or "")
        rows = []
        for item in found:
            row = _feedback_row(item)
            urls = [shot.url for shot in item.screenshots]
            row["screenshots"] = urls if args.format == "json" else len(urls)
            rows.append(row)
        return rows

    write_rows(asyncio.run(fetch()), args.format, sys.stdout)
    return EXIT_OK
