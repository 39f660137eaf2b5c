"""The key footer: which keys it shows, in what order, what fits, and clicks."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.widgets.item_table import ItemTable
from asc_tui.ui.widgets.key_footer import KeyFooter
from tests.support.ui import screen_text, settle


class Pane(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("o", "open", "Open")]


class FooterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("x", "hit('x')", "Export"),
        Binding("z", "hit('z')", "Zoom"),
        Binding("Z", "hit('z')", "Zoom again"),  # same action: shown once
        Binding("w", "hit('w')", "Hidden", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []
        self.zoom_enabled = True
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def action_hit(self, name: str) -> None:
        self.hits.append(name)

    def action_help(self) -> None:
        self.hits.append("help")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hit" and parameters == ("z",) and not self.zoom_enabled:
            return None  # shown, but dimmed
        return True

    def bell(self) -> None:
        self.bells += 1


class PaneApp(FooterApp):
    def compose(self) -> ComposeResult:
        yield Pane("body")
        yield KeyFooter()


def footer_line(app: App[Any]) -> str:
    return app.screen.query_one(KeyFooter).render().plain


async def test_shows_each_action_once_with_help_quit_and_the_palette_on_the_right() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert line.startswith(" x Export z Zoom ")
        assert "Hidden" not in line and "Zoom again" not in line and "…" not in line
        assert line.rstrip().endswith("│? Help q Quit ^p palette") and len(line) == 60


async def test_a_click_presses_the_key_and_a_disabled_key_rings_the_bell() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        x = footer_line(app).index("x Export")
        await pilot.click(KeyFooter, offset=(x + 3, 0))
        await pilot.pause()
        assert app.hits == ["x"]

        app.zoom_enabled = False
        app.refresh_bindings()
        await pilot.pause()
        z = footer_line(app).index("z Zoom")
        assert footer.key_at(z) == ("z", False)
        await pilot.click(KeyFooter, offset=(z + 1, 0))
        await pilot.pause()
        assert app.hits == ["x"] and app.bells == 1


async def test_a_narrow_footer_drops_whole_hints_says_so_and_keeps_help_and_quit() -> None:
    app = FooterApp()
    async with app.run_test(size=(41, 5)) as pilot:
        await pilot.pause()
        # the palette goes before the screen's own keys do
        line = footer_line(app)
        assert line == " x Export z Zoom".ljust(26) + " │? Help q Quit"
        await pilot.click(KeyFooter, offset=(line.index("? Help") + 2, 0))
        await pilot.pause()
        assert app.hits == ["help"]
        await pilot.resize_terminal(30, 5)
        await pilot.pause()
        # one column too few for "z Zoom": it goes whole, and "…" says keys were left out
        line = footer_line(app)
        assert line == " x Export …".ljust(15) + " │? Help q Quit"
        assert app.query_one(KeyFooter).cut


async def test_the_focused_widgets_keys_come_back_when_it_stops_loading() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 5)) as pilot:
        pane = app.query_one(Pane)
        pane.focus()
        await pilot.pause()

        def drawn() -> str:  # what is on screen, not what the footer would draw now
            return screen_text(app).splitlines()[-1]

        assert drawn().startswith(" o Open x Export")
        pane.loading = True  # Textual leaves a loading widget's keys out
        await pilot.pause()
        assert "Open" not in drawn()
        pane.loading = False  # and says nothing when it is done: the footer follows it
        await pilot.pause()
        assert drawn().startswith(" o Open x Export")


async def test_a_screen_opened_while_the_terminal_has_no_focus_focuses_its_list(
    store: Store,
) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        apps = {a.id: a for a in await store.client.apps()}
        app.app_focus = False  # the window is in the background, or tmux is detached
        await pilot.pause()
        app.open_app(next(iter(apps.values())))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuildsScreen) and not app.app_focus
        assert isinstance(screen.focused, ItemTable)  # Textual would leave nothing focused
        assert "⏎ Open" in screen_text(app).splitlines()[-1]
