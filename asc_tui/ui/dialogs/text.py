"""A text that does not fit where it is shown, whole, in a scrollable dialog."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...safe_text import visible
from ..focus import auto_focus
from ..formatting import visible_text
from ..keymap import bindings


class TextDialog(ModalScreen[None]):
    """``title`` over ``body`` in a bordered box that scrolls (↑/↓ once it has focus,
    which it takes even when the terminal has none). Subclasses bind the keys that close it."""

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-dialog") as dialog:
            dialog.border_title = Text(visible(self.title_text))
            dialog.border_subtitle = "Esc closes"
            body = self.body
            yield Static(visible_text(body, multiline=True) if isinstance(body, Text) else body)

    def on_mount(self) -> None:
        auto_focus(self)


class DetailsScreen(TextDialog):
    """``text`` that was cut where it is shown, whole; Esc (or i, q) closes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("details")

    def __init__(self, title: str, text: Text) -> None:
        super().__init__(title, text)
        self.text = text
