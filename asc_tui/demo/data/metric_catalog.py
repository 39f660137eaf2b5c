"""What App Store Connect measures: metric categories, metric identifiers, units, goals and
typical values (for an average app on "All iPhones" at the 50th percentile)."""

from __future__ import annotations

from dataclasses import dataclass

METRIC_TYPES: tuple[str, ...] = (
    "DISK",
    "HANG",
    "BATTERY",
    "LAUNCH",
    "MEMORY",
    "ANIMATION",
    "TERMINATION",
    "STORAGE",
)
"""Accepted ``filter[metricType]`` values (the spec's MetricCategory enum)."""


@dataclass(frozen=True)
class MetricSpec:
    category: str
    identifier: str
    display_name: str
    """Human name, used in insight summaries."""
    unit_id: str
    unit_name: str
    typical: float
    p90_factor: float
    decimals: int
    kind: str
    """How devices scale it: "time", "memory" or "flat"."""
    goal_bounds: tuple[int, int] | None = None
    """(good below, poor from) — fair in between; integer bounds as in the spec."""
    breakdown: tuple[str, ...] = ()
    """Sub-system labels for ``percentageBreakdown``."""
    recommended: str | None = None
    """Detail text of ``recommendedMetricGoal`` (a format string taking the value)."""


METRICS: tuple[MetricSpec, ...] = (
    MetricSpec(
        "LAUNCH", "launchTime", "Launch Time", "ms", "ms", 690.0, 2.4, 0, "time",
        goal_bounds=(400, 1000),
        recommended="Apps like yours launch in {value} ms or less at this percentile.",
    ),
    MetricSpec(
        "LAUNCH", "optimizedLaunchTime", "Optimized Launch Time", "ms", "ms", 410.0, 2.1, 0,
        "time", goal_bounds=(400, 1000),
    ),
    MetricSpec(
        "HANG", "hangRate", "Hang Rate", "s/hr", "s/hr", 1.45, 3.6, 2, "time",
        goal_bounds=(1, 5),
        recommended="Apps like yours hang for {value} s per hour or less at this percentile.",
    ),
    MetricSpec(
        "MEMORY", "peakMemory", "Peak Memory", "MB", "MB", 318.0, 1.7, 1, "memory",
    ),
    MetricSpec(
        "MEMORY", "memoryAtSuspension", "Memory at Suspension", "MB", "MB", 92.0, 1.9, 1,
        "memory",
    ),
    MetricSpec(
        "DISK", "logicalWrites", "Disk Writes", "MB", "MB", 146.0, 3.2, 1, "flat",
    ),
    MetricSpec(
        "BATTERY", "onScreenBattery", "On-Screen Battery Usage", "%/hr", "%/hr", 7.9, 1.8, 2,
        "flat", breakdown=("CPU", "Display", "GPU", "Networking", "Location", "Audio"),
    ),
    MetricSpec(
        "BATTERY", "backgroundBattery", "Background Battery Usage", "%/hr", "%/hr", 0.84, 2.6,
        2, "flat", breakdown=("CPU", "Location", "Networking", "Audio"),
    ),
    MetricSpec(
        "ANIMATION", "scrollHitchRate", "Scroll Hitch Rate", "scrollHitchRate", "%", 3.2, 3.5,
        1, "time", goal_bounds=(5, 10),
        recommended="Apps like yours hitch {value}% of scroll time or less at this percentile.",
    ),
    MetricSpec(
        "TERMINATION", "onScreenTerminations", "On-Screen Terminations", "count", "per day",
        0.7, 3.0, 2, "memory",
        breakdown=("Memory Limit", "Launch Watchdog", "CPU Limit", "Bad Access"),
    ),
    MetricSpec(
        "TERMINATION", "backgroundTerminations", "Background Terminations", "count",
        "per day", 4.1, 2.2, 2, "memory",
        breakdown=("Memory Pressure", "Suspended with Locked File", "Background Task Timeout",
                   "Memory Limit"),
    ),
    MetricSpec(
        "STORAGE", "documentsAndData", "Documents & Data", "MB", "MB", 214.0, 2.7, 1, "flat",
    ),
)  # fmt: skip

CATEGORY_ORDER: tuple[str, ...] = (
    "LAUNCH",
    "HANG",
    "MEMORY",
    "DISK",
    "BATTERY",
    "ANIMATION",
    "TERMINATION",
    "STORAGE",
)
"""The order categories appear in a document (Xcode Organizer's order)."""

SCRIPTED_TRENDS: dict[tuple[str, str], float] = {
    ("1583111882", "hangRate"): 1.38,
    ("1583111882", "launchTime"): 1.16,
    ("1583111882", "peakMemory"): 1.07,
    ("1583111882", "scrollHitchRate"): 0.82,
    ("1609372514", "peakMemory"): 1.14,
    ("1609372514", "logicalWrites"): 1.31,
    ("1498807344", "onScreenBattery"): 1.12,
}
"""Extra change of a metric in an app's newest version, so the demo shows regressions."""


def goal_for(spec: MetricSpec, value: float) -> str | None:
    if spec.goal_bounds is None:
        return None
    good_below, poor_from = spec.goal_bounds
    if value < good_below:
        return "good"
    return "fair" if value < poor_from else "poor"


def goal_keys(spec: MetricSpec) -> list[dict[str, object]]:
    if spec.goal_bounds is None:
        return []
    good_below, poor_from = spec.goal_bounds
    return [
        {"goalKey": "poor", "lowerBound": poor_from},
        {"goalKey": "fair", "lowerBound": good_below, "upperBound": poor_from},
        {"goalKey": "good", "lowerBound": 0, "upperBound": good_below},
    ]
