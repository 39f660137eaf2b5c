"""The Textual application: screens stack apps → builds → build → logs.

``AscApp(source)`` is the whole contract with the CLI: a :class:`~asc_tui.store.DataSource`
(a live connection or the demo, a saved file), opened in a worker thread after the first
frame; or a ``Store`` the caller opened (``source_label=…``, ``demo=…`` describe it).
Every exception a worker raises reaches ``show_error``, the one place that turns errors
into an on-screen panel and a notification.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeGuard, cast, runtime_checkable

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..interrupts import TERMINATING
from ..safe_text import visible
from .glyphs import ASCII, ascii_driver, few_colours, glyphs
from .hangup import hangup_safe_driver
from .keymap import bindings, user_keymap
from .screens.apps import AppsScreen
from .screens.base import BrowserScreen
from .typeahead import KeyRouter, typing_in

# What the first frame does not need is imported where it is used: every module less
# before that frame shortens the wait for it (see tests/ui/test_first_frame_imports.py).
if TYPE_CHECKING:
    from textual.command import Provider

    from ..api.builds import Build
    from ..api.models import App as AppModel
    from ..api.retry import RetryEvent
    from ..api.signatures import DiagnosticSignature
    from ..auth.connection import Connection
    from ..crash_log import CrashReport
    from ..store import DataSource, Store
    from .error_report import ErrorReport
    from .warm_start import WarmStart


def _is_store(source: object) -> TypeGuard[Store]:
    """A Store, without importing the store for a connection: a Store exists only once
    its module is loaded."""
    module = sys.modules.get("asc_tui.store.store")
    return module is not None and isinstance(source, module.Store)


def _palette_commands() -> type[Provider]:
    """asc-tui's command palette provider, imported when the palette first opens."""
    from .palette import AscCommands

    return AscCommands


@runtime_checkable
class ShowsErrors(Protocol):
    """A screen other than a browser screen that shows errors itself (the first-run form)."""

    def show_error_report(self, report: ErrorReport) -> None: ...


SCREEN_STYLES = Path(__file__).with_name("screens.tcss")
"""The styles of every screen but the first (see ``AscApp.read_screen_styles``)."""


class AscApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "asc-tui"
    COMMANDS = App.COMMANDS | {_palette_commands}
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        source: DataSource | Store,
        *,
        source_label: str = "",
        demo: bool = False,
        first_screen: Callable[[], Screen[Any]] | None = None,
        restore: bool = False,
        remember: bool | None = None,
    ) -> None:
        # 16 colours or NO_COLOR: colour names go out as the terminal's own (see glyphs)
        plain = few_colours() or "NO_COLOR" in os.environ
        super().__init__(ansi_color=True if plain else None)
        self._restore = restore
        """Start where the last session ended (app → build → pane) (the command line's
        default; ``--fresh`` starts at Apps)."""
        self._remember = restore if remember is None else remember
        """Remember where this session ends, for the next one (the command line's
        sessions, ``--fresh`` ones too)."""
        self._resume_at: WarmStart | None = None
        self._first_screen = first_screen
        self._store: Store | None = None
        if _is_store(source):  # opened by the caller
            from ..store.source import OpenedStore

            self._store = source
            source = OpenedStore(source, label=source_label, demo=demo)
        self._source: DataSource = cast("DataSource", source)  # not a Store (above)
        self._opening = asyncio.Lock()
        self.source_label = self._source.label
        self.demo = self._source.demo
        self.warning: str | None = None
        """Kept on screen while set: an insecure keyring backend forced by the user."""
        self.known_apps: list[AppModel] = []
        self.cached_apps: tuple[list[AppModel], float | None] | None = None
        """The apps read from the response cache before the first frame, and when they
        were fetched (taken by the apps screen when it is first shown)."""
        self.marked_build: tuple[AppModel, Build] | None = None
        """The build `m` marked for comparison (see CompareScreen)."""
        self.crash: CrashReport | None = None
        """Set when an unexpected exception ended the app (see ``_fatal_error``)."""
        self.keys = KeyRouter(self)
        self._screen_styles_read = False

    def get_default_screen(self) -> Screen[Any]:
        """The first screen is the bottom of the stack (Textual's own blank default screen
        would be composed, drawn and then covered: about 40 ms before the first frame)."""
        if self._first_screen is None:
            self._start_warm()
            return AppsScreen()
        self.read_screen_styles()  # a first screen other than the apps
        return self._first_screen()

    def read_screen_styles(self) -> None:
        """Add ``screens.tcss`` to the stylesheet (once): the rules of every screen and
        dialog but the first, which ``app.tcss`` styles alone. Read when the first of them
        opens: parsed before the first frame, they took a tenth of the time it waited.
        Its rules style only widgets of those screens, so nothing shown changes."""
        if self._screen_styles_read:
            return
        self._screen_styles_read = True
        self.stylesheet.read(SCREEN_STYLES)
        self.stylesheet.parse()

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """``App.push_screen``, with the other screens' styles read first."""
        self.read_screen_styles()
        return super().push_screen(*args, **kwargs)

    async def on_mount(self) -> None:
        if not self.is_headless:
            self._exit_on_termination()
        await self._resume()
        self.call_after_refresh(self.load_user_keys)

    def _on_ready(self) -> None:
        """The first frame is on screen: the cycle collector, paused by the command line
        for the start-up, runs again (see ``api/gcpause.py``)."""
        from ..api.gcpause import end_startup_pause

        end_startup_pause()

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self.keys.route(event)
        ):
            return
        await super().on_event(event)

    def get_driver_class(self) -> type[Driver]:
        """On the Linux console or a non-UTF-8 locale, a driver that draws ASCII; one that
        still exits after the terminal hung up (see ``hangup.py``)."""
        driver = hangup_safe_driver(super().get_driver_class())
        return ascii_driver(driver) if glyphs() is ASCII else driver

    def get_key_display(self, binding: Binding) -> str:
        if glyphs() is ASCII and binding.key == "enter":
            return "enter"
        return super().get_key_display(binding)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands without "Keys" and "Quit": `?` help and quit are in
        the palette once, as asc-tui's own (see :mod:`asc_tui.ui.commands`)."""
        for command in super().get_system_commands(screen):
            if command.title not in {"Keys", "Quit"}:
                yield command

    def load_user_keys(self) -> None:
        """Apply the ``"keys"`` of ``config.json`` (key id → key names); say what is wrong
        with it rather than fail."""
        from ..auth.config import load_config
        from ..errors import ConfigError

        try:
            raw = load_config().keys
        except ConfigError as exc:
            self.notify(exc.message, title="Keys", severity="warning", markup=False)
            return
        keymap, problems = user_keymap(raw)
        if keymap:
            self.set_keymap(keymap)
        if problems:
            self.notify(
                "config.json keys: " + "; ".join(problems) + ". Ids are listed in ? help.",
                title="Keys",
                severity="warning",
                markup=False,
            )

    def _start_warm(self) -> None:
        """With a warm response cache the apps are in the first frame, and (``restore``)
        the app and build the last session ended on are open: read from the cache file
        alone (no httpx, no keyring, no network) before the first screen; the connection
        is opened after it, in a worker, as always (offline too)."""
        from .warm_start import read_warm_start

        if self._store is not None:
            return
        start = read_warm_start(self._source, self._restore, self._tell_cache_notice)
        if start is not None:
            self.cached_apps = (start.apps, start.fetched_at)
            self._resume_at = start

    async def _resume(self) -> None:
        """Open the app and build the last session ended on (see ``_start_warm``)."""
        start, self._resume_at = self._resume_at, None
        if start is None or start.app is None:
            return
        from .screens.builds import BuildsScreen

        builds = start.builds if start.build is None else None  # painted only on top
        await self.push_screen(
            BuildsScreen(start.app, cached=(builds.items, builds.fetched_at) if builds else None)
        )
        if start.build is not None:
            from .screens.build import BuildScreen

            screen = BuildScreen(start.app, start.build)
            await self.push_screen(screen)
            if start.pane is not None:
                pane = screen.signatures if start.pane == "signatures" else screen.metrics.table
                screen.call_after_refresh(screen.focus_when_ready, pane)

    def _save_place(self) -> None:
        from ..store.last_place import save_place
        from .warm_start import namespace_of, place_of

        if self._source.session_only:
            return  # a key for this session only: nothing about it is written anywhere
        namespace = namespace_of(self._source)
        if self._remember and namespace is not None:
            save_place(namespace, place_of(list(self.screen_stack)))

    def _exit_on_termination(self) -> None:
        """SIGTERM and SIGHUP (the terminal hung up) end the app as q does: workers are
        cancelled, so a download under way removes its partial files."""
        loop = asyncio.get_running_loop()
        for signum in TERMINATING:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.exit, 128 + signum, 128 + signum)

    async def on_unmount(self) -> None:
        if self._store is not None:
            await self._store.aclose(wait=False)  # the cache's writes are committed first

    # -- the store -----------------------------------------------------------------------

    @property
    def store(self) -> Store | None:
        """The store, or None while the source is still being opened."""
        return self._store

    @property
    def source(self) -> DataSource:
        return self._source

    async def get_store(self) -> Store:
        """The store, opening the source in a thread the first time (call from workers).

        The source is resolved first (a Connection reads the keyring once), so the status
        line says where the credentials came from."""
        async with self._opening:
            if self._store is None:
                source = await asyncio.to_thread(self._source.resolved)
                self._set_source(source)
                self._store = await asyncio.to_thread(source.open)
                self._tell_cache_notices(self._store)
            if self._store.client.on_retry is None:
                self._store.client.on_retry = self._show_retry
            return self._store

    def _tell_cache_notices(self, store: Store) -> None:
        """The response cache was rebuilt (damaged, or from another version) or cannot be
        used: said once."""
        for notice in store.cache_notices():
            self._tell_cache_notice(notice)

    def _tell_cache_notice(self, notice: str) -> None:
        self.notify(notice, title="Response cache", severity="warning", timeout=10)

    def _show_retry(self, event: RetryEvent) -> None:
        """A retry, said once: in the status line of the region whose load it is ("retry
        2/4 in 3 s (HTTP 503)"; giving up shows there as the failure), else (an action such
        as a download) as a short notification: "GET /v1/apps: HTTP 503; retry 2/4 in 3 s"."""
        from .screens.region import loading_region

        region = loading_region()
        if region is not None:
            region.retrying(event)
            return
        self.notify(event.text(), title="Retrying", severity="warning", timeout=event.delay + 2)

    def _set_source(self, source: DataSource) -> None:
        self._source = source
        self.source_label = source.label
        self.demo = source.demo
        warning = source.warning
        if warning and warning != self.warning:
            self.notify(warning, title="Insecure keyring", severity="warning", timeout=15)
        self.warning = warning

    async def use_source(self, source: DataSource, store: Store | None = None) -> None:
        """Switch to another source (a profile, the demo), with its store if already open:
        close the current store, go back to the apps screen and reload it."""
        async with self._opening:
            old, self._store = self._store, store
            self._set_source(source)
        self.known_apps = []
        if old is not None:
            await old.aclose()
        await self._back_to_apps()
        screen = self.screen
        if isinstance(screen, AppsScreen):
            screen.table.set_items([])
            screen.clear_error()
            screen.load(refresh=store is None)

    def current_connection(self) -> Connection:
        """The connection in use, or a fresh one (for switching profiles)."""
        from ..auth.connection import Connection

        source = self._source
        return source if isinstance(source, Connection) else Connection()

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

    def open_crashes(self, app: AppModel, build: Build | None = None) -> None:
        from .screens.crashes import CrashesScreen

        self.push_screen(CrashesScreen(app, build))

    def open_feedback(self, app: AppModel, build: Build | None = None) -> None:
        from .screens.feedback import FeedbackScreen

        self.push_screen(FeedbackScreen(app, build))

    def open_app_metrics(self, app: AppModel) -> None:
        from .screens.app_metrics import AppMetricsScreen

        self.push_screen(AppMetricsScreen(app))

    def open_metric(
        self, app: AppModel, key: str, *, percentile: str | None, device: str | None
    ) -> None:
        from .screens.metric import MetricScreen

        self.push_screen(MetricScreen(app, key, percentile=percentile, device=device))

    def open_compare(self, base: tuple[AppModel, Build], other: tuple[AppModel, Build]) -> None:
        from .screens.compare import CompareScreen

        self.push_screen(CompareScreen(base, other))

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

    def show_error(
        self, error: BaseException, *, screen: Screen[Any] | None = None, action: bool = False
    ) -> None:
        """Show any exception once, without a traceback: as the screen's error panel (a
        failed ``action``'s is dismissed with Esc), else as a notification.

        No credentials at all (and not the demo): the first-run screen, to add a key."""
        from ..errors import MissingCredentialsError
        from .error_report import describe_error

        report = describe_error(error)
        target = screen if screen is not None else self.screen
        if isinstance(target, BrowserScreen):
            target.show_error_report(report, action=action)
        elif isinstance(target, ShowsErrors):
            target.show_error_report(report)
        if isinstance(error, MissingCredentialsError) and self.offer_first_run(report.message):
            return
        if target is not self.screen or not isinstance(target, BrowserScreen | ShowsErrors):
            # not where the user is looking (or no panel there): a notification too
            self.notify(report.text, title=report.title, severity="error", markup=False, timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from any screen: control characters in the text are shown, never
        sent to the terminal (``safe_text.visible``)."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _fatal_error(self) -> None:
        """An unexpected exception on the UI thread ends the app: Textual would print a
        traceback with every frame's local variables (a key, a token). Instead the full
        traceback, without locals, goes to a log file and ``run`` prints a short report."""
        from ..crash_log import write_crash_log

        error = sys.exc_info()[1] or self._exception
        self.bell()
        if error is not None:
            self.crash = write_crash_log(error)
        self.panic()  # ends the app, printing nothing

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """``App.run``, then the crash report, if any, once the terminal is restored."""
        result = super().run(*args, **kwargs)
        if self.crash is not None:
            from ..crash_log import crash_message

            print(crash_message(self.crash), file=sys.stderr)
        return result

    def offer_first_run(self, reason: str) -> bool:
        """Open the first-run screen (once) if the source offers it (not the demo, not a
        store opened by the caller); True if it is showing."""
        from .screens.first_run import FirstRunScreen

        if not self._source.offers_first_run:
            return False
        if not any(isinstance(s, FirstRunScreen) for s in self.screen_stack):
            self.push_screen(FirstRunScreen(reason))
        return True

    def status_parts(self) -> tuple[Text, Text, Text]:
        """(demo or insecure-keyring badge, source, API budget) for the status line."""
        from .connection_status import source_text, warning_badge

        badge = Text(" DEMO ", style="bold reverse") if self.demo else Text()
        if self.warning:
            badge = warning_badge()
        source = source_text(self.source_label)
        budget = Text()
        limit = self._store.rate_limit if self._store else None
        if limit is not None and limit.remaining is not None:
            total = f"/{limit.limit}" if limit.limit else ""
            low = limit.limit is not None and limit.remaining < limit.limit // 10
            budget = Text(
                f"API {limit.remaining}{total} left this hour", style="bold red" if low else ""
            )
        saved = self._store.saved_requests if self._store else 0
        if saved:
            budget = Text(" · ").join(p for p in (budget, Text(f"cache saved {saved}")) if p)
        return badge, source, budget

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = typing_in(self.focused)
        return not (typing and action in {"quit", "help", "switch_profile"})

    def action_switch_profile(self) -> None:
        from .screens.profiles import ProfilesScreen

        if not isinstance(self.screen, ProfilesScreen):
            self.push_screen(ProfilesScreen(), self._profile_picked)

    async def _profile_picked(self, name: str | None) -> None:
        from .screens.first_run import FirstRunScreen
        from .screens.profiles import ADD

        if name == ADD:
            await self.push_screen(FirstRunScreen(adding=True))
        elif name:
            await self.use_source(self.current_connection().for_profile(name))

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(0)

    def action_quit_now(self) -> None:
        """Ctrl+C: quit, even while typing (as k9s, htop and lazygit do)."""
        self.exit(0)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """End the app (q, a signal, a crash), remembering where it was."""
        self._save_place()
        super().exit(*args, **kwargs)

    def action_refresh_screen(self) -> None:
        if isinstance(self.screen, BrowserScreen):
            self.screen.action_refresh()

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen, everywhere_rows, screen_rows
        from .widgets.breadcrumbs import separator

        screen = self.screen
        if not isinstance(screen, BrowserScreen):
            return
        shown: dict[str, list[str]] = {}
        for active in screen.active_bindings.values():
            if active.binding.id:
                shown.setdefault(active.binding.id, []).append(self.get_key_display(active.binding))
        display = {key_id: " ".join(dict.fromkeys(keys)) for key_id, keys in shown.items()}
        title = separator().join(screen.breadcrumb()) or "This screen"
        self.push_screen(HelpScreen(title, screen_rows(screen), everywhere_rows(display)))
