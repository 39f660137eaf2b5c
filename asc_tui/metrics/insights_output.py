"""``asc-tui regressions`` for people: plain text and a Markdown table. API text goes
through ``safe_text.visible`` (and :func:`gate_output.md`) like the gate's reports."""

from __future__ import annotations

from ..safe_text import visible as shown
from .gate_output import md
from .insights import REGRESSION, Insight
from .numbers import metric_number as number
from .view import percentile_short

HEADINGS = {REGRESSION: "▲ REGRESSION", "trendingUp": "↗ TRENDING UP"}


def _delta(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}%"


def insights_text(
    app: str, version: str | None, found: list[Insight], names: dict[str, str]
) -> str:
    lines = [f"Apple's insights for {shown(app)} {shown(version or '')}".rstrip()]
    if not found:
        lines.append("No regressions or trending-up metrics: nothing stands out.")
    for item in found:
        insight = item.insight
        impact = " (high impact)" if insight.high_impact else ""
        versions = ", ".join(insight.reference_versions) or "—"
        lines.append(
            f"{HEADINGS.get(item.kind, item.kind)}{impact} {shown(insight.metric_category)} "
            f"{shown(insight.metric)}  {shown(insight.latest_version or '?')} vs {shown(versions)}"
        )
        if item.summary:
            lines.append(f"  {shown(item.summary)}")
        for p in insight.populations:
            device = names.get(p.device, p.device) or "?"
            lines.append(
                f"  {shown(device)} {percentile_short(p.percentile)}: "
                f"{number(p.reference_average_value)} → {number(p.latest_version_value)} "
                f"({_delta(p.delta_percentage)})"
            )
    return "\n".join(lines) + "\n"


def insights_markdown(
    app: str, version: str | None, found: list[Insight], names: dict[str, str]
) -> str:
    lines = [f"### Apple's insights: {md(app)} {md(version or '')}".rstrip(), ""]
    if not found:
        return "\n".join([*lines, "No regressions or trending-up metrics.", ""])
    lines += [
        "| | Metric | Population | Reference | Latest | Δ % |",
        "|---|---|---|---:|---:|---:|",
    ]
    for item in found:
        insight = item.insight
        mark = "▲ regression" if item.kind == REGRESSION else "↗ trending up"
        mark += " (high impact)" if insight.high_impact else ""
        metric = f"{md(insight.metric)} ({md(insight.metric_category)})"
        for p in insight.populations or ():
            device = names.get(p.device, p.device) or "?"
            lines.append(
                f"| {mark} | {metric} | {md(device)} {percentile_short(p.percentile)} | "
                f"{number(p.reference_average_value)} | {number(p.latest_version_value)} | "
                f"{_delta(p.delta_percentage)} |"
            )
        if not insight.populations:
            lines.append(f"| {mark} | {metric} | — | — | — | — |")
    summaries = [f"- **{md(i.insight.metric)}**: {md(i.summary)}" for i in found if i.summary]
    if summaries:
        lines += ["", *summaries]
    return "\n".join(lines) + "\n"
