"""An app's builds, newest first: version, upload date, processing state, min OS, expired."""

from __future__ import annotations

from rich.text import Text

from ...api.builds import Build
from ..formatting import date_text, plain, yes_no
from .item_table import ItemTable

COLUMNS = ("Version", "Uploaded", "State", "Min OS", "Expired")

STATE_STYLES = {"VALID": "green", "PROCESSING": "yellow", "FAILED": "red", "INVALID": "red"}


def build_cells(build: Build) -> tuple[Text, ...]:
    state = build.processing_state or "—"
    return (
        plain(build.display_version, "bold"),
        date_text(build.uploaded_date),
        plain(state, STATE_STYLES.get(state, "")),
        plain(build.min_os_version or "—"),
        yes_no(build.expired),
    )


class BuildsTable(ItemTable[Build]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, build_cells, lambda build: build.id, id=id)
