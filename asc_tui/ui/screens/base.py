"""What every browser screen shares: breadcrumbs, the `/` filter, the error panel, the
status line and footer, the Esc / r / `/` keys, and routing worker errors to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, cast, runtime_checkable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from ..error_report import ErrorReport
from ..focus import auto_focus
from ..widgets.breadcrumbs import Breadcrumbs
from ..widgets.error_panel import ErrorPanel
from ..widgets.filter_bar import FilterBar
from ..widgets.key_footer import KeyFooter
from ..widgets.status_line import StatusLine

if TYPE_CHECKING:
    from ...store import Store
    from ..app import AscApp


@runtime_checkable
class Filterable(Protocol):
    """A widget whose rows the `/` filter narrows."""

    filter_text: str

    def apply_filter(self, text: str) -> None: ...


class BrowserScreen(Screen[None]):
    """Subclasses provide ``compose_body``, ``load`` and ``status_text``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("slash", "filter", "Filter"),
        Binding("r", "refresh", "Refresh"),
    ]

    AUTO_FOCUS = "ItemTable, CallTreeView"

    is_root: ClassVar[bool] = False
    """The first screen: Esc does not leave it."""

    def __init__(self) -> None:
        super().__init__()
        self._filter_target: Filterable | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Breadcrumbs(self.breadcrumb(), id="breadcrumbs")
        yield FilterBar(id="filter-bar")
        yield ErrorPanel(id="error-panel")
        yield from self.compose_body()
        yield StatusLine(id="status-line")
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def breadcrumb(self) -> list[str]:
        return []

    def status_text(self) -> Text:
        return Text()

    def on_screen_resume(self) -> None:
        self.refresh_status()  # the API budget may have changed on another screen

    def load(self, *, refresh: bool) -> None:
        """Start the workers that (re)load this screen's data."""

    def mounted(self) -> None:
        """Called once the screen's widgets exist, before the first load starts."""

    def on_mount(self) -> None:
        # Textual also calls each subclass's own on_mount, so subclasses use mounted().
        self.mounted()
        auto_focus(self)
        if self.is_root:
            # The app's first frame must not wait on (or compete for the GIL with)
            # opening the connection: start loading once the screen is painted.
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

    def show_error_report(self, report: ErrorReport) -> None:
        self.query_one(ErrorPanel).show_report(report)

    def clear_error(self) -> None:
        self.query_one(ErrorPanel).clear()

    @property
    def error_report(self) -> ErrorReport | None:
        return self.query_one(ErrorPanel).report

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.asc.show_error(event.worker.error, screen=self)
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.refresh_status()

    # -- filter --------------------------------------------------------------------------

    def default_filter_target(self) -> Filterable | None:
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

    def action_filter(self) -> None:
        target = self.filter_target()
        if target is None:
            return
        self._filter_target = target
        self.query_one(FilterBar).open(target.filter_text)
        self.refresh_bindings()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        if self._filter_target is not None:
            self._filter_target.apply_filter(event.text)
            self.refresh_status()

    @on(FilterBar.Closed)
    def _filter_closed(self, event: FilterBar.Closed) -> None:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._typing() and action in {"filter", "refresh", "back"}:
            return False
        return not (action == "back" and self.is_root and not self._filter_active())

    def action_back(self) -> None:
        target = self.filter_target()
        if target is not None and target.filter_text:
            target.apply_filter("")
            self.refresh_status()
            self.refresh_bindings()
            return
        if not self.is_root:
            self.app.pop_screen()

    def action_refresh(self) -> None:
        self.clear_error()
        self.load(refresh=True)
        self.refresh_status()
