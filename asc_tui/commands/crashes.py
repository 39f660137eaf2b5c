"""``asc-tui crashes --app ID [filters] [--submissions]``, ``asc-tui crashes log
SUBMISSION_ID [-o FILE]`` and ``asc-tui feedback --app ID [filters]``: TestFlight crashes
grouped into signatures, their submissions and crash reports, and screenshot feedback, for
scripts. The filters are Apple's (build, version, device model, OS version, tester,
platforms), sent to the server."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AscError, IncompleteCrashLogsError, IncompleteListError
from .common import add_connection_flags, add_output_flags, api_client
from .exit_codes import EXIT_OK, EXIT_USAGE, report_error
from .output import write_rows
from .partial import partial, write_partial

if TYPE_CHECKING:
    from ..api.client import AscClient
    from ..api.feedback import CrashSubmission, FeedbackFilter, ScreenshotSubmission
    from ..logs.crash_signatures import CrashSignature
    from ..store.crashes import SignatureLoad


Rows = list[dict[str, object]]


def register(sub: Any) -> None:
    crashes = sub.add_parser(
        "crashes",
        help="TestFlight crashes grouped into signatures; `crashes log ID` prints a crash report",
        description=(
            "asc-tui crashes --app ID [--build ID] lists the crash signatures (exception type "
            "and the first frame of the app's code) with their counts over every submission; "
            "--submissions lists the submissions themselves. asc-tui crashes log "
            "SUBMISSION_ID [-o FILE] prints or saves one crash report (.crash or .ips text); "
            "asc-tui crashes delete SUBMISSION_ID [--yes] deletes a submission."
        ),
    )
    crashes.add_argument("words", nargs="*", metavar="log|delete SUBMISSION_ID")
    crashes.add_argument("--app", metavar="APP_ID", help="the app (required for the lists)")
    add_filter_flags(crashes, "crashes")
    crashes.add_argument(
        "--submissions", action="store_true", help="the submissions rather than signatures"
    )
    crashes.add_argument("-o", "--output", metavar="FILE", help="with `log`: write the report here")
    _add_yes_flag(crashes)
    add_output_flags(crashes)
    add_connection_flags(crashes)
    crashes.set_defaults(run=run_crashes)

    feedback = sub.add_parser(
        "feedback",
        help="TestFlight screenshot feedback of an app; `feedback delete ID` deletes one",
    )
    feedback.add_argument("words", nargs="*", metavar="delete SUBMISSION_ID")
    feedback.add_argument("--app", metavar="APP_ID", help="the app (required for the list)")
    add_filter_flags(feedback, "feedback")
    _add_yes_flag(feedback)
    add_output_flags(feedback)
    add_connection_flags(feedback)
    feedback.set_defaults(run=run_feedback)


def _platform(value: str) -> str:
    from ..api.feedback import PLATFORMS

    upper = value.strip().upper()
    if upper not in PLATFORMS:
        raise argparse.ArgumentTypeError(f"use one of {', '.join(PLATFORMS)} (not {value!r})")
    return upper


def add_filter_flags(parser: argparse.ArgumentParser, what: str) -> None:
    """Apple's filters of the submission lists, sent to the server as they are."""
    group = parser.add_argument_group("filters (Apple's, applied by the server)")
    group.add_argument("--build", metavar="BUILD_ID", help=f"only this build's {what}")
    group.add_argument(
        "--version",
        metavar="VERSION",
        help="only the builds of this app version (e.g. 2.4; or a pre-release version ID)",
    )
    group.add_argument("--device", metavar="MODEL", help="only this device model (iPhone15,2)")
    group.add_argument("--os", metavar="VERSION", help="only this OS version (e.g. 18.1)")
    group.add_argument("--tester", metavar="TESTER_ID", help="only this tester's (betaTesters ID)")
    group.add_argument(
        "--platform", metavar="PLATFORM", type=_platform, help="app platform: IOS, MAC_OS, …"
    )
    group.add_argument(
        "--device-platform",
        metavar="PLATFORM",
        type=_platform,
        help="the device's platform (an iOS app on a Mac: MAC_OS)",
    )


_VERSION_NUMBER = re.compile(r"^\d+(\.\d+)*$")


