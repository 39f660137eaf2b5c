"""AscApp also takes a source to open (the CLI's Connection): opened off the UI thread,
after the first frame; a failure to open is an on-screen error that r retries."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from asc_tui.demo import DemoKey
from asc_tui.demo.data.catalog import APPS
from asc_tui.errors import KeyringLockedError
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from tests.support.demo_client import make_client
from tests.support.ui import press, screen_text, settle


@dataclass
class FakeSource:
    """A DataSource that records the threads it is resolved and opened in."""

    key: DemoKey
    label: str = "demo server 127.0.0.1:54321"
    demo: bool = True
    failures: int = 0
    threads: list[str] = field(default_factory=list)
    resolving_threads: list[str] = field(default_factory=list)
    warning: str | None = None
    profile_in_use: str | None = None
    offers_first_run: bool = False
    session_only: bool = False

    def resolved(self) -> FakeSource:
        self.resolving_threads.append(threading.current_thread().name)
        return self

    def open(self) -> Store:
        self.threads.append(threading.current_thread().name)
        if self.failures:
            self.failures -= 1
            raise KeyringLockedError("The keyring is locked.")
        return Store(make_client(self.key))


async def test_a_source_is_opened_in_a_thread_and_labels_the_status(demo_key: DemoKey) -> None:
    source = FakeSource(demo_key)
    app = AscApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.table.item_count == len(APPS)
        assert source.threads and source.threads[0] != threading.main_thread().name
        assert source.resolving_threads == source.threads[:1]  # resolved first, off the UI
        text = screen_text(app)
        assert "DEMO" in text and "demo server 127.0.0.1:54321" in text
        await press(pilot, "r")
        assert len(source.threads) == 1  # opened once
        await pilot.press("q")
    assert app.return_value == 0


async def test_a_source_that_fails_to_open_can_be_retried(demo_key: DemoKey) -> None:
    source = FakeSource(demo_key, failures=1, demo=False, label="api.example.test")
    app = AscApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert screen.error_report is not None
        assert "The keyring is locked." in screen_text(app)
        assert "asc-tui --demo" in screen_text(app)  # the hint says what to do
        await press(pilot, "r")
        assert screen.error_report is None
        assert screen.table.item_count == len(APPS)
