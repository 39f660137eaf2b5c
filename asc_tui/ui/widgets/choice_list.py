"""An OptionList that also moves with j/k, like every other list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import OptionList

from ..keymap import bindings


class ChoiceList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = bindings("choice")
