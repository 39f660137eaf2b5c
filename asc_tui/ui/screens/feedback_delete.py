"""Deleting a TestFlight crash or screenshot submission from the lists that show them:
a yes/no dialog naming the submission, then the delete in a worker; a failure is the
screen's failed action (the error panel), like any other."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text

from ...api.feedback import CRASHES, FeedbackKind, FeedbackSubmission
from ..dialogs.confirm import ConfirmDialog
from ..formatting import date_text

if TYPE_CHECKING:
    from ..widgets.item_table import ItemTable
    from .base import BrowserScreen
    from .region import DataRegion

S = TypeVar("S", bound=FeedbackSubmission)


def _nothing() -> None:
    return None


def delete_selected(
    screen: BrowserScreen,
    kind: FeedbackKind,
    table: ItemTable[S],
    region: DataRegion,
    then: Callable[[], None] = _nothing,
) -> None:
    """Ask about the submission selected in ``table``, delete it, take it out of the
    table (and the region's count), then ``then()``."""
    submission = table.selected_item
    if submission is None:
        return

    def deleted(submission_id: str) -> None:
        take_out(table, region, submission_id)
        then()

    ask_to_delete(screen, kind, submission, deleted)


def take_out(table: ItemTable[S], region: DataRegion, submission_id: str) -> None:
    """The deleted submission ``submission_id`` out of ``table`` and the region's count."""
    rest = [s for s in table.items if s.id != submission_id]
    table.set_items(rest)
    region.shown(len(rest))


def _what(kind: FeedbackKind) -> str:
    return "crash submission" if kind == CRASHES else "screenshot feedback"


def ask_to_delete(
    screen: BrowserScreen,
    kind: FeedbackKind,
    submission: FeedbackSubmission,
    deleted: Callable[[str], None],
) -> None:
    """Ask, then delete ``submission``; ``deleted(id)`` updates the screen afterwards."""
    what = _what(kind)
    when = date_text(submission.created).plain if submission.created else ""  # as listed
    about = ", ".join(p for p in (submission.device_model, submission.os_version, when) if p)
    question = Text.assemble(
        "Delete the ",
        (what, "bold"),
        " ",
        (submission.id, "dim"),
        f" ({about})" if about else "",
        "?\n",
        (f"“{submission.comment}”\n" if submission.comment else ""),
        "It is deleted in App Store Connect for everyone on the team; this cannot be undone.",
    )

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(
                _delete(screen, kind, submission, deleted),
                group="feedback-delete",
                exclusive=True,
                exit_on_error=False,
            )

    screen.app.push_screen(ConfirmDialog(f"Delete {what}", question), answered)


async def _delete(
    screen: BrowserScreen,
    kind: FeedbackKind,
    submission: FeedbackSubmission,
    deleted: Callable[[str], None],
) -> None:
    screen.clear_error()
    screen.busy = f"Deleting the {_what(kind)}…"
    try:
        store = await screen.get_store()
        await store.crashes.delete(kind, submission.id)
    finally:
        screen.busy = ""
    screen.notify(f"Deleted the {_what(kind)} {submission.id}.", markup=False)
    deleted(submission.id)
