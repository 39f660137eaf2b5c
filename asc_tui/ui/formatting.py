"""Turning model values into cell text. API strings become ``Text`` objects, never markup."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from ..metrics.numbers import GOAL_MARKS, number
from ..safe_text import is_safe, visible

if TYPE_CHECKING:
    from ..api.signatures import DiagnosticSignature

GOAL_STYLES = {"good": "green", "fair": "yellow", "poor": "bold red"}
GOAL_LEGEND = "✓ good  ~ fair  ✗ poor"

DIAGNOSTIC_TYPES = {"DISK_WRITES": "Disk writes", "HANGS": "Hangs", "LAUNCHES": "Launches"}
BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


def plain(value: object, style: str = "") -> Text:
    """Any value as literal, one-line text: brackets stay brackets, control characters
    and line breaks are shown, not acted on (``safe_text.visible``)."""
    return Text(visible(value), style=style, no_wrap=True)


def visible_text(text: Text, *, multiline: bool = False) -> Text:
    """A built ``Text`` with its styles kept and every control character made visible
    (``safe_text.visible``): for a line or a block assembled from outside text."""
    if is_safe(text.plain):
        return text
    cuts = sorted({span.start for span in text.spans} | {span.end for span in text.spans})
    out = text.blank_copy()
    for piece in text.divide(cuts):
        start = len(out)
        out.append(visible(piece.plain, multiline=multiline))
        for span in piece.spans:
            out.stylize(span.style, start, len(out))
    return out


def date_text(value: datetime | None) -> Text:
    """A timestamp in the local time zone, to the minute."""
    if value is None:
        return plain("—", "dim")
    return plain(value.astimezone().strftime("%Y-%m-%d %H:%M"))


def yes_no(value: bool) -> Text:
    return plain("yes", "yellow") if value else plain("no", "dim")


def goal_marker(goal: str | None) -> str:
    return GOAL_MARKS.get((goal or "").lower(), "")


def goal_style(goal: str | None) -> str:
    return GOAL_STYLES.get((goal or "").lower(), "")


def value_with_goal(value: float | None, goal: str | None) -> Text:
    """A metric value coloured by its goal band, with a marker that reads in monochrome."""
    if value is None:
        return plain("—", "dim")
    marker = goal_marker(goal)
    text = plain(number(value), goal_style(goal))
    if marker:
        text.append(f" {marker}")
    return text


def margin_text(value: float | None) -> Text:
    return plain("—", "dim") if value is None else plain(f"±{number(value)}", "dim")


def diagnostic_type_label(kind: str) -> str:
    return DIAGNOSTIC_TYPES.get(kind) or visible(kind)


def weight_bar(weight: float, width: int = 8) -> Text:
    """``42.1% ███▍    `` with eighth-block precision; weight is a fraction (0 to 1)."""
    share = min(max(weight, 0.0), 1.0) if math.isfinite(weight) else 0.0
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    bar = "█" * full + (BAR_EIGHTHS[rest] if rest else "")
    text = plain(f"{share * 100:5.1f}% ")
    text.append(bar.ljust(width), style="magenta")
    return text


def trend_text(signature: DiagnosticSignature) -> Text:
    direction = signature.insight.direction if signature.insight else ""
    if direction == "UP":
        return plain("↑ up", "red")
    if direction == "DOWN":
        return plain("↓ down", "green")
    return plain("-", "dim")


def cut_lines(lines: list[Text], limit: int, note: Callable[[int], str]) -> list[Text]:
    """``lines`` if there are at most ``limit``, else the first ``limit - 1`` and a dim
    ``note(hidden)`` saying how many are not shown and which key shows them."""
    if len(lines) <= limit:
        return lines
    hidden = len(lines) - (limit - 1)
    return [*lines[: limit - 1], Text(note(hidden), style="dim")]


def match_text(shown: int, total: int, text: str) -> str:
    """The filter's outcome: "4 of 12 match “T”" (no rows: "none of 12 match “T”")."""
    count = f"{shown:,} of {total:,}" if shown else f"none of {total:,}"
    return f"{count} match “{text}”"
