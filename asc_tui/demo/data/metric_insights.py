"""``insights`` of an xcodeMetrics document: metrics whose newest version is worse than the
average of the versions before it (regressions), or creeping up (trendingUp)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .catalog import Device
from .metric_catalog import MetricSpec
from .metric_values import reference_average, rounded, version_value

REFERENCE_VERSIONS = 4
TRENDING_FROM = 8.0
REGRESSION_FROM = 12.0
HIGH_IMPACT_FROM = 25.0
_PERCENTILE_NAMES = {"percentile.fifty": "typical users", "percentile.ninety": "top 10%"}


def _population(
    spec: MetricSpec, device: Device, percentile: str, reference: float, latest: float
) -> dict[str, Any]:
    delta = (latest - reference) / reference * 100.0
    who = _PERCENTILE_NAMES[percentile]
    return {
        "deltaPercentage": round(delta, 1),
        "percentile": percentile,
        "summaryString": (
            f"{spec.display_name} for {who} on {device.marketing_name} went from "
            f"{rounded(spec, reference)} {spec.unit_name} to {rounded(spec, latest)} "
            f"{spec.unit_name} ({delta:+.0f}%)."
        ),
        "referenceAverageValue": rounded(spec, reference),
        "latestVersionValue": rounded(spec, latest),
        "device": device.identifier,
    }


def metric_insight(
    app_id: str,
    versions: Sequence[str],
    index: int,
    spec: MetricSpec,
    devices: Sequence[Device],
    percentiles: Sequence[str],
) -> tuple[str, dict[str, Any]] | None:
    """("regressions" | "trendingUp", MetricsInsight) for version ``index``, or None."""
    if index < 1:
        return None
    refs = range(max(0, index - REFERENCE_VERSIONS), index)
    count = len(versions)
    populations: list[dict[str, Any]] = []
    for device in devices:
        for percentile in percentiles:
            args = (spec.identifier, device.identifier, percentile)
            latest = version_value(app_id, count, index, *args)
            reference = reference_average(app_id, count, refs, *args)
            if (latest - reference) / reference * 100.0 >= TRENDING_FROM:
                populations.append(_population(spec, device, percentile, reference, latest))
    if not populations:
        return None
    populations.sort(key=lambda p: -float(p["deltaPercentage"]))
    populations = populations[:5]
    worst = float(populations[0]["deltaPercentage"])
    kind = "regressions" if worst >= REGRESSION_FROM else "trendingUp"
    ref_names = [versions[i] for i in refs]
    insight: dict[str, Any] = {
        "metricCategory": spec.category,
        "latestVersion": versions[index],
        "metric": spec.identifier,
        "summaryString": (
            f"{spec.display_name} is up {worst:.0f}% in {versions[index]} compared with the "
            f"average of {', '.join(ref_names)}."
        ),
        "referenceVersions": ",".join(ref_names),
        "maxLatestVersionValue": max(float(p["latestVersionValue"]) for p in populations),
        "highImpact": worst >= HIGH_IMPACT_FROM,
        "populations": populations,
    }
    if spec.breakdown:
        insight["subSystemLabel"] = spec.breakdown[0]
    return kind, insight
