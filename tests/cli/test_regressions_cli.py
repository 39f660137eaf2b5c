"""``asc-tui regressions`` over the demo on loopback: Apple's insights as JSON, CSV, text
and Markdown, checked against the server's raw perfPowerMetrics document."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from asc_tui.cli import main
from asc_tui.demo import DemoServer
from asc_tui.demo.data.landmarks import BIG_APP_ID, GATE_PASS_HEAD_BUILD_ID
from tests.support.metrics_documents import raw_get

pytestmark = pytest.mark.usefixtures("loopback_env")


def out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["regressions", "--app", BIG_APP_ID, *argv]) == 0
    return capsys.readouterr().out


def test_json_and_csv_hold_every_insight_and_population(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = raw_get(loopback_server, f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics")["insights"]
    doc = json.loads(out(capsys, "--json"))
    assert doc["version"] == "4.5" and doc["app"]["name"] == "Trailhead: Hike & Run"
    expected = [("regression", i) for i in raw["regressions"]]
    expected += [("trendingUp", i) for i in raw["trendingUp"]]
    assert [(i["kind"], i["metric"]) for i in doc["insights"]] == [
        (kind, i["metric"]) for kind, i in expected
    ]
    for got, (_, want) in zip(doc["insights"], expected, strict=True):
        assert got["summary"] == want["summaryString"]
        assert [
            (p["device"], p["deltaPercentage"], p["latestVersionValue"]) for p in got["populations"]
        ] == [
            (p["device"], p["deltaPercentage"], p["latestVersionValue"])
            for p in want["populations"]
        ]
    rows = list(csv.DictReader(io.StringIO(out(capsys, "--csv"))))
    assert len(rows) == sum(len(i["populations"]) for _, i in expected)
    assert {r["population.percentile"] for r in rows} <= {"p50", "p90"}


def test_text_and_markdown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = out(capsys)
    assert text.splitlines()[0] == "Apple's insights for Trailhead: Hike & Run 4.5"
    assert "▲ REGRESSION (high impact) HANG hangRate  4.5 vs 4.1, 4.2, 4.3, 4.4" in text
    target = tmp_path / "insights.md"
    assert out(capsys, "--format", "markdown", "-o", str(target)) == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    header = lines.index("| | Metric | Population | Reference | Latest | Δ % |")
    table = [line for line in lines[header + 2 :] if line.startswith("|")]
    assert all(line.count(" | ") == 5 for line in table)
    assert any(
        line.startswith("| ▲ regression (high impact) | hangRate (HANG) |") for line in table
    )
    assert main(["regressions", "--app", BIG_APP_ID, "--version", "9.9"]) == 1
    assert "Versions, newest first: 4.5, 4.4, 4.3" in capsys.readouterr().err


def test_an_older_version_from_its_newest_build(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's report speaks of its latest version; 4.4's insights come from the
    metrics of 4.4's newest build."""
    doc = raw_get(loopback_server, f"/v1/builds/{GATE_PASS_HEAD_BUILD_ID}/perfPowerMetrics")
    raw = doc["insights"]
    got = json.loads(out(capsys, "--version", "4.4", "--json"))
    assert got["version"] == "4.4"
    assert [(i["kind"], i["metric"], i["latestVersion"]) for i in got["insights"]] == [
        *(("regression", i["metric"], "4.4") for i in raw["regressions"]),
        *(("trendingUp", i["metric"], "4.4") for i in raw["trendingUp"]),
    ]
    assert got["insights"]  # the demo's 4.4 has a trending-up metric
