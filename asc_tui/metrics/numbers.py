"""Metric numbers and marks as text, for the screens and the command line's reports alike:
NaN and missing values read as ``—``, infinities as ``∞``, huge values in exponent form;
goal bands and verdicts have a mark that reads without colour."""

from __future__ import annotations

import math

GOAL_MARKS = {"good": "✓", "fair": "~", "poor": "✗"}
VERDICT_ARROWS = {"worse": "▲", "better": "▼", "same": "=", "n/a": ""}


def number(value: float | None, *, digits: int = 1) -> str:
    """``1,234`` or ``1,234.5``; ``—`` for no value or NaN, ``∞`` / ``-∞`` for infinities;
    from 10^15 up, ``1.2e+20`` (never hundreds of digits)."""
    if value is None or math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) >= 1e15:
        return f"{value:.{digits}e}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def metric_number(value: float | None) -> str:
    """A metric value at the precision it needs: 749, 411.1, 1.71, 0.03."""
    if value is None:
        return "—"
    if abs(value) < 10 and not float(value).is_integer():  # False for NaN and ±inf
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return number(value, digits=1)
