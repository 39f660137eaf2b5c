"""The CI gate's rules: the documented file format and one-line rules, and what a rule
says about a comparison (direction, percentages, goals, missing values)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asc_tui.api.metrics_report import MetricsReport
from asc_tui.metrics.compare import Comparison
from asc_tui.metrics.gate import FAIL, NO_DATA, PASS, _check_goal, _check_limit, evaluate
from asc_tui.metrics.rules import (
    Limit,
    MetricRule,
    Rules,
    RulesError,
    load_rules_file,
    parse_rule_line,
)
from asc_tui.metrics.view import P50, P90

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "asc-perf.toml"


def test_the_example_file() -> None:
    rules = load_rules_file(EXAMPLE)
    assert rules.fail_on_apple_regressions and rules.no_new_signatures == ("HANGS",)
    assert [r.name for r in rules.metrics] == [
        "launchTime p90 all_iphones max_regress=10%",
        "hangRate p50 all_iphones goal=fair",
        "peakMemory p50 all_iphones max_regress=10%",
    ]


def test_one_line_rules() -> None:
    rule = parse_rule_line("launchTime all_ipads p90 max_regress=50")
    assert rule == MetricRule("launchTime", P90, "all_ipads", Limit(50.0, percent=False))
    assert parse_rule_line("* goal=good", device="all").device == "all"
    for bad, message in (
        ("launchTime", "neither max_regress nor goal"),
        ("launchTime max_regress=ten", "is not a percentage or a number"),
        ("launchTime p90 a b max_regress=1%", "unexpected 'b'"),
        ("launchTime limit=1", "unknown rule setting 'limit'"),
    ):
        with pytest.raises(RulesError, match=message):
            parse_rule_line(bad)


def row(metric: str, base: float | None, head: float | None, goal: str | None = None) -> Comparison:
    return Comparison("LAUNCH", metric, "ms", base, head, P50, "all_iphones", None, goal)


def test_limits_follow_the_direction_table(monkeypatch: pytest.MonkeyPatch) -> None:
    ten = MetricRule("launchTime", P50, "all_iphones", Limit(10.0, percent=True))
    assert _check_limit(ten, row("launchTime", 100, 110)).status == PASS
    assert _check_limit(ten, row("launchTime", 100, 110.5)).status == FAIL
    assert _check_limit(ten, row("launchTime", 100, 50)).status == PASS
    assert _check_limit(ten, row("launchTime", None, 50)).status == NO_DATA
    assert _check_limit(ten, row("launchTime", 0, 50)).status == NO_DATA
    monkeypatch.setattr("asc_tui.metrics.direction.HIGHER_IS_BETTER", frozenset({"launchTime"}))
    assert _check_limit(ten, row("launchTime", 100, 110.5)).status == PASS
    assert _check_limit(ten, row("launchTime", 100, 89)).status == FAIL


def test_goals() -> None:
    fair = MetricRule("hangRate", P50, "all_iphones", goal="fair")
    assert _check_goal(fair, row("hangRate", 1, 2, "fair")).status == PASS
    assert _check_goal(fair, row("hangRate", 1, 6, "poor")).status == FAIL
    assert _check_goal(fair, row("hangRate", 1, 2, None)).status == NO_DATA


def test_an_empty_build_is_not_enough_data() -> None:
    empty = MetricsReport.from_json({"productData": []})
    gate = evaluate(
        Rules(no_new_signatures=("HANGS",)),
        empty,
        empty,
        [],
        base_label="1.0",
        head_label="1.1",
        head_version="1.1",
    )
    assert gate.status == NO_DATA and gate.empty_builds == ("1.0", "1.1")
    assert [r.status for r in gate.results] == [NO_DATA]


def test_hostile_signature_text_in_the_reports() -> None:
    """A signature with a pipe, HTML and an escape sequence stays one Markdown cell,
    shows as text, and is kept exactly in JSON."""
    from asc_tui.api.builds import Build
    from asc_tui.api.signatures import DiagnosticSignature
    from asc_tui.metrics.gate_output import gate_markdown, gate_text
    from asc_tui.metrics.pair import BuildSide, PairReport, gate_document
    from asc_tui.metrics.signature_diff import signature_changes

    nasty = "App: -[A b:|c] <img src=x> \x1b]0;owned\x07 + 8"
    changes = signature_changes([], [DiagnosticSignature("s", "HANGS", nasty, 0.5)])
    report = MetricsReport.from_json({"productData": [{"metricCategories": [{
        "identifier": "HANG", "metrics": [{"identifier": "hangRate", "datasets": [{
            "filterCriteria": {"percentile": P50, "device": "all_iphones"},
            "points": [{"version": "1", "value": 1.0}]}]}]}]}]})  # fmt: skip
    gate = evaluate(
        Rules(no_new_signatures=("HANGS",)),
        report,
        report,
        changes,
        base_label="1 (1)",
        head_label="1 (2)",
        head_version="1",
    )
    pair = PairReport(
        BuildSide(Build("a", "1", "1"), report), BuildSide(Build("b", "2", "1"), report),
        (), tuple(changes),
    )  # fmt: skip
    md = gate_markdown(pair, gate)
    row = next(line for line in md.splitlines() if line.startswith("| HANGS |"))
    assert len(re.split(r"(?<!\\)\|", row)[1:-1]) == 3  # unescaped pipes: 3 cells
    assert "<img" not in md and "&lt;img" in md and "\x1b" not in md and "␛" in md
    assert "\x1b" not in gate_text(pair, gate) and "␛]0;owned␇" in gate_text(pair, gate)
    assert gate_document(pair, gate, 7)["signatures"] == {
        "new": [{"change": "new", "type": "HANGS", "weight": 0.5, "signature": nasty}],
        "gone": [],
    }
