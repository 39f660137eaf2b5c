"""`P` (or "Switch profile…" in the command palette): the saved profiles, for people with
several teams. Enter switches to one, `+` adds another, Esc closes.

Lists only the settings file (names, key IDs; never a key), which is safe on the UI
thread; the switch itself (keyring, network) happens in a worker of the apps screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...auth.keyring_backends import store_short_name
from ...auth.profiles import ProfileSummary, list_profiles
from ..formatting import visible_text
from ..keymap import bindings
from ..widgets.choice_list import ChoiceList

if TYPE_CHECKING:
    from ..app import AscApp

ADD = "\0add"
"""The value returned for "add a profile" (no profile name can hold a NUL)."""


def profile_row(profile: ProfileSummary, in_use: bool) -> Text:
    text = Text("* " if profile.is_default else "  ", style="bold")
    text.append(profile.name, style="bold")
    text.append(f"  key {profile.key_id}", style="dim")
    if profile.store:
        text.append(f"  in {store_short_name(profile.store)}", style="dim")
    if profile.base_url:
        text.append(f"  {profile.base_url.split('://', 1)[-1]}", style="dim")
    if in_use:
        text.append("  (in use)", style="green")
    return visible_text(text)


class ProfilesScreen(ModalScreen[str | None]):
    """Returns the picked profile's name, :data:`ADD`, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("profiles")

    def compose(self) -> ComposeResult:
        app = cast("AscApp", self.app)
        profiles = list_profiles()
        in_use = app.source.profile_in_use
        with Vertical(id="profiles") as box:
            box.border_title = "Switch profile"
            options = [Option(profile_row(p, p.name == in_use), id=p.name) for p in profiles]
            option_list = ChoiceList(*options, id="profile-list")
            option_list.display = bool(profiles)
            yield option_list
            if not profiles:
                yield Static(Text("No profiles yet."))
            yield Static(
                Text("Enter switch · + add a profile · Esc close · * = default", style="dim")
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.focus()
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_add(self) -> None:
        self.dismiss(ADD)
