"""Copying text to the terminal's clipboard (OSC 52, which works over SSH), with a
notification that says what was copied, since some terminals drop it without a word."""

from __future__ import annotations

import os

from textual.widget import Widget

OSC52_LIMIT = 74_994
"""Bytes of text a terminal is trusted to take over OSC 52 (100,000 once base64-encoded,
hterm's limit); many drop more without a word. ``ASC_TUI_OSC52_LIMIT`` (bytes) raises it
for terminals that take more."""


def osc52_limit() -> int:
    value = os.environ.get("ASC_TUI_OSC52_LIMIT", "").strip()
    return int(value) if value.isdigit() else OSC52_LIMIT


def copy_text(widget: Widget, text: str, what: str, *, instead: str) -> bool:
    """Copy ``text``; more than terminals take (:data:`OSC52_LIMIT`) is refused with its
    size and ``instead`` (e.g. "Press e to save the logs as text instead")."""
    size, limit = len(text.encode("utf-8")), osc52_limit()
    if size > limit:
        widget.notify(
            f"{size / 1_000_000:.1f} MB ({len(text):,} characters): terminals drop "
            f"clipboard text over about {limit // 1000:,} KB, so nothing was copied. "
            f"{instead} (ASC_TUI_OSC52_LIMIT raises the limit for a terminal that takes more).",
            title=f"Not copied: {what} too large",
            severity="warning",
            markup=False,
            timeout=10,
        )
        return False
    widget.app.copy_to_clipboard(text)
    lines = text.count("\n") + (not text.endswith("\n"))
    preview = text.strip().splitlines()[0] if text.strip() else ""
    if len(preview) > 60:
        preview = preview[:59] + "…"
    widget.notify(
        f"{preview}\n{lines:,} line{'s' if lines != 1 else ''}, {len(text):,} characters",
        title=f"Copied {what}",
        markup=False,
    )
    return True
