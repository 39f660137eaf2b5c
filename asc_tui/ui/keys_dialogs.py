"""The keys of dialogs and forms: modal, so their keys may mean something else than on the
screen below (y = yes)."""

from __future__ import annotations

from .keys import PRIMARY, Key

DIALOG_KEYS: tuple[Key, ...] = (
    # -- dialogs and forms (modal: their keys may mean something else) -------------
    Key(
        "keep_filter",
        "enter",
        "submit",
        "Keep filter",
        "filter_input",
        "Close the filter box, keep the filter",
        remap=False,
    ),
    Key(
        "clear_filter",
        "escape",
        "close(False)",
        "Clear filter",
        "filter",
        "Close the filter box, clear the filter",
        remap=False,
    ),
    Key(
        "save",
        "ctrl+s",
        "save",
        "Save and continue",
        "first_run",
        "Save the credentials and continue",
        priority=True,
        rank=PRIMARY,
    ),
    Key(
        "demo",
        "ctrl+t",
        "demo",
        "Try the demo",
        "first_run",
        "Browse the embedded demo instead",
        priority=True,
    ),
    Key(
        "retry",
        "ctrl+r",
        "retry",
        "Retry",
        "first_run",
        "Try the credentials again (works from a text field)",
        priority=True,
    ),
    Key(
        "session",
        "ctrl+o",
        "session",
        "This session only",
        "first_run",
        "Use the key for this session only, never stored",
        priority=True,
    ),
    Key("leave", "escape", "leave", "Quit", "first_run", "Leave asc-tui", remap=False),
    Key(
        "leave_form",
        "escape",
        "leave_form",
        "Back",
        "first_run",
        "Back, when adding a profile",
        remap=False,
    ),
    Key("down", "j", "cursor_down", "Down", "choice", "Move down (also ↓)", show=False),
    Key("up", "k", "cursor_up", "Up", "choice", "Move up (also ↑)", show=False),
    Key("close", "escape", "dismiss(None)", "Close", "profiles", "Close", remap=False),
    Key("close", "escape", "dismiss(None)", "Cancel", "choose_file", "Cancel", remap=False),
    Key("new", "plus", "add", "Add a profile", "profiles", "Add a profile", rank=PRIMARY),
    Key("cancel", "escape", "cancel", "Cancel", "new_request", "Cancel", remap=False),
    Key("close", "escape,i,q", "dismiss", "Close", "details", "Close", remap=False),
    Key(
        "close",
        "escape,question_mark,q",
        "close",
        "Close",
        "help",
        "Clear the search, else close",
        remap=False,
    ),
    Key("filter", "slash", "search", "Search", "help", "Search the keys", opens_input=True),
    Key("yes", "y,enter", "answer(True)", "Yes", "confirm", "Yes", remap=False),
    Key("no", "n,escape", "answer(False)", "No", "confirm", "No", remap=False),
)
