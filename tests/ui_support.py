"""Helpers for the pilot tests: read what is on screen, wait for loads to finish."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text, one line per terminal row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top (a function, so type checkers do not keep an old narrowing)."""
    return app.screen_stack[-1]


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages run and every worker finish, then let the results render."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one at a time, settling after each (screens change between keys)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
