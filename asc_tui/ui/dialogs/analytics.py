"""Choose an access type for a new analytics report request. Keyboard only: ↑/↓ choose,
Enter confirms, Esc cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...api.analytics_reports import FIRST_REPORTS_NOTE
from ...safe_text import visible
from ..keymap import bindings
from ..widgets.choice_list import ChoiceList

ACCESS_TYPE_HELP = {
    "ONGOING": "ONGOING: new reports every day, week and month, for as long as the "
    "request is active (Apple stops it after a long time without downloads).",
    "ONE_TIME_SNAPSHOT": "ONE_TIME_SNAPSHOT: the history Apple has, once.",
}


class NewRequestDialog(ModalScreen[str | None]):
    """Returns the chosen access type, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("new_request")

    def __init__(self, app_name: str) -> None:
        super().__init__()
        self.app_name = app_name

    def compose(self) -> ComposeResult:
        with Vertical(id="analytics-dialog") as dialog:
            dialog.border_title = "New report request"
            dialog.border_subtitle = "Enter requests · Esc cancels"
            yield Static(
                Text.assemble("Request analytics reports for ", (visible(self.app_name), "bold"))
            )
            yield ChoiceList(
                *(Option(Text(text), id=kind) for kind, text in ACCESS_TYPE_HELP.items()),
                id="access-types",
            )
            yield Static(Text(FIRST_REPORTS_NOTE, style="italic"), id="dialog-note")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
