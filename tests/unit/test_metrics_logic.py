"""The metrics explorer's Textual-free logic, checked against the demo's raw JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.metrics_report import MetricsReport
from asc_tui.demo.data.landmarks import BIG_APP_ID, HUGE_LOG_BUILD_ID
from asc_tui.metrics import direction
from asc_tui.metrics.compare import Comparison, compare
from asc_tui.metrics.export import export, line_rows, to_csv, version_rows
from asc_tui.metrics.trend import app_rows, chart_rows, sparkline, trend
from asc_tui.metrics.view import (
    P50,
    P90,
    PREFERRED_DEVICE,
    MetricSelection,
    cycle,
    default_device,
    default_percentile,
    goal_status,
    metric_view,
)
from tests.support.metrics_documents import Doc, raw, raw_datasets


async def build_pair(client: AscClient) -> tuple[Doc, Doc]:
    builds = await client.builds(BIG_APP_ID)
    other = next(b for b in builds if b.id != HUGE_LOG_BUILD_ID)
    return (
        await client.build_metrics_json(other.id),
        await client.build_metrics_json(HUGE_LOG_BUILD_ID),
    )


async def test_view_has_every_category_value_margin_goal_and_breakdown(client: AscClient) -> None:
    doc = await client.build_metrics_json(HUGE_LOG_BUILD_ID)
    report = MetricsReport.from_json(doc)
    categories = {c for c, _, _ in raw_datasets(doc)}
    assert {"LAUNCH", "HANG", "MEMORY", "DISK", "BATTERY", "ANIMATION", "TERMINATION"} <= (
        categories
    )
    for percentile in (P50, P90):
        lines = metric_view(report, percentile, "all_ipads", None)
        assert {line.category for line in lines} == categories
        for line in lines:
            dataset = raw(doc, line.metric.identifier, "all_ipads", percentile)
            point = dataset["points"][-1]
            assert line.value == point["value"]
            assert line.error_margin == point["errorMargin"]
            assert line.goal == point.get("goal")
            breakdown = point.get("percentageBreakdown")
            if breakdown:
                assert line.breakdown == f"{breakdown['subSystemLabel']} {breakdown['value']:g}%"
            recommended = dataset.get("recommendedMetricGoal")
            assert line.recommended == (recommended["value"] if recommended else None)
    assert any(line.breakdown for line in lines) and any(line.recommended for line in lines)


def test_goal_status_falls_back_to_goal_keys_then_recommended_goal() -> None:
    def doc(goal_keys: list[Doc], point: Doc, recommended: float | None) -> MetricsReport:
        dataset: Doc = {"filterCriteria": {"percentile": P50, "device": "d"}, "points": [point]}
        if recommended is not None:
            dataset["recommendedMetricGoal"] = {"value": recommended}
        metric = {"identifier": "m", "goalKeys": goal_keys, "datasets": [dataset]}
        category = {"identifier": "LAUNCH", "metrics": [metric]}
        return MetricsReport.from_json({"productData": [{"metricCategories": [category]}]})

    keys = [{"goalKey": "good", "lowerBound": 0, "upperBound": 400}]
    assert metric_view(doc(keys, {"value": 1, "goal": "POOR"}, 5), P50, "d", None)[0].goal == (
        "poor"
    )
    assert metric_view(doc(keys, {"value": 300}, None), P50, "d", None)[0].goal == "good"
    assert metric_view(doc([], {"value": 300}, 400), P50, "d", None)[0].goal == "good"
    assert metric_view(doc([], {"value": 500}, 400), P50, "d", None)[0].goal == "poor"
    assert metric_view(doc([], {"value": 500}, None), P50, "d", None)[0].goal is None
    only = metric_view(doc([], {"value": 500}, None), P50, "d", None)[0]
    assert goal_status(only.metric, None, None) is None


async def test_compare_deltas_from_the_raw_documents(client: AscClient) -> None:
    base_doc, other_doc = await build_pair(client)
    base, other = MetricsReport.from_json(base_doc), MetricsReport.from_json(other_doc)
    rows = compare(base, other, P90, "all_iphones", None, None)
    assert len(rows) == len(other.metrics())
    for row in rows:
        a = raw(base_doc, row.metric, "all_iphones", P90)["points"][-1]["value"]
        b = raw(other_doc, row.metric, "all_iphones", P90)["points"][-1]["value"]
        assert (row.base, row.other) == (a, b)
        assert row.delta == pytest.approx(b - a)
        assert row.percent == pytest.approx((b - a) / a * 100)
        assert row.verdict == ("same" if a == b else "worse" if b > a else "better")


def test_direction_table_and_missing_values() -> None:
    assert direction.lower_is_better("launchTime") and direction.lower_is_better("hangRate")
    assert direction.verdict("launchTime", 5.0) == "worse"
    assert direction.verdict("launchTime", -5.0) == "better"
    assert direction.verdict("launchTime", 0.0) == "same"
    assert Comparison("LAUNCH", "launchTime", "ms", None, 3.0).verdict == "n/a"
    assert Comparison("LAUNCH", "launchTime", "ms", 0.0, 3.0).percent is None
    assert cycle(["a", "b"], "b") == "a" and cycle(["a"], "zzz") == "a" and cycle([], "a") is None


async def test_trend_follows_the_app_document(client: AscClient) -> None:
    doc = await client.get_json(f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics")
    report = MetricsReport.from_json(doc)
    key = next(line.key for line in metric_view(report, P50, "all_iphones", None))
    found = trend(report, key, P50, "all_iphones")
    assert found is not None
    dataset = raw(doc, found.metric.identifier, "all_iphones", P50)
    assert [p.version for p in found.points] == [p["version"] for p in dataset["points"]]
    assert [p.value for p in found.points] == [p["value"] for p in dataset["points"]]
    goal_line = found.goal_line
    assert goal_line is not None and goal_line == dataset["recommendedMetricGoal"]["value"]
    rows = chart_rows(found, 40)
    longest = max(range(len(rows)), key=lambda i: found.points[i].value or 0)
    assert len(rows[longest][1]) == 40 or goal_line > max(p.value or 0 for p in found.points)
    goal_col = rows[0][2]
    assert goal_col is not None and 0 <= goal_col < 40
    app = {row.key: row for row in app_rows(report, P50, "all_iphones")}[key]
    values = [p["value"] for p in dataset["points"]]
    assert app.change.base == values[-2] and app.change.other == values[-1]
    assert trend(report, "NOPE/x/y", P50, "all_iphones") is None


def test_sparkline() -> None:
    assert sparkline([1.0, 2.0, 3.0]) == "▁▅█"
    assert sparkline([2.0, None, 2.0]) == "▄ ▄"
    assert sparkline([]) == ""


async def test_export_writes_json_and_csv_atomically(client: AscClient, tmp_path: Path) -> None:
    report = await client.build_metrics(HUGE_LOG_BUILD_ID)
    rows = line_rows(metric_view(report, P50, "all_iphones", None), P50, "all_iphones")
    json_path, csv_path = export(rows, tmp_path / "out", "metrics 4.5/953")
    assert json_path.name == "metrics-4.5-953.json"
    assert json.loads(json_path.read_text()) == rows
    parsed = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert [r["metric"] for r in parsed] == [r["metric"] for r in rows]
    assert [float(r["value"]) for r in parsed] == [r["value"] for r in rows]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [json_path.name, csv_path.name]
    )  # no temp files left behind
    assert to_csv([]) == "\n"


async def test_version_rows_cover_every_point(client: AscClient) -> None:
    doc = await client.get_json(f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics")
    rows = version_rows(MetricsReport.from_json(doc), P50, "all_ipads")
    expected = [
        (metric["identifier"], point["version"], point["value"])
        for _, metric, dataset in raw_datasets(doc)
        if dataset["filterCriteria"] == {**dataset["filterCriteria"], "device": "all_ipads"}
        and dataset["filterCriteria"]["percentile"] == P50
        for point in dataset["points"]
    ]
    assert [(r["metric"], r["version"], r["value"]) for r in rows] == expected


async def test_a_view_keeps_its_device_and_percentile_when_the_report_has_them(
    client: AscClient,
) -> None:
    report = await client.build_metrics(HUGE_LOG_BUILD_ID)
    percentiles, devices = report.dimensions()
    ids = [device for device, _ in devices]
    other = next(device for device in ids if device != PREFERRED_DEVICE)
    assert PREFERRED_DEVICE in ids and P50 in percentiles and P90 in percentiles
    assert default_device(report) == PREFERRED_DEVICE
    assert default_device(report, other) == other
    assert default_device(report, "iPhone99,9") == PREFERRED_DEVICE  # not in this report
    assert default_percentile(report) == P50
    assert default_percentile(report, P90) == P90
    assert default_percentile(report, "p99") == P50


def test_one_selection_of_percentile_and_device_over_one_or_two_reports() -> None:
    def report(*criteria: tuple[str, str, str]) -> MetricsReport:
        datasets = [
            {
                "filterCriteria": {"percentile": p, "device": d, "deviceMarketingName": n},
                "points": [{"version": "1.0", "value": 1}],
            }
            for p, d, n in criteria
        ]
        metric = {"identifier": "m", "datasets": datasets}
        doc = {
            "productData": [{"metricCategories": [{"identifier": "LAUNCH", "metrics": [metric]}]}]
        }
        return MetricsReport.from_json(doc)

    phones = report((P90, "all_ipads", "All iPads"), (P50, "all_iphones", "All iPhones"))
    selection = MetricSelection()
    selection.use(phones)
    assert (selection.percentile, selection.device) == (P50, "all_iphones")  # the defaults
    assert selection.device_name == "All iPhones" and selection.device_position == (2, 2)
    selection.next_device()
    selection.next_percentile()
    assert (selection.percentile, selection.device) == (P90, "all_ipads")
    selection.next_device()  # wraps
    assert selection.device == "all_iphones"

    selection.use(phones)  # reloaded: the choices stay
    assert (selection.percentile, selection.device) == (P90, "all_iphones")

    empty = MetricsReport.from_json({"productData": []})
    watch = report((P50, "apple_watch", "Apple Watch"))
    both = MetricSelection()
    both.use(empty, watch)  # the first report with data chooses the defaults
    assert (both.percentile, both.device) == (P50, "apple_watch")
    both.use(watch, phones)  # a comparison: the union, first seen first
    assert list(both.devices) == ["apple_watch", "all_ipads", "all_iphones"]
    assert both.percentiles == [P50, P90] and both.device == "apple_watch"