async def feedback_filter(args: argparse.Namespace, client: AscClient) -> FeedbackFilter:
    """The filters given; ``--version 2.4`` is looked up among the app's versions (Apple
    filters by pre-release version ID). A ``--build`` that does not exist, or is another
    app's, is said as such (Apple's filter would list nothing)."""
    from ..api.feedback import FeedbackFilter
    from ..api.not_found import build_of_app

    if args.build:
        await build_of_app(client, args.build, args.app)
    version = (args.version or "").strip()
    if _VERSION_NUMBER.match(version):
        versions = await client.app_versions(args.app)
        ids = [v.id for v in versions if v.version == version]
        if not ids:
            known = ", ".join(sorted({v.version for v in versions})) or "none"
            raise AscError(
                f"App {args.app} has no version {version}.",
                hint=f"Its versions: {known}.",
            )
        version = ",".join(ids)
    return FeedbackFilter(
        build=args.build or "",
        pre_release_version=version,
        device_model=args.device or "",
        os_version=args.os or "",
        tester=args.tester or "",
        app_platform=args.platform or "",
        device_platform=args.device_platform or "",
    )


def _add_yes_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes", action="store_true", help="with `delete`: delete without asking (for scripts)"
    )


def _usage(message: str) -> int:
    print(f"asc-tui: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_crashes(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words:
        if words[0] not in ("log", "delete") or len(words) != 2:
            return _usage(
                "use `asc-tui crashes log SUBMISSION_ID [-o FILE]` or "
                "`asc-tui crashes delete SUBMISSION_ID [--yes]`"
            )
        if words[0] == "delete":
            from ..api.feedback import CRASHES
            from .feedback_delete import run_delete

            return run_delete(args, CRASHES, words[1])
        return _run_log(args, words[1])
    if not args.app:
        return _usage("crashes needs --app APP_ID (see `asc-tui apps`)")
    from ..store import Store

    async def fetch() -> tuple[Rows, SignatureLoad | None, IncompleteListError | None]:
        from ..store.crashes import IncompleteSignaturesError

        async with api_client(args) as client:
            crashes = Store(client).crashes
            where = await feedback_filter(args, client)
            if args.submissions:
                found, stopped = await partial(crashes.submissions(args.app, where=where))
                return [submission_row(s, args.format) for s in found], None, stopped
            try:
                load, stopped = await crashes.signatures(args.app, where=where), None
            except IncompleteSignaturesError as error:  # the signatures of what loaded
                load, stopped = error.load, error
            rows = [signature_row(s, args.format, bool(args.build)) for s in load.signatures]
            return rows, load, stopped

    rows, load, stopped = asyncio.run(fetch())
    if load is None or not load.failures:
        return write_partial(rows, stopped, args.format)
    # the signatures are from the crash logs that loaded: say which did not
    write_rows(rows, args.format, sys.stdout)
    sys.stdout.flush()
    failed = IncompleteCrashLogsError(
        f"{load.failure_text()}. Their submissions: {load.failed_ids()}.",
        cause=(load.failed or load.failed_before)[0].error,
    )
    if stopped is None:
        raise failed
    report_error(failed)  # one line each: the crash logs, then what stopped the list
    raise stopped


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
        row["appPlatform"] = submission.app_platform
        row["devicePlatform"] = submission.device_platform
    return row


def run_feedback(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words:
        if words[0] != "delete" or len(words) != 2:
            return _usage("use `asc-tui feedback delete SUBMISSION_ID [--yes]`")
        from ..api.feedback import SCREENSHOTS
        from .feedback_delete import run_delete

        return run_delete(args, SCREENSHOTS, words[1])
    if not args.app:
        return _usage("feedback needs --app APP_ID (see `asc-tui apps`)")
    from ..store import Store

    async def fetch() -> tuple[Rows, IncompleteListError | None]:
        async with api_client(args) as client:
            where = await feedback_filter(args, client)
            found, stopped = await partial(Store(client).crashes.screenshots(args.app, where=where))
        rows = []
        for item in found:
            row = _feedback_row(item)
            urls = [shot.url for shot in item.screenshots]
            row["screenshots"] = urls if args.format == "json" else len(urls)
            rows.append(row)
        return rows, stopped

    return write_partial(*asyncio.run(fetch()), args.format)
