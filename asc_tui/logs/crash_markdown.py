"""A crash signature as Markdown, ready to paste into an issue tracker: the signature, its
type and count, affected builds, devices and OS versions, when it was seen, and the top
frames of the stack that explains it (with ``File.swift:123`` where known)."""

from __future__ import annotations

from collections import Counter

from .crash_signatures import CrashSignature

TOP_FRAMES = 12


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} ({n})" for name, n in counter.most_common()) or "—"


def _code(text: str) -> str:
    """Inline code that a backtick in ``text`` cannot end early."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def signature_markdown(signature: CrashSignature) -> str:
    lines = [f"### Crash: {signature.exception_type} in {_code(signature.frame_text)}", ""]
    seen = [
        (
            "Crashes",
            f"{signature.count:,}" + (" (new in this build)" if signature.new_in_build else ""),
        ),
        ("Builds", ", ".join(signature.builds) or "—"),
        ("Devices", _counts(signature.devices)),
        ("OS versions", _counts(signature.os_versions)),
        ("First seen", signature.first_seen.isoformat() if signature.first_seen else "—"),
        ("Last seen", signature.last_seen.isoformat() if signature.last_seen else "—"),
    ]
    if signature.location:
        seen.insert(1, ("Where", _code(signature.location)))
    lines += [f"- **{label}:** {value}" for label, value in seen]
    report = next((r for r in signature.reports if r is not None), None)
    stack = report.blame_stack if report is not None else None
    if report is not None and stack is not None:
        if report.reason:
            lines += ["", f"Reason: {_code(report.reason)}"]
        blame = report.blame_frame
        lines += ["", f"{stack.label}:", "", "```text"]
        for number, frame in enumerate(stack.frames[:TOP_FRAMES]):
            where = f" ({frame.location})" if frame.location else ""
            mark = "  ← blame" if frame is blame else ""
            lines.append(f"{number:<3} {frame.binary:<24} {frame.symbol}{where}{mark}")
        if len(stack.frames) > TOP_FRAMES:
            lines.append(f"… {len(stack.frames) - TOP_FRAMES:,} more frames")
        lines.append("```")
    return "\n".join(lines) + "\n"
