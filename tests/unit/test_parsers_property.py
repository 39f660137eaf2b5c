"""Any JSON — shaped like the real documents or not — parses or fails with a clear error."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui.api import jsonio
from asc_tui.api._coerce import as_bool, as_int, as_str
from asc_tui.api.builds import Build
from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument, Frame
from asc_tui.api.metrics_report import MetricsReport
from asc_tui.api.models import App
from asc_tui.api.pagination import parse_page
from asc_tui.api.response_errors import error_from_response
from asc_tui.api.signatures import DiagnosticSignature
from asc_tui.errors import ApiError, ResponseFormatError
from asc_tui.metrics.compare import compare
from asc_tui.metrics.export import line_rows, to_csv, to_json, trend_rows, version_rows
from asc_tui.metrics.trend import app_rows, trend
from asc_tui.metrics.view import metric_view
from asc_tui.ui.metrics_text import insight_block, trend_chart
from asc_tui.ui.widgets.app_metrics_table import app_metric_cells
from asc_tui.ui.widgets.compare_table import comparison_cells
from asc_tui.ui.widgets.metrics_table import metric_cells
from tests.support.json_strategies import json_values, metrics_doc, scalars, shaped


@settings(max_examples=300, deadline=None)
@given(st.one_of(metrics_doc, json_values))
def test_any_metrics_document_parses(doc: Any) -> None:
    report = MetricsReport.from_json(doc)
    percentiles, devices = report.dimensions()
    total = sum(len(c.metrics) for c in report.categories)
    assert report.is_empty == (total == 0)
    for _, m in report.metrics():
        for d in m.datasets:
            assert d.criteria.percentile in percentiles
            assert d.criteria.device in dict(devices)


@settings(max_examples=300, deadline=None)
@given(st.one_of(metrics_doc, json_values), st.one_of(metrics_doc, json_values))
def test_any_metrics_document_renders(doc: Any, other_doc: Any) -> None:
    """The explorer's view models, exports and rendered text, for any document: no crash."""
    report, other = MetricsReport.from_json(doc), MetricsReport.from_json(other_doc)
    percentiles, devices = report.dimensions()
    for percentile in [*percentiles, None]:
        for device in [*(d for d, _ in devices), None]:
            lines = metric_view(report, percentile, device, None)
            assert len(lines) == len(report.metrics())
            rows = line_rows(lines, percentile, device)
            json.loads(to_json(rows))
            to_csv(rows)
            for line in lines:
                metric_cells(line)
                found = trend(report, line.key, percentile, device)
                assert found is not None
                trend_chart(found, 80)
                to_csv(trend_rows(found))
            for row in app_rows(report, percentile, device):
                app_metric_cells(row)
            for comparison in compare(report, other, percentile, device, None, None):
                assert comparison.verdict in {"better", "worse", "same", "n/a"}
                comparison_cells(comparison)
            version_rows(report, percentile, device)
    insight_block(report)


frame_keys = {
    "symbolName": st.text(max_size=10),
    "binaryName": st.text(max_size=8),
    "address": st.one_of(st.text(max_size=8), st.integers()),
    "sampleCount": st.one_of(st.integers(), st.text(max_size=4)),
    "isBlameFrame": st.booleans(),
}
frames = st.recursive(
    shaped(frame_keys),
    lambda children: st.builds(
        lambda base, subs: {**base, "subFrames": subs},
        shaped(frame_keys),
        st.lists(children, max_size=3),
    ),
    max_leaves=25,
)
logs_doc = shaped(
    {
        "productData": st.lists(
            shaped(
                {
                    "signatureId": st.text(),
                    "diagnosticLogs": st.lists(
                        shaped(
                            {
                                "diagnosticMetaData": st.dictionaries(st.text(max_size=8), scalars),
                                "callStackTree": st.one_of(
                                    st.lists(
                                        shaped(
                                            {
                                                "callStackPerThread": st.booleans(),
                                                "callStacks": st.lists(
                                                    shaped(
                                                        {
                                                            "callStackRootFrames": st.lists(
                                                                frames, max_size=3
                                                            )
                                                        }
                                                    ),
                                                    max_size=3,
                                                ),
                                            }
                                        ),
                                        max_size=2,
                                    ),
                                    json_values,
                                ),
                            }
                        ),
                        max_size=2,
                    ),
                }
            ),
            max_size=2,
        )
    }
)


