"""``xcodeMetrics`` documents for ``/v1/builds/{id}/perfPowerMetrics`` (one point: the
build's version) and ``/v1/apps/{id}/perfPowerMetrics`` (the newest five versions)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .builds import BuildRecord, app_spec
from .catalog import PERCENTILES, AppSpec, Device, devices_for
from .landmarks import EMPTY_METRICS_BUILD_ID
from .metric_catalog import CATEGORY_ORDER, METRICS, MetricSpec, goal_for, goal_keys
from .metric_insights import metric_insight
from .metric_values import breakdown, build_value, error_margin, rounded, version_value

DOCUMENT_VERSION = "1.0.0"
APP_VERSIONS_SHOWN = 5

Filter = tuple[str, ...] | None
"""A comma-list filter as a sorted tuple, or None for "no filter"."""


def empty_metrics() -> dict[str, Any]:
    """What App Store Connect sends when it has too little data for a build."""
    return {
        "productData": [],
        "insights": {"trendingUp": [], "regressions": []},
        "version": DOCUMENT_VERSION,
    }


def _selected(
    app: AppSpec, metric_types: Filter, device_types: Filter
) -> tuple[list[MetricSpec], list[Device]]:
    specs = [m for m in METRICS if metric_types is None or m.category in metric_types]
    devices = [d for d in devices_for(app) if device_types is None or d.identifier in device_types]
    return specs, devices


def _point(
    app: AppSpec, spec: MetricSpec, version: str, value: float, key: tuple[object, ...]
) -> dict[str, Any]:
    point: dict[str, Any] = {
        "version": version,
        "value": rounded(spec, value),
        "errorMargin": error_margin(spec, value, app.app_id, *key),
    }
    goal = goal_for(spec, value)
    if goal is not None:
        point["goal"] = goal
    parts = breakdown(spec, app.app_id, *key)
    if parts is not None:
        point["percentageBreakdown"] = parts
    return point


def _dataset(
    app: AppSpec,
    spec: MetricSpec,
    device: Device,
    percentile: str,
    indices: Sequence[int],
    build: BuildRecord | None,
) -> dict[str, Any]:
    count = len(app.versions)
    points = []
    for index in indices:
        value = version_value(
            app.app_id, count, index, spec.identifier, device.identifier, percentile
        )
        key: tuple[object, ...] = (index, spec.identifier, device.identifier, percentile)
        if build is not None:
            value = build_value(value, build.id, spec.identifier, device.identifier, percentile)
            key = (build.id, *key)
        points.append(_point(app, spec, app.versions[index], value, key))
    dataset: dict[str, Any] = {
        "filterCriteria": {
            "percentile": percentile,
            "device": device.identifier,
            "deviceMarketingName": device.marketing_name,
        },
        "points": points,
    }
    if spec.recommended and spec.goal_bounds and device.identifier.startswith("all_"):
        factor = 1.0 if percentile == "percentile.fifty" else spec.p90_factor * 0.6
        value = rounded(spec, spec.goal_bounds[0] * factor)
        dataset["recommendedMetricGoal"] = {
            "value": value,
            "detail": spec.recommended.format(value=value),
        }
    return dataset


def _document(
    app: AppSpec,
    indices: Sequence[int],
    build: BuildRecord | None,
    metric_types: Filter,
    device_types: Filter,
) -> dict[str, Any]:
    specs, devices = _selected(app, metric_types, device_types)
    categories: list[dict[str, Any]] = []
    insights: dict[str, list[dict[str, Any]]] = {"trendingUp": [], "regressions": []}
    for category in CATEGORY_ORDER:
        metrics: list[dict[str, Any]] = []
        for spec in (s for s in specs if s.category == category):
            datasets = [
                _dataset(app, spec, device, percentile, indices, build)
                for device in devices
                for percentile in PERCENTILES
            ]
            if not datasets:
                continue
            metric: dict[str, Any] = {
                "identifier": spec.identifier,
                "unit": {"identifier": spec.unit_id, "displayName": spec.unit_name},
            }
            if spec.goal_bounds is not None:
                metric["goalKeys"] = goal_keys(spec)
            metric["datasets"] = datasets
            metrics.append(metric)
            found = metric_insight(
                app.app_id, app.versions, indices[-1], spec, devices, PERCENTILES
            )
            if found is not None:
                insights[found[0]].append(found[1])
        if metrics:
            categories.append({"identifier": category, "metrics": metrics})
    return {
        "productData": [{"platform": "iOS", "metricCategories": categories}],
        "insights": insights,
        "version": DOCUMENT_VERSION,
    }


@functools.lru_cache(maxsize=256)
def build_metrics(build: BuildRecord, metric_types: Filter, device_types: Filter) -> dict[str, Any]:
    """The document for one build (cached: treat it as read-only)."""
    app = app_spec(build.app_id)
    if app is None or build.id == EMPTY_METRICS_BUILD_ID:
        return empty_metrics()
    return _document(app, [build.version_index], build, metric_types, device_types)


@functools.lru_cache(maxsize=64)
def app_metrics(app_id: str, metric_types: Filter, device_types: Filter) -> dict[str, Any]:
    """The document for an app: its newest versions, oldest first (cached, read-only)."""
    app = app_spec(app_id)
    if app is None:
        return empty_metrics()
    first = max(0, len(app.versions) - APP_VERSIONS_SHOWN)
    return _document(app, range(first, len(app.versions)), None, metric_types, device_types)
