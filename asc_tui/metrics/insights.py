"""Apple's insights in a metrics report (regressions and trending up), for one version,
as rows: what ``asc-tui regressions`` prints and what ``check`` fails on."""

from __future__ import annotations

from dataclasses import dataclass

from ..api.metrics_report import MetricsInsight, MetricsReport
from .view import percentile_short

REGRESSION, TRENDING_UP = "regression", "trendingUp"


def report_versions(report: MetricsReport) -> list[str]:
    """The app versions the report has values for, oldest first."""
    versions: dict[str, None] = {}
    for _, metric in report.metrics():
        for dataset in metric.datasets:
            versions.update(dict.fromkeys(p.version for p in dataset.points if p.version))
    return list(versions)


def latest_version(report: MetricsReport) -> str | None:
    """The newest version with values, else the newest one an insight is about."""
    versions = report_versions(report)
    if versions:
        return versions[-1]
    about = [i.latest_version for i in (*report.regressions, *report.trending_up)]
    return next((v for v in reversed(about) if v), None)


def about_version(
    insights: tuple[MetricsInsight, ...], version: str | None
) -> list[MetricsInsight]:
    """The insights about ``version`` (those that do not say which version count too)."""
    return [
        insight
        for insight in insights
        if not version or not insight.latest_version or insight.latest_version == version
    ]


@dataclass(frozen=True, slots=True)
class Insight:
    kind: str
    """ "regression" or "trendingUp"."""
    insight: MetricsInsight

    @property
    def summary(self) -> str:
        """Apple's summary, else the first population's."""
        first = next((p.summary for p in self.insight.populations if p.summary), "")
        return self.insight.summary or first


def insights_for(report: MetricsReport, version: str | None) -> list[Insight]:
    """Regressions first, then trending up, as Apple lists them."""
    return [Insight(REGRESSION, i) for i in about_version(report.regressions, version)] + [
        Insight(TRENDING_UP, i) for i in about_version(report.trending_up, version)
    ]


def insight_document(found: Insight, names: dict[str, str]) -> dict[str, object]:
    insight = found.insight
    return {
        "kind": found.kind,
        "category": insight.metric_category,
        "metric": insight.metric,
        "latestVersion": insight.latest_version,
        "referenceVersions": list(insight.reference_versions),
        "highImpact": insight.high_impact,
        "subSystem": insight.sub_system_label,
        "maxLatestVersionValue": insight.max_latest_version_value,
        "summary": found.summary,
        "populations": [
            {
                "device": p.device,
                "deviceName": names.get(p.device, p.device),
                "percentile": percentile_short(p.percentile),
                "deltaPercentage": p.delta_percentage,
                "referenceAverageValue": p.reference_average_value,
                "latestVersionValue": p.latest_version_value,
                "summary": p.summary,
            }
            for p in insight.populations
        ],
    }


def population_rows(found: list[Insight], names: dict[str, str]) -> list[dict[str, object]]:
    """One row per insight and population (an insight without populations keeps a row)."""
    rows: list[dict[str, object]] = []
    for item in found:
        doc = insight_document(item, names)
        populations = doc.pop("populations")
        assert isinstance(populations, list)
        doc["referenceVersions"] = ",".join(item.insight.reference_versions)
        for population in populations or [{}]:
            rows.append({**doc, **{f"population.{k}": v for k, v in population.items()}})
    return rows
