"""What the metrics screens share: export to JSON and CSV with a notification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...errors import AscError
from ...metrics.export import EXPORT_DIR_ENV, default_export_dir, export
from .base import BrowserScreen


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
