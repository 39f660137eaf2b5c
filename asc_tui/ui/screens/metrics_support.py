"""What the metrics screens share: one percentile and device selection (p and d cycle
it), and export to JSON and CSV with a notification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.binding import BindingType

from ...errors import AscError
from ...files.locations import EXPORT_DIR_ENV
from ...metrics.export import default_export_dir, export
from ...metrics.view import MetricSelection
from ..keymap import bindings
from .base import BrowserScreen


class MetricsScreen(BrowserScreen):
    """A screen of metrics for one percentile and device: ``selection`` holds them,
    ``p``/``d`` cycle them once ``has_data``, then ``show_view`` redraws."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("metrics")

    def __init__(self, selection: MetricSelection | None = None) -> None:
        super().__init__()
        self.selection = selection or MetricSelection()

    @property
    def percentile(self) -> str | None:
        return self.selection.percentile

    @property
    def device(self) -> str | None:
        return self.selection.device

    def has_data(self) -> bool:
        raise NotImplementedError

    def show_view(self) -> None:
        raise NotImplementedError

    def acts(self, action: str) -> bool:
        if action in ("export", "next_percentile", "next_device"):
            return self.has_data()
        return super().acts(action)

    def action_next_percentile(self) -> None:
        if self.has_data():
            self.selection.next_percentile()
            self.show_view()

    def action_next_device(self) -> None:
        if self.has_data():
            self.selection.next_device()
            self.show_view()

    def action_export(self) -> None:
        raise NotImplementedError


def export_view(screen: BrowserScreen, rows: Sequence[Mapping[str, object]], stem: str) -> None:
    """Write ``rows`` as ``stem.json`` and ``stem.csv``; say where, or why not."""
    if not rows:
        screen.notify("Nothing to export yet: this view has no metrics.", severity="warning")
        return
    folder = default_export_dir()
    try:
        json_path, csv_path = export(rows, folder, stem)
    except OSError as error:
        reason = error.strerror or str(error)
        screen.asc.show_error(
            AscError(
                f"Could not export to {folder}: {reason}.",
                hint=f"Set {EXPORT_DIR_ENV} to a folder you can write to, then press e again.",
            ),
            screen=screen,
        )
        return
    screen.notify(
        f"{json_path}\n{csv_path}", title=f"Exported {len(rows)} rows", markup=False, timeout=8
    )
