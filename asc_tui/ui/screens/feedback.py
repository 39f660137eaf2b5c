"""An app's (or one build's) TestFlight screenshot feedback, newest first, with the
testers' comments; `e` saves the selected feedback's screenshots next to a text report."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType

from ...api.builds import Build
from ...api.feedback import ScreenshotSubmission
from ...api.models import App
from ...logs.files import default_folder
from ...metrics.export import safe_name
from ..keymap import bindings
from ..widgets.crash_tables import FeedbackTable
from .base import BrowserScreen
from .region import DataRegion


class FeedbackScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("feedback")

    save_folder: Path | None = None
    """Where `e` writes (None: the downloads folder, else the current one)."""

    def __init__(self, app: App, build: Build | None = None) -> None:
        super().__init__()
        self.app_model = app
        self.build = build
        where = f"for {build.display_version}" if build else "for this app"
        self.feedback = DataRegion(
            self,
            "feedback",
            "feedback",
            self.fetch_feedback,
            widget="#feedback",
            show=self.show_feedback,
            empty=f"No screenshot feedback from TestFlight testers {where} yet.",
        )

    def breadcrumb(self) -> list[str]:
        return feedback_breadcrumb(self.app_model, self.build, "Feedback")

    def compose_body(self) -> ComposeResult:
        yield FeedbackTable(id="feedback")

    @property
    def table(self) -> FeedbackTable:
        return self.query_one(FeedbackTable)

    async def fetch_feedback(self, refresh: bool) -> int:
        store = await self.get_store()
        build_id = self.build.id if self.build else ""
        found = await store.crashes.screenshots(self.app_model.id, build_id, refresh=refresh)
        return self.show_feedback(found)

    def show_feedback(self, found: list[ScreenshotSubmission]) -> int:
        self.table.set_items(found)
        return len(found)

    def acts(self, action: str) -> bool:
        if action in ("save", "delete_submission"):
            return self.table.selected_item is not None and not self.busy
        return True

    def action_delete_submission(self) -> None:
        from ...api.feedback import SCREENSHOTS
        from .feedback_delete import delete_selected

        delete_selected(self, SCREENSHOTS, self.table, self.feedback)

    def action_save(self) -> None:
        submission = self.table.selected_item
        if submission is None:
            return
        self.busy = "Saving the screenshots…"
        self._save(submission.id)

    @work(exclusive=True, exit_on_error=False, group="save")
    async def _save(self, submission_id: str) -> None:
        submission = next(s for s in self.table.items if s.id == submission_id)
        name = safe_name(f"{self.app_model.name}-feedback-{submission.id}")
        try:
            store = await self.get_store()
            folder = self.save_folder or default_folder()
            saved = await store.crashes.save_screenshots(submission, folder, name)
        finally:
            self.busy = ""
        count = len(saved) - 1  # the screenshots, then the text report
        self.notify(
            "\n".join(str(path) for path in saved),
            title=f"Saved {count} screenshot{'s' if count != 1 else ''} and a text report",
            markup=False,
            timeout=10,
        )


def feedback_breadcrumb(app: App, build: Build | None, what: str) -> list[str]:
    """[app, "1.1 (64)", "Crashes"] for a build's; [app, "Crashes (all builds)"] else."""
    if build is None:
        return [app.name, f"{what} (all builds)"]
    return [app.name, build.display_version, what]
