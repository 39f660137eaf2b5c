"""The Textual application: screens stack apps → builds → build → logs.

``AscApp(store, source_label=…, demo=…)`` is the whole contract with the CLI; instead of
a ready ``Store`` it also takes a source to open (``asc_tui.connection.Connection``),
which is opened in a worker thread after the first frame. Every exception a worker
raises reaches ``show_error``, the one place that turns errors into an on-screen panel
and a notification.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Input

from ..api.models import App as AppModel
from ..api.models import Build, DiagnosticSignature
from .commands import AscCommands
from .error_report import describe_error
from .screens.apps import AppsScreen
from .screens.base import BrowserScreen
from .widgets.breadcrumbs import SEPARATOR

if TYPE_CHECKING:
    from ..store import Store

HIDDEN_HELP_PREFIXES = (
    "cursor_",
    "scroll_",
    "page_",
    "select_cursor",
    "app.focus",
    "focus",
    "screen.copy",
    "copy",
)


class StoreSource(Protocol):
    """Something that can open a Store, slowly (e.g. start the demo server)."""

    @property
    def label(self) -> str: ...

    @property
    def demo(self) -> bool: ...

    def open(self) -> Store: ...


class AscApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "asc-tui"
    COMMANDS = App.COMMANDS | {AscCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self, store: Store | StoreSource, *, source_label: str = "", demo: bool = False
    ) -> None:
        super().__init__()
        self._store: Store | None = None
        self._source: StoreSource | None = None
        if hasattr(store, "open"):  # a source to open later, in a worker
            source = cast(StoreSource, store)
            self._source = source
            source_label = source_label or source.label
            demo = demo or source.demo
        else:
            self._store = store
        self._opening = asyncio.Lock()
        self.source_label = source_label
        self.demo = demo
        self.known_apps: list[AppModel] = []

    async def on_mount(self) -> None:
        await self.push_screen(AppsScreen())

    async def on_unmount(self) -> None:
        if self._store is not None:
            await self._store.aclose()

    # -- the store -----------------------------------------------------------------------

    @property
    def store(self) -> Store | None:
        """The store, or None while the source is still being opened."""
        return self._store

    async def get_store(self) -> Store:
        """The store, opening the source in a thread the first time (call from workers)."""
        async with self._opening:
            if self._store is None:
                assert self._source is not None
                self._store = await asyncio.to_thread(self._source.open)
            return self._store

    def cached_builds(self, app_id: str) -> list[Build]:
        return (self._store.cached_builds(app_id) if self._store else None) or []

    # -- navigation ----------------------------------------------------------------------
    # Screens past the first are imported when first opened: the first frame needs only
    # the apps screen, and every module less at start-up shortens the wait for it.

    def open_app(self, app: AppModel) -> None:
        from .screens.builds import BuildsScreen

        self.push_screen(BuildsScreen(app))

    def open_build(self, app: AppModel, build: Build) -> None:
        from .screens.build import BuildScreen

        self.push_screen(BuildScreen(app, build))

    def open_logs(self, app: AppModel, build: Build, signature: DiagnosticSignature) -> None:
        from .screens.logs import LogsScreen

        self.push_screen(LogsScreen(app, build, signature))

    def open_analytics(self, app: AppModel) -> None:
        from .screens.analytics import AnalyticsScreen

        self.push_screen(AnalyticsScreen(app))

    async def _back_to_apps(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, AppsScreen):
            await self.pop_screen()

    async def jump_to_app(self, app: AppModel) -> None:
        from .screens.builds import BuildsScreen

        await self._back_to_apps()
        await self.push_screen(BuildsScreen(app))

    async def jump_to_build(self, app: AppModel, build: Build) -> None:
        from .screens.build import BuildScreen
        from .screens.builds import BuildsScreen

        await self._back_to_apps()
        await self.push_screen(BuildsScreen(app))
        await self.push_screen(BuildScreen(app, build))

    # -- errors and status ---------------------------------------------------------------

    def show_error(self, error: BaseException, *, screen: BrowserScreen | None = None) -> None:
        """Show any exception as a panel on the screen and a notification, no traceback."""
        report = describe_error(error)
        target = screen if screen is not None else self.screen
        if isinstance(target, BrowserScreen):
            target.show_error_report(report)
            target.refresh_status()
        self.notify(report.text, title=report.title, severity="error", markup=False, timeout=8)

    def status_parts(self) -> tuple[Text, Text, Text]:
        """(demo badge, source, API budget) for the status line."""
        badge = Text(" DEMO ", style="bold reverse") if self.demo else Text()
        source = Text(self.source_label, style="dim")
        budget = Text()
        limit = self._store.rate_limit if self._store else None
        if limit is not None and limit.remaining is not None:
            total = f"/{limit.limit}" if limit.limit else ""
            low = limit.limit is not None and limit.remaining < limit.limit // 10
            budget = Text(
                f"API {limit.remaining}{total} left this hour", style="bold red" if low else ""
            )
        return badge, source, budget

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        return not (typing and action in {"quit", "help"})

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(0)

    def action_refresh_screen(self) -> None:
        if isinstance(self.screen, BrowserScreen):
            self.screen.action_refresh()

    def action_help(self) -> None:
        screen = self.screen
        if not isinstance(screen, BrowserScreen):
            return
        keys: dict[str, list[str]] = {}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action.startswith(HIDDEN_HELP_PREFIXES):
                continue
            if binding.action in {"quit", "help", "command_palette"}:
                continue
            keys.setdefault(binding.description, []).append(self.get_key_display(binding))
            del key
        rows = [
            (" ".join(dict.fromkeys(shown)), description) for description, shown in keys.items()
        ]
        title = SEPARATOR.join(screen.breadcrumb()) or "This screen"
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(title, rows))
