"""A yes/no question in a dialog (e.g. before deleting a report request)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...safe_text import visible
from ..formatting import visible_text
from ..keymap import bindings


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: y or Enter confirms, n or Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, title: str, question: Text) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="analytics-dialog") as dialog:
            dialog.border_title = Text(visible(self.title_text))
            dialog.border_subtitle = "y / Enter: yes · n / Esc: no"
            yield Static(visible_text(self.question, multiline=True))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
