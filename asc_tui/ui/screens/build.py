"""One build: its metrics summary and its diagnostic signatures (Tab switches)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical

from ...api.builds import Build
from ...api.models import App
from ...api.signatures import DiagnosticSignature
from ...metrics.export import line_rows
from ...metrics.view import MetricLine
from ..formatting import diagnostic_type_label, match_text
from ..keymap import bindings
from ..lifecycle import LoadState
from ..metrics_text import insight_block
from ..widgets.item_table import ItemTable
from ..widgets.metrics_panel import MetricsPanel
from ..widgets.signatures_table import SignaturesTable, by_weight
from .base import BrowserScreen
from .metrics_support import export_view
from .region import DataRegion


class BuildScreen(BrowserScreen):
    AUTO_FOCUS = "#metrics-table, #signatures"
    """The metrics first, so Enter opens a metric's trend; Tab goes to the signatures."""
    BINDINGS: ClassVar[list[BindingType]] = bindings("build")

    SIGNATURE_TYPES: ClassVar[tuple[str, ...]] = ("", "HANGS", "DISK_WRITES", "LAUNCHES")
    """What `t` cycles through: all, then each type (asked of the API with
    ``filter[diagnosticType]``)."""

    def __init__(self, app: App, build: Build) -> None:
        super().__init__()
        self.app_model = app
        self.build = build
        self.signature_type = ""
        self.metrics_region = DataRegion(
            self, "metrics", "metrics", self.fetch_metrics, widget="#metrics"
        )
        self.signatures_region = DataRegion(
            self,
            "signatures",
            "signatures",
            self.fetch_signatures,
            widget="#signatures",
            show=self.show_signatures,
            empty="No diagnostic signatures for this build: Apple reports hangs, disk writes "
            "and launches once enough customers run it (usually within a few days).",
        )

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, self.build.display_version]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="metrics-pane") as pane:
            pane.border_title = "Metrics"
            yield MetricsPanel(id="metrics")
        with Vertical(id="signatures-pane") as pane:
            pane.border_title = "Diagnostic signatures · all types  (t: type)"
            yield SignaturesTable(id="signatures")

    @property
    def metrics(self) -> MetricsPanel:
        return self.query_one(MetricsPanel)

    @property
    def signatures(self) -> SignaturesTable:
        return self.query_one(SignaturesTable)

    def region_summary(self, region: DataRegion) -> Text | None:
        if region is self.metrics_region:
            report = self.metrics.report
            if report is None:
                return None
            return Text("no metrics yet" if report.is_empty else f"{len(report.metrics())} metrics")
        kind = diagnostic_type_label(self.signature_type).lower() if self.signature_type else ""
        return Text(f"{self.signatures.item_count} {kind + ' ' if kind else ''}signatures")

    def status_extras(self) -> list[Text]:
        return [
            Text(match_text(table.row_count, table.item_count, table.filter_text))
            for table in (self.metrics.table, self.signatures)
            if table.filter_text
        ]

    async def fetch_metrics(self, refresh: bool) -> int:
        store = await self.get_store()
        report = await store.build_metrics(self.build.id, refresh=refresh)
        self.metrics.show(report, self.build.marketing_version)
        if report.is_empty and self.focused is self.metrics.table:
            self.signatures.focus()  # nothing to open in the metrics
        return 1  # an empty report says so itself (not enough data yet)

    async def fetch_signatures(self, refresh: bool) -> int:
        store = await self.get_store()
        kinds = (self.signature_type,) if self.signature_type else ()
        signatures = await store.signatures(self.build.id, diagnostic_types=kinds, refresh=refresh)
        return self.show_signatures(signatures)

    def show_signatures(self, signatures: list[DiagnosticSignature]) -> int:
        self.signatures.set_items(by_weight(signatures))
        return len(signatures)

    def action_cycle_type(self) -> None:
        """All signatures → hangs → disk writes → launches → all."""
        types = self.SIGNATURE_TYPES
        self.signature_type = types[(types.index(self.signature_type) + 1) % len(types)]
        label = diagnostic_type_label(self.signature_type) if self.signature_type else "all types"
        kind = f"{label.lower()} " if self.signature_type else ""
        self.signatures_region.what = f"{kind}signatures"
        pane = self.query_one("#signatures-pane")
        pane.border_title = f"Diagnostic signatures · {label}  (t: type)"
        self.signatures.set_items([])
        self.signatures_region.set(LoadState())  # what was shown was of another type
        self.signatures_region.start(False)

    def action_next_device(self) -> None:
        self.metrics.cycle_device()

    def action_next_percentile(self) -> None:
        self.metrics.cycle_percentile()

    def action_insights(self) -> None:
        """Every insight with its versions, populations and whole summary, in a dialog."""
        report = self.metrics.report
        if report is None:
            self.notify("The metrics are still loading.", severity="warning")
            return
        from ..dialogs.text import DetailsScreen

        title = f"Insights · {self.build.display_version}"
        self.app.push_screen(DetailsScreen(title, insight_block(report)))

    def acts(self, action: str) -> bool:
        if action == "compare":  # shown once another build is marked
            marked = self.asc.marked_build
            return marked is not None and marked[1].id != self.build.id
        if action in ("export", "insights", "next_percentile", "next_device"):
            return self.metrics.report is not None
        return True

    def action_mark(self) -> None:
        self.asc.marked_build = (self.app_model, self.build)
        self.notify(
            f"Marked {self.build.display_version} — open another build and press c to compare.",
            markup=False,
        )
        self.refresh_bindings()

    def action_compare(self) -> None:
        marked = self.asc.marked_build
        if marked is None or marked[1].id == self.build.id:
            self.notify(
                "Nothing to compare with: press m on one build (here or in the builds list), "
                "then open another build and press c.",
                severity="warning",
                markup=False,
            )
            return
        self.asc.open_compare(marked, (self.app_model, self.build))

    def action_export(self) -> None:
        panel = self.metrics
        version = self.build.display_version
        stem = f"{self.app_model.name}-{version}-metrics-{panel.percentile}-{panel.device}"
        export_view(self, line_rows(panel.lines, panel.percentile, panel.device), stem)

    @on(ItemTable.Opened, "#metrics-table")
    def _open_metric(self, event: ItemTable.Opened) -> None:
        line = event.item
        if isinstance(line, MetricLine):
            panel = self.metrics
            self.asc.open_metric(
                self.app_model, line.key, percentile=panel.percentile, device=panel.device
            )

    @on(ItemTable.Opened, "#signatures")
    def _open(self, event: ItemTable.Opened) -> None:
        signature = event.item
        if isinstance(signature, DiagnosticSignature):
            self.asc.open_logs(self.app_model, self.build, signature)

    def action_crashes(self) -> None:
        self.asc.open_crashes(self.app_model, self.build)

    def action_feedback(self) -> None:
        self.asc.open_feedback(self.app_model, self.build)
