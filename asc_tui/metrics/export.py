"""The current metrics view as rows, written to JSON and CSV atomically."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..api.metrics_report import MetricsReport
from ..files.atomic import write_text_atomically
from ..files.locations import saves_dir
from .compare import Comparison
from .direction import lower_is_better
from .trend import Trend
from .view import MetricLine, goal_status, metric_view, percentile_short

Row = Mapping[str, object]


def line_rows(
    lines: Sequence[MetricLine], percentile: str | None, device: str | None
) -> list[dict[str, object]]:
    return [
        {
            "category": line.category,
            "metric": line.metric.identifier,
            "unit": line.metric.unit,
            "percentile": percentile or "",
            "device": device or "",
            "version": line.point.version if line.point else "",
            "value": line.value,
            "errorMargin": line.error_margin,
            "goal": line.goal or "",
            "recommendedGoal": line.recommended,
            "breakdown": line.breakdown,
        }
        for line in lines
    ]


def comparison_row(row: Comparison) -> dict[str, object]:
    """One metric at one percentile and device: both values, Δ, Δ %, goals, direction.
    The compare screen's export and ``asc-tui metrics compare`` / ``check`` write these."""
    return {
        "category": row.category,
        "metric": row.metric,
        "unit": row.unit,
        "percentile": percentile_short(row.percentile),
        "device": row.device or "",
        "base": row.base,
        "head": row.other,
        "delta": row.delta,
        "percent": row.percent,
        "baseGoal": row.base_goal,
        "headGoal": row.other_goal,
        "direction": "lower-is-better" if lower_is_better(row.metric) else "higher-is-better",
        "verdict": row.verdict,
    }


def comparison_rows(rows: Sequence[Comparison], base: str, other: str) -> list[dict[str, object]]:
    """The compare screen's rows, each naming the two builds (``baseBuild``, ``headBuild``)."""
    return [{"baseBuild": base, "headBuild": other, **comparison_row(row)} for row in rows]


def trend_rows(trend: Trend) -> list[dict[str, object]]:
    return [
        {
            "category": trend.category,
            "metric": trend.metric.identifier,
            "unit": trend.metric.unit,
            "version": point.version,
            "value": point.value,
            "errorMargin": point.error_margin,
            "goal": point.goal or "",
            "goalLine": trend.goal_line,
        }
        for point in trend.points
    ]


def to_csv(rows: Sequence[Row]) -> str:
    out = io.StringIO()
    fields = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def to_json(rows: Sequence[Row]) -> str:
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"


def default_export_dir() -> Path:
    """See :func:`asc_tui.files.locations.saves_dir`."""
    return saves_dir()


def safe_name(text: str) -> str:
    """A readable file name: runs of anything but letters, digits, ``.`` and ``_`` become
    one ``-`` ("Trailhead: Hike & Run 4.5 (953)" → "Trailhead-Hike-Run-4.5-953")."""
    return re.sub(r"(?:[^A-Za-z0-9._]|-)+", "-", text).strip("-") or "metrics"


def export(rows: Sequence[Row], folder: Path, stem: str) -> tuple[Path, Path]:
    """``stem.json`` and ``stem.csv`` in ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(stem)
    json_path, csv_path = folder / f"{name}.json", folder / f"{name}.csv"
    write_text_atomically(json_path, to_json(rows))
    write_text_atomically(csv_path, to_csv(rows))
    return json_path, csv_path


def version_rows(
    report: MetricsReport, percentile: str | None, device: str | None
) -> list[dict[str, object]]:
    """Every metric's value per app version (an app-level report), one row per point."""
    rows: list[dict[str, object]] = []
    for line in metric_view(report, percentile, device, None):
        points = line.dataset.points if line.dataset else ()
        for point in points:
            single = MetricLine(
                line.category,
                line.metric,
                line.dataset,
                point,
                goal_status(line.metric, point, line.dataset),
            )
            rows.extend(line_rows([single], percentile, device))
    return rows