def items(value: Any) -> list[Any]:
    """The parser's rule: a list as is, a lone object as a list of one."""
    return value if isinstance(value, list) else [value]


def count_json_frames(doc: Any) -> int:
    """Reference count of frames (objects), walking the raw JSON."""

    def field(node: Any, key: str) -> list[Any]:
        return items(node.get(key)) if isinstance(node, dict) else []

    stack = [
        root
        for product in field(doc, "productData")
        for log in field(product, "diagnosticLogs")
        for tree in field(log, "callStackTree")
        for cs in field(tree, "callStacks")
        for root in field(cs, "callStackRootFrames")
    ]
    total = 0
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            total += 1
            stack.extend(field(node, "subFrames"))
    return total


@settings(max_examples=300, deadline=None)
@given(st.one_of(logs_doc, json_values))
def test_any_logs_document_parses_every_frame(doc: Any) -> None:
    parsed = DiagnosticLogsDocument.from_json(doc)
    assert sum(log.frame_count() for log in parsed.logs) == count_json_frames(doc)


def test_a_5000_deep_call_stack_parses_without_recursion() -> None:
    node: dict[str, Any] = {"symbolName": "leaf", "isBlameFrame": True, "subFrames": []}
    for depth in range(5000):
        node = {"symbolName": f"f{depth}", "sampleCount": 1, "subFrames": [node]}
    doc = {
        "productData": [
            {
                "diagnosticLogs": [
                    {"callStackTree": [{"callStacks": [{"callStackRootFrames": [node]}]}]}
                ]
            }
        ]
    }
    text = jsonio.dumps(doc)  # a real document this deep: json.loads alone would fail
    parsed = DiagnosticLogsDocument.from_json(jsonio.loads(text.encode()))
    log = parsed.logs[0]
    assert log.frame_count() == 5001
    frame = log.call_stacks[0].roots[0]
    depth = 0
    while frame.children:
        frame, depth = frame.children[0], depth + 1
    assert (frame.symbol, frame.is_blame, depth) == ("leaf", True, 5000)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_resource_parses(resource: Any) -> None:
    data = resource if isinstance(resource, dict) else {}
    assert isinstance(App.from_resource(data).name, str)
    assert isinstance(Build.from_resource(data).display_version, str)
    signature = DiagnosticSignature.from_resource(data)
    assert 0 <= abs(signature.weight) < float("inf")


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_collection_body_is_a_page_or_a_format_error(doc: Any) -> None:
    try:
        page = parse_page(doc)
    except ResponseFormatError:
        assert not (isinstance(doc, dict) and isinstance(doc.get("data"), list))
    else:
        assert isinstance(doc, dict) and len(page.data) <= len(doc["data"])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=400, max_value=599), st.one_of(json_values, st.binary(max_size=40)))
def test_any_error_body_gives_a_typed_error_with_a_message(status: int, body: Any) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    error = error_from_response(httpx.Response(status, content=content))
    assert isinstance(error, ApiError)
    assert error.status == status
    assert str(status) in error.message and error.user_message().strip()


FRAME_FIELDS = {
    "symbolName": "symbol",
    "binaryName": "binary",
    "address": "address",
    "offsetIntoBinaryTextSegment": "offset_into_binary",
    "offsetIntoSymbol": "offset_into_symbol",
    "fileName": "file_name",
    "lineNumber": "line_number",
    "binaryUUID": "binary_uuid",
    "rawFrame": "raw_frame",
    "insightsCategory": "insights_category",
}


@settings(max_examples=300, deadline=None)
@given(
    fields=st.dictionaries(
        st.sampled_from([*FRAME_FIELDS, "sampleCount", "isBlameFrame"]),
        scalars | st.sampled_from([2**53 - 1, 2**53, 2**53 + 1, -(2**53), "true", " TRUE ", ""]),
    )
)
def test_a_frame_reads_each_field_as_the_tolerant_readers_do(fields: dict[str, Any]) -> None:
    frame = Frame.from_json(fields)
    for key, name in FRAME_FIELDS.items():
        if key != "symbolName":
            assert getattr(frame, name) == as_str(fields.get(key))
    symbol = as_str(fields.get("symbolName")) or as_str(fields.get("rawFrame")) or "???"
    assert frame.symbol == symbol
    assert frame.sample_count == as_int(fields.get("sampleCount"))
    assert frame.is_blame is as_bool(fields.get("isBlameFrame"))
