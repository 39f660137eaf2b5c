"""Shown when no credentials are found (and from the profile switcher, to add one): a form
for a profile name, issuer ID, key ID and the .p8 (a path, or its text pasted) that checks
each field as you type, stores the key in the OS keyring, checks it with one API call and
continues into the app. Or try the demo instead, or quit.

Checking (which may read the key file) and saving (keyring, network) run in workers. A
pasted key is shown masked and never repeated in any message.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from ...auth.config import DEFAULT_PROFILE_NAME
from ...auth.key_file import looks_like_key_text
from ...auth.profiles import (
    FIELD_ISSUER_ID,
    FIELD_KEY,
    FIELD_KEY_ID,
    FIELD_PROFILE,
    FIELDS,
    NewProfileCheck,
    check_new_profile,
    list_profiles,
    looks_like_pem,
)
from ...errors import AscError, KeyringError, KeyringLockedError
from ..error_report import ErrorReport
from ..focus import auto_focus
from ..keymap import bindings
from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from ...auth.connection import Connection
    from ..app import AscApp

INTRO = (
    "Create a key in App Store Connect → Users and Access → Integrations → App Store "
    "Connect API, download its AuthKey_<KEY ID>.p8 and note the issuer ID above the keys. "
    "The key is stored in your OS keyring, never in a file."
)
LABELS = {
    FIELD_PROFILE: "Profile name",
    FIELD_ISSUER_ID: "Issuer ID",
    FIELD_KEY_ID: "Key ID",
    FIELD_KEY: "Private key",
}
PLACEHOLDERS = {
    FIELD_PROFILE: "e.g. work (a name for this team's key)",
    FIELD_ISSUER_ID: "e.g. 57246542-96fe-1a63-e053-0824d011072a",
    FIELD_KEY_ID: "e.g. 2X9R4HXF34 (read from an AuthKey_<KEY ID>.p8 file name)",
    FIELD_KEY: "e.g. ~/Downloads/AuthKey_2X9R4HXF34.p8, or paste the key's text",
}
"""Shown dim and italic, each starting with "e.g.", so none reads as a value entered."""
RETRY_HINT = re.compile(r"\bpress r to retry\b", re.IGNORECASE)


class KeyInput(Input):
    """A path, or a pasted PEM: a paste keeps every line (joined; the key check accepts a
    PEM on one line) and anything that looks like key text is shown masked."""

    def _on_paste(self, event: events.Paste) -> None:
        if looks_like_pem(event.text):
            event.prevent_default()
            event.stop()
            self.value = " ".join(event.text.split())
            self.cursor_position = len(self.value)

    def watch_value(self, value: str) -> None:
        self.password = looks_like_key_text(value)


class FirstRunScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings("first_run")
    AUTO_FOCUS = "#field-issuer_id"

    def __init__(self, reason: str = "", *, adding: bool = False) -> None:
        """``adding``: opened to add another profile (Esc goes back, not out)."""
        super().__init__()
        self.reason = reason
        self.adding = adding
        self.check: NewProfileCheck | None = None
        self.touched: set[str] = set()
        self.show_all = False
        self.stored_profile: str | None = None
        """A profile this screen stored (saving again replaces it)."""
        self.no_store: str | None = None
        """Why no credential store is usable here (then "this session only" is offered)."""

    @property
    def asc(self) -> AscApp:
        return cast("AscApp", self.app)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        title = "Add an App Store Connect API key" if self.adding else "Welcome to asc-tui"
        yield Static(Text(title), id="breadcrumbs")
        with VerticalScroll(id="first-run"):
            if self.reason:
                yield Static(Text(self.reason, style="bold"), id="first-run-reason")
            yield Static(Text(INTRO), id="first-run-intro")
            yield Static("", id="first-run-no-store")
            for name in FIELDS:
                with Horizontal(classes="first-run-field"):
                    yield Label(LABELS[name], classes="first-run-label")
                    field_class = KeyInput if name == FIELD_KEY else Input
                    yield field_class(
                        DEFAULT_PROFILE_NAME if name == FIELD_PROFILE and not self.adding else "",
                        placeholder=PLACEHOLDERS[name],
                        id=f"field-{name}",
                        compact=True,
                    )
                yield Static("", id=f"message-{name}", classes="first-run-message")
            yield Static("", id="first-run-error")
            with Horizontal(id="first-run-buttons"):
                yield Button("Save and continue", id="save", variant="primary", disabled=True)
                yield Button("Use for this session only", id="session", disabled=True)
                yield Button("Try the demo instead", id="demo")
                yield Button("Back" if self.adding else "Quit", id="leave")
            yield Static(
                Text(
                    "Or, for this session only (nothing stored): set ASC_ISSUER_ID, ASC_KEY_ID "
                    "and ASC_PRIVATE_KEY_PATH and start asc-tui again.",
                    style="dim",
                ),
                id="first-run-env",
            )
        yield Static("", id="status-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        auto_focus(self)
        self.query_one("#session", Button).display = False
        self.query_one("#first-run-no-store", Static).display = False
        self.validate()
        self._probe_store()

    @work(group="probe", exit_on_error=False)
    async def _probe_store(self) -> None:
        """Whether any credential store is usable (keyring: in a thread)."""
        from ...auth.keyring_store import default_store
        from ...errors import KeyringError

        try:
            await asyncio.to_thread(lambda: default_store().status())
        except KeyringError as error:
            self.offer_session(error.message)

    def offer_session(self, reason: str) -> None:
        """No store can keep the key: say why, and offer to use it for this session only."""
        self.no_store = reason
        note = self.query_one("#first-run-no-store", Static)
        note.update(
            Text.assemble(
                ("No credential store is usable here: ", "bold"),
                reason,
                "\nYou can still use the key for this session only (ctrl+o): it is kept in "
                "memory and never written anywhere.",
            )
        )
        note.display = True
        button = self.query_one("#session", Button)
        button.display = True
        button.disabled = not (self.check and self.check.ok)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "session":
            return self.no_store is not None
        if action in ("leave", "leave_form"):  # Esc says what it does: quit, or go back
            return (action == "leave_form") == self.adding
        return True

    def value(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    # -- checking as you type ------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if name in FIELDS and event.value:
            self.touched.add(name)
        self.validate()

    def validate(self) -> None:
        self._check({name: self.value(name) for name in FIELDS})

    @work(exclusive=True, group="check", exit_on_error=False)
    async def _check(self, values: dict[str, str]) -> None:
        # Reading a key file is I/O: off the UI thread. A newer check cancels this one.
        check = await asyncio.to_thread(
            check_new_profile,
            profile=values[FIELD_PROFILE],
            issuer_id=values[FIELD_ISSUER_ID],
            key_id=values[FIELD_KEY_ID],
            key=values[FIELD_KEY],
        )
        existing = {p.name for p in list_profiles()}
        self.show_check(check, existing)

    def show_check(self, check: NewProfileCheck, existing: set[str]) -> None:
        self.check = check
        for name in FIELDS:
            self.query_one(f"#message-{name}", Static).update(self._message(name, check, existing))
        self.query_one("#save", Button).disabled = not check.ok
        self.query_one("#session", Button).disabled = not check.ok

    def _message(self, name: str, check: NewProfileCheck, existing: set[str]) -> Text:
        error = check.errors.get(name)
        if error is not None:
            if name not in self.touched and not self.show_all:
                return Text()
            hint = check.hints.get(name)
            return Text.assemble(("✗ " + error, "red"), (f" {hint}" if hint else "", "dim"))
        if name == FIELD_KEY:
            pasted = looks_like_pem(self.value(FIELD_KEY))
            shown = " (pasted, hidden)" if pasted else ""
            return Text(f"✓ an EC P-256 private key{shown}", "green")
        if name == FIELD_KEY_ID and not self.value(FIELD_KEY_ID).strip():
            return Text(f"✓ {check.key_id}, from the key's file name", "green")
        if name == FIELD_PROFILE and check.profile in existing:
            if check.profile == self.stored_profile:
                return Text("✓ saving again replaces what was just stored", "green")
            return Text(f"! a profile named {check.profile} exists: saving replaces it", "yellow")
        return Text("✓", "green")

    # -- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        self.show_all = True
        check = self.check
        if check is None or not check.ok:
            if check is not None:
                self.show_check(check, {p.name for p in list_profiles()})
            self.set_status("Fix the fields marked ✗ first.")
            return
        self.clear_error()
        self._save(check)

    def action_retry(self) -> None:
        """ctrl+r: check and save again (after a network error, say)."""
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _save(self, check: NewProfileCheck) -> None:
        from ...auth.profiles import add_profile

        self.query_one("#save", Button).disabled = True
        self.set_status("Storing the key in the OS keyring…")
        try:
            result = await asyncio.to_thread(
                add_profile,
                check.profile,
                check.stored_key(),
                make_default=not self.adding,
                replace=True,
            )
        except KeyringError as error:
            self.set_status("Nothing was stored.")
            if not isinstance(error, KeyringLockedError) or self.no_store is None:
                self.offer_session(error.message)
            raise
        except BaseException:
            self.set_status("Nothing was stored.")
            raise
        self.stored_profile = check.profile
        where = f"Stored as profile {check.profile} in {result.keyring.label}."
        if result.keyring.store == "keyctl":
            from ...auth.kernel_keyring import lifetime_text

            self.app.notify(
                f"Keys in the kernel keyring {lifetime_text()}.",
                title="Stored in the kernel keyring",
                timeout=15,
                markup=False,
            )
        self.set_status(where + " Checking it with one API call…")
        connection = self.asc.current_connection().for_profile(check.profile)
        await self._check_and_go_on(
            connection, where + " The check failed: fix the fields and save again."
        )

    # -- for this session only ------------------------------------------------------------

    def action_session(self) -> None:
        self.show_all = True
        check = self.check
        if self.no_store is None or check is None or not check.ok:
            if check is not None:
                self.show_check(check, {p.name for p in list_profiles()})
            self.set_status("Fix the fields marked ✗ first.")
            return
        self.clear_error()
        self._use_for_session(check)

    @on(Button.Pressed, "#session")
    def _session_pressed(self) -> None:
        self.action_session()

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _use_for_session(self, check: NewProfileCheck) -> None:
        """Connect with the key held in memory only: no store, no settings file."""
        from dataclasses import replace

        from ...auth.credentials import Credentials
        from ...auth.source_labels import SOURCE_SESSION

        creds = Credentials(
            check.issuer_id, check.key_id, check.private_key_pem, source=SOURCE_SESSION
        )
        connection = replace(
            self.asc.current_connection(), credentials=creds, profile=None, base_url="", demo=False
        )
        self.set_status("Checking the key with one API call (not stored)…")
        await self._check_and_go_on(
            connection, "The check failed: fix the fields and try again. Nothing was stored."
        )

    async def _check_and_go_on(self, connection: Connection, failed: str) -> None:
        """Resolve and open ``connection`` (reads the key back from its store, if any), list
        the apps once, then continue into the app with it; on failure say ``failed``."""
        connection = await asyncio.to_thread(connection.resolved)
        store = await asyncio.to_thread(connection.open)
        try:
            await store.apps()
        except BaseException:
            await store.aclose()
            self.set_status(failed)
            raise
        self.app.call_later(self.asc.use_source, connection, store)

    # -- other ways out ------------------------------------------------------------------

    def action_demo(self) -> None:
        from ...auth.connection import Connection

        self.app.call_later(self.asc.use_source, Connection(demo=True))

    @on(Button.Pressed, "#demo")
    def _demo_pressed(self) -> None:
        self.action_demo()

    def action_leave(self) -> None:
        if self.adding:
            self.dismiss()
        else:
            self.asc.action_quit()

    def action_leave_form(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#leave")
    def _leave_pressed(self) -> None:
        self.action_leave()

    # -- messages ------------------------------------------------------------------------

    def set_status(self, text: str) -> None:
        self.query_one("#status-line", Static).update(Text(text))

    def show_error_report(self, report: ErrorReport) -> None:
        """Called by ``AscApp.show_error`` (the one place errors become messages). Here
        `r` types an r: the hint names ctrl+r, which works from a field."""
        text = Text.assemble(("✗ " + report.title + "\n", "bold"), report.message)
        if report.hint:
            hint = RETRY_HINT.sub("press ctrl+r to retry", report.hint)
            text.append("\n" + hint, style="italic")
        panel = self.query_one("#first-run-error", Static)
        panel.update(text)
        panel.display = True
        self.query_one("#save", Button).disabled = not (self.check and self.check.ok)

    def clear_error(self) -> None:
        panel = self.query_one("#first-run-error", Static)
        panel.update("")
        panel.display = False

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.asc.show_error(error, screen=self)
            if not isinstance(error, AscError):
                self.set_status("")
