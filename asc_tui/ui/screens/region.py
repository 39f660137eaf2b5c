"""A data region of a screen (the apps table, a build's signatures, a log…) and the one
worker that loads it, driven by the lifecycle in ``ui/lifecycle.py``.

A screen declares its regions with a ``fetch`` coroutine each: it gets the data, fills
the region's widget and returns how many items it shows. Everything else — the spinner,
the elapsed time, the empty text, the failure line, the status line, cancelling a hung
request — follows from the region's state, in one place."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker

from ...errors import IncompleteListError
from ..lifecycle import LoadState, Phase, age_text, failed_text, loading_text

if TYPE_CHECKING:
    from ...api.retry import RetryEvent
    from ..error_report import ErrorReport
    from .base import BrowserScreen

Fetch = Callable[[bool], Awaitable[int]]
"""``fetch(refresh)``: load, show, and return how many items are shown."""

Show = Callable[[list[Any]], int]
"""``show(items)``: put a list's items in the region's widget; how many are shown."""

LOADING: ContextVar[DataRegion | None] = ContextVar("loading_region", default=None)
"""The region whose load the current task runs (requests' retries are told to it)."""


def loading_region() -> DataRegion | None:
    """The region being loaded by the running worker, if any."""
    return LOADING.get()


class RegionNote(Static):
    """A line above a region's widget: why it is empty and what to do about it."""

    DEFAULT_CSS = """
    RegionNote {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        display: none;
    }
    """


class DataRegion:
    """``DataRegion(screen, name, what, fetch, …)`` joins the screen's regions."""

    def __init__(
        self,
        screen: BrowserScreen,
        name: str,
        what: str,
        fetch: Fetch,
        *,
        widget: str | None = None,
        empty: str = "",
        so_far: bool = False,
        show: Show | None = None,
    ) -> None:
        self.screen = screen
        self.name = name
        self.what = what
        """What it holds, for "Loading {what}…" and "the {what} could not be loaded"."""
        self.fetch = fetch
        self.widget = widget
        """Selector of the widget that shows a spinner while nothing is there yet."""
        self.empty = empty
        """Said above the widget when the load found nothing (e.g. why, and what next)."""
        self.so_far = so_far
        """Items appear while loading ("Loading builds… 100 so far")."""
        self.show = show
        """Shows a list's items: when the list stops part way (a later page failed), the
        items that did load stay on screen, and `r` resumes at the page that failed (the
        store keeps the cursor). Without it, a region shows what arrived as it comes."""
        self.state = LoadState()
        self.worker: Worker[int] | None = None
        self._note: RegionNote | None = None
        screen.regions.append(self)

    @property
    def group(self) -> str:
        return f"load:{self.name}"

    @property
    def target(self) -> Widget | None:
        if self.widget is None:
            return None
        return self.screen.query_one(self.widget)

    # -- transitions ---------------------------------------------------------------------

    def about_to_load(self) -> None:
        """Say "Loading…" already, for a load that starts after the first frame."""
        self.set(self.state.load(time.monotonic()))

    def start(self, refresh: bool) -> None:
        """(Re)load: a load under way is cancelled and replaced."""
        self.set(self.state.load(time.monotonic()))
        self.worker = self.screen.run_worker(
            self._run(refresh),
            name=self.name,
            group=self.group,
            exclusive=True,
            exit_on_error=False,
        )

    async def _run(self, refresh: bool) -> int:
        """Load; unless refreshing, whatever the response cache holds is shown at once, and
        when that is past its freshness window it is refreshed in the background
        (stale-while-revalidate)."""
        from ...store.freshness import Mode, reading  # not before the first frame

        LOADING.set(self)  # this worker's own context: what its requests retry is ours
        with reading(None if refresh else Mode.STALE_OK) as use:
            try:
                count = await self.fetch(refresh)
            except IncompleteListError as error:  # keep what loaded; the worker fails
                if self.show is not None and error.items and self.state.loading:
                    self.progress(self.show(error.items))
                raise
        store = self.screen.asc.store
        revalidate = use.stale and count > 0 and store is not None and not store.offline
        self.set(self.state.done(count, use.oldest, stale=use.stale))
        if revalidate:
            self.screen.call_after_refresh(self.start, True)
        return count

    def shown(self, count: int) -> None:
        """New contents shown outside a load (after creating or deleting an item)."""
        if not self.state.loading:
            self.set(self.state.done(count))

    def progress(self, count: int) -> None:
        """Items shown so far while the load goes on (pages arriving)."""
        if self.state.loading:
            self.set(self.state.progress(count))

    def retrying(self, event: RetryEvent) -> None:
        """A request of this load will be tried again: the status line says when."""
        self.set(self.state.retrying(event, time.monotonic()))

    def failed(self, report: ErrorReport) -> None:
        self.set(self.state.fail(report))

    def cancelled(self) -> None:
        if self.state.loading:
            self.set(self.state.cancel())

    def cancel(self) -> None:
        """Stop the load under way (a hung request): what was shown before stays."""
        if self.worker is not None and self.state.loading:
            self.worker.cancel()
            self.cancelled()

    def owns(self, worker: Worker[object]) -> bool:
        return worker is self.worker

    def set(self, state: LoadState) -> None:
        self.state = state
        self.screen.region_changed(self)

    # -- what it shows -------------------------------------------------------------------

    def status(self, now: float) -> Text | None:
        """The status line's part while loading or failed; None when the screen's own
        counts apply (loaded or empty)."""
        state = self.state
        age = self.age()
        if state.loading:
            if age and state.count:  # refreshing what the cache held, in the background
                return Text(f"{state.count:,} {self.what} {age} · refreshing…")
            label = self.screen.loading_label(self)
            return Text(loading_text(self.what, state, now, so_far=self.so_far, label=label))
        if state.phase is Phase.STALE and state.error is None:
            store = self.screen.asc.store
            offline = " · offline" if store is not None and store.offline else ""
            return Text(f"{state.count:,} {self.what} {age or 'cached'}{offline}")
        if state.phase in (Phase.FAILED, Phase.STALE):
            text = failed_text(self.what, state) + (f" ({age})" if age else "")
            return Text(text, style="bold red")
        if state.phase is Phase.IDLE:
            return Text(f"{self.what} not loaded · r loads them")
        return None

    def age(self) -> str:
        """ "cached 3 h ago" when what is shown came from the response cache."""
        cached_at = self.state.cached_at
        return age_text(time.time() - cached_at) if cached_at is not None else ""

    def note_text(self) -> str:
        """Said above the widget: why it is empty. (A failure is in the error panel and
        the status line.)"""
        return self.empty if self.state.phase is Phase.EMPTY else ""

    def paint(self) -> None:
        """Spinner while nothing is there yet; the note above the widget."""
        target = self.target
        if target is None:
            return
        target.loading = self.state.loading and not self.state.count
        text = self.note_text()
        if self._note is None:
            if not text:
                return
            self._note = RegionNote()
            parent = target.parent
            if isinstance(parent, Widget):
                parent.mount(self._note, before=target)
        self._note.update(Text(text))
        self._note.display = bool(text)
