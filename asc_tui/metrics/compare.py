"""Two builds side by side: every metric's values, delta and percent, better or worse."""

from __future__ import annotations

from dataclasses import dataclass

from ..api.metrics import MetricsReport
from .direction import verdict
from .view import MetricLine, metric_view


@dataclass(frozen=True, slots=True)
class Comparison:
    category: str
    metric: str
    unit: str
    base: float | None
    """The marked build's value."""
    other: float | None
    """The opened build's value."""

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
            )
        )
    return rows
