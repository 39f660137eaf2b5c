"""`?`: the keys that apply on the screen it was opened from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from ...safe_text import visible
from .text import TextDialog

GENERAL_KEYS: list[tuple[str, str]] = [
    ("↑ ↓  j k", "Move"),
    ("PgUp PgDn", "Move a page"),
    ("enter", "Open the selected item"),
    ("esc", "Clear the filter, else go back one level"),
    ("/", "Filter the current list (Enter keeps it, Esc clears it)"),
    ("r", "Refresh this screen from the API"),
    ("tab", "Next pane"),
    ("?", "This help"),
    ("ctrl+p", "Command palette: jump to an app or build"),
    ("P", "Switch profile (another team's API key), or add one"),
    ("q", "Quit (not while typing in the filter)"),
]


def keys_table(title: str, rows: Sequence[tuple[str, str]]) -> Table:
    """``title`` is the screen's breadcrumb (names from the API): text, never markup."""
    heading = Text(visible(title))
    table = Table(title=heading, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=14)
    table.add_column("what", ratio=1)
    for key, description in rows:
        table.add_row(Text(key), Text(description))
    return table


class HelpScreen(TextDialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, screen_title: str, screen_keys: Sequence[tuple[str, str]]) -> None:
        self.screen_title = screen_title
        self.screen_keys = list(screen_keys)
        tables: list[RenderableType] = []
        if self.screen_keys:
            tables += [keys_table(screen_title, self.screen_keys), Text()]
        tables.append(keys_table("Everywhere", GENERAL_KEYS))
        super().__init__("Keys", Group(*tables))
