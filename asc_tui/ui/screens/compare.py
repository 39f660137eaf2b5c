"""Two builds side by side: each metric's value in both, the delta and the percentage,
better or worse by colour and by marker (▲ worse, ▼ better)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ...api.builds import Build
from ...api.metrics_report import MetricsReport
from ...api.models import App
from ...metrics.compare import Comparison, compare
from ...metrics.export import comparison_rows
from ..formatting import visible_text
from ..metrics_text import (
    selection_caption,
)
from ..widgets.compare_table import CompareTable
from .metrics_support import MetricsScreen, export_view
from .region import DataRegion


class CompareScreen(MetricsScreen):
    AUTO_FOCUS = "#compare-table"

    def __init__(self, base: tuple[App, Build], other: tuple[App, Build]) -> None:
        super().__init__()
        self.base_app, self.base_build = base
        self.other_app, self.other_build = other
        self.reports: tuple[MetricsReport, MetricsReport] | None = None
        DataRegion(
            self, "compare", "metrics of both builds", self.fetch_reports, widget="#compare-table"
        )

    def label(self, app: App, build: Build) -> str:
        prefix = "" if self.base_app.id == self.other_app.id else f"{app.name} "
        return prefix + build.display_version

    def breadcrumb(self) -> list[str]:
        return [
            self.other_app.name,
            f"Compare {self.label(self.base_app, self.base_build)}"
            f" → {self.label(self.other_app, self.other_build)}",
        ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="compare-caption")
        yield CompareTable(id="compare-table")

    @property
    def table(self) -> CompareTable:
        return self.query_one(CompareTable)

    @property
    def rows(self) -> list[Comparison]:
        return self.table.items

    def region_summary(self, region: DataRegion) -> Text | None:
        rows = self.rows
        worse = sum(row.verdict == "worse" for row in rows)
        better = sum(row.verdict == "better" for row in rows)
        return Text(f"{len(rows)} metrics · {worse} worse · {better} better")

    async def fetch_reports(self, refresh: bool) -> int:
        store = await self.get_store()
        base, other = await asyncio.gather(
            store.build_metrics(self.base_build.id, refresh=refresh),
            store.build_metrics(self.other_build.id, refresh=refresh),
        )
        self.reports = (base, other)
        self.selection.use(other, base)  # this build's choices first, if it has data
        self.show_view()
        return 1  # the caption says which build has no data yet

    def has_data(self) -> bool:
        return self.reports is not None

    def show_view(self) -> None:
        if self.reports is None:
            return
        base, other = self.reports
        rows = compare(
            base,
            other,
            self.percentile,
            self.device,
            self.base_build.marketing_version,
            self.other_build.marketing_version,
        )
        self.table.set_items(rows)
        caption = Text(no_wrap=True, overflow="ellipsis")
        caption.append(f"Marked {self.label(self.base_app, self.base_build)}", style="bold")
        caption.append(" vs ")
        caption.append(f"this {self.label(self.other_app, self.other_build)}", style="bold")
        caption.append("  ")
        caption.append_text(selection_caption(self.selection))
        empty = [
            self.label(a, b)
            for (a, b), report in (
                ((self.base_app, self.base_build), base),
                ((self.other_app, self.other_build), other),
            )
            if report.is_empty
        ]
        if empty:
            caption.append(f"  not enough data yet for {', '.join(empty)}", style="bold yellow")
        self.query_one("#compare-caption", Static).update(visible_text(caption))

    def action_export(self) -> None:
        base = self.label(self.base_app, self.base_build)
        other = self.label(self.other_app, self.other_build)
        rows = comparison_rows(self.rows, base, other)
        export_view(self, rows, f"compare-{base}-vs-{other}-{self.percentile}-{self.device}")
