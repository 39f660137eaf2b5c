"""Every key of the browser, declared once, as data.

Each :class:`Key` says what a key does (``id``, the meaning users can remap in
``config.json``), on which screen or widget (``scope``), how the footer names it and how
help explains it, and how much the footer wants to keep it when the terminal is narrow
(``rank``: lower is kept first). Screens and widgets take their ``BINDINGS`` from
:func:`bindings`; the footer ranks its hints with :func:`rank`; `?` help, the command
palette and the README's key table (``scripts/keytable.py``) are drawn from :data:`KEYS`.

One meaning per key: a key bound in several non-modal scopes has the same ``id`` in all
of them (a test checks it), so `e` exports wherever it works and `/` filters everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

OPEN = 0
"""Enter on the selection: first in the footer."""
PRIMARY = 1
"""The screen's own purpose: kept in the narrowest footer."""
SCREEN = 3
"""The screen's other keys."""
GENERIC = 5
"""Filter, refresh, back: the same on every screen, dropped first."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Where keys apply: everywhere, a screen, a widget or a dialog."""

    name: str
    title: str
    """Where it applies, as help and the README name it."""
    modal: bool = False
    """A dialog over a screen: its keys may mean something else there (y = yes)."""


SCOPES: dict[str, Scope] = {
    scope.name: scope
    for scope in (
        Scope("app", "Everywhere"),
        Scope("browser", "Every list screen"),
        Scope("table", "Lists"),
        Scope("apps", "Apps"),
        Scope("builds", "Builds"),
        Scope("build", "A build (metrics and signatures)"),
        Scope("metrics_table", "Metrics table"),
        Scope("metrics", "Metrics views (app metrics, a metric's trend, compare)"),
        Scope("trend_table", "A metric's trend: versions"),
        Scope("app_metrics", "App metrics"),
        Scope("crashes", "TestFlight crashes (signatures, submissions)"),
        Scope("crash_submissions", "TestFlight crash submissions (one signature's)"),
        Scope("crash_report", "TestFlight crash report"),
        Scope("feedback", "TestFlight screenshot feedback"),
        Scope("logs", "Log viewer"),
        Scope("calltree", "Call tree (log viewer)"),
        Scope("analytics", "Analytics report requests"),
        Scope("reports", "Analytics reports"),
        Scope("tsv", "Report table (TSV)"),
        Scope("tsv_view", "Report table (TSV) cells"),
        Scope("filter", "Filter box", modal=True),
        Scope("filter_input", "Filter box", modal=True),
        Scope("first_run", "First-run form", modal=True),
        Scope("choice", "Choice lists (profiles, new request)", modal=True),
        Scope("profiles", "Profile switcher", modal=True),
        Scope("choose_file", "Which source file", modal=True),
        Scope("confirm", "Yes/no questions", modal=True),
        Scope("new_request", "New report request", modal=True),
        Scope("details", "Details", modal=True),
        Scope("help", "Help", modal=True),
    )
}


@dataclass(frozen=True, slots=True)
class Key:
    """One key: its id, default keys, action, description, scope and footer rank."""

    id: str
    """The meaning, e.g. ``export``: the name to remap in ``config.json``."""
    keys: str
    """Textual key names, comma-separated, e.g. ``"q"``, ``"slash"``, ``"up,k"``."""
    action: str
    """The Textual action run in ``scope``."""
    description: str
    """Short, for the footer."""
    scope: str
    help: str = ""
    """Longer, for `?` help and the README; the description when empty."""
    rank: int = SCREEN
    show: bool = True
    """In the footer (help lists every key)."""
    priority: bool = False
    opens_input: bool = False
    """Opens a text field: keys typed right after it go into that field."""
    remap: bool = True
    """False for keys users must not move (Esc, Enter in dialogs)."""
    needs: str = ""
    """When it acts, for `?` help to say when it does not ("needs a selected app")."""

    @property
    def explanation(self) -> str:
        return self.help or self.description

    @property
    def what(self) -> str:
        """For help and the README: the footer's word, then the explanation."""
        return what(self.description, self.explanation)


