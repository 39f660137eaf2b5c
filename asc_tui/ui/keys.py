"""What a key is, as data: :class:`Key` and the :class:`Scope` it applies in.

Each :class:`Key` says what a key does (``id``, the meaning users can remap in
``config.json``), on which screen or widget (``scope``), how the footer names it and how
help explains it, and how much the footer wants to keep it when the terminal is narrow
(``rank``: lower is kept first). The keys themselves are declared in ``keys_browsing.py``
(everywhere, lists, apps, builds, TestFlight), ``keys_viewers.py`` (a build, metrics, logs,
analytics) and ``keys_dialogs.py`` (dialogs and forms); ``keymap.py`` gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass

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
