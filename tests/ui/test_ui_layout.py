"""Every main screen shows its key content at 80x24 and at 120x40."""

from __future__ import annotations

import pytest

from asc_tui.api.client import AscClient
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.screens.logs import LogsScreen
from tests.support.ui import press, screen_text, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_key_content_is_visible(
    size: tuple[int, int], store: Store, client: AscClient
) -> None:
    signatures = await client.signatures(HUGE_LOG_BUILD_ID)
    report = await client.build_metrics(HUGE_LOG_BUILD_ID)
    app = AscApp(store, source_label="demo server 127.0.0.1:54321", demo=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        apps = app.screen
        assert isinstance(apps, AppsScreen)
        text = screen_text(app)
        assert "Trailhead: Hike & Run" in text and "Lumen [Beta] Notes" in text
        assert "Filter" in text and "Quit" in text and "API " in text
        apps.table.move_cursor(row=apps.table.get_row_index(BIG_APP_ID))

        await press(pilot, "enter")
        assert isinstance(app.screen, BuildsScreen)
        text = screen_text(app)
        assert "4.5 (953)" in text and "VALID" in text and "Back" in text

        await press(pilot, "enter")
        build = app.screen
        assert isinstance(build, BuildScreen)
        text = screen_text(app)
        assert "Metrics" in text and "Diagnostic signatures" in text
        assert "All iPhones" in text and "✓ good" in text  # the legend
        shown_metrics = [m.identifier for _, m in report.metrics() if m.identifier in text]
        assert len(shown_metrics) >= 4
        shown_signatures = [s for s in signatures if s.signature[:30] in text]
        assert len(shown_signatures) >= 4
        assert "Pane" in text and "Back" in text

        table = build.signatures
        table.move_cursor(row=table.get_row_index(HUGE_LOG_SIGNATURE_ID))
        await press(pilot, "tab", "enter", "b")
        logs = app.screen
        assert isinstance(logs, LogsScreen)
        text = screen_text(app)
        row = logs.call_tree.current_row
        assert row is not None and row.frame is not None
        assert row.frame.symbol in text and "◆ blame" in text
        assert "Log 1/3" in text and "Blame" in text and "Fold" in text
        tree = logs.call_tree.call_tree
        assert tree is not None and f"{tree.frame_count:,} frames" in text
