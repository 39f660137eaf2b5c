"""`?`: the keys that act on the screen it was opened from, then the ones that work
everywhere, drawn from the key map (:mod:`asc_tui.ui.keymap`); `/` searches them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from ...safe_text import visible
from ..focus import auto_focus
from ..keymap import KEYS, bindings, rank, what
from ..typeahead import focus_now


@dataclass(frozen=True, slots=True)
class HelpRow:
    keys: str
    what: str
    key_id: str
    """The id to remap it in config.json ("" for keys that cannot move)."""

    def matches(self, text: str) -> bool:
        needle = text.casefold().strip()
        return not needle or any(
            needle in part.casefold() for part in (self.keys, self.what, self.key_id)
        )


def screen_rows(screen: Screen[Any]) -> list[HelpRow]:
    """The key-map keys that act on ``screen`` now (its focused widget's first), one row
    per action, without the ones that work everywhere."""
    app = screen.app
    everywhere = {key.action for key in KEYS if key.scope == "app"}
    grouped: dict[tuple[str, str], tuple[list[str], HelpRow, tuple[bool, int]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.tooltip or binding.action in everywhere:
            continue
        row = HelpRow("", what(binding.description, binding.tooltip), binding.id or "")
        shown, _, _ = grouped.setdefault(
            (binding.action, binding.description), ([], row, (not binding.show, rank(binding)))
        )
        shown.append(app.get_key_display(binding))
    ordered = sorted(grouped.values(), key=lambda item: item[2])  # the footer's order
    return [
        HelpRow(" ".join(dict.fromkeys(shown)), row.what, row.key_id) for shown, row, _ in ordered
    ]


def everywhere_rows(display: dict[str, str]) -> list[HelpRow]:
    rows = [
        HelpRow("↑ ↓  j k", "Move", "down, up"),
        HelpRow("enter", "Open the selected item", ""),
    ]
    for key in KEYS:
        if key.scope in {"app", "browser"}:
            rows.append(HelpRow(display.get(key.id, key.keys), key.what, key.id))
    return rows


def keys_table(title: str, rows: Sequence[HelpRow]) -> Table:
    """``title`` is the screen's breadcrumb (names from the API): text, never markup."""
    heading = Text(visible(title))
    table = Table(title=heading, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=14)
    table.add_column("what", ratio=1)
    table.add_column("id", style="dim", no_wrap=True)
    for row in rows:
        table.add_row(Text(row.keys), Text(row.what), Text(row.key_id))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(
        self, screen_title: str, screen_keys: Sequence[HelpRow], general: Sequence[HelpRow]
    ) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.screen_keys = list(screen_keys)
        self.general = list(general)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "/ searches · Esc closes"
            search = Input(placeholder="search keys", id="help-search", compact=True)
            search.display = False
            yield search
            yield Static(self.body(""), id="help-body")

    def on_mount(self) -> None:
        auto_focus(self)

    def body(self, text: str) -> RenderableType:
        tables: list[RenderableType] = []
        mine = [row for row in self.screen_keys if row.matches(text)]
        general = [row for row in self.general if row.matches(text)]
        if mine:
            tables += [keys_table(self.screen_title, mine), Text()]
        if general:
            tables.append(keys_table("Everywhere", general))
        if not tables:
            tables.append(Text(f"No key matches “{text}”.", style="italic"))
        return Group(*tables)

    @property
    def search(self) -> Input:
        return self.query_one("#help-search", Input)

    def action_search(self) -> None:
        self.search.display = True
        focus_now(self.search)

    @on(Input.Changed, "#help-search")
    def _searched(self, event: Input.Changed) -> None:
        self.query_one("#help-body", Static).update(self.body(event.value))

    @on(Input.Submitted, "#help-search")
    def _kept(self) -> None:
        self.query_one(VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "search" and self.focused is self.search)

    def action_close(self) -> None:
        if self.search.display and self.search.value:
            self.search.value = ""
            self.search.display = False
            self.query_one(VerticalScroll).focus()
            return
        self.dismiss(None)
