"""The view model of one metrics report for one percentile and device.

``metric_view(report, percentile, device, version)`` never raises for any report the
tolerant parser produced: missing values are None, unknown categories keep their name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..api.metrics_report import Dataset, Metric, MetricPoint, MetricsReport, goal_for

P50 = "percentile.fifty"
P90 = "percentile.ninety"
PREFERRED_DEVICE = "all_iphones"
KNOWN_CATEGORIES = (
    "LAUNCH", "HANG", "MEMORY", "DISK", "BATTERY", "ANIMATION", "TERMINATION", "STORAGE",
)  # fmt: skip
"""The spec's MetricCategory enum: the values ``filter[metricType]`` accepts."""


PERCENTILE_ALIASES = {
    "p50": P50, "50": P50, "typical": P50, "fifty": P50,
    "p90": P90, "90": P90, "ninety": P90,
}  # fmt: skip
"""What a user may type for a percentile (``--percentile p90``, a rule's ``p90``)."""
PERCENTILE_SHORT = {P50: "p50", P90: "p90"}


def percentile_id(text: str) -> str:
    """``p90`` → ``percentile.ninety``; ``all`` and Apple's identifiers as they are."""
    cleaned = text.strip()
    return PERCENTILE_ALIASES.get(cleaned.lower(), cleaned)


def percentile_short(percentile: str | None) -> str:
    """``percentile.ninety`` → ``p90`` (other identifiers as they are)."""
    return PERCENTILE_SHORT.get(percentile or "", percentile or "—")


def finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def pick_point(dataset: Dataset | None, version: str | None) -> MetricPoint | None:
    """The point for ``version``, else the latest one listed."""
    if dataset is None or not dataset.points:
        return None
    if version:
        for point in dataset.points:
            if point.version == version:
                return point
    return dataset.points[-1]


def goal_status(metric: Metric, point: MetricPoint | None, dataset: Dataset | None) -> str | None:
    """good / fair / poor: the point's own ``goal``, else the metric's ``goalKeys``, else
    compared with the dataset's ``recommendedMetricGoal`` (at or under it is good)."""
    if point is None:
        return None
    if point.goal:
        return point.goal.lower()
    value = finite(point.value)
    band = goal_for(metric, value)
    if band:
        return band.lower()
    target = finite(dataset.recommended_goal_value) if dataset else None
    if value is not None and target is not None:
        return "good" if value <= target else "poor"
    return None


@dataclass(frozen=True, slots=True)
class MetricLine:
    """One metric at one percentile and device, for one version."""

    category: str
    metric: Metric
    dataset: Dataset | None
    point: MetricPoint | None
    goal: str | None

    @property
    def key(self) -> str:
        return f"{self.category}/{self.metric.identifier}/{self.metric.unit_identifier}"

    @property
    def value(self) -> float | None:
        return finite(self.point.value) if self.point else None

    @property
    def error_margin(self) -> float | None:
        return finite(self.point.error_margin) if self.point else None

    @property
    def recommended(self) -> float | None:
        return finite(self.dataset.recommended_goal_value) if self.dataset else None

    @property
    def breakdown(self) -> str:
        """``CPU 42.1%, GPU 10%`` from ``percentageBreakdown``; empty when absent."""
        if self.point is None:
            return ""
        parts = []
        for part in self.point.breakdown:
            share = finite(part.value)
            label = part.sub_system_label or "?"
            parts.append(f"{label} {share:g}%" if share is not None else label)
        return ", ".join(parts)


def percentiles_and_devices(report: MetricsReport) -> tuple[list[str], list[tuple[str, str]]]:
    percentiles, devices = report.dimensions()
    return [p for p in percentiles], [(d, n or d or "—") for d, n in devices]


def default_device(report: MetricsReport, current: str | None = None) -> str | None:
    """``current`` if the report has that device, else all iPhones, else its first."""
    ids = [device for device, _ in report.dimensions()[1]]
    for wanted in (current, PREFERRED_DEVICE):
        if wanted in ids:
            return wanted
    return ids[0] if ids else None


def default_percentile(report: MetricsReport, current: str | None = None) -> str | None:
    """``current`` if the report has that percentile, else p50, else its first."""
    found = report.dimensions()[0]
    for wanted in (current, P50):
        if wanted in found:
            return wanted
    return found[0] if found else None


def cycle(options: list[str], current: str | None) -> str | None:
    """The option after ``current`` (wrapping), or the first when current is not one."""
    if not options:
        return None
    if current not in options:
        return options[0]
    return options[(options.index(current) + 1) % len(options)]


def metric_view(
    report: MetricsReport, percentile: str | None, device: str | None, version: str | None
) -> list[MetricLine]:
    lines = []
    for category, metric in report.metrics():
        dataset = metric.dataset(percentile or "", device or "")
        point = pick_point(dataset, version)
        lines.append(
            MetricLine(category, metric, dataset, point, goal_status(metric, point, dataset))
        )
    return lines


@dataclass
class MetricSelection:
    """Which percentile and device a metrics view shows, over one report or several (a
    comparison): ``use`` takes the reports' dimensions and keeps the current choices when
    they are still there; ``next_percentile``/``next_device`` cycle (p and d)."""

    percentile: str | None = None
    device: str | None = None
    percentiles: list[str] = field(default_factory=list)
    devices: dict[str, str] = field(default_factory=dict)
    """Device identifier → marketing name, in first-seen order over the reports."""

    def use(self, *reports: MetricsReport) -> None:
        """Take ``reports``' percentiles and devices (the first report with data chooses
        the defaults: the current choice, else p50 and all iPhones, else its first)."""
        percentiles: dict[str, None] = {}
        devices: dict[str, str] = {}
        for report in reports:
            found_p, found_d = report.dimensions()
            percentiles.update(dict.fromkeys(found_p))
            for device, name in found_d:
                devices.setdefault(device, name or device)
        self.percentiles, self.devices = list(percentiles), devices
        source = next((r for r in reports if not r.is_empty), reports[0] if reports else None)
        if source is not None:
            self.percentile = default_percentile(source, self.percentile)
            self.device = default_device(source, self.device)

    def next_percentile(self) -> None:
        self.percentile = cycle(self.percentiles, self.percentile)

    def next_device(self) -> None:
        self.device = cycle(list(self.devices), self.device)

    @property
    def device_name(self) -> str:
        return self.devices.get(self.device or "", self.device or "—")

    @property
    def device_position(self) -> tuple[int, int]:
        """(1-based position of the device shown, how many there are)."""
        ids = list(self.devices)
        return (ids.index(self.device) + 1 if self.device in ids else 1), len(ids)
