"""Command palette (ctrl+p): run the current screen's keys by name (from the key map),
jump to any app or build — found by name, version or build number, asked of the API
(through the Store) when not loaded yet — switch profile, quit.

Names are shown as plain ``Content`` (never markup), so "Lumen [Beta] Notes" stays whole.
One entry per command: Textual's own "Keys" and "Quit" are left out (see
``AscApp.get_system_commands``), `?` help and quit are here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from ..errors import AscError
from ..safe_text import visible

if TYPE_CHECKING:
    from ..api.builds import Build
    from ..api.models import App
    from .app import AscApp

MAX_DISCOVERY_APPS = 20
BUILD_NUMBER = re.compile(r"^\d{2,}$")
"""A build number to ask the API for (``filter[version]``); one digit would match too much."""
APP_VERSION = re.compile(r"^\d+(?:\.\d+)+$")
"""An app version to ask the API for (``filter[preReleaseVersion.version]``)."""


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
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._asked: dict[tuple[str, str], list[Command] | str] = {}
        """What the API said for a build number or version this palette session (or why
        it could not say), so typing on does not ask again."""

    @property
    def asc(self) -> AscApp:
        return cast("AscApp", self.app)

    def general_commands(self) -> list[Command]:
        app = self.asc
        return [
            Command("Help: keys of this screen", app.action_help, "Search them with / (?)"),
            Command("Switch profile…", app.action_switch_profile, "Use another team's key (P)"),
            Command("Quit", app.action_quit, "Leave asc-tui (q, Ctrl+C)"),
        ]

    def screen_commands(self) -> list[Command]:
        """The current screen's keys from the key map (those with a tooltip), by name."""
        screen = self.screen
        commands: dict[str, Command] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.tooltip or not active.enabled or binding.action in GLOBAL_ACTIONS:
                continue
            name = binding.description or binding.tooltip
            if name in commands or binding.action.startswith(("cursor_", "scroll_", "page_")):
                continue
            key = self.app.get_key_display(binding)
            commands[name] = Command(
                name,
                partial(self.app.run_action, binding.action, active.node),
                help_text(f"{binding.tooltip} ({key})"),
            )
        return list(commands.values())

    def app_commands(self) -> list[Command]:
        return [app_command(self.asc, item) for item in self.asc.known_apps]

    def build_commands(self) -> list[Command]:
        app = self.asc
        return [
            build_command(app, item, build)
            for item in app.known_apps
            for build in app.cached_builds(item.id)
        ]

    async def discover(self) -> Hits:
        commands = self.screen_commands() + self.general_commands()
        for command in commands + self.app_commands()[:MAX_DISCOVERY_APPS]:
            yield DiscoveryHit(Content(command.text), command.run, command.text, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if not self.asc.known_apps:  # a fresh start: the apps are one request away
            await self._ask_apps()
        local = self.screen_commands() + self.general_commands() + self.app_commands()
        builds = self.build_commands()
        seen = {command.text for command in builds}
        for command in local + builds:
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(
                    score, highlight(matcher, command.text), command.run, command.text, command.help
                )
        for word in query.split():
            for command in await self._ask_builds(word):
                if command.text in seen:
                    continue
                seen.add(command.text)
                score = max(matcher.match(command.text), 0.5)  # the API found it: keep it
                yield Hit(
                    score, highlight(matcher, command.text), command.run, command.text, command.help
                )

    async def _ask_apps(self) -> None:
        try:
            store = await self.asc.get_store()
            self.asc.known_apps = list(await store.apps())
        except AscError:
            pass  # the apps screen shows why

    async def _ask_builds(self, word: str) -> list[Command]:
        """Builds whose number or app version is ``word``, from the API (once per word)."""
        if BUILD_NUMBER.match(word):
            key = ("number", word)
        elif APP_VERSION.match(word):
            key = ("version", word)
        else:
            return []
        if key not in self._asked:
            try:
                store = await self.asc.get_store()
                found = await store.find_builds(**{key[0]: word})
                self._asked[key] = [build_command(self.asc, app, b) for app, b in found]
            except AscError as error:
                self._asked[key] = error.message
        answer = self._asked[key]
        if isinstance(answer, str):
            text = f"Could not search builds for {word}: {visible(answer)}"
            return [Command(text, lambda: None, "")]
        return answer


GLOBAL_ACTIONS = frozenset({"quit", "quit_now", "help", "switch_profile", "command_palette"})


def app_command(app: AscApp, item: App) -> Command:
    return Command(
        f"Open app: {visible(item.name)}",
        partial(app.jump_to_app, item),
        help_text(item.bundle_id),
    )


def build_command(app: AscApp, item: App, build: Build) -> Command:
    uploaded = build.uploaded_date.strftime("%Y-%m-%d") if build.uploaded_date else ""
    return Command(
        f"Open build: {visible(item.name)} {visible(build.display_version)}",
        partial(app.jump_to_build, item, build),
        uploaded,
    )
