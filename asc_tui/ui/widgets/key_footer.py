"""The key hints at the bottom of every screen, drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and remounts them all whenever the bindings
change (focus moves, a log loads, a filter opens): on a screen with a dozen keys that
costs more than the rest of the screen put together. This footer is one widget that
re-renders from ``screen.active_bindings``; a click on a key presses it, as in Textual's.
It also repaints when the terminal does not have focus (Textual's footer waits for it).
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget, can_focus=False):
    """Keys the screen shows (``Binding.show``), the first key of each action, in the
    order Textual resolves them (focused widget first); the command palette on the right."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []
        """Where each key sits on the line: (start, end, key, enabled)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def hints(self) -> list[tuple[Binding, bool]]:
        """(binding, enabled) for every key shown, one per action; the palette last."""
        shown: dict[str, tuple[Binding, bool]] = {}
        palette: tuple[Binding, bool] | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if self.app.ENABLE_COMMAND_PALETTE and binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        return [*shown.values(), *([palette] if palette else [])]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        width = self.size.width
        hints = self.hints()
        has_palette = bool(
            hints
            and self.app.ENABLE_COMMAND_PALETTE
            and hints[-1][0].key == self.app.COMMAND_PALETTE_BINDING
        )
        right = self._hint_text(hints.pop(), key_style, description_style) if has_palette else None
        room = width - (right.cell_len + 2 if right is not None else 0)
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, str, bool]] = []
        for binding, enabled in hints:  # whole hints only: a cut-off "H" helps nobody
            hint = self._hint_text((binding, enabled), key_style, description_style)
            if line.cell_len + 1 + hint.cell_len > room:
                break
            line.append(" ")
            start = line.cell_len
            line.append_text(hint)
            spans.append((start, line.cell_len, binding.key, enabled))
        if right is not None:
            line.pad_right(max(room - line.cell_len, 0))
            line.append(" │", style="dim")
            start = line.cell_len
            line.append_text(right)
            spans.append((start, line.cell_len, self.app.COMMAND_PALETTE_BINDING, True))
        self._spans = spans
        return line

    def _hint_text(
        self, hint: tuple[Binding, bool], key_style: Style, description_style: Style
    ) -> Text:
        binding, enabled = hint
        text = Text.assemble(
            (self.app.get_key_display(binding), key_style),
            (f" {binding.description}" if binding.description else "", description_style),
        )
        if not enabled:
            text.stylize("dim")
        return text

    def key_at(self, x: int) -> tuple[str, bool] | None:
        """The key drawn at column ``x`` and whether it is enabled."""
        for start, end, key, enabled in self._spans:
            if start <= x < end:
                return key, enabled
        return None

    def on_click(self, event: events.Click) -> None:
        hit = self.key_at(event.x)
        if hit is None:
            return
        key, enabled = hit
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
