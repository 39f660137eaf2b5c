"""Property tests for the CI gate: any two metrics documents and any signatures give a
verdict for every rule and reports that parse (JUnit as XML, JSON as JSON); any rules
document gives rules or a RulesError, never a crash."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui.api.builds import Build
from asc_tui.api.metrics_report import MetricsReport
from asc_tui.api.signatures import DiagnosticSignature
from asc_tui.metrics.compare import ALL
from asc_tui.metrics.gate import FAIL, NO_DATA, PASS, evaluate
from asc_tui.metrics.gate_output import gate_junit, gate_markdown, gate_text
from asc_tui.metrics.pair import BuildSide, PairReport, gate_document, to_json
from asc_tui.metrics.rules import (
    DIAGNOSTIC_TYPES,
    Limit,
    MetricRule,
    Rules,
    RulesError,
    rules_from_document,
)
from asc_tui.metrics.signature_diff import signature_changes
from asc_tui.safe_text import is_safe
from tests.support.json_strategies import json_values, metrics_doc

EVERYTHING = Rules(
    (
        MetricRule("*", ALL, ALL, Limit(10.0, percent=True), "fair"),
        MetricRule("*", ALL, ALL, Limit(0.5, percent=False)),
    ),
    DIAGNOSTIC_TYPES,
    fail_on_apple_regressions=True,
)
hostile = st.text(max_size=30) | st.sampled_from(["\uffff", "\ud800x", "a\x1b]0;t\x07", '<&>"'])
signatures = st.lists(
    st.builds(
        DiagnosticSignature,
        id=st.just("s"),
        diagnostic_type=st.sampled_from([*DIAGNOSTIC_TYPES, "NEW"]),
        signature=hostile,
        weight=st.floats(0, 1),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(metrics_doc, metrics_doc, signatures, signatures, hostile)
def test_any_pair_gets_a_verdict_and_reports(
    a: Any, b: Any, base_sigs: list[DiagnosticSignature], head_sigs: list[DiagnosticSignature],
    version: str,
) -> None:  # fmt: skip
    base, head = MetricsReport.from_json(a), MetricsReport.from_json(b)
    changes = signature_changes(base_sigs, head_sigs)
    gate = evaluate(
        EVERYTHING, base, head, changes, base_label="a", head_label=version, head_version=version
    )
    assert {r.status for r in gate.results} <= {PASS, FAIL, NO_DATA}
    assert gate.status in {PASS, FAIL, NO_DATA}
    if base.is_empty or head.is_empty:
        assert gate.status == NO_DATA
    pair = PairReport(
        BuildSide(Build("1", "1", version), base), BuildSide(Build("2", "2", version), head),
        (), tuple(changes),
    )  # fmt: skip
    root = ET.fromstring(gate_junit(pair, gate))
    assert len(root.findall("testsuite/testcase")) == len(gate.results)
    assert json.loads(to_json(gate_document(pair, gate, 0)))["status"] == gate.status
    for text in (gate_text(pair, gate), gate_markdown(pair, gate)):
        assert is_safe(text)  # nothing a terminal would act on (tab and LF aside)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["device", "percentile", "rules", "rule",
       "no_new_signatures", "fail_on_apple_regressions", "other"]), json_values))  # fmt: skip
def test_any_rules_document_gives_rules_or_a_clear_error(doc: dict[str, Any]) -> None:
    try:
        rules = rules_from_document(doc, "rules.toml")
    except RulesError as error:
        assert error.message.startswith("rules.toml: ")
    else:
        assert all(rule.max_regress or rule.goal for rule in rules.metrics)
