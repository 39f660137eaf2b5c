"""TestFlight crashes: an app's (or a build's) crash signatures, most crashes first, and
the submissions of one signature. Enter goes down to the crash report."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from ...api.builds import Build
from ...api.feedback import CrashSubmission
from ...api.models import App
from ...errors import IncompleteCrashLogsError
from ...files.atomic import write_text_atomically
from ...logs.crash_markdown import signature_markdown
from ...logs.crash_signatures import CrashSignature
from ...logs.files import default_folder
from ...metrics.export import safe_name
from ...safe_text import visible
from ...store.crashes import IncompleteSignaturesError, SignatureLoad
from ..clipboard import copy_text
from ..keymap import bindings
from ..lifecycle import Phase
from ..widgets.crash_tables import CrashSignaturesTable, CrashSubmissionsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen
from .feedback import feedback_breadcrumb
from .region import DataRegion


def copy_signature(screen: BrowserScreen, signature: CrashSignature | None) -> None:
    """Copy ``signature`` as Markdown, or save it as a .md file when it is too large."""
    if signature is None:
        return
    text = visible(signature_markdown(signature), multiline=True)  # no terminal controls
    if not copy_text(screen, text, "signature as Markdown", instead="It is saved as a file"):
        folder = default_folder()
        path = folder / f"{safe_name(signature.key)[:80]}.md"
        write_text_atomically(path, text)
        screen.notify(str(path), title="Saved the signature as Markdown", markup=False)


NO_CRASHES = (
    "No TestFlight crashes reported{where}. Testers' crash reports appear here when they "
    "choose to share them after a crash."
)


class CrashesScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("crashes")

    def __init__(self, app: App, build: Build | None = None) -> None:
        super().__init__()
        self.app_model = app
        self.build = build
        where = f" for {build.display_version}" if build else " for this app"
        self.signatures = DataRegion(
            self,
            "crashes",
            "crash reports",
            self.fetch_signatures,
            widget="#crash-signatures",
            show=self.show_signatures,
            empty=NO_CRASHES.format(where=where),
        )
        self.logs_read: tuple[int, int] | None = None
        """While loading: crash logs read so far, of how many."""
        self.load_result: SignatureLoad | None = None
        """The last load: its signatures, and the submissions whose crash log failed."""
        self.regroup = False
        """A submission was deleted since: group again when shown."""

    def breadcrumb(self) -> list[str]:
        return feedback_breadcrumb(self.app_model, self.build, "Crashes")

    def compose_body(self) -> ComposeResult:
        yield CrashSignaturesTable(for_build=self.build is not None, id="crash-signatures")

    @property
    def table(self) -> CrashSignaturesTable:
        return self.query_one(CrashSignaturesTable)

    async def fetch_signatures(self, refresh: bool) -> int:
        """The signatures; after a load where some crash logs failed, r fetches only those
        (the submissions and the logs that loaded are kept)."""
        store = await self.get_store()
        retry_failed = self.load_result is not None and self.load_result.failures > 0
        try:
            load = await store.crashes.signatures(
                self.app_model.id,
                self.build.id if self.build else "",
                refresh=refresh and not retry_failed,
                progress=self._logs_progress,
            )
        except IncompleteSignaturesError as error:  # the status line says both
            self.load_result = error.load
            raise
        finally:
            self.logs_read = None
        self.load_result = load
        self.show_signatures(load.signatures)
        if load.failed and not load.signatures:  # nothing to show: not "no crashes"
            raise IncompleteCrashLogsError(load.failure_text(), cause=load.failed[0].error)
        if load.failures:
            self.notify(f"{self._failure_text()}.", severity="warning", markup=False)
        return len(load.signatures)

    def _logs_progress(self, done: int, total: int) -> None:
        self.logs_read = (done, total)
        self.refresh_status()

    def loading_label(self, region: DataRegion) -> str:
        """ "Reading crash logs… 120 of 230" once the submissions are listed."""
        if self.logs_read is None:
            return ""
        done, total = self.logs_read
        return f"Reading crash logs… {done:,} of {total:,}"

    def status_extras(self) -> list[Text]:
        """After the list of submissions stopped part way (the region's own line says so),
        the crash logs of the part that loaded that did not load either."""
        state = self.signatures.state
        failures = self._failure_text(narrow=True, also=True)
        stopped = state.phase in (Phase.STALE, Phase.FAILED) and state.error is not None
        extra = [Text(failures, style="bold yellow")] if stopped and failures else []
        return [*extra, *super().status_extras()]

    def _failure_text(self, *, narrow: bool = False, also: bool = False) -> str:
        """ "3 crash logs not loaded: reason — r retries them"; ``narrow`` (the status
        line, cut at its width) names the key before the reason, which may be long."""
        load = self.load_result
        if load is None or not load.failures:
            return ""
        if narrow:
            again = "r retries them too" if also else "r retries them"
            return f"{load.not_loaded()} — {again}: {visible(load.reason)}"
        return f"{visible(load.failure_text())} — r retries them"

    def show_signatures(self, signatures: list[CrashSignature]) -> int:
        """Shows the signatures (also those of the crashes listed before the list of
        submissions stopped part way); how many crash reports they hold."""
        self.table.set_items(signatures)
        return sum(s.count for s in signatures)

    def region_summary(self, region: DataRegion) -> Text | None:
        items = self.table.items
        crashes = sum(s.count for s in items)
        new = sum(s.new_in_build for s in items)
        text = Text(f"{len(items):,} signatures · {crashes:,} crashes")
        text.append(f" · {new} new in this build" if new else "")
        failures = self._failure_text(narrow=True)
        return Text(failures, style="bold yellow") + " · " + text if failures else text

    def acts(self, action: str) -> bool:
        if action == "copy_signature":
            return self.table.selected_item is not None
        return True

    def on_screen_resume(self) -> None:
        """(Textual calls BrowserScreen's too.)"""
        if self.regroup:  # a submission was deleted: grouped again from what is held
            self.regroup = False
            self.signatures.start(False)

    def action_copy_signature(self) -> None:
        copy_signature(self, self.table.selected_item)

    @on(ItemTable.Opened, "#crash-signatures")
    def _open(self, event: ItemTable.Opened) -> None:
        self.app.push_screen(CrashSubmissionsScreen(self.app_model, self.build, event.item))


class CrashSubmissionsScreen(BrowserScreen):
    """The crashes of one signature, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("crashes"), *bindings("crash_submissions")]

    def __init__(self, app: App, build: Build | None, signature: CrashSignature) -> None:
        super().__init__()
        self.app_model = app
        self.build = build
        self.signature = signature
        self.submissions = DataRegion(
            self,
            "submissions",
            "crashes",
            self.fetch_submissions,
            widget="#crash-submissions",
            show=self.show_submissions,
        )

    def breadcrumb(self) -> list[str]:
        return [
            *feedback_breadcrumb(self.app_model, self.build, "Crashes"),
            self.signature.frame_text,
        ]

    def compose_body(self) -> ComposeResult:
        yield CrashSubmissionsTable(id="crash-submissions")

    @property
    def table(self) -> CrashSubmissionsTable:
        return self.query_one(CrashSubmissionsTable)

    async def fetch_submissions(self, refresh: bool) -> int:
        """The signature's submissions (loaded with it); r groups the crashes again (a
        list of submissions that stopped part way resumes; the signatures are grouped
        again when shown)."""
        submissions = self.signature.submissions
        if refresh:
            store = await self.get_store()
            build_id = self.build.id if self.build else ""
            self._regroup()
            submissions = await store.crashes.signature_submissions(
                self.app_model.id, build_id, self.signature.key, refresh=True
            )
        return self.show_submissions(submissions)

    def show_submissions(self, submissions: list[CrashSubmission]) -> int:
        """Shows them, newest first (also those loaded before the list stopped)."""
        self.table.set_items(sorted(submissions, key=_newest, reverse=True))
        return len(submissions)

    def action_copy_signature(self) -> None:
        copy_signature(self, self.signature)

    def acts(self, action: str) -> bool:
        if action == "delete_submission":
            return self.table.selected_item is not None and not self.busy
        return True

    def action_delete_submission(self) -> None:
        from ...api.feedback import CRASHES
        from .feedback_delete import delete_selected

        delete_selected(self, CRASHES, self.table, self.submissions, self._regroup)

    def submission_deleted(self, submission_id: str) -> None:
        """A submission deleted on its crash report: out of the rows, and the signatures
        grouped again when shown."""
        from .feedback_delete import take_out

        take_out(self.table, self.submissions, submission_id)
        self._regroup()

    def _regroup(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, CrashesScreen):
                screen.regroup = True

    @on(ItemTable.Opened, "#crash-submissions")
    def _open(self, event: ItemTable.Opened) -> None:
        from .crash_report import CrashReportScreen

        submission: CrashSubmission = event.item
        trail = feedback_breadcrumb(self.app_model, self.build, "Crashes")
        self.app.push_screen(CrashReportScreen(self.app_model, self.signature, submission, trail))


def _newest(submission: CrashSubmission) -> str:
    return submission.created.isoformat() if submission.created else ""
