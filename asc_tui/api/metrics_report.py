"""The ``xcodeMetrics`` document (perfPowerMetrics), parsed tolerantly.

Real responses deviate from the spec: ``percentageBreakdown`` comes as an array or an
object, ``referenceVersions`` as an array or a comma-separated string, categories the
spec does not list yet appear, and anything may be null. None of that raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._coerce import (
    as_bool,
    as_dict,
    as_dicts,
    as_float,
    as_opt_str,
    as_str,
    as_str_list,
)

PERCENTILE_LABELS = {"percentile.fifty": "p50 (typical)", "percentile.ninety": "p90"}


@dataclass(frozen=True, slots=True)
class Breakdown:
    value: float | None
    sub_system_label: str


@dataclass(frozen=True, slots=True)
class MetricPoint:
    version: str
    value: float | None
    error_margin: float | None = None
    goal: str | None = None
    breakdown: tuple[Breakdown, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MetricPoint:
        raw = data.get("percentageBreakdown")
        items = as_dicts(raw if isinstance(raw, list) else [raw])
        return cls(
            version=as_str(data.get("version")),
            value=as_float(data.get("value")),
            error_margin=as_float(data.get("errorMargin")),
            goal=as_opt_str(data.get("goal")),
            breakdown=tuple(
                Breakdown(as_float(b.get("value")), as_str(b.get("subSystemLabel"))) for b in items
            ),
        )


@dataclass(frozen=True, slots=True)
class FilterCriteria:
    percentile: str
    device: str
    device_marketing_name: str

    @property
    def percentile_label(self) -> str:
        return PERCENTILE_LABELS.get(self.percentile, self.percentile or "—")

    @property
    def device_label(self) -> str:
        return self.device_marketing_name or self.device or "—"


@dataclass(frozen=True, slots=True)
class Dataset:
    criteria: FilterCriteria
    points: tuple[MetricPoint, ...]
    recommended_goal_value: float | None = None
    recommended_goal_detail: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Dataset:
        crit = as_dict(data.get("filterCriteria"))
        rec = as_dict(data.get("recommendedMetricGoal"))
        return cls(
            criteria=FilterCriteria(
                percentile=as_str(crit.get("percentile")),
                device=as_str(crit.get("device")),
                device_marketing_name=as_str(crit.get("deviceMarketingName")),
            ),
            points=tuple(MetricPoint.from_json(p) for p in as_dicts(data.get("points"))),
            recommended_goal_value=as_float(rec.get("value")),
            recommended_goal_detail=as_opt_str(rec.get("detail")),
        )


@dataclass(frozen=True, slots=True)
class GoalKey:
    goal_key: str
    lower_bound: float | None
    upper_bound: float | None


@dataclass(frozen=True, slots=True)
class Metric:
    identifier: str
    unit: str
    """The unit's display name, e.g. "ms" or "%"."""
    unit_identifier: str
    goal_keys: tuple[GoalKey, ...]
    datasets: tuple[Dataset, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Metric:
        unit = as_dict(data.get("unit"))
        return cls(
            identifier=as_str(data.get("identifier"), "unknownMetric"),
            unit=as_str(unit.get("displayName")) or as_str(unit.get("identifier")),
            unit_identifier=as_str(unit.get("identifier")),
            goal_keys=tuple(
                GoalKey(
                    as_str(g.get("goalKey")),
                    as_float(g.get("lowerBound")),
                    as_float(g.get("upperBound")),
                )
                for g in as_dicts(data.get("goalKeys"))
            ),
            datasets=tuple(Dataset.from_json(d) for d in as_dicts(data.get("datasets"))),
        )

    def dataset(self, percentile: str, device: str) -> Dataset | None:
        for dataset in self.datasets:
            if dataset.criteria.percentile == percentile and dataset.criteria.device == device:
                return dataset
        return None


@dataclass(frozen=True, slots=True)
class MetricCategory:
    identifier: str
    metrics: tuple[Metric, ...]


@dataclass(frozen=True, slots=True)
class InsightPopulation:
    delta_percentage: float | None
    percentile: str
    device: str
    summary: str
    reference_average_value: float | None
    latest_version_value: float | None


@dataclass(frozen=True, slots=True)
class MetricsInsight:
    metric_category: str
    metric: str
    latest_version: str
    summary: str
    reference_versions: tuple[str, ...]
    max_latest_version_value: float | None
    sub_system_label: str
    high_impact: bool
    populations: tuple[InsightPopulation, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MetricsInsight:
        return cls(
            metric_category=as_str(data.get("metricCategory")),
            metric=as_str(data.get("metric")),
            latest_version=as_str(data.get("latestVersion")),
            summary=as_str(data.get("summaryString")),
            reference_versions=tuple(as_str_list(data.get("referenceVersions"))),
            max_latest_version_value=as_float(data.get("maxLatestVersionValue")),
            sub_system_label=as_str(data.get("subSystemLabel")),
            high_impact=as_bool(data.get("highImpact")),
            populations=tuple(
                InsightPopulation(
                    delta_percentage=as_float(p.get("deltaPercentage")),
                    percentile=as_str(p.get("percentile")),
                    device=as_str(p.get("device")),
                    summary=as_str(p.get("summaryString")),
                    reference_average_value=as_float(p.get("referenceAverageValue")),
                    latest_version_value=as_float(p.get("latestVersionValue")),
                )
                for p in as_dicts(data.get("populations"))
            ),
        )


@dataclass(frozen=True, slots=True)
class MetricsReport:
    """A parsed perfPowerMetrics response (for a build or an app)."""

    version: str
    platforms: tuple[str, ...]
    categories: tuple[MetricCategory, ...]
    regressions: tuple[MetricsInsight, ...]
    trending_up: tuple[MetricsInsight, ...]

    @property
    def is_empty(self) -> bool:
        """True when Apple has not collected enough data yet."""
        return not any(category.metrics for category in self.categories)

    def metrics(self) -> list[tuple[str, Metric]]:
        return [(c.identifier, m) for c in self.categories for m in c.metrics]

    def dimensions(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The percentiles and (device, marketing name) pairs present, in first-seen order."""
        percentiles: dict[str, None] = {}
        devices: dict[str, str] = {}
        for _, metric in self.metrics():
            for dataset in metric.datasets:
                percentiles.setdefault(dataset.criteria.percentile, None)
                devices.setdefault(dataset.criteria.device, dataset.criteria.device_label)
        return list(percentiles), list(devices.items())

    @classmethod
    def from_json(cls, data: Any) -> MetricsReport:
        doc = as_dict(data)
        merged: dict[str, list[Metric]] = {}
        platforms: list[str] = []
        for product in as_dicts(doc.get("productData")):
            platform = as_str(product.get("platform"))
            if platform and platform not in platforms:
                platforms.append(platform)
            for category in as_dicts(product.get("metricCategories")):
                key = as_str(category.get("identifier"), "UNKNOWN") or "UNKNOWN"
                bucket = merged.setdefault(key, [])
                bucket.extend(Metric.from_json(m) for m in as_dicts(category.get("metrics")))
        insights = as_dict(doc.get("insights"))
        return cls(
            version=as_str(doc.get("version")),
            platforms=tuple(platforms),
            categories=tuple(MetricCategory(k, tuple(v)) for k, v in merged.items()),
            regressions=tuple(
                MetricsInsight.from_json(i) for i in as_dicts(insights.get("regressions"))
            ),
            trending_up=tuple(
                MetricsInsight.from_json(i) for i in as_dicts(insights.get("trendingUp"))
            ),
        )


def goal_for(metric: Metric, value: float | None) -> str | None:
    """Which goal band (good/fair/poor) a value falls in, from the metric's goalKeys."""
    if value is None:
        return None
    for key in metric.goal_keys:
        lower = key.lower_bound if key.lower_bound is not None else float("-inf")
        upper = key.upper_bound if key.upper_bound is not None else float("inf")
        if lower <= value < upper or (key.upper_bound is None and value >= lower):
            return key.goal_key or None
    return None
