"""The top line: where you are, e.g. ``asc-tui > Lumen [Beta] Notes > 2.3 (412)``."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ...safe_text import visible

SEPARATOR = " \u203a "  # a single right-pointing angle quote


def breadcrumb_text(parts: Sequence[str]) -> Text:
    text = Text("asc-tui", style="bold", no_wrap=True, overflow="ellipsis")
    for index, part in enumerate(parts):
        text.append(SEPARATOR, style="dim")
        text.append(visible(part), style="bold" if index == len(parts) - 1 else "")
    return text


class Breadcrumbs(Static):
    def __init__(self, parts: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(breadcrumb_text(parts), id=id)
        self.parts = list(parts)
