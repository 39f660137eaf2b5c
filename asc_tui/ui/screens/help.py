"""`?`: the keys that apply on the screen it was opened from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

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
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=14)
    table.add_column("what", ratio=1)
    for key, description in rows:
        table.add_row(Text(key), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, screen_title: str, screen_keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.screen_keys = list(screen_keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "Esc closes"
            if self.screen_keys:
                yield Static(keys_table(self.screen_title, self.screen_keys), id="help-screen-keys")
            yield Static(keys_table("Everywhere", GENERAL_KEYS), id="help-general-keys")
