"""Crashes grouped into signatures, as Organizer and crash services do: the exception type
plus the first frame of the app's own code (the blame frame), or the first symbolicated
frame when no frame is the app's. Per signature: count, devices, OS versions, first and last
seen, builds affected, and whether it is new in a build (absent from the build before)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..api.diagnostic_logs import Frame
from ..api.feedback import CrashSubmission
from .crash_report import CrashReport, is_symbolicated

UNREADABLE = "Unreadable crash report"
_LOAD_PLUS = re.compile(r"^0x[0-9A-Fa-f]+ \+ (\d+)$")


@dataclass(slots=True)
class CrashSignature:
    key: str
    """``exception type — binary: symbol``: what the crashes of one signature share."""
    exception_type: str
    binary: str
    symbol: str
    location: str = ""
    """``File.swift:123`` of the signature's frame, when the report has it."""
    submissions: list[CrashSubmission] = field(default_factory=list)
    reports: list[CrashReport | None] = field(default_factory=list)
    new_in_build: bool = False

    @property
    def count(self) -> int:
        return len(self.submissions)

    @property
    def devices(self) -> Counter[str]:
        return Counter(s.device_model for s in self.submissions if s.device_model)

    @property
    def os_versions(self) -> Counter[str]:
        return Counter(s.os_version for s in self.submissions if s.os_version)

    @property
    def builds(self) -> list[str]:
        """Build numbers (else ids) affected, in order of first appearance."""
        seen = dict.fromkeys(s.build_number or s.build_id for s in self.submissions)
        return [b for b in seen if b]

    @property
    def first_seen(self) -> datetime | None:
        dates = [s.created for s in self.submissions if s.created is not None]
        return min(dates) if dates else None

    @property
    def last_seen(self) -> datetime | None:
        dates = [s.created for s in self.submissions if s.created is not None]
        return max(dates) if dates else None

    @property
    def frame_text(self) -> str:
        return f"{self.binary}: {self.symbol}" if self.binary else self.symbol


def signature_frame(report: CrashReport) -> Frame | None:
    """The blame frame, else the first symbolicated frame of the blame stack."""
    blame = report.blame_frame
    if blame is not None:
        return blame
    stack = report.blame_stack
    frames = stack.frames if stack is not None else []
    return next((frame for frame in frames if is_symbolicated(frame)), None)


def _frame_symbol(frame: Frame) -> str:
    """The symbol; for an unsymbolicated frame the offset into its binary, which (unlike
    the load address) is the same in every crash of that build."""
    load_plus = _LOAD_PLUS.match(frame.symbol)
    if load_plus is not None:
        return f"+ {load_plus.group(1)}"
    if frame.symbol == "???" and frame.offset_into_binary:
        return f"+ {frame.offset_into_binary}"
    return frame.symbol


def signature_parts(report: CrashReport | None) -> tuple[str, str, str, str]:
    """(exception type, binary, symbol, location) of a report's signature."""
    if report is None:
        return UNREADABLE, "", "", ""
    kind = report.exception_type or "Unknown exception"
    frame = signature_frame(report)
    if frame is None:
        return kind, "", "(no frames)", ""
    return kind, frame.binary, _frame_symbol(frame), frame.location


def signature_key(report: CrashReport | None) -> tuple[str, str, str, str, str]:
    """(key, exception type, binary, symbol, location) of a report's signature."""
    kind, binary, symbol, location = signature_parts(report)
    frame = f"{binary}: {symbol}" if binary else symbol
    return (f"{kind} — {frame}" if frame else kind), kind, binary, symbol, location


def group_crashes(
    crashes: Iterable[tuple[CrashSubmission, CrashReport | None]],
    *,
    previous: Iterable[tuple[CrashSubmission, CrashReport | None]] | None = None,
) -> list[CrashSignature]:
    """Signatures, most crashes first. Given the crashes of the build before
    (``previous``), a signature is new in this build when none of them has it."""
    groups: dict[str, CrashSignature] = {}
    for submission, report in crashes:
        key, kind, binary, symbol, location = signature_key(report)
        group = groups.get(key)
        if group is None:
            group = groups[key] = CrashSignature(key, kind, binary, symbol, location)
        group.submissions.append(submission)
        group.reports.append(report)
    signatures = sorted(groups.values(), key=lambda s: (-s.count, s.key))
    if previous is not None:
        before = {signature_key(report)[0] for _submission, report in previous}
        for signature in signatures:
            signature.new_in_build = signature.key not in before
    return signatures


def previous_build(build_ids: Sequence[str], build_id: str) -> str:
    """The build before ``build_id`` in ``build_ids`` (newest first), or ""."""
    try:
        index = list(build_ids).index(build_id)
    except ValueError:
        return ""
    return build_ids[index + 1] if index + 1 < len(build_ids) else ""
