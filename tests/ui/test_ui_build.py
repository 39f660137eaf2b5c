"""The build screen's metrics match the demo's JSON; device switching, insights, refresh."""

from __future__ import annotations

from typing import Any

from asc_tui.api.client import AscClient
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.metrics.numbers import number
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.dialogs.text import DetailsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.logs import LogsScreen
from tests.support.ui import press, screen_text, settle


def raw_value(doc: Any, metric: str, device: str, percentile: str, version: str) -> float:
    """Straight from the perfPowerMetrics JSON, without the app's parser."""
    for product in doc["productData"]:
        for category in product["metricCategories"]:
            for item in category["metrics"]:
                if item["identifier"] != metric:
                    continue
                for dataset in item["datasets"]:
                    criteria = dataset["filterCriteria"]
                    if criteria["device"] == device and criteria["percentile"] == percentile:
                        point = next(p for p in dataset["points"] if p["version"] == version)
                        return float(point["value"])
    raise AssertionError(f"{metric} {device} {percentile} not in the document")


async def open_build(app: AscApp, client: AscClient) -> BuildScreen:
    apps = {a.id: a for a in await client.apps()}
    build = next(b for b in await client.builds(BIG_APP_ID) if b.id == HUGE_LOG_BUILD_ID)
    app.open_build(apps[BIG_APP_ID], build)
    screen = app.screen
    assert isinstance(screen, BuildScreen)
    return screen


async def test_metric_values_come_from_the_document(store: Store, client: AscClient) -> None:
    doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_build(app, client)
        await settle(pilot)
        for device in ("all_iphones", "all_ipads"):
            assert screen.metrics.device == device
            for percentile in ("percentile.fifty", "percentile.ninety"):
                assert screen.metrics.percentile == percentile
                expected = raw_value(doc, "launchTime", device, percentile, "4.5")
                rows = {row.metric.identifier: row for row in screen.metrics.table.items}
                launch = rows["launchTime"]
                assert launch.value == expected
                line = next(ln for ln in screen_text(app).splitlines() if "launchTime" in ln)
                assert number(expected) in line
                assert launch.metric.unit in line
                await press(pilot, "p")  # next percentile
            await press(pilot, "d")  # next device
        assert screen.metrics.device not in ("all_iphones", "all_ipads")


async def test_insights_dialog_and_refresh(store: Store, client: AscClient) -> None:
    report = await client.build_metrics(HUGE_LOG_BUILD_ID)
    insights = report.regressions + report.trending_up
    assert len(insights) > 1
    app = AscApp(store)
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        screen = await open_build(app, client)
        await settle(pilot)
        # a short pane: one line says how many insights there are, the metrics keep the rest
        text = screen_text(app)
        assert f"… {len(insights)} insights (i shows all)" in text
        assert insights[0].summary[:30] not in text
        assert sum(line.metric.identifier in text for line in screen.metrics.lines) >= 1
        await press(pilot, "i")  # every insight, whole, in a dialog that scrolls
        dialog = app.screen
        assert isinstance(dialog, DetailsScreen)
        for insight in insights:
            assert insight.summary in dialog.text.plain
            assert ", ".join(insight.reference_versions) in dialog.text.plain
        shown = " ".join(screen_text(app).replace("│", " ").split())  # wrapped in a border
        assert " ".join(insights[0].summary.split()) in shown
        await press(pilot, "escape")
        assert app.screen is screen
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        text = screen_text(app)
        for insight in insights[:3]:  # a tall pane shows a line per insight
            assert insight.summary[:60] in text
        before = client.request_count
        await press(pilot, "r")
        assert client.request_count == before + 2
        assert screen.metrics.table.item_count == len(report.metrics())

        screen.signatures.move_cursor(row=screen.signatures.get_row_index(HUGE_LOG_SIGNATURE_ID))
        await press(pilot, "tab", "enter")
        assert isinstance(app.screen, LogsScreen)
        before = client.request_count
        await press(pilot, "escape", "enter")  # back and forth: memoised
        assert client.request_count == before
        await press(pilot, "r")
        assert client.request_count == before + 1
        assert isinstance(app.screen, LogsScreen) and app.screen.error_report is None
