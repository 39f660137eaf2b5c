"""The in-screen error box. Only ``AscApp.show_error`` fills it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..error_report import ErrorReport


def report_text(report: ErrorReport) -> Text:
    text = Text(no_wrap=False)
    text.append(f"✗ {report.title}\n", style="bold")
    text.append(report.message)
    if report.hint:
        text.append(f"\n{report.hint}", style="italic")
    text.append("\nr retry · Esc back", style="dim")
    return text


class ErrorPanel(Static):
    """Hidden until an error is shown; cleared when the next load starts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.report: ErrorReport | None = None
        self.display = False

    def show_report(self, report: ErrorReport) -> None:
        self.report = report
        self.update(report_text(report))
        self.display = True

    def clear(self) -> None:
        self.report = None
        self.update("")
        self.display = False
