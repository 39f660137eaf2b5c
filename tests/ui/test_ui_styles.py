"""The first screen is drawn with ``app.tcss`` alone; the other screens' styles
(``screens.tcss``) are read when the first of them opens, and they look as before: a
dialog has its border, a log's header its height. The filter bar and the error panel are
mounted when first used, styled by their own CSS."""

from __future__ import annotations

from textual.widgets import Input

from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.app import SCREEN_STYLES
from asc_tui.ui.dialogs.help import HelpScreen
from asc_tui.ui.error_report import describe_error
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.widgets.error_panel import ErrorPanel
from asc_tui.ui.widgets.filter_bar import FilterBar
from asc_tui.ui.widgets.log_header import LogHeader
from tests.support.ui import press, settle, top, top_as
from tests.ui.test_ui_crashes import offline_app


def screen_styles_read(app: AscApp) -> bool:
    return any(path == str(SCREEN_STYLES) for path, _ in app.stylesheet.source)


async def test_other_screens_styles_are_read_when_the_first_of_them_opens(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = top_as(app, AppsScreen)
        assert not screen_styles_read(app)
        assert not screen.query(FilterBar) and not screen.query(ErrorPanel)

        await press(pilot, "slash")  # the filter bar, mounted now: open, focused, styled
        bar = screen.query_one(FilterBar)
        assert bar.is_open and isinstance(screen.focused, Input)
        assert bar.region.height == 1 and bar.region.y == 1  # under the breadcrumbs
        assert screen.query_one("#filter-prompt").region.width == 3
        await press(pilot, "escape")
        assert not bar.is_open and not screen_styles_read(app)

        await press(pilot, "question_mark")
        assert isinstance(top(app), HelpScreen) and screen_styles_read(app)
        dialog = top(app).query_one("#text-dialog")
        assert dialog.styles.border_top[0] == "round"
        assert dialog.region.width == 80  # centred, 80 wide, as screens.tcss says
        await press(pilot, "escape")

        screen.show_error_report(describe_error(RuntimeError("boom")), action=True)
        await settle(pilot)
        panel = screen.query_one(ErrorPanel)  # mounted with the first error
        assert panel.display and panel.styles.border_top[0] == "round"
        assert panel.region.y == 1  # under the breadcrumbs, above the list
        assert screen.table.region.y >= panel.region.bottom
        await press(pilot, "escape")  # a failed action's error: Esc dismisses it
        assert not panel.display and screen.error_report is None


async def test_a_first_screen_other_than_the_apps_has_its_styles() -> None:
    app = offline_app("swift_breakpoint.crash")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert screen_styles_read(app)
        header = top(app).query_one(LogHeader)
        assert header.styles.max_height is not None and header.styles.max_height.value == 8
