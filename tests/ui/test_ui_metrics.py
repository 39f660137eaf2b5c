"""The metrics explorer on the demo: every category, percentile and device switching, an
unknown category, insights, a metric's trend, two builds compared, export, 80x24."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.metrics_report import MetricsReport
from asc_tui.demo.data.landmarks import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
)
from asc_tui.files.locations import EXPORT_DIR_ENV
from asc_tui.metrics.numbers import metric_number as number
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.app_metrics import AppMetricsScreen
from asc_tui.ui.screens.build import BuildScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.screens.compare import CompareScreen
from asc_tui.ui.screens.metric import MetricScreen
from asc_tui.ui.widgets.item_table import ItemTable
from tests.support.metrics_documents import raw, raw_datasets
from tests.support.ui import notifications, press, screen_text, select, settle, top

Doc = dict[str, Any]


def line_of(app: AscApp, needle: str) -> str:
    return next(ln for ln in screen_text(app).splitlines() if needle in ln)


async def open_builds(app: AscApp, pilot: Any, app_id: str = BIG_APP_ID) -> BuildsScreen:
    await settle(pilot)
    select(top(app).query_one("#apps", ItemTable), app_id)
    await press(pilot, "enter")
    screen = top(app)
    assert isinstance(screen, BuildsScreen)
    return screen


async def test_every_category_and_breakdown_on_the_build_screen(
    store: Store, client: AscClient
) -> None:
    doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    async with app.run_test(size=(200, 60)) as pilot:
        builds = await open_builds(app, pilot)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter")
        screen = top(app)
        assert isinstance(screen, BuildScreen)
        for category, metric, _ in raw_datasets(doc):
            dataset = raw(doc, metric["identifier"], "all_iphones", "percentile.fifty")
            point = dataset["points"][-1]
            line = line_of(app, f" {metric['identifier']} ")
            assert category in line and metric["unit"]["displayName"] in line
            assert number(point["value"]) in line and f"±{number(point['errorMargin'])}" in line
            if "goal" in point:
                assert point["goal"] in line
            if "percentageBreakdown" in point:
                assert point["percentageBreakdown"]["subSystemLabel"] in line
            if "recommendedMetricGoal" in dataset:
                assert f"≤{number(dataset['recommendedMetricGoal']['value'])}" in line


async def test_unknown_category_is_shown_by_its_identifier(store: Store, client: AscClient) -> None:
    doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    future = {
        "identifier": "NETWORK",
        "metrics": [
            {
                "identifier": "requestLatency",
                "unit": {"identifier": "ms", "displayName": "ms"},
                "datasets": [
                    {
                        "filterCriteria": {
                            "percentile": "percentile.fifty",
                            "device": "all_iphones",
                            "deviceMarketingName": "All iPhones",
                        },
                        "points": [{"version": "4.5", "value": 123.5, "errorMargin": 4.5}],
                    }
                ],
            }
        ],
    }
    doc["productData"][0]["metricCategories"].append(future)
    app = AscApp(store)
    async with app.run_test(size=(160, 60)) as pilot:
        builds = await open_builds(app, pilot)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter")
        screen = top(app)
        assert isinstance(screen, BuildScreen)
        screen.metrics.show(MetricsReport.from_json(doc), "4.5")
        await settle(pilot)
        line = line_of(app, "requestLatency")
        assert "NETWORK" in line and "123.5" in line and "±4.5" in line


async def test_app_metrics_show_what_regressed(store: Store, client: AscClient) -> None:
    report = await client.app_metrics(BIG_APP_ID)
    assert report.regressions
    app = AscApp(store)
    async with app.run_test(size=(200, 80)) as pilot:
        await settle(pilot)
        select(top(app).query_one("#apps", ItemTable), BIG_APP_ID)
        await press(pilot, "M")
        screen = top(app)
        assert isinstance(screen, AppMetricsScreen)
        await press(pilot, "i")  # every insight, not the first few lines
        text = screen_text(app)
        assert "What regressed?" in text
        for insight in report.regressions + report.trending_up:
            assert insight.summary in text
            assert f"{insight.metric_category} {insight.metric}" in text
            assert ", ".join(insight.reference_versions) in text
        first = report.regressions[0].populations[0]
        assert f"{first.delta_percentage:+,.1f}%".replace("+-", "-") in text or (
            f"{number(first.delta_percentage)}%" in text
        )
        assert screen.table.item_count == len(report.metrics())


async def test_metric_trend_values_and_goal_line(store: Store, client: AscClient) -> None:
    doc = await client.get_json(
        f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics", {"filter[metricType]": "LAUNCH"}
    )
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        builds = await open_builds(app, pilot)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter")  # a build opens with its metrics table focused
        before = client.request_count
        await press(pilot, "enter")  # launchTime: the first row
        screen = top(app)
        assert isinstance(screen, MetricScreen)
        assert client.request_count == before + 1  # narrowed to LAUNCH server-side
        for percentile in ("percentile.fifty", "percentile.ninety"):
            dataset = raw(doc, "launchTime", "all_iphones", percentile)
            assert screen.percentile == percentile
            text = screen_text(app)
            for point in dataset["points"]:
                row = next(
                    ln for ln in text.splitlines() if ln.startswith(f" {point['version']} │")
                )
                assert number(point["value"]) in row
            goal = dataset["recommendedMetricGoal"]["value"]
            assert f"┊ goal {number(goal)} ms" in text
            assert "All iPhones" in text
            await press(pilot, "p")
        await press(pilot, "d")
        assert screen.device == "all_ipads" and "All iPads" in screen_text(app)
        assert client.request_count == before + 1  # switching is local


async def test_compare_two_builds(store: Store, client: AscClient) -> None:
    builds_list = await client.builds(BIG_APP_ID)
    marked = next(b for b in builds_list if b.id != HUGE_LOG_BUILD_ID)
    base_doc = await client.build_metrics_json(marked.id)
    other_doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        builds = await open_builds(app, pilot)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter")
        assert "Compare" not in screen_text(app)  # nothing marked yet: c is not offered
        await press(pilot, "c")  # and does nothing
        assert isinstance(top(app), BuildScreen)
        await press(pilot, "m")  # marking this build does not offer c here either
        assert "Compare" not in screen_text(app).splitlines()[-1]
        await press(pilot, "escape")
        select(builds.table, marked.id)
        await press(pilot, "m")
        assert app.marked_build is not None and app.marked_build[1].id == marked.id
        assert f"{marked.display_version} marked to compare" in screen_text(app)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter")
        assert "c Compare" in screen_text(app).splitlines()[-1]  # now it is offered
        await press(pilot, "c")
        screen = top(app)
        assert isinstance(screen, CompareScreen)
        for percentile in ("percentile.fifty", "percentile.ninety"):
            assert screen.percentile == percentile
            rows = {row.metric: row for row in screen.rows}
            assert len(rows) == len(MetricsReport.from_json(other_doc).metrics())
            for name, row in rows.items():
                a = raw(base_doc, name, "all_iphones", percentile)["points"][-1]["value"]
                b = raw(other_doc, name, "all_iphones", percentile)["points"][-1]["value"]
                assert row.delta == pytest.approx(b - a)
                assert row.percent == pytest.approx((b - a) / a * 100)
            worst = max(rows.values(), key=lambda r: r.percent or 0)
            line = line_of(app, f" {worst.metric} ")
            assert "▲ worse" in line and number(worst.other) in line
            best = min(rows.values(), key=lambda r: r.percent or 0)
            assert "▼ better" in line_of(app, f" {best.metric} ")
            await press(pilot, "p")


async def test_compare_with_a_build_without_data(store: Store, client: AscClient) -> None:
    app = AscApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        builds = await open_builds(app, pilot, BRACKETS_APP_ID)
        select(builds.table, EMPTY_METRICS_BUILD_ID)
        await press(pilot, "m")
        other = next(b for b in builds.table.items if b.id != EMPTY_METRICS_BUILD_ID)
        select(builds.table, other.id)
        await press(pilot, "enter", "c")
        screen = top(app)
        assert isinstance(screen, CompareScreen)
        assert "not enough data yet for 1.1" in screen_text(app)
        assert all(row.verdict == "n/a" and row.base is None for row in screen.rows)
        assert all(row.other is not None for row in screen.rows)


async def test_export_writes_the_current_view(
    store: Store, client: AscClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EXPORT_DIR_ENV, str(tmp_path / "exports"))
    doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    notes = notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        builds = await open_builds(app, pilot)
        select(builds.table, HUGE_LOG_BUILD_ID)
        await press(pilot, "enter", "d", "p", "e")
        files = sorted((tmp_path / "exports").iterdir())
        assert [f.suffix for f in files] == [".csv", ".json"]
        rows = json.loads(files[1].read_text())
        for row in rows:
            point = raw(doc, row["metric"], "all_ipads", "percentile.ninety")["points"][-1]
            assert (row["device"], row["value"]) == ("all_ipads", point["value"])
        assert any(str(files[1]) in n.message for n in notes)
        # an unwritable folder: a clear message, not a crash
        blocker = tmp_path / "file"
        blocker.write_text("")
        monkeypatch.setenv(EXPORT_DIR_ENV, str(blocker / "sub"))
        await press(pilot, "e")
        text = screen_text(app)
        assert "Could not export" in text and EXPORT_DIR_ENV in text


async def test_new_screens_fit_80x24(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        select(top(app).query_one("#apps", ItemTable), BIG_APP_ID)
        await press(pilot, "M")
        text = screen_text(app)
        for needle in ("What regressed?", "REGRESSION", "launchTime", "Latest", "Δ %", "(p)"):
            assert needle in text, needle
        assert "Export" in text.splitlines()[-1]
        await press(pilot, "enter")
        text = screen_text(app)
        assert "┊ goal" in text and "Version" in text and "(d)" in text
        # the caption's goal legend is shown whole or not at all, never cut ("✓ good  ~")
        caption = text.splitlines()[1]
        assert "(p)" in caption
        assert ("✓ good" in caption) == ("✗ poor" in caption), caption
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert "✓ good  ~ fair  ✗ poor" in screen_text(app).splitlines()[1]
