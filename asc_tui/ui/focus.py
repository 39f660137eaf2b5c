"""Focus that does not wait for the terminal to have it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def auto_focus(screen: Screen[Any]) -> None:
    """Focus the screen's ``AUTO_FOCUS`` widget, as Textual does, but also while the
    terminal has no focus (a detached tmux, a window in the background), where Textual
    leaves nothing focused: keys and the footer then follow that widget from the start."""
    selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else screen.app.AUTO_FOCUS
    if screen.focused is not None or not selector:
        return
    for widget in screen.query(selector):
        if widget.focusable:
            screen.set_focus(widget)
            return
