"""One TestFlight crash report in the log viewer: the exception, reason and blame frame on
top; below, the stack that explains the crash first and open (the Last Exception Backtrace
when there is one, else the crashed thread) with the blame frame marked, the other threads
folded. Search, filter, copy and `b` work as for diagnostic logs; `e` saves the report as
Apple sent it. Also a saved ``.crash`` / ``.ips`` file opened offline."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import BindingType

from ...api.builds import Build
from ...api.feedback import CrashSubmission
from ...api.models import App
from ...api.signatures import DiagnosticSignature
from ...files.atomic import write_text_atomically
from ...logs.calltree import CallTree
from ...logs.crash_signatures import CrashSignature
from ...logs.crash_tree import crash_call_tree, report_heading
from ...logs.files import default_folder, load_crash_file
from ...metrics.export import safe_name
from ...safe_text import visible
from ...store.crashes import CrashLog
from ..keymap import bindings
from ..lifecycle import Phase
from .base import BrowserScreen
from .logs import LogsScreen
from .region import DataRegion


def crash_header(log: CrashLog | None, submission: CrashSubmission | None, missing: str) -> Text:
    text = Text(no_wrap=False)
    if log is None or log.report is None:
        if log is not None and log.error is not None:
            text.append(visible(log.error.message, multiline=True), style="bold red")
        else:
            text.append(missing, style="italic")
        return text
    heading = dict(report_heading(log.report))
    text.append(visible(heading.pop("Exception", "Crash")), style="bold magenta")
    for label in ("Reason", "Blame"):
        if label in heading:
            text.append(f"\n{label}: ", style="dim")
            text.append(visible(heading.pop(label)), style="bold" if label == "Blame" else "")
    parts = [(label, value) for label, value in heading.items() if label != "Codes"]
    text.append("\n")
    text.append(" · ".join(f"{label}: {visible(value)}" for label, value in parts), style="dim")
    if submission is not None and submission.comment:
        text.append("\nTester: ", style="dim")
        text.append(visible(submission.comment, multiline=True), style="italic")
    return text


class CrashReportScreen(LogsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("logs"), *bindings("crash_report")]

    def __init__(
        self,
        app: App,
        signature: CrashSignature | None,
        submission: CrashSubmission,
        trail: list[str] | None = None,
    ) -> None:
        stand_in = DiagnosticSignature(
            id=submission.id,
            diagnostic_type="",
            signature=signature.key if signature else submission.id,
            weight=-1.0,
        )
        build = Build(id=submission.build_id, version=submission.build_number)
        super().__init__(app, build, stand_in)
        self.submission: CrashSubmission | None = submission
        self.crash: CrashLog | None = None
        self.logs_region.what = "crash report"
        self.deleted = False
        """Its submission was deleted in App Store Connect (x)."""
        self.trail = trail or [app.name, "Crashes"]
        """The breadcrumb of the list it was opened from (the build's, when one)."""

    def breadcrumb(self) -> list[str]:
        submission = self.submission
        where = (
            " · ".join(part for part in (submission.device_model, submission.os_version) if part)
            if submission
            else ""
        )
        return [*self.trail, where or "Crash report"]

    async def load_crash(self, refresh: bool) -> CrashLog:
        assert self.submission is not None
        store = await self.get_store()
        return await store.crashes.crash_log(self.submission.id, refresh=refresh)

    async def fetch_logs(self, refresh: bool) -> int:
        log = await self.load_crash(refresh)
        # thousands of frames: built off the event loop, as the report was parsed
        tree = await asyncio.to_thread(crash_call_tree, log.report) if log.report else None
        self.show_crash(log, tree)
        return 1 if log.report is not None else 0

    def show_crash(self, log: CrashLog, tree: CallTree | None) -> None:
        self.crash = log
        self.log_header.full_text = crash_header(log, self.submission, "")
        self.log_header.fit()
        self.call_tree.set_tree(tree)
        self.refresh_status()
        self.refresh_bindings()

    def missing_text(self) -> str:
        state = self.logs_region.state
        if state.phase in (Phase.FAILED, Phase.STALE):
            return "The crash report could not be loaded (the error is above) — r retries."
        return "Loading the crash report…"

    def region_changed(self, region: DataRegion) -> None:
        BrowserScreen.region_changed(self, region)
        if self.crash is None:
            self.log_header.full_text = crash_header(None, None, self.missing_text())
            self.log_header.fit()

    def region_summary(self, region: DataRegion) -> Text | None:
        tree = self.call_tree.call_tree
        if tree is None:
            return Text("not a crash report")
        summary = super().region_summary(region)
        plain = summary.plain if summary is not None else ""
        parts = [p for p in plain.split(" · ") if not p.startswith("log ")]
        parts.insert(-2, f"{tree.thread_count} stacks")
        return Text(" · ".join(parts))

    def acts(self, action: str) -> bool:
        if action == "switch_log":
            return False
        if action in ("save", "details"):
            return self.crash is not None
        if action == "delete_submission":
            return self.submission is not None and not self.deleted and not self.busy
        return True

    def action_delete_submission(self) -> None:
        """Ask, delete the submission shown; its list (below) goes on without it."""
        from ...api.feedback import CRASHES
        from .crashes import CrashSubmissionsScreen
        from .feedback_delete import ask_to_delete

        if self.submission is None or self.deleted:
            return

        def deleted(submission_id: str) -> None:
            self.deleted = True
            self.refresh_bindings()
            for screen in self.app.screen_stack:
                if isinstance(screen, CrashSubmissionsScreen):
                    screen.submission_deleted(submission_id)

        ask_to_delete(self, CRASHES, self.submission, deleted)

    def save_name(self) -> str:
        parts = (self.app_model.name, self.build.version, "crash", self.signature.id)
        return safe_name("-".join(part for part in parts if part))

    def action_save(self) -> None:
        if self.crash is None:
            self.notify("Nothing to save yet: the report is still loading.", severity="warning")
            return
        self._save_crash(self.save_folder or default_folder())

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save_crash(self, folder: Path) -> None:
        assert self.crash is not None
        report = self.crash.report
        suffix = ".ips" if report is not None and report.form == "ips" else ".crash"
        path = folder / f"{self.save_name()}{suffix}"
        write_text_atomically(path, self.crash.text)
        self.app.call_from_thread(
            self.notify, str(path), title="Saved the crash report", markup=False, timeout=10
        )


class OfflineCrashScreen(CrashReportScreen):
    """A saved ``.crash`` or ``.ips`` file (`asc-tui logs open FILE`); r reads it again."""

    is_root: ClassVar[bool] = True

    def __init__(self, path: Path, log: CrashLog) -> None:
        submission = CrashSubmission(id=path.stem)
        super().__init__(App(id="", name=path.name, bundle_id=""), None, submission)
        self.path = path
        self.submission = None
        self._initial: CrashLog | None = log

    def breadcrumb(self) -> list[str]:
        return [str(self.path)]

    async def load_crash(self, refresh: bool) -> CrashLog:
        if self._initial is not None and not refresh:
            log, self._initial = self._initial, None
            return log
        text, report = await asyncio.to_thread(load_crash_file, self.path)
        return CrashLog(self.path.stem, text, report)
