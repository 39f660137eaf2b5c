"""Which way is better, per metric: one table, in one place."""

from __future__ import annotations

HIGHER_IS_BETTER: frozenset[str] = frozenset()
"""Metric identifiers where a bigger value is an improvement. None of Apple's metrics
today: launch time, hang rate, memory, disk writes, battery, hitch rate, terminations
and storage are all better when lower. Add identifiers here when Apple adds such a one."""


def lower_is_better(metric: str) -> bool:
    return metric not in HIGHER_IS_BETTER


def verdict(metric: str, delta: float | None, *, tolerance: float = 1e-9) -> str:
    """ "better", "worse" or "same" for a change of ``delta`` in ``metric``."""
    if delta is None or abs(delta) <= tolerance:
        return "same"
    improved = delta < 0 if lower_is_better(metric) else delta > 0
    return "better" if improved else "worse"
