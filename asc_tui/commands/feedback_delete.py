"""``asc-tui crashes delete SUBMISSION_ID`` and ``asc-tui feedback delete SUBMISSION_ID``:
delete a TestFlight crash or screenshot submission, after a yes on the terminal (or
``--yes``; without a terminal to ask on, ``--yes`` is required)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from .common import api_client
from .exit_codes import EXIT_ERROR, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ..api.feedback import CrashSubmission, FeedbackKind, ScreenshotSubmission


def _what(kind: FeedbackKind) -> str:
    from ..api.feedback import CRASHES

    return "crash submission" if kind == CRASHES else "screenshot feedback"


def question(kind: FeedbackKind, submission: CrashSubmission | ScreenshotSubmission) -> str:
    """``Delete crash submission ID (iPhone15,2, 18.1, 2026-11-01 09:20, "comment")?``"""
    created = submission.created
    when = created.astimezone().strftime("%Y-%m-%d %H:%M") if created else ""  # local time
    comment = f'"{submission.comment}"' if submission.comment else ""
    parts = [submission.device_model, submission.os_version, when, comment]
    details = ", ".join(part for part in parts if part)
    about = f" ({details})" if details else ""
    return f"Delete {_what(kind)} {submission.id}{about}? It cannot be undone. [y/N] "


def _ask(prompt: str) -> bool:
    print(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()  # "" at the end of input: no
    return answer.strip().lower() in ("y", "yes")


def run_delete(args: argparse.Namespace, kind: FeedbackKind, submission_id: str) -> int:
    what = _what(kind)
    if not args.yes and not sys.stdin.isatty():
        print(
            f"asc-tui: not deleting {what} {submission_id}: there is no terminal to confirm "
            "on. Add --yes to delete it without asking.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from ..store import Store

    async def delete() -> bool:
        async with api_client(args) as client:
            if not args.yes:
                submission = await client.feedback_submission(kind, submission_id)
                if not await asyncio.to_thread(_ask, question(kind, submission)):
                    return False
            await Store(client).crashes.delete(kind, submission_id)
            return True

    if not asyncio.run(delete()):
        print("asc-tui: nothing deleted.", file=sys.stderr)
        return EXIT_ERROR
    print(f"Deleted {what} {submission_id}.")
    return EXIT_OK
