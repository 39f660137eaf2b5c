"""One line of the call-stack viewer as ``Text`` (symbols are data, never markup)."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text

from ...logs.calltree import Row
from ...safe_text import visible

SAMPLES_WIDTH = 7
MAX_GUIDES = 8
BLAME_MARK = "◆ blame"
READING = "counting… (reading the log)"
"""A thread's header while only the first part of its file is read."""
UNREAD = "…"
"""A field of a frame not read yet (``Frame.unread``), where "???" would say it has none."""


def counted(count: int, noun: str) -> str:
    """``1 frame``, ``5,010 frames``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def guide_levels(width: int) -> int:
    """How many tree levels get a guide at this width (5 at 80 columns, 7 at 120)."""
    return max(3, min(MAX_GUIDES, width // 16))


def guides(indent: int, max_levels: int = MAX_GUIDES) -> str:
    """Tree guides for a row; past ``max_levels`` the depth is written as a number so deep
    trees keep a fixed, readable width: ``│ │ ⋯121  ``."""
    levels = max(indent - 1, 0)
    if levels <= max_levels:
        return "│ " * levels
    return "│ " * (max_levels - 3) + f"⋯{levels:<5}"


def row_text(row: Row, style: Callable[[str], Style], levels: int = MAX_GUIDES) -> Text:
    """Samples (blank when there are none), guides, fold marker, symbol, blame mark, binary,
    offsets; ``style`` maps a component class (``calltree--app`` …) to its style."""
    marker = "▾" if row.expanded else "▸"
    fold = marker if row.has_children else "·"
    if row.thread is not None:
        info = row.thread
        text = Text(" " * (SAMPLES_WIDTH + 1), no_wrap=True)
        text.append(f"{fold} {visible(info.label)}", style=style("calltree--thread"))
        if info.counted:
            counts = counted(info.frame_count, "frame")
            if info.sample_count:
                counts += f" · {counted(info.sample_count, 'sample')}"
            text.append(f"  {counts}", style=style("calltree--detail"))
        else:
            text.append(f"  {READING}", style=style("calltree--detail"))
        if info.has_blame:
            text.append(f"  {BLAME_MARK}", style=style("calltree--blame-mark"))
        return text
    frame = row.frame
    assert frame is not None
    unread = frame.unread  # (its fields may come later in the file: never "???")
    none = UNREAD if unread else ""
    samples = f"{frame.sample_count:,}" if frame.sample_count else none  # none in a crash report
    text = Text(f"{samples:>{SAMPLES_WIDTH}} ", no_wrap=True)
    text.stylize(style("calltree--detail"))
    text.append("  " + guides(row.indent, levels), style=style("calltree--guide"))
    text.append(f"{fold} ", style=style("calltree--guide"))
    own = style("calltree--app") if row.is_app else style("calltree--system")
    if frame.symbol or not unread:
        text.append(visible(frame.symbol), style=own)
    else:
        text.append(f"{UNREAD} (reading)", style=style("calltree--detail"))
    if row.is_blame:
        text.append(f"  {BLAME_MARK}", style=style("calltree--blame-mark"))
    binary = style("calltree--app-binary") if row.is_app else style("calltree--detail")
    text.append(f"  {visible(frame.binary) or none or '???'}", style=binary)
    details = [
        f"+{frame.offset_into_binary}" if frame.offset_into_binary else "",
        frame.location,
        frame.address,
    ]
    detail = visible("  ".join(part for part in details if part))
    if detail:
        text.append(f"  {detail}", style=style("calltree--detail"))
    return text
