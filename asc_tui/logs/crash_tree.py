"""A crash report shown as a call tree, in the same viewer as diagnostic logs.

The stack that explains the crash comes first and open: the Last Exception Backtrace when
the report has one (the crashed thread then holds only the abort), else the crashed
thread; the other threads follow, folded. The blame frame (the first of the app's own
frames in that first stack) is marked. Each backtrace reads top down as Xcode shows it:
frame 0 first, as one flat list.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..api.diagnostic_logs import Frame
from .calltree import CallTree
from .crash_report import CrashReport, CrashThread


def ordered_stacks(report: CrashReport) -> list[CrashThread]:
    """The blame stack first, then the crashed thread (if not already), then the rest."""
    first = report.blame_stack
    out = [first] if first is not None else []
    crashed = report.crashed_thread
    if crashed is not None and crashed is not first:
        out.append(crashed)
    out.extend(thread for thread in report.threads if thread is not crashed)
    return out


def crash_stacks(report: CrashReport) -> list[tuple[str, Sequence[Frame]]]:
    """(label, frames) per stack in :func:`ordered_stacks` order, the blame frame marked
    (``is_blame``: the blame is the report's own, so its frame is marked in place)."""
    blame = report.blame_frame
    if blame is not None:
        blame.is_blame = True
    return [(thread.label, thread.frames) for thread in ordered_stacks(report)]


def crash_call_tree(report: CrashReport) -> CallTree:
    """The report's call tree with only its first stack open."""
    tree = CallTree(crash_stacks(report), app_binaries=report.app_binaries)
    headers = tree.thread_nodes
    for node in reversed(headers[1:]):  # from the end, so earlier positions stay put
        position = tree.position_of(node)
        if position is not None:
            tree.collapse(position)
    return tree


def report_heading(report: CrashReport) -> list[tuple[str, str]]:
    """(label, value) lines for the top of the viewer: exception, reason, process, device."""
    blame = report.blame_frame
    fields = [
        ("Exception", report.exception_type),
        ("Codes", report.exception_codes),
        ("Reason", report.reason),
        ("Note", report.exception_note),
        ("Blame", f"{blame.binary}: {blame.symbol}" if blame else ""),
        ("Process", report.header.get("Process", "")),
        ("Version", report.header.get("Version", "")),
        ("Device", report.header.get("Hardware Model", "")),
        ("OS", report.header.get("OS Version", "")),
        ("Date", report.header.get("Date/Time", "")),
    ]
    return [(label, value) for label, value in fields if value]
