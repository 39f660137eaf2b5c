"""Two builds side by side: every metric's values, delta and percent, goal status of each,
better or worse by the metric's direction. The TUI's compare screen and ``asc-tui metrics
compare`` / ``asc-tui check`` all use :func:`compare` (one code path for the numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api.metrics_report import MetricsReport
from .direction import verdict
from .view import MetricLine, metric_view

ALL = "all"
"""``--device all`` / ``--percentile all``: every one either report has."""


@dataclass(frozen=True, slots=True)
class Comparison:
    category: str
    metric: str
    unit: str
    base: float | None
    """The marked (base) build's value."""
    other: float | None
    """The opened (head) build's value."""
    percentile: str | None = None
    device: str | None = None
    base_goal: str | None = None
    """good / fair / poor for the base value (None when there is no goal)."""
    other_goal: str | None = None

    @property
    def key(self) -> str:
        return f"{self.category}/{self.metric}/{self.unit}"

    @property
    def delta(self) -> float | None:
        if self.base is None or self.other is None:
            return None
        return self.other - self.base

    @property
    def percent(self) -> float | None:
        delta = self.delta
        if delta is None or not self.base:
            return None
        return delta / abs(self.base) * 100.0

    @property
    def verdict(self) -> str:
        """ "better", "worse", "same" — or "n/a" when one side has no value."""
        if self.delta is None:
            return "n/a"
        return verdict(self.metric, self.delta)


def compare(
    base: MetricsReport,
    other: MetricsReport,
    percentile: str | None,
    device: str | None,
    base_version: str | None,
    other_version: str | None,
) -> list[Comparison]:
    """Every metric in either report, in the base report's order, then the other's extras."""
    left = {line.key: line for line in metric_view(base, percentile, device, base_version)}
    right = {line.key: line for line in metric_view(other, percentile, device, other_version)}
    rows = []
    for key in dict.fromkeys([*left, *right]):
        a: MetricLine | None = left.get(key)
        b: MetricLine | None = right.get(key)
        some = a or b
        assert some is not None
        rows.append(
            Comparison(
                some.category,
                some.metric.identifier,
                some.metric.unit,
                a.value if a else None,
                b.value if b else None,
                percentile,
                device,
                a.goal if a else None,
                b.goal if b else None,
            )
        )
    return rows


def dimension_union(reports: Sequence[MetricsReport]) -> tuple[list[str], list[str]]:
    """Percentiles and device identifiers found in any of ``reports``, first-seen order."""
    percentiles: dict[str, None] = {}
    devices: dict[str, None] = {}
    for report in reports:
        found_p, found_d = report.dimensions()
        percentiles.update(dict.fromkeys(found_p))
        devices.update(dict.fromkeys(d for d, _ in found_d))
    return list(percentiles), list(devices)


def compare_all(
    base: MetricsReport,
    other: MetricsReport,
    percentiles: Sequence[str],
    devices: Sequence[str],
    base_version: str | None = None,
    other_version: str | None = None,
) -> list[Comparison]:
    """:func:`compare` for every percentile and device asked for, skipping metrics that
    neither build has for that combination."""
    rows: list[Comparison] = []
    for device in devices:
        for percentile in percentiles:
            found = compare(base, other, percentile, device, base_version, other_version)
            rows.extend(r for r in found if r.base is not None or r.other is not None)
    return rows
