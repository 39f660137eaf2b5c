"""What every browser screen shares: breadcrumbs, the `/` filter, the error panel, the
status line and footer, the Esc / r / `/` keys, its data regions' load lifecycle, and
routing worker errors to the app."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar, Protocol, cast, runtime_checkable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from ..focus import auto_focus
from ..formatting import match_text
from ..keymap import bindings
from ..lifecycle import Phase
from ..widgets.breadcrumbs import Breadcrumbs
from ..widgets.item_table import ItemTable
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine
from .region import DataRegion

if TYPE_CHECKING:
    from ...store import Store
    from ..app import AscApp
    from ..error_report import ErrorReport
    from ..widgets.error_panel import ErrorPanel
    from ..widgets.filter_bar import FilterBar


@runtime_checkable
class Filterable(Protocol):
    """A widget whose rows the `/` filter narrows."""

    filter_text: str

    def apply_filter(self, text: str) -> None: ...


class BrowserScreen(Screen[None]):
    """Subclasses provide ``compose_body`` and declare their data regions (``DataRegion``)
    with a fetch each; ``region_summary`` and ``status_extras`` give the status line's
    counts once loaded. Loading, empty, failed and stale come from the regions' state."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("browser")

    AUTO_FOCUS = "ItemTable, CallTreeView"

    busy: reactive[str] = reactive("")
    """An action under way ("Deleting the report request…"), first in the status line."""

    is_root: ClassVar[bool] = False
    """The first screen: Esc does not leave it."""

    def __init__(self) -> None:
        super().__init__()
        self._filter_target: Filterable | None = None
        self.regions: list[DataRegion] = []
        self._filter_bar: FilterBar | None = None
        self._error_panel: ErrorPanel | None = None
        self._wanted_focus: tuple[Widget, Widget | None] | None = None
        """A widget to focus once its region has loaded, and the focus when it was asked."""

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The filter bar and the error panel are mounted below the breadcrumbs when first
        # needed: hidden, they cost the first frame a tenth of its time (their widgets'
        # styles parsed and applied, and laid out).
        yield Breadcrumbs(self.breadcrumb(), id="breadcrumbs")
        yield from self.compose_body()
        yield StatusLine(id="status-line")
        yield KeyFooter()

    async def filter_bar(self) -> FilterBar:
        """The `/` filter's bar, mounted (hidden) the first time it is asked for. Keys
        typed after `/` wait meanwhile: the key router awaits the action that opens it."""
        bar = self._filter_bar
        if bar is None:
            from ..widgets.filter_bar import FilterBar

            bar = self._filter_bar = FilterBar(id="filter-bar")
            await self.mount(bar, after=self.query_one(Breadcrumbs))
        return bar

    @property
    def error_panel(self) -> ErrorPanel:
        """The error panel, mounted (hidden) the first time it is asked for."""
        panel = self._error_panel
        if panel is None:
            from ..widgets.error_panel import ErrorPanel

            panel = self._error_panel = ErrorPanel(id="error-panel")
            self.mount(panel, after=self._filter_bar or self.query_one(Breadcrumbs))
        return panel

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def breadcrumb(self) -> list[str]:
        return []

    def status_text(self) -> Text:
        """Loading or failed regions first, then the extras (the filter's matches: what
        the user looks at while filtering; the line is cut at 80 columns), then the
        settled regions' counts."""
        now = time.monotonic()
        busy: list[Text] = []
        settled: list[Text] = []
        for region in self.regions:
            part = region.status(now)
            if part is not None:
                busy.append(part)
            elif region.state.phase in (Phase.LOADED, Phase.EMPTY):
                summary = self.region_summary(region)
                if summary is not None:
                    age = region.age()
                    settled.append(summary + f" · {age}" if age else summary)
        parts = [Text(self.busy), *busy, *self.status_extras(), *settled]
        return Text(" · ").join(part for part in parts if part.plain)

    def watch_busy(self) -> None:
        if self.is_mounted:
            self.refresh_status()
            self.refresh_bindings()

    def region_summary(self, region: DataRegion) -> Text | None:
        """The status line's counts for a loaded (or empty) region."""
        return Text(f"{region.state.count:,} {region.what}")

    def loading_label(self, region: DataRegion) -> str:
        """What a loading region says first ("" for "Loading {what}…")."""
        return ""

    def status_extras(self) -> list[Text]:
        """What follows the regions' parts: by default how many rows match the filter."""
        target = self.default_filter_target()
        if isinstance(target, ItemTable) and target.filter_text:
            return [Text(match_text(target.row_count, target.item_count, target.filter_text))]
        return []

    def on_screen_resume(self) -> None:
        self.refresh_status()  # the API budget may have changed on another screen
        self.refresh_bindings()  # and a build may have been marked there

    def load(self, *, refresh: bool) -> None:
        """(Re)load every data region (each cancels its own load under way)."""
        for region in self.regions:
            region.start(refresh)

    def region_changed(self, region: DataRegion) -> None:
        """The one place a region's state reaches the screen."""
        region.paint()
        if self._wanted_focus is not None:
            wanted, focused_then = self._wanted_focus
            if self.focused is not focused_then:  # the user has moved the focus since
                self._wanted_focus = None
            elif wanted.focusable:
                self._wanted_focus = None
                wanted.focus()
        if any(r.state.loading for r in self.regions):
            self._ticker.resume()
        else:
            self._ticker.pause()
        self.refresh_status()
        self.refresh_bindings()

    def focus_when_ready(self, widget: Widget) -> None:
        """Focus ``widget`` now, or once its region has something to show (Textual does
        not focus a widget under its loading spinner), unless the focus moves before."""
        if widget.focusable:
            widget.focus()
        else:
            self._wanted_focus = (widget, self.focused)

    @property
    def is_loading(self) -> bool:
        """Whether a region of this screen is loading."""
        return any(region.state.loading for region in self.regions)

    def mounted(self) -> None:
        """Called once the screen's widgets exist, before the first load starts."""

    def on_mount(self) -> None:
        # Textual also calls each subclass's own on_mount, so subclasses use mounted().
        self._ticker = self.set_interval(1.0, self.refresh_status, pause=True)
        self.mounted()
        auto_focus(self)
        if self.is_root:
            # The app's first frame must not wait on (or compete for the GIL with)
            # opening the connection: start loading once the screen is painted.
            for region in self.regions:
                region.about_to_load()
            self.call_after_refresh(self.load, refresh=False)
        else:
            self.load(refresh=False)
        self.refresh_status()

    # -- shared services -----------------------------------------------------------------

    @property
    def asc(self) -> AscApp:
        return cast("AscApp", self.app)

    async def get_store(self) -> Store:
        return await self.asc.get_store()

    def refresh_status(self) -> None:
        status = self.query_one(StatusLine)
        status.left = self.status_text()
        status.badge, status.source, status.budget = self.asc.status_parts()

    def show_error_report(self, report: ErrorReport, *, action: bool = False) -> None:
        """The error panel; a failed action's (not a load's) is dismissed with Esc."""
        if action:
            keys = "Esc dismisses"
        else:
            keys = "r resumes" if report.resumable else "r retries"
            keys += "" if self.is_root else " · Esc goes back"
        self.error_panel.show_report(report, keys, dismissable=action)
        self.refresh_status()
        self.refresh_bindings()

    def clear_error(self) -> None:
        if self._error_panel is not None:
            self._error_panel.clear()
        self.refresh_bindings()

    @property
    def error_report(self) -> ErrorReport | None:
        return self._error_panel.report if self._error_panel is not None else None

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of every worker's end: a region's load fails or is cancelled,
        any other worker's error is a failed action."""
        worker = event.worker
        region = next((r for r in self.regions if r.owns(worker)), None)
        if event.state is WorkerState.ERROR and worker.error is not None:
            from ..error_report import describe_error  # with the first error

            if region is not None:
                region.failed(describe_error(worker.error))
            self.asc.show_error(worker.error, screen=self, action=region is None)
        elif event.state is WorkerState.CANCELLED and region is not None:
            region.cancelled()
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.refresh_status()

    @on(ItemTable.Changed)
    def _table_changed(self) -> None:
        self.refresh_status()
        self.refresh_bindings()  # keys that act on a selected row come and go with rows

    # -- filter --------------------------------------------------------------------------

    def default_filter_target(self) -> Filterable | None:
        """What `/` filters when the focus is on nothing filterable: the first region's
        widget that can be filtered."""
        for region in self.regions:
            target = region.target
            if isinstance(target, Filterable):
                return target
        return None

    def filter_target(self) -> Filterable | None:
        focused = self.focused
        if isinstance(focused, Filterable) and not isinstance(focused, Input):
            return focused
        return self.default_filter_target()

    def _filter_active(self) -> bool:
        target = self.filter_target()
        return bool(target and target.filter_text)

    def _typing(self) -> bool:
        return isinstance(self.focused, Input)

    async def action_filter(self) -> None:
        target = self.filter_target()
        if target is None:
            return
        self._filter_target = target
        (await self.filter_bar()).open(target.filter_text)
        self.refresh_bindings()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        """(Handlers named for FilterBar's messages: its module is imported with it.)"""
        if self._filter_target is not None:
            self._filter_target.apply_filter(event.text)
            self.refresh_status()

    def on_filter_bar_closed(self, event: FilterBar.Closed) -> None:
        target = self._filter_target
        self._filter_target = None
        if target is not None:
            target.apply_filter(event.text)
            widget = target if isinstance(target, Widget) else getattr(target, "widget", None)
            if isinstance(widget, Widget):
                widget.focus()
        self.refresh_status()
        self.refresh_bindings()

    # -- keys ----------------------------------------------------------------------------

    def _dismissable_error(self) -> bool:
        panel = self._error_panel
        return panel is not None and panel.dismissable and panel.report is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys are shown (and act) only where they would do something: Textual hides a
        binding whose check returns False."""
        if self._typing() and action in {"filter", "refresh", "back"}:
            return False
        if action == "back" and self.is_root:
            return self._filter_active() or self._dismissable_error() or self.is_loading
        return self.acts(action)

    def acts(self, action: str) -> bool:
        """Whether ``action`` would do something now (screens say when it would not)."""
        return True

    def why_not(self, action: str) -> str | None:
        """Why ``action`` does not act now, for `?` help ("": as the key map says)."""
        if self._typing():
            return "not while typing"
        if action == "back" and self.is_root:
            return None  # nothing to go back to (help lists Esc under "Everywhere")
        return ""

    def action_back(self) -> None:
        """Esc dismisses a failed action's error, clears the filter, or goes back (a load
        under way, even a hung one, is cancelled; on the first screen, Esc stops it)."""
        if self.back_clears():
            return
        for region in self.regions:
            region.cancel()
        if not self.is_root:
            self.app.pop_screen()

    def back_clears(self) -> bool:
        """What Esc does before going back: dismiss a failed action's error, else clear
        the filter; True if it did either."""
        if self._dismissable_error():
            self.clear_error()
            return True
        target = self.filter_target()
        if target is not None and target.filter_text:
            target.apply_filter("")
            self.refresh_status()
            self.refresh_bindings()
            return True
        return False

    def action_refresh(self) -> None:
        self.clear_error()
        self.load(refresh=True)
        self.refresh_status()
