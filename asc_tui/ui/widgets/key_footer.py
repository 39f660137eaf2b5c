"""The key hints at the bottom of every screen, drawn as one line of text.

Textual's ``Footer`` mounts a widget per key and remounts them all whenever the bindings
change (focus moves, a log loads, a filter opens): on a screen with a dozen keys that
costs more than the rest of the screen put together. This footer is one widget that
re-renders from ``screen.active_bindings``; a click on a key presses it, as in Textual's.
It also repaints when the terminal does not have focus (Textual's footer waits for it).
"""

from __future__ import annotations

from typing import ClassVar
from weakref import WeakSet

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from ..glyphs import glyphs
from ..keymap import rank

Hint = tuple[Binding, bool]
"""A key to show and whether it is enabled."""


class KeyFooter(Widget, can_focus=False):
    """Keys the screen shows (``Binding.show``), the first key of each action, the
    screen's own before the generic ones (the key map's ``rank``); help and quit on the
    right, never dropped, then the command palette when there is room. Keys that do not
    fit are left out whole, and a "…" says so."""

    ALLOW_SELECT = False

    PINNED_ACTIONS: ClassVar[tuple[str, ...]] = ("help", "quit")
    """Shown on the right, so a narrow footer still says where help is and how to quit."""

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
        self.cut = False
        """Whether the last render left keys out (and drew "…")."""
        self._watched: WeakSet[Widget] = WeakSet()
        """Focused widgets whose ``loading`` this footer follows."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def _follow_loading(self) -> None:
        """Textual leaves a loading widget's keys out of the screen's bindings but says
        nothing when it stops loading: follow the focused widget's ``loading``."""
        focused = self.screen.focused
        if focused is not None and focused not in self._watched:
            self._watched.add(focused)
            self.watch(focused, "loading", self._loading_changed, init=False)

    def _loading_changed(self, _loading: bool) -> None:
        self.refresh()

    def hints(self) -> tuple[list[Hint], list[Hint]]:
        """(left, right): every key shown, one per action, in the order Textual resolves
        them; on the right the pinned ones (help) and the command palette."""
        shown: dict[str, Hint] = {}
        pinned: dict[str, Hint] = {}
        palette: list[Hint] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if self.app.ENABLE_COMMAND_PALETTE and binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = [(binding, enabled)]
            elif binding.action in self.PINNED_ACTIONS:
                if binding.show and binding.action not in pinned:
                    pinned[binding.action] = (binding, enabled)
            elif binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
        left = sorted(shown.values(), key=lambda hint: rank(hint[0]))  # stable: ties keep order
        right = [pinned[action] for action in self.PINNED_ACTIONS if action in pinned]
        return left, right + palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        self._follow_loading()
        left, right = self.hints()
        left_texts = [self._hint_text(hint, key_style, description_style) for hint in left]
        right_texts = [self._hint_text(hint, key_style, description_style) for hint in right]
        line, spans, shown = self._layout(left, left_texts, right, right_texts)
        palette = bool(right) and right[-1][0].action not in self.PINNED_ACTIONS
        if palette and shown < len(left):  # the screen's keys before the palette's
            fewer = self._layout(left, left_texts, right[:-1], right_texts[:-1])
            if fewer[2] > shown:
                line, spans, shown = fewer
        self.cut = shown < len(left)
        self._spans = spans
        return line

    def _layout(
        self, left: list[Hint], left_texts: list[Text], right: list[Hint], right_texts: list[Text]
    ) -> tuple[Text, list[tuple[int, int, str, bool]], int]:
        """The line, where each key sits, and how many of ``left`` fit."""
        right_width = sum(text.cell_len + 1 for text in right_texts) + 1 if right else 0
        room = self.size.width - right_width
        gap = glyphs().ellipsis
        line = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, str, bool]] = []
        shown = 0
        for index, ((binding, enabled), hint) in enumerate(zip(left, left_texts, strict=True)):
            # whole hints only (a cut-off "H" helps nobody), and room for "…" if more follow
            more = index + 1 < len(left)
            needed = 1 + hint.cell_len + (1 + cell_len(gap) if more else 0)
            if line.cell_len + needed > room:
                line.append(" ")
                line.append(gap, style="bold")
                break
            line.append(" ")
            start = line.cell_len
            line.append_text(hint)
            spans.append((start, line.cell_len, binding.key, enabled))
            shown += 1
        if right:
            line.pad_right(max(room - line.cell_len, 0))
            line.append(" │", style="dim")
            for index, ((binding, enabled), text) in enumerate(
                zip(right, right_texts, strict=True)
            ):
                if index:
                    line.append(" ")
                start = line.cell_len
                line.append_text(text)
                spans.append((start, line.cell_len, binding.key, enabled))
        return line, spans, shown

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
