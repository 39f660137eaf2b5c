"""The ``/`` filter: an Input that filters the current list as you type."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from ..keymap import bindings
from ..typeahead import focus_now


class FilterInput(Input):
    """An Input whose Enter shows in the footer."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("filter_input")


class FilterBar(Horizontal):
    """Hidden until opened. Esc clears and closes; Enter closes and keeps the filter.
    Mounted on the first `/` (see ``BrowserScreen.filter_bar``)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("filter")

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        background: $boost;
    }

    #filter-prompt {
        width: 3;
        padding: 0 1;
        color: $accent;
        text-style: bold;
    }

    #filter-input {
        width: 1fr;
    }
    """

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        yield Label("/", id="filter-prompt")
        yield FilterInput(
            placeholder="type to filter · Enter keeps it · Esc clears",
            id="filter-input",
            compact=True,
        )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self, text: str) -> None:
        self.display = True
        self.input.value = text
        self.input.cursor_position = len(text)
        focus_now(self.input)

    def action_close(self, keep: bool) -> None:
        if not keep:
            self.input.value = ""
        self.display = False
        self.post_message(self.Closed(self.input.value))

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.display:
            self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close(True)
