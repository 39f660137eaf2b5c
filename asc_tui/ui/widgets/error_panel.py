"""The in-screen error box. Only ``AscApp.show_error`` fills it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from ..error_report import ErrorReport


def report_text(report: ErrorReport, keys: str = "r retries · Esc goes back") -> Text:
    """The title with what the keys do, then what to do next, then the message: the panel
    is at most a few lines high, so the parts that must stay visible come first."""
    text = Text(no_wrap=False)
    text.append(f"✗ {report.title}", style="bold")
    if keys:
        text.append(f"   {keys}", style="dim")
    if report.hint:
        text.append(f"\n{report.hint}", style="italic")
    text.append(f"\n{report.message}")
    return text


class ErrorPanel(Static):
    """Hidden until an error is shown; cleared when the next load starts. Mounted with the
    first error (see ``BrowserScreen.error_panel``)."""

    DEFAULT_CSS = """
    ErrorPanel {
        height: auto;
        max-height: 10;
        margin: 0 1;
        padding: 0 1;
        border: round $error;
        color: $text;
        background: $error 10%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.report: ErrorReport | None = None
        self.dismissable = False
        """A failed action's error (Esc dismisses it), not a failed load's."""
        self.display = False

    def show_report(self, report: ErrorReport, keys: str, *, dismissable: bool = False) -> None:
        """``keys``: what the keys do about it, said under the message (they must)."""
        self.report = report
        self.dismissable = dismissable
        self.update(report_text(report, keys))
        self.display = True

    def clear(self) -> None:
        self.report = None
        self.dismissable = False
        self.update("")
        self.display = False
