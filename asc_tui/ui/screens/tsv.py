"""A downloaded analytics report as a table: the first rows at once, the rest indexed in
a thread while they are already visible; sort (s/S), filter (/), export to CSV (e)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.worker import get_current_worker

from ...analytics.tsv import TsvTable
from ...errors import TsvError
from ..formatting import match_text
from ..keymap import bindings
from ..widgets.tsv_view import TsvView
from .base import BrowserScreen, Filterable

INDEX_STEP = 1_000
"""Rows indexed per step in the background (about a millisecond)."""
INDEX_PAUSE = 0.002
PROGRESS_EVERY = 50


class TsvScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("tsv")
    AUTO_FOCUS = "TsvView"

    def __init__(self, path: Path, crumbs: list[str] | None = None) -> None:
        super().__init__()
        self.path = path
        self.crumbs = crumbs or [path.name]
        self.table: TsvTable | None = None
        self.indexed_share: float | None = None
        self.working = ""
        """What a thread is doing to the table (sorting, exporting)."""
        self._work = threading.Lock()

    def breadcrumb(self) -> list[str]:
        return self.crumbs

    def compose_body(self) -> ComposeResult:
        yield TsvView(id="tsv")

    @property
    def view(self) -> TsvView:
        return self.query_one(TsvView)

    def default_filter_target(self) -> Filterable | None:
        return self.view

    def status_text(self) -> Text:
        table = self.table
        if table is None:
            return Text("Could not open the file" if self.error_report else "Opening…")
        view = self.view
        if table.fully_indexed:
            text = Text(f"{table.row_count:,} rows")
        else:
            text = Text(f"{table.row_count:,} rows so far")
            if self.indexed_share is not None:
                text.append(f" (reading {self.indexed_share:.0%})", style="dim")
        if table.sort_column is not None:
            arrow = "↓" if table.sort_descending else "↑"
            text.append(f" · sorted by {table.header[table.sort_column]} {arrow}")
        if table.filter_text:
            text.append(f" · {match_text(len(table), table.row_count, table.filter_text)}")
        if self.working:
            text.append(f" · {self.working}", style="bold")
        elif len(table):
            text.append(f" · row {view.cursor + 1:,}", style="dim")
        return text

    # -- loading ---------------------------------------------------------------------

    def mounted(self) -> None:
        self._open_file()

    def _open_file(self) -> None:
        """Open the file at once: mapping it and indexing the first screenful of rows
        takes about a millisecond, so the first frame already shows them."""
        try:
            table = TsvTable.open(self.path)
        except TsvError as error:
            self.asc.show_error(error, screen=self)
            return
        self._opened(table)

    def load(self, *, refresh: bool) -> None:
        if refresh:
            self._close()
            self._open_file()
        if self.table is not None:
            self._index(self.table)

    def _close(self) -> None:
        """Stop indexing and unmap the file, once the step under way is done (threads
        hold ``_work`` only for one step, never while waiting on the UI thread)."""
        self.workers.cancel_node(self)
        with self._work:
            table, self.table = self.table, None
            if table is not None:
                table.close()

    @contextmanager
    def _using(self) -> Iterator[TsvTable | None]:
        """The open table, for one step of a thread (None once it is closed)."""
        with self._work:
            yield self.table

    @work(exclusive=True, exit_on_error=False, group="tsv-index", thread=True)
    def _index(self, table: TsvTable) -> None:
        """Index the rest of the file while the first rows are already shown."""
        worker = get_current_worker()
        size = max(self.path.stat().st_size, 1)
        steps = 0
        # Small steps with a pause between them: the UI thread gets the GIL back often,
        # so keys and scrolling stay instant while the rest is read.
        while not worker.is_cancelled:
            with self._using() as current:
                if current is not table or worker.is_cancelled:
                    return
                if table.index_more(INDEX_STEP):
                    break
            time.sleep(INDEX_PAUSE)
            steps += 1
            if steps % PROGRESS_EVERY == 0:
                self.indexed_share = table.bytes_indexed / size
                self.app.call_from_thread(self._grew)
        self.indexed_share = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._grew)

    def _opened(self, table: TsvTable) -> None:
        self.table = table
        self.view.set_table(table)
        self.refresh_status()

    def _grew(self) -> None:
        if self.table is not None:
            self.view.rows_changed()
        self.refresh_status()

    def on_unmount(self) -> None:
        self._close()

    @on(TsvView.Moved)
    def _moved(self) -> None:
        self.refresh_status()

    # -- sort, filter, export --------------------------------------------------------

    def acts(self, action: str) -> bool:
        if action in ("sort", "export"):
            return self.table is not None
        if action == "unsort":
            return self.table is not None and self.table.sort_column is not None
        return True

    def action_sort(self) -> None:
        """Sort by the selected column; again on the same column reverses the order."""
        table = self.table
        if table is None or not table.header:
            return
        column = self.view.column
        descending = table.sort_column == column and not table.sort_descending
        self._reorder(column, descending)

    def action_unsort(self) -> None:
        if self.table is not None and self.table.sort_column is not None:
            self._reorder(None, False)

    @work(exclusive=True, exit_on_error=False, group="tsv-reorder", thread=True)
    def _reorder(self, column: int | None, descending: bool) -> None:
        self.working = "sorting…"
        self.app.call_from_thread(self.refresh_status)
        try:
            with self._using() as table:
                if table is None:
                    return
                table.sort(column, descending=descending)
        finally:
            self.working = ""
        self.app.call_from_thread(self._reordered)

    def _reordered(self) -> None:
        self.view.rows_changed()
        self.view.move_cursor(0)
        self.refresh_status()

    @on(TsvView.FilterChanged)
    def _filter_changed_in_view(self, event: TsvView.FilterChanged) -> None:
        self._refilter(event.text)

    @work(exclusive=True, exit_on_error=False, group="tsv-filter", thread=True)
    def _refilter(self, text: str) -> None:
        with self._using() as table:
            if table is None or text != self.view.filter_text:
                return  # closed, or a newer filter is on its way
            table.filter(text)
        self.app.call_from_thread(self._reordered)

    def action_export(self) -> None:
        if self.table is not None:
            self._export(self.path.with_suffix(".csv"))

    @work(exclusive=True, exit_on_error=False, group="tsv-export", thread=True)
    def _export(self, target: Path) -> None:
        self.working = "exporting…"
        self.app.call_from_thread(self.refresh_status)
        try:
            with self._using() as table:
                if table is None:
                    return
                rows = table.export_csv(target)
        finally:
            self.working = ""
        self.app.call_from_thread(
            self.notify, f"{rows:,} rows → {target}", title="Exported as CSV", markup=False
        )
        self.app.call_from_thread(self.refresh_status)
