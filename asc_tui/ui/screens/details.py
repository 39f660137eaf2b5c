"""A text that does not fit where it is shown, whole, in a scrollable dialog."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class DetailsScreen(ModalScreen[None]):
    """``title`` over ``text``; ↑/↓ scroll, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q", "dismiss", "Close"),
    ]

    def __init__(self, title: str, text: Text) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-dialog") as dialog:
            dialog.border_title = self.title_text
            dialog.border_subtitle = "Esc closes"
            yield Static(self.text, id="details-text")

    def on_mount(self) -> None:
        self.query_one("#details-dialog").focus()