def what(description: str, explanation: str) -> str:
    if not description or explanation.casefold().startswith(description.casefold()):
        return explanation
    return f"{description}: {explanation[:1].lower()}{explanation[1:]}"


SELECTED_APP = "needs a selected app"
METRICS_LOADED = "once the metrics have loaded"
LOG_LOADED = "once the log has loaded"
SEVERAL_LOGS = "needs more than one log"

KEYS: tuple[Key, ...] = (
    # -- everywhere ------------------------------------------------------------------
    Key("quit", "q", "quit", "Quit", "app", "Quit (not while typing)", rank=0),
    Key(
        "quit_now",
        "ctrl+c",
        "quit_now",
        "Quit",
        "app",
        "Quit, even while typing",
        show=False,
        priority=True,
    ),
    Key(
        "help",
        "question_mark",
        "help",
        "Help",
        "app",
        "The keys of this screen; / searches them",
        rank=0,
    ),
    Key(
        "palette",
        "ctrl+p",
        "command_palette",
        "Command palette",
        "app",
        "Command palette: run a command, jump to any app or build by name, version or build number",
        rank=0,
        show=False,
        remap=False,
    ),
    Key(
        "switch_profile",
        "P",
        "switch_profile",
        "Profile",
        "app",
        "Switch profile (another team's API key), or add one",
        show=False,
    ),
    # -- every list screen ----------------------------------------------------------
    Key(
        "back",
        "escape",
        "back",
        "Back",
        "browser",
        "Clear the filter, else go back one level",
        rank=GENERIC,
        remap=False,
    ),
    Key(
        "filter",
        "slash",
        "filter",
        "Filter",
        "browser",
        "Filter the current list (Enter keeps it, Esc clears it)",
        rank=GENERIC,
        opens_input=True,
    ),
    Key("refresh", "r", "refresh", "Refresh", "browser", "Fetch this screen again", rank=GENERIC),
    # -- lists ---------------------------------------------------------------------
    Key(
        "open",
        "enter",
        "select_cursor",
        "Open",
        "table",
        "Open the selected item",
        rank=OPEN,
        remap=False,
    ),
    Key("down", "j", "cursor_down", "Down", "table", "Move down (also ↓)", show=False),
    Key("up", "k", "cursor_up", "Up", "table", "Move up (also ↑)", show=False),
    Key("first", "g", "scroll_top", "First", "table", "First row (also Home)", show=False),
    Key("last", "G", "scroll_bottom", "Last", "table", "Last row (also End)", show=False),
    # -- apps and builds -------------------------------------------------------------
    Key(
        "app_metrics",
        "M",
        "app_metrics",
        "Metrics",
        "apps",
        "The selected app's metrics across versions",
        rank=PRIMARY,
        needs=SELECTED_APP,
    ),
    Key(
        "analytics",
        "a",
        "analytics",
        "Analytics",
        "apps",
        "The selected app's Analytics Reports",
        rank=PRIMARY,
        needs=SELECTED_APP,
    ),
    Key(
        "mark",
        "m",
        "mark",
        "Mark",
        "builds",
        "Mark this build to compare another with it",
        rank=PRIMARY,
        needs="needs a selected build",
    ),
    Key(
        "app_metrics",
        "M",
        "app_metrics",
        "App metrics",
        "builds",
        "This app's metrics across versions",
    ),
    Key("analytics", "a", "analytics", "Analytics", "builds", "This app's Analytics Reports"),
    Key(
        "crashes",
        "X",
        "crashes",
        "Crashes",
        "apps",
        "The selected app's TestFlight crashes, grouped into signatures",
        rank=PRIMARY,
        needs=SELECTED_APP,
    ),
    Key(
        "crashes",
        "X",
        "crashes",
        "Crashes",
        "builds",
        "The selected build's TestFlight crashes, grouped into signatures",
        needs="needs a selected build",
    ),
    Key("crashes", "X", "crashes", "Crashes", "build", "This build's TestFlight crashes"),
    Key(
        "feedback",
        "F",
        "feedback",
        "Feedback",
        "apps",
        "The selected app's TestFlight screenshot feedback",
        rank=GENERIC + 1,  # narrow footers keep Back, Filter and Refresh first
        needs=SELECTED_APP,
    ),
    Key(
        "feedback",
        "F",
        "feedback",
        "Feedback",
        "builds",
        "The selected build's TestFlight screenshot feedback",
        rank=GENERIC + 1,
        needs="needs a selected build",
    ),
    Key(
        "feedback",
        "F",
        "feedback",
        "Feedback",
        "build",
        "This build's TestFlight screenshot feedback",
        rank=GENERIC + 1,
    ),
    Key(
        "export",
        "e",
        "save",
        "Save",
        "feedback",
        "Save the selected feedback's screenshots and a text report (downloads folder)",
        rank=PRIMARY,
        needs="needs a selected feedback, and no save under way",
    ),
    Key(
        "delete",
        "x,delete",
        "delete_submission",
        "Delete",
        "crash_submissions",
        "Delete the selected crash submission in App Store Connect (asks first)",
        needs="needs a selected submission, and no delete under way",
    ),
    Key(
        "delete",
        "x,delete",
        "delete_submission",
        "Delete",
        "crash_report",
        "Delete the crash submission shown in App Store Connect (asks first)",
        needs="needs a report from App Store Connect not deleted yet, and no delete under way",
    ),
    Key(
        "delete",
        "x,delete",
        "delete_submission",
        "Delete",
        "feedback",
        "Delete the selected screenshot feedback in App Store Connect (asks first)",
        needs="needs a selected feedback, and no delete under way",
    ),
    Key(
        "copy",
        "y",
        "copy_signature",
        "Copy as Markdown",
        "crashes",
        "Copy the crash signature as Markdown for an issue tracker (OSC 52; saved as a .md "
        "file when too large)",
        rank=PRIMARY,
        needs="needs a selected signature",
    ),
    # -- a build -------------------------------------------------------------------
    Key(
        "pane",
        "tab",
        "app.focus_next",
        "Pane",
        "build",
        "Next pane (metrics ↔ signatures)",
        rank=PRIMARY,
        remap=False,
    ),
    Key(
        "next_type",
        "t",
        "cycle_type",
        "Type",
        "build",
        "Next signature type (hangs, launches, disk writes)",
        rank=PRIMARY,
    ),
    Key(
        "compare",
        "c",
        "compare",
        "Compare",
        "build",
        "Compare with the marked build",
        needs="needs another build marked with m",
    ),
    Key("mark", "m", "mark", "Mark", "build", "Mark this build to compare another with it"),
    Key(
        "percentile",
        "p",
        "next_percentile",
        "Percentile",
        "build",
        "Next percentile",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "device",
        "d",
        "next_device",
        "Device",
        "build",
        "Next device",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "insights",
        "i",
        "insights",
        "Insights",
        "build",
        "All insights, whole",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "export",
        "e",
        "export",
        "Export",
        "build",
        "Export the metrics (JSON and CSV)",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "open",
        "enter",
        "select_cursor",
        "Trend",
        "metrics_table",
        "The selected metric's trend across versions",
        rank=OPEN,
        remap=False,
    ),
    # -- metric views ------------------------------------------------------------
    Key(
        "open",
        "enter",
        "select_cursor",
        "Open",
        "trend_table",
        "Open the selected version",
        show=False,
        remap=False,
    ),
    Key(
        "percentile",
        "p",
        "next_percentile",
        "Percentile",
        "metrics",
        "Next percentile",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "device",
        "d",
        "next_device",
        "Device",
        "metrics",
        "Next device",
        show=False,
        needs=METRICS_LOADED,
    ),
    Key(
        "export",
        "e",
        "export",
        "Export",
        "metrics",
        "Export this view (JSON and CSV)",
        rank=PRIMARY,
        needs=METRICS_LOADED,
    ),
    Key(
        "insights",
        "i",
        "toggle_insights",
        "Insights",
        "app_metrics",
        "Show or hide the insights",
        needs=METRICS_LOADED,
    ),
    # -- log viewer ----------------------------------------------------------------
    Key(
        "filter",
        "slash",
        "filter",
        "Filter",
        "logs",
        "Show only matching frames and their callers",
        rank=GENERIC,
        opens_input=True,
    ),
    Key(
        "find",
        "f",
        "find",
        "Find",
        "logs",
        "Find symbols, binaries, files (n / N step through the matches)",
        rank=PRIMARY,
        opens_input=True,
    ),
    Key(
        "next_log",
        "right_square_bracket",
        "switch_log(1)",
        "Next log",
        "logs",
        "Next log of this signature",
        rank=PRIMARY,
        needs=SEVERAL_LOGS,
    ),
    Key(
        "prev_log",
        "left_square_bracket",
        "switch_log(-1)",
        "Prev log",
        "logs",
        "Previous log of this signature",
        show=False,
        needs=SEVERAL_LOGS,
    ),
    Key(
        "export",
        "e",
        "save",
        "Save",
        "logs",
        "Save the logs (JSON and text)",
        needs=LOG_LOADED,
    ),
    Key(
        "insights",
        "i",
        "details",
        "Header",
        "logs",
        "The whole header (log details, insights)",
        show=False,
        needs=LOG_LOADED,
    ),
    Key(
        "open",
        "enter,space",
        "fold",
        "Fold",
        "calltree",
        "Fold or unfold the frame",
        rank=OPEN,
        remap=False,
    ),
    Key("down", "down,j", "cursor_down", "Down", "calltree", "Move down", show=False),
    Key("up", "up,k", "cursor_up", "Up", "calltree", "Move up", show=False),
    Key("page_up", "pageup", "page_up", "Page up", "calltree", "Page up", show=False),
    Key("page_down", "pagedown", "page_down", "Page down", "calltree", "Page down", show=False),
    Key("first", "home,g", "first", "First", "calltree", "First frame", show=False),
    Key("last", "end,G", "last", "Last", "calltree", "Last frame", show=False),
    Key(
        "left",
        "left,h",
        "collapse",
        "Collapse",
        "calltree",
        "Collapse, or go to the parent",
        show=False,
    ),
    Key(
        "right",
        "right,l",
        "expand",
        "Expand",
        "calltree",
        "Expand, or go to the child",
        show=False,
    ),
    Key("blame", "b", "blame", "Blame", "calltree", "Go to the blamed frame"),
    Key(
        "open_source",
        "o",
        "open_source",
        "Open source",
        "calltree",
        "Open the frame's File.swift:123 in $VISUAL / $EDITOR, found under the source root "
        "(--source-root or ASC_TUI_SOURCE_ROOT)",
        show=False,
    ),
    Key("heaviest", "H", "heaviest", "Heaviest", "calltree", "Follow the heaviest path"),
    Key(
        "expand_all", "E", "expand_all", "Expand all", "calltree", "Expand every frame", show=False
    ),
    Key(
        "collapse_all",
        "C",
        "collapse_all",
        "Collapse all",
        "calltree",
        "Collapse every frame",
        show=False,
    ),
    Key(
        "next_match",
        "n",
        "search_next(True)",
        "Next match",
        "calltree",
        "Next match of Find",
        show=False,
    ),
    Key(
        "prev_match",
        "N",
        "search_next(False)",
        "Prev match",
        "calltree",
        "Previous match of Find",
        show=False,
    ),
    Key("copy", "y", "yank_frame", "Copy frame", "calltree", "Copy the frame (OSC 52)", show=False),
    Key(
        "copy_all",
        "Y",
        "yank_stack",
        "Copy stack",
        "calltree",
        "Copy the whole stack (OSC 52)",
        show=False,
    ),
    # -- analytics -----------------------------------------------------------------
    Key(
        "new",
        "plus",
        "new_request",
        "New request",
        "analytics",
        "Request analytics reports for this app",
        rank=PRIMARY,
    ),
    Key(
        "delete",
        "x,delete",
        "delete_request",
        "Delete",
        "analytics",
        "Delete the selected report request",
        needs="needs a selected request, and no change under way",
    ),
    Key(
        "download",
        "D",
        "download",
        "Download again",
        "reports",
        "Download the selected report's data again",
        rank=PRIMARY,
        needs="needs a selected instance, and no download under way",
    ),
    Key(
        "next_type",
        "t",
        "granularity",
        "Granularity",
        "reports",
        "Next granularity (daily, weekly, monthly)",
        rank=PRIMARY,
        needs="once instances have loaded",
    ),
    Key(
        "sort",
        "s",
        "sort",
        "Sort",
        "tsv",
        "Sort by the current column (again: reverse)",
        rank=PRIMARY,
        needs="once the table has loaded",
    ),
    Key(
        "unsort",
        "S",
        "unsort",
        "File order",
        "tsv",
        "Back to the file's order",
        needs="needs a sorted column (s)",
    ),
    Key(
        "export",
        "e",
        "export",
        "Export CSV",
        "tsv",
        "Export the table as CSV",
        rank=PRIMARY,
        needs="once the table has loaded",
    ),
    Key("up", "up,k", "cursor_up", "Up", "tsv_view", "Move up", show=False),
    Key("down", "down,j", "cursor_down", "Down", "tsv_view", "Move down", show=False),
    Key("left", "left,h", "column(-1)", "Column left", "tsv_view", "Column left", show=False),
    Key(
        "right",
        "right,l",
        "column(1)",
        "Column right",
        "tsv_view",
        "Column right",
        show=False,
    ),
    Key("page_up", "pageup", "page_up", "Page up", "tsv_view", "Page up", show=False),
    Key("page_down", "pagedown", "page_down", "Page down", "tsv_view", "Page down", show=False),
    Key("first", "home,g", "first", "First", "tsv_view", "First row", show=False),
    Key("last", "end,G", "last", "Last", "tsv_view", "Last row", show=False),
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


def bindings(scope: str) -> list[BindingType]:
    """The ``BINDINGS`` of ``scope``, with ids so a user keymap can move them."""
    if scope not in SCOPES:
        raise KeyError(scope)
    return [
        Binding(
            key.keys,
            key.action,
            key.description,
            show=key.show,
            priority=key.priority,
            tooltip=key.explanation,
            id=key.id if key.remap else None,
        )
        for key in KEYS
        if key.scope == scope and key.id != "palette"
    ]


def in_scope(scope: str) -> list[Key]:
    return [key for key in KEYS if key.scope == scope]


def _lowest(pairs: Iterable[tuple[object, int]]) -> dict[object, int]:
    lowest: dict[object, int] = {}
    for key, value in pairs:
        lowest[key] = min(value, lowest.get(key, value))
    return lowest


_RANKS = _lowest(((key.action, key.description), key.rank) for key in KEYS)
_RANK_BY_ACTION = _lowest((key.action, key.rank) for key in KEYS)


def rank(binding: Binding) -> int:
    """How much the footer wants to keep ``binding`` (lower first): by its action and
    footer word, which every key-map binding has (ids are left off keys that cannot
    move); the lowest where several scopes share both."""
    found = _RANKS.get((binding.action, binding.description))
    if found is None:
        found = _RANK_BY_ACTION.get(binding.action, GENERIC + 1)
    return found


_NEEDS = {(key.action, key.description, key.explanation): key.needs for key in KEYS if key.needs}


def needs(binding: Binding) -> str:
    """When ``binding`` acts, as the key map says ("needs a selected app"; "" if it does
    not say)."""
    return _NEEDS.get((binding.action, binding.description, binding.tooltip), "")


OPENS_INPUT: frozenset[str] = frozenset(key.action for key in KEYS if key.opens_input)
"""Actions that open a text field: the app routes the keys after them into it."""


def remappable_ids() -> frozenset[str]:
    return frozenset(key.id for key in KEYS if key.remap)


def user_keymap(raw: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """A ``config.json`` ``"keys"`` object as a Textual keymap, and what was wrong with it.

    Values are key names (``"x"``, ``"ctrl+e"``) or lists of them; unknown ids, keys
    that are not strings, and ids that cannot be moved are reported, not applied."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    known = remappable_ids()
    for key_id, value in raw.items():
        if key_id not in known:
            problems.append(f"unknown key id {key_id!r}")
            continue
        names: Iterable[object] = value if isinstance(value, list) else [value]
        names = list(names)
        if not names or not all(isinstance(name, str) and name.strip() for name in names):
            problems.append(f"{key_id!r}: give a key name or a list of key names")
            continue
        keymap[key_id] = ",".join(str(name).strip() for name in names)
    return keymap, problems
