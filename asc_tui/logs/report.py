"""A signature's logs as a readable text report, like Xcode's call tree export: each
log's metadata, the insights, then every call stack with one frame per line, indented by
depth. Built iteratively (trees can be thousands of frames deep). No Textual here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..api.diagnostic_logs import DiagnosticLog, DiagnosticLogsDocument, Frame
from .frame_forest import labelled_stacks

INDENT = "  "
BLAME = "  <== blame"

METADATA_ORDER = (
    "event",
    "eventDetail",
    "appVersion",
    "buildVersion",
    "osVersion",
    "deviceType",
    "platformArchitecture",
    "writesCaused",
    "bundleId",
)


def frame_line(frame: Frame) -> str:
    """``  42  -[DatabaseQueue inDatabase:]  (LumenNotes) +0x1a2b  File.m:12  0x1000``"""
    parts = [f"{frame.sample_count:>6}  {frame.symbol}", f"({frame.binary or '???'})"]
    if frame.offset_into_binary:
        parts.append(f"+{frame.offset_into_binary}")
    if frame.location:
        parts.append(frame.location)
    if frame.address:
        parts.append(frame.address)
    return "  ".join(parts) + (BLAME if frame.is_blame else "")


def frame_lines(roots: Sequence[Frame], depth: int = 1) -> Iterator[str]:
    """One line per frame, pre-order, ``INDENT`` per level below ``depth``."""
    pending = [(root, depth) for root in reversed(roots)]
    while pending:
        frame, level = pending.pop()
        line = frame_line(frame)
        yield INDENT * level + line
        pending.extend((child, level + 1) for child in reversed(frame.children))


def log_lines(log: DiagnosticLog) -> Iterator[str]:
    meta = log.metadata
    keys = [k for k in METADATA_ORDER if k in meta] + sorted(set(meta) - set(METADATA_ORDER))
    for key in keys:
        yield f"{key}: {meta[key]}"
    for label, roots in labelled_stacks(log):
        yield ""
        yield f"{label}:"
        yield from frame_lines(roots)


def report_lines(document: DiagnosticLogsDocument, title: str = "") -> Iterator[str]:
    if title:
        yield title
        yield ""
    for product in document.products:
        if product.signature_id:
            yield f"Signature {product.signature_id}"
        for insight in product.insights:
            category = f"{insight.category}: " if insight.category else ""
            yield f"Insight: {category}{insight.text}" + (
                f" ({insight.url})" if insight.url else ""
            )
        for index, log in enumerate(product.logs):
            yield ""
            yield f"=== Log {index + 1}/{len(product.logs)} ==="
            yield from log_lines(log)
    if not document.logs:
        yield "(no logs)"


def text_report(document: DiagnosticLogsDocument, title: str = "") -> str:
    """The whole report as one string ending in a newline."""
    return "\n".join(report_lines(document, title)) + "\n"


def stack_text(roots: Sequence[Frame], label: str = "") -> str:
    """One call stack as text (what ``Y`` copies)."""
    lines = [f"{label}:"] if label else []
    lines.extend(frame_lines(roots, 0 if not label else 1))
    return "\n".join(lines) + "\n"
