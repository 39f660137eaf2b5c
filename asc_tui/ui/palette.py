"""Command palette (ctrl+p): jump to any loaded app or build, refresh, help, quit.

Names are shown as plain ``Content`` (never markup), so "Lumen [Beta] Notes" stays whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from ..safe_text import visible

if TYPE_CHECKING:
    from .app import AscApp

MAX_DISCOVERY_APPS = 20


@dataclass(frozen=True, slots=True)
class Command:
    text: str
    run: Callable[[], Any]
    help: str
    """Shown by Textual as markup: built only with ``help_text``."""


def help_text(value: str) -> str:
    """Text from outside as a palette hit's help line: visible and markup-escaped."""
    return escape(visible(value))


def highlight(matcher: Matcher, text: str) -> Content:
    """Like ``Matcher.highlight`` but without reading ``text`` as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class AscCommands(Provider):
    @property
    def asc(self) -> AscApp:
        return cast("AscApp", self.app)

    def general_commands(self) -> list[Command]:
        app = self.asc
        return [
            Command("Refresh this screen", app.action_refresh_screen, "Fetch it again (r)"),
            Command("Show keys", app.action_help, "The keys of this screen (?)"),
            Command("Switch profile…", app.action_switch_profile, "Use another team's key (P)"),
            Command("Quit asc-tui", app.action_quit, "Leave the app (q)"),
        ]

    def app_commands(self) -> list[Command]:
        app = self.asc
        return [
            Command(
                f"Open app: {visible(item.name)}",
                partial(app.jump_to_app, item),
                help_text(item.bundle_id),
            )
            for item in app.known_apps
        ]

    def build_commands(self) -> list[Command]:
        app = self.asc
        commands: list[Command] = []
        for item in app.known_apps:
            for build in app.cached_builds(item.id):
                uploaded = build.uploaded_date.strftime("%Y-%m-%d") if build.uploaded_date else ""
                commands.append(
                    Command(
                        f"Open build: {visible(item.name)} {visible(build.display_version)}",
                        partial(app.jump_to_build, item, build),
                        uploaded,
                    )
                )
        return commands

    async def discover(self) -> Hits:
        for command in self.general_commands() + self.app_commands()[:MAX_DISCOVERY_APPS]:
            yield DiscoveryHit(Content(command.text), command.run, command.text, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.general_commands() + self.app_commands() + self.build_commands():
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, command.text), command.run, command.text, command.help
                )
