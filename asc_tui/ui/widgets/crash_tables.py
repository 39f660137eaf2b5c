"""TestFlight feedback as tables: crash signatures (most crashes first), the submissions of
one signature (device, OS, build, date, uptime, battery, the tester's comment) and the
screenshot feedback."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from ...api.feedback import CrashSubmission, ScreenshotSubmission
from ...logs.crash_signatures import CrashSignature
from ..formatting import date_text, plain
from .item_table import ItemTable

SIGNATURE_COLUMNS = ("Crashes", "New", "Exception", "Frame", "Devices", "Builds", "Last seen")
SUBMISSION_COLUMNS = ("Date", "Build", "Device", "OS", "Uptime", "Battery", "Comment")
FEEDBACK_COLUMNS = ("Date", "Build", "Device", "OS", "Screenshots", "Comment")


def top(counter: Counter[str], limit: int = 2) -> str:
    """The commonest values, then how many more kinds: "iPhone15,2 (3), iPad13,1 (1) +2"."""
    common = counter.most_common()
    shown = ", ".join(f"{name} ({n})" for name, n in common[:limit])
    rest = len(common) - limit
    return f"{shown} +{rest}" if rest > 0 else shown


def signature_cells(signature: CrashSignature) -> tuple[Text, ...]:
    return (
        plain(f"{signature.count:,}", "bold"),
        plain("new", "bold yellow") if signature.new_in_build else plain(""),
        plain(signature.exception_type, "magenta"),
        plain(signature.frame_text),
        plain(top(signature.devices)),
        plain(", ".join(signature.builds[:3]) + (" …" if len(signature.builds) > 3 else "")),
        date_text(signature.last_seen),
    )


def app_wide_cells(signature: CrashSignature) -> tuple[Text, ...]:
    """The cells without "New" (an app's crashes span builds: nothing to be new against)."""
    count, _new, *rest = signature_cells(signature)
    return (count, *rest)


def uptime(milliseconds: int | None) -> str:
    if milliseconds is None:
        return "—"
    seconds = milliseconds // 1000
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"


def submission_cells(submission: CrashSubmission) -> tuple[Text, ...]:
    battery = submission.battery_percentage
    return (
        date_text(submission.created),
        plain(submission.build_number or "—"),
        plain(submission.device_model or "—"),
        plain(submission.os_version or "—"),
        plain(uptime(submission.app_uptime_ms)),
        plain("—" if battery is None else f"{battery}%"),
        plain(submission.comment, "italic"),
    )


class CrashSignaturesTable(ItemTable[CrashSignature]):
    """With ``for_build``, a "New" column marks what the build before did not have."""

    def __init__(self, *, for_build: bool = True, id: str | None = None) -> None:
        if for_build:
            super().__init__(SIGNATURE_COLUMNS, signature_cells, lambda s: s.key, id=id)
            return
        columns = tuple(c for c in SIGNATURE_COLUMNS if c != "New")
        super().__init__(columns, app_wide_cells, lambda s: s.key, id=id)


class CrashSubmissionsTable(ItemTable[CrashSubmission]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(SUBMISSION_COLUMNS, submission_cells, lambda s: s.id, id=id)


def feedback_cells(submission: ScreenshotSubmission) -> tuple[Text, ...]:
    return (
        date_text(submission.created),
        plain(submission.build_number or "—"),
        plain(submission.device_model or "—"),
        plain(submission.os_version or "—"),
        plain(f"{len(submission.screenshots)}"),
        plain(submission.comment, "italic"),
    )


class FeedbackTable(ItemTable[ScreenshotSubmission]):
    opens = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(FEEDBACK_COLUMNS, feedback_cells, lambda s: s.id, id=id)
