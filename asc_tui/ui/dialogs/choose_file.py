"""Which of several files a frame means (`o` when its file name matches more than one
file under the source root): Enter opens one, Esc cancels."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..formatting import plain
from ..keymap import bindings
from ..widgets.choice_list import ChoiceList


class ChooseFileScreen(ModalScreen[Path | None]):
    """Returns the chosen path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("choose_file")

    def __init__(self, paths: list[Path], root: Path) -> None:
        super().__init__()
        self.paths = paths
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles") as box:
            box.border_title = "Which file?"
            options = [
                Option(plain(path.relative_to(self.root)), id=str(index))
                for index, path in enumerate(self.paths)
            ]
            yield ChoiceList(*options, id="file-list")
            yield Static(Text("Enter open · Esc cancel", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[int(event.option.id or 0)])
