"""Type-ahead: keys typed right after one that opens a text field go into that field.

Over SSH (or a paste) `/quokka` arrives in one read. Textual routes every key to the
widget focused *when the app takes the key off its queue*, then the widget runs the
binding later, in its own task: by the time `/` has opened the filter and asked for
focus (focus itself is deferred with ``call_later``), `quokka` has already been handed to
the list behind it — `q` quits, `a` opens Analytics.

:class:`KeyRouter` fixes this where keys are routed, in the app's own task: a key bound
(in the current binding chain) to an action that opens a text field (``opens_input`` in
the key map) is run there and then, and the action focuses its field at once
(:func:`focus_now`), so the next key is routed to the field. Keys for a screen that is
still being mounted (a dialog just opened, a screen just pushed) are held until it is
ready — mounted and focused — then delivered in order, so none reaches the screen
behind it or a screen without its widgets.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from .keymap import OPENS_INPUT

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer

MOVES_FOCUS = frozenset({"app.focus_next", "app.focus_previous"})
"""Tab and shift+Tab: run at once too, from a text field (``issuer<Tab>key`` typed fast
or pasted would otherwise put ``key`` in the field being left)."""

HOLD_LIMIT = 2.0
"""Seconds to hold keys for a screen that never gets ready (then they are delivered)."""
POLL = 0.02
"""How often a held screen is checked for readiness."""


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` at once, not after the keys already queued (``Widget.focus``
    defers to ``call_later``)."""
    widget.screen.set_focus(widget)


def typing_in(widget: Widget | None) -> bool:
    """Whether ``widget`` takes text (an Input or a TextArea). TextArea's module is large
    and no first screen has one: a TextArea exists only once that module is imported."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


class KeyRouter:
    """Owned by the app; :meth:`route` sees every key before Textual routes it."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: list[events.Key] | None = None
        self._held_for: Screen[Any] | None = None
        self._limit: Timer | None = None
        self._poll: Timer | None = None

    @property
    def holding(self) -> bool:
        return self._held is not None

    async def route(self, event: events.Key) -> bool:
        """True when the key was taken care of here (run, or held)."""
        if self._held is not None:
            self._held.append(event)
            return True
        app = self.app
        screen = app.screen
        if not screen.is_mounted:  # just pushed: its widgets (and keys) are not there yet
            self._hold(screen)
            assert self._held is not None
            self._held.append(event)
            return True
        active = screen.active_bindings.get(event.key)
        if typing_in(screen.focused):
            if (
                isinstance(screen.focused, Input)
                and active is not None
                and active.enabled
                and active.binding.action in MOVES_FOCUS
            ):  # Tab out of a field: the keys typed after it go to the next one
                event.stop()
                event.prevent_default()
                await app.run_action(active.binding.action, active.node)
                return True
            return False
        if active is None or not active.enabled or active.binding.action not in OPENS_INPUT:
            return False
        event.stop()
        event.prevent_default()
        await app.run_action(active.binding.action, active.node)
        if app.screen is not screen and not typing_in(app.screen.focused):
            self._hold(app.screen)
        return True

    def _hold(self, screen: Screen[Any]) -> None:
        self._held = []
        self._held_for = screen
        self._poll = self.app.set_interval(POLL, self._check)
        self._limit = self.app.set_timer(HOLD_LIMIT, self.release)

    def _check(self) -> None:
        """Release once the screen is ready for keys: mounted, and focused unless nothing
        on it can take focus yet (a list still loading); or gone."""
        screen = self._held_for
        if screen is None:
            return
        gone = screen not in self.app.screen_stack
        ready = screen.is_mounted and (screen.focused is not None or not screen.focus_chain)
        if gone or ready:
            self.release()

    def release(self) -> None:
        """Deliver the held keys, in order, to whatever has focus now: after the keys
        already queued (they join the held ones), so none overtakes another."""
        if self._held_for is None:
            return
        self._held_for = None
        for timer in (self._limit, self._poll):
            if timer is not None:
                timer.stop()
        self._limit = self._poll = None
        self.app.call_later(self._drain)

    async def _drain(self) -> None:
        held, self._held = self._held or [], None
        while held:
            event = held.pop(0)
            if self._held is not None:  # a held key opened another field
                self._held.extend([event, *held])
                return
            await self.app.on_event(events.Key(event.key, event.character))
