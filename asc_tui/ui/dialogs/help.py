"""`?`: the keys of the screen it was opened from (those that do not act now dimmed, with
why), then the ones that work everywhere, drawn from the key map
(:mod:`asc_tui.ui.keymap`); `/` searches them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from ...safe_text import visible
from ..focus import auto_focus
from ..keymap import KEYS, bindings, needs, rank
from ..keys import what
from ..typeahead import focus_now


@dataclass(frozen=True, slots=True)
class HelpRow:
    keys: str
    what: str
    key_id: str
    """The id to remap it in config.json ("" for keys that cannot move)."""
    why_not: str | None = None
    """Why the key does not act now (None: it does), e.g. "needs a selected app"."""

    def matches(self, text: str) -> bool:
        needle = text.casefold().strip()
        return not needle or any(
            needle in part.casefold()
            for part in (self.keys, self.what, self.key_id, self.why_not or "")
        )


@runtime_checkable
class SaysWhyNot(Protocol):
    """A screen or widget that can say why one of its keys does not act now."""

    def why_not(self, action: str) -> str | None:
        """Why ``action`` does not act now ("" when the key map says it best); None when
        it never acts here (left out of help)."""
        ...


def _why_not(node: object, binding: Binding) -> str | None:
    reason = node.why_not(binding.action) if isinstance(node, SaysWhyNot) else ""
    if reason is None:
        return None
    return reason or needs(binding) or "not available now"


def screen_rows(screen: Screen[Any]) -> list[HelpRow]:
    """Every key-map key of ``screen`` (its focused widget's first), one row per action,
    without the ones that work everywhere. A key that does not act now (``check_action``
    hides it from the footer) is listed too, saying why, so it can be learnt."""
    app = screen.app
    everywhere = {key.action for key in KEYS if key.scope == "app"}
    acting = {
        (active.binding.action, active.binding.description)
        for active in screen.active_bindings.values()
        if active.enabled
    }
    grouped: dict[tuple[str, str], tuple[list[str], HelpRow, tuple[bool, bool, int]]] = {}
    # Every binding the footer's keys come from (Textual's own chain: the focused widget,
    # its ancestors, the screen), hidden ones included; ``active_bindings`` has only those
    # that act now. (Textual 8 has no public name for the chain ``active_bindings`` walks.)
    for node, bindings_map in screen._modal_binding_chain:
        for _, binding in bindings_map:
            if not binding.tooltip or binding.action in everywhere:
                continue
            name = (binding.action, binding.description)
            if name in grouped:
                grouped[name][0].append(app.get_key_display(binding))
                continue
            why_not = None if name in acting else _why_not(node, binding)
            if why_not is None and name not in acting:
                continue  # never acts here
            row = HelpRow("", what(binding.description, binding.tooltip), binding.id or "", why_not)
            order = (why_not is not None, not binding.show, rank(binding))
            grouped[name] = ([app.get_key_display(binding)], row, order)
    ordered = sorted(grouped.values(), key=lambda item: item[2])  # acting, the footer's order
    return [
        HelpRow(" ".join(dict.fromkeys(shown)), row.what, row.key_id, row.why_not)
        for shown, row, _ in ordered
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


NARROW = 70
"""Below this many columns the ids (for remapping keys) are left out, so that the
descriptions keep the room to be read."""


def keys_table(title: str, rows: Sequence[HelpRow], *, narrow: bool = False) -> Table:
    """``title`` is the screen's breadcrumb (names from the API): text, never markup."""
    heading = Text(visible(title))
    table = Table(title=heading, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=None if narrow else 14)
    table.add_column("what", ratio=1)
    if not narrow:
        table.add_column("id", style="dim", no_wrap=True)
    for row in rows:
        ids = () if narrow else (Text(row.key_id),)
        if row.why_not is None:
            table.add_row(Text(row.keys), Text(row.what), *ids)
        else:  # listed, dimmed, with why it does not act now
            what_now = Text(row.what, style="dim")
            what_now.append(f" — {row.why_not}", style="dim italic")
            table.add_row(Text(row.keys, style="dim"), what_now, *ids)
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
        narrow = self.app.size.width < NARROW
        if mine:
            tables += [keys_table(self.screen_title, mine, narrow=narrow), Text()]
        if general:
            tables.append(keys_table("Everywhere", general, narrow=narrow))
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

    def on_resize(self) -> None:
        self.query_one("#help-body", Static).update(self.body(self.search.value))

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
