"""Screenshot feedback saved to disk: each image (a pre-signed URL, fetched without the
API token) next to a text report of the submission (who, which device, the comment)."""

from __future__ import annotations

from pathlib import Path

import httpx

from ..api.feedback import ScreenshotSubmission
from ..api.urls import check_url
from ..errors import AscError
from ..files.atomic import write_bytes_atomically, write_text_atomically

MAX_IMAGE_BYTES = 32 * 1024 * 1024
"""A screenshot is a few hundred KB; more than this is not one."""


def feedback_report(submission: ScreenshotSubmission, images: list[Path]) -> str:
    fields = [
        ("Feedback", submission.id),
        ("Date", submission.created.isoformat() if submission.created else ""),
        ("Build", submission.build_number or submission.build_id),
        ("Device", submission.device_model),
        ("OS", submission.os_version),
        ("Locale", submission.locale),
        ("Connection", submission.connection_type),
        ("Battery", f"{submission.battery_percentage}%" if submission.battery_percentage else ""),
        ("Tester", submission.email),
        ("Screenshots", ", ".join(path.name for path in images)),
    ]
    lines = [f"{label}: {value}" for label, value in fields if value]
    return "\n".join([*lines, "", "Comment:", submission.comment or "(none)", ""])


async def save_feedback(
    submission: ScreenshotSubmission, folder: Path, name: str, http: httpx.AsyncClient
) -> list[Path]:
    """``<name>-1.png``… and ``<name>.txt`` in ``folder``; the files written, report last."""
    images: list[Path] = []
    for number, shot in enumerate(submission.screenshots, start=1):
        url = check_url(shot.url, what="The screenshot's URL")
        try:
            response = await http.get(url)
        except httpx.HTTPError as error:
            raise AscError(
                f"Screenshot {number} could not be downloaded ({type(error).__name__}).",
                hint="Its link expires after a while: r reloads the feedback, then save again.",
            ) from None
        if response.status_code != 200 or len(response.content) > MAX_IMAGE_BYTES:
            raise AscError(
                f"Screenshot {number} could not be downloaded (HTTP {response.status_code}).",
                hint="Its link expires after a while: r reloads the feedback, then save again.",
            )
        kind = response.headers.get("content-type", "")
        suffix = ".jpg" if "jpeg" in kind else ".png"
        path = folder / f"{name}-{number}{suffix}"
        write_bytes_atomically(path, response.content)
        images.append(path)
    report = folder / f"{name}.txt"
    write_text_atomically(report, feedback_report(submission, images))
    return [*images, report]
