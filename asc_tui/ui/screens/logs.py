"""A signature's logs: metadata and insights on top, the call stacks below."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Label

from ...api.builds import Build
from ...api.diagnostic_logs import DiagnosticLogsDocument
from ...api.models import App
from ...api.signatures import DiagnosticSignature
from ...logs.calltree import CallTree
from ...logs.files import default_folder, save_logs
from ...logs.opening import OpenedLogs, ReadRest
from ...metrics.export import safe_name
from ..formatting import diagnostic_type_label
from ..keymap import bindings
from ..lifecycle import Phase
from ..widgets.call_tree_view import CallTreeView
from ..widgets.log_header import LogHeader
from .base import BrowserScreen, Filterable
from .region import DataRegion

NO_LOGS = "No logs for this signature yet."
FIRST_PAINT_WAIT = 1.0
"""Seconds the rest of a big log waits for its first part to be painted, at most."""


class LogsScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("logs")

    SEARCH_HINT = "search symbols, binaries, files · Enter keeps · n/N step · Esc clears"
    FILTER_HINT = "show only matching frames and their callers · Enter keeps · Esc clears"

    def __init__(self, app: App, build: Build, signature: DiagnosticSignature) -> None:
        super().__init__()
        self.app_model = app
        self.build = build
        self.signature = signature
        self.document: DiagnosticLogsDocument | None = None
        self.raw: Any = None
        """The logs document as received, for saving."""
        self._bar_target: Filterable | None = None
        self.log_index = 0
        self.logs_region = DataRegion(
            self, "logs", "logs", self.fetch_logs, widget="#calltree"
        )  # the header says why there is no log (loading, failed, none yet)
        self._trees: dict[int, CallTree] = {}
        self._cursors: dict[int, int] = {}
        self.partial = False
        """What is shown is a big log's first part, the rest still being read."""
        self._reading = False
        """A thread is reading the rest of a big log (also after its load was stopped: the
        thread reads on to its end)."""

    def breadcrumb(self) -> list[str]:
        kind = diagnostic_type_label(self.signature.diagnostic_type)
        return [self.app_model.name, self.build.display_version, kind]

    def compose_body(self) -> ComposeResult:
        yield LogHeader(id="log-header")
        yield CallTreeView(id="calltree")

    def mounted(self) -> None:
        self.call_tree.focus()

    @property
    def log_header(self) -> LogHeader:
        return self.query_one(LogHeader)

    @property
    def call_tree(self) -> CallTreeView:
        return self.query_one(CallTreeView)

    @property
    def log_count(self) -> int:
        return len(self.document.logs) if self.document else 0

    def on_resize(self) -> None:
        self.log_header.fit()  # its share of the screen follows the terminal's height

    def action_details(self) -> None:
        from ..dialogs.text import DetailsScreen

        self.app.push_screen(DetailsScreen("Log details", self.log_header.full_text))

    def default_filter_target(self) -> Filterable | None:
        return self.call_tree.searcher

    def filter_target(self) -> Filterable | None:
        return self._bar_target or self.call_tree.searcher

    async def _open_bar(self, target: Filterable, hint: str, prompt: str) -> None:
        self._bar_target = target
        bar = await self.filter_bar()
        bar.input.placeholder = hint
        bar.query_one("#filter-prompt", Label).update(prompt)
        await super().action_filter()

    async def action_filter(self) -> None:
        """`/` filters, as on every screen: only matching frames and their callers."""
        await self._open_bar(self.call_tree, self.FILTER_HINT, "/")

    async def action_find(self) -> None:
        """`f` finds (n/N step through the matches) and keeps every frame in view."""
        await self._open_bar(self.call_tree.searcher, self.SEARCH_HINT, "find")

    def _filter_active(self) -> bool:
        return bool(self.call_tree.search_text or self.call_tree.filter_text)

    def action_back(self) -> None:
        """Esc clears the search, then the filter, then goes back; not while the rest of a
        big log is read (stopping would only drop what the thread reads)."""
        view = self.call_tree
        if view.search_text:
            view.searcher.apply_filter("")
        elif view.filter_text:
            view.apply_filter("")
        elif self._reading:
            if not self.back_clears():
                self.notify(
                    f"Still reading {self.reading_what()}: the whole log is shown once read.",
                    markup=False,
                )
            return
        else:
            super().action_back()
            return
        self.refresh_status()
        self.refresh_bindings()

    def action_refresh(self) -> None:
        if self._reading:  # (a second read would hold the log twice: it is not started)
            self.notify(
                f"Still reading {self.reading_what()}: press r again once it is read.",
                severity="warning",
                markup=False,
            )
            return
        super().action_refresh()

    def reading_what(self) -> str:
        """What a big log is read from, for "Still reading …" (display text)."""
        return "the logs"

    def loading_label(self, region: DataRegion) -> str:
        if not self.partial:
            return ""
        then = " (then searches)" if self.call_tree.search_text.strip() else ""
        return f"Reading the rest of {self.reading_what()}…{then}"

    def region_summary(self, region: DataRegion) -> Text | None:
        tree = self.call_tree.call_tree
        if tree is None:
            return Text("no logs")
        view = self.call_tree
        parts = []
        if view.search_text.strip():  # first: the status line is cut at 80 columns
            index = view.match_index
            where = f"{index + 1:,}/" if index is not None else ""
            found = f"match {where}{len(view.matches):,}" if view.matches else "no match"
            parts.append(f"{found} “{view.search_text.strip()}”")
        if view.filter_text:
            parts.append(f"filter “{view.filter_text}”{'' if len(tree) else ': no frame matches'}")
        parts += [f"log {self.log_index + 1}/{self.log_count}", f"{tree.frame_count:,} frames"]
        if len(tree):
            parts.append(f"row {view.cursor + 1:,}/{len(tree):,}")
        if tree.blame_count:
            parts.append(f"{tree.blame_count} blame")
        return Text(" · ".join(parts))

    def status_extras(self) -> list[Text]:
        return []

    def region_changed(self, region: DataRegion) -> None:
        super().region_changed(region)
        if self.document is None or not self.document.logs:
            # no log to describe: the header says why (loading, failed, or none yet)
            self.log_header.show(self.signature, None, missing=self.missing_text())

    def missing_text(self) -> str:
        state = self.logs_region.state
        if state.phase in (Phase.FAILED, Phase.STALE):
            return "The logs could not be loaded (the error is above) — r retries."
        if state.phase is Phase.EMPTY:
            return NO_LOGS
        return "Loading the logs…"

    async def fetch_logs(self, refresh: bool) -> int:
        store = await self.get_store()
        raw, document = await store.logs_with_raw(
            self.signature.id, refresh=refresh, whole=self.whole_of
        )
        self.show_document(raw, document)
        return len(document.logs)

    async def whole_of(self, opened: OpenedLogs) -> tuple[Any, DiagnosticLogsDocument]:
        """``opened`` whole: of a big log, the first part is shown (unless a whole log is
        shown already: a refresh) while a thread reads the rest."""
        if opened.rest is None:
            return opened.raw, opened.document
        self._reading = True  # (until the thread ends: shielded, it always runs)
        if self.document is None or self.partial:
            self.show_document(None, opened.document, partial=True)
            self.logs_region.progress(len(opened.document.logs))  # (no spinner: rows are up)
            try:  # the first rows painted before the thread competes for the interpreter
                await asyncio.wait_for(self.call_tree.wait_for_refresh(), FIRST_PAINT_WAIT)
            except TimeoutError:
                pass  # (not painted: another screen is on top)
            except BaseException:
                self._reading = False
                raise
        read = asyncio.ensure_future(asyncio.to_thread(self._read_rest, opened.rest))
        read.add_done_callback(lambda done: done.cancelled() or done.exception())
        return await asyncio.shield(read)

    def _read_rest(self, rest: ReadRest) -> tuple[Any, DiagnosticLogsDocument]:
        try:
            return rest()
        finally:
            self._reading = False

    def show_document(
        self, raw: Any, document: DiagnosticLogsDocument, *, partial: bool = False
    ) -> None:
        """Show a logs document; ``partial``: a big log's first part (see ``CallTree``), whose
        rows are the whole one's first rows: where the cursor is stays when the whole comes."""
        was_partial = self.partial
        self.raw = raw
        self.document = document
        self.partial = partial
        self._trees.clear()
        if was_partial:
            self._cursors = {self.log_index: self.call_tree.cursor}
        else:
            self._cursors.clear()
        self.show_log(min(self.log_index, max(self.log_count - 1, 0)))

    def show_log(self, index: int) -> None:
        document = self.document
        if document is None:
            return
        self._cursors[self.log_index] = self.call_tree.cursor
        self.log_index = index
        logs = document.logs
        if not logs:
            self.log_header.show(self.signature, None, missing=NO_LOGS)
            self.call_tree.set_tree(None)
            self.refresh_status()
            return
        tree = self._trees.get(index)
        if tree is None:
            tree = CallTree.from_log(
                logs[index], signature=self.signature.signature, partial=self.partial
            )
            self._trees[index] = tree
        count = 0 if self.partial else len(logs)  # (not known yet)
        self.log_header.show(self.signature, logs[index], index, count, document.insights)
        self.call_tree.set_tree(tree, cursor=self._cursors.get(index, 0))
        self.refresh_status()
        self.refresh_bindings()

    # -- saving --------------------------------------------------------------------------

    def report_title(self) -> str:
        kind = diagnostic_type_label(self.signature.diagnostic_type)
        where = " · ".join(part for part in self.breadcrumb()[:2] if part)
        return " — ".join(part for part in (kind, self.signature.signature, where) if part)

    def save_name(self) -> str:
        """App, version and build, what, and the signature: e.g.
        ``Trailhead-4.5-953-hangs-logs-5c1e…``."""
        kind = diagnostic_type_label(self.signature.diagnostic_type).lower()
        what = f"{kind}-logs" if kind else "logs"
        parts = (self.app_model.name, self.build.display_version, what, self.signature.id)
        return safe_name("-".join(part for part in parts if part))

    def action_save(self) -> None:
        if self.document is None or self.raw is None:
            self.notify("Nothing to save yet: the logs are still loading.", severity="warning")
            return
        self._save(self.save_folder or default_folder())

    save_folder: Path | None = None
    """Where `e` writes (None: the downloads folder, else the current one)."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def _save(self, folder: Path) -> None:
        assert self.document is not None
        saved = save_logs(
            self.raw, self.document, folder, self.save_name(), title=self.report_title()
        )
        self.app.call_from_thread(
            self.notify,
            f"{saved.json_path}\n{saved.text_path}",
            title="Saved the logs (JSON and text report)",
            markup=False,
            timeout=10,
        )

    def action_switch_log(self, step: int) -> None:
        if self.log_count > 1:
            self.show_log((self.log_index + step) % self.log_count)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return super().check_action(action, parameters)

    def acts(self, action: str) -> bool:
        if action == "switch_log":
            return self.log_count > 1  # "] Next log" is not shown on "Log 1/1"
        if action in ("save", "details"):
            return self.document is not None
        return True

    @on(CallTreeView.Moved)
    def _moved(self) -> None:
        self.refresh_status()
