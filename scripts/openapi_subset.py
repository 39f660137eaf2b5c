"""Extract the schemas asc-tui uses (and everything they reference) from Apple's App Store
Connect OpenAPI spec into tests/data/asc-openapi-subset.json, so the tests that validate the
demo server against Apple's schemas run from a plain clone.

    .venv/bin/python scripts/openapi_subset.py [path/to/openapi.oas.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = ROOT.parent / "shared/asc-openapi/openapi.oas.json"
OUT = ROOT / "tests/data/asc-openapi-subset.json"
ROOTS = [
    "AppsResponse",
    "AppResponse",
    "BuildsResponse",
    "BuildResponse",
    "BuildsWithoutIncludesResponse",
    "PreReleaseVersionsResponse",
    "PreReleaseVersionsWithoutIncludesResponse",
    "PrereleaseVersionResponse",
    "PrereleaseVersionWithoutIncludesResponse",
    "AppWithoutIncludesResponse",
    "xcodeMetrics",
    "DiagnosticSignaturesResponse",
    "diagnosticLogs",
    "ErrorResponse",
    "AnalyticsReportRequestCreateRequest",
    "AnalyticsReportRequestResponse",
    "AnalyticsReportRequestsResponse",
    "AnalyticsReportsResponse",
    "AnalyticsReportResponse",
    "AnalyticsReportInstancesResponse",
    "AnalyticsReportInstanceResponse",
    "AnalyticsReportSegmentsResponse",
    "AnalyticsReportSegmentResponse",
    "BetaFeedbackCrashSubmissionsResponse",
    "BetaFeedbackCrashSubmissionResponse",
    "BetaCrashLogResponse",
    "BetaFeedbackScreenshotSubmissionsResponse",
    "BetaFeedbackScreenshotSubmissionResponse",
]
PREFIX = "#/components/schemas/"


def refs(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(PREFIX):
                found.add(ref[len(PREFIX) :])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def subset(spec: dict[str, Any], roots: list[str]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    keep: dict[str, Any] = {}
    todo = [r for r in roots if r in schemas]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep[name] = schemas[name]
        todo.extend(sorted(refs(schemas[name]) - keep.keys()))
    return {
        "openapi": spec["openapi"],
        "info": {**spec["info"], "x-subset": "schemas used by asc-tui, extracted verbatim"},
        "components": {"schemas": dict(sorted(keep.items()))},
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPEC
    spec = json.loads(source.read_text(encoding="utf-8"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(subset(spec, ROOTS), indent=1, sort_keys=True) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(subset(spec, ROOTS)['components']['schemas'])} schemas")


if __name__ == "__main__":
    main()
