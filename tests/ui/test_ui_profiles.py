"""The profile switcher (`P`, or "Switch profile…" in the command palette): two teams'
keys in the real OS keyring, one demo server on loopback that knows both; switching
changes the key in use, the status line and reloads the apps. A plaintext keyring forced
on purpose is used with a warning that stays on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from asc_tui.auth.connection import Connection
from asc_tui.auth.keyring_store import StoredKey
from asc_tui.auth.profiles import add_profile, list_profiles
from asc_tui.demo import DemoKey, DemoServer, generate_demo_key
from asc_tui.demo.data.catalog import APPS
from asc_tui.ui import AscApp
from asc_tui.ui.connection_status import INSECURE_BADGE
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.first_run import FirstRunScreen
from asc_tui.ui.screens.profiles import ProfilesScreen
from tests.support.ui import press, screen_text, settle, top, top_as


@pytest.fixture(scope="module")
def keys() -> tuple[DemoKey, DemoKey]:
    return generate_demo_key(), generate_demo_key()


@pytest.fixture(scope="module")
def server(keys: tuple[DemoKey, DemoKey]) -> Iterator[DemoServer]:
    with DemoServer(keys) as demo:
        yield demo


def store_profile(name: str, key: DemoKey, server: DemoServer) -> None:
    add_profile(
        name, StoredKey(key.issuer_id, key.key_id, key.private_key_pem), base_url=server.base_url
    )


def status_line(app: AscApp) -> str:
    return screen_text(app).splitlines()[-2]


@pytest.mark.usefixtures("real_keyring")
async def test_switching_between_two_teams(
    server: DemoServer, keys: tuple[DemoKey, DemoKey]
) -> None:
    a, b = keys
    store_profile("team-a", a, server)
    store_profile("team-b", b, server)
    app = AscApp(Connection())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        apps = top(app)
        assert isinstance(apps, AppsScreen) and apps.table.item_count == len(APPS)
        assert f"profile team-a in Secret Service · key {a.key_id}" in status_line(app)
        first_store = app.store

        await press(pilot, "P")
        picker = top(app)
        assert isinstance(picker, ProfilesScreen)
        text = screen_text(app)
        assert f"* team-a  key {a.key_id}  in Secret Service" in text and "(in use)" in text
        assert "team-b" in text and f"key {b.key_id}" in text
        await press(pilot, "down", "enter")

        apps = top(app)
        assert isinstance(apps, AppsScreen) and apps.table.item_count == len(APPS)
        assert f"profile team-b in Secret Service · key {b.key_id}" in status_line(app)
        assert app.store is not None and app.store is not first_store
        assert first_store is not None and first_store.client._http.is_closed

        # From deeper in the app, via the command palette: back to the apps, reloaded.
        await press(pilot, "enter")
        assert not isinstance(top(app), AppsScreen)
        await press(pilot, "ctrl+p")
        await pilot.press(*"switch prof")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(top(app), ProfilesScreen)
        await press(pilot, "enter")  # the first row: team-a
        assert isinstance(top(app), AppsScreen)
        assert f"profile team-a in Secret Service · key {a.key_id}" in status_line(app)
        assert [p.name for p in list_profiles() if p.is_default] == ["team-a"]  # unchanged


@pytest.mark.usefixtures("real_keyring")
async def test_escape_closes_the_switcher_and_a_adds_a_profile(
    server: DemoServer, keys: tuple[DemoKey, DemoKey]
) -> None:
    store_profile("team-a", keys[0], server)
    app = AscApp(Connection())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        store = app.store
        await press(pilot, "P", "escape")
        assert isinstance(top(app), AppsScreen) and app.store is store
        await press(pilot, "P", "plus")
        form = top(app)
        assert isinstance(form, FirstRunScreen) and form.adding
        assert "Add an App Store Connect API key" in screen_text(app)
        await press(pilot, "escape")  # back, not out
        assert isinstance(top(app), AppsScreen) and app.is_running


async def test_the_switcher_with_no_profiles(server: DemoServer) -> None:
    app = AscApp(Connection(demo=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        assert isinstance(top(app), ProfilesScreen)
        assert top(app).query_one(OptionList).option_count == 0
        assert "No profiles yet." in screen_text(app)


async def test_a_forced_plaintext_keyring_is_used_with_a_warning_that_stays(
    tmp_path: Path,
    server: DemoServer,
    keys: tuple[DemoKey, DemoKey],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from asc_tui.auth.keyring_store import reset_default_store

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    reset_default_store()
    store_profile("work", keys[0], server)
    app = AscApp(Connection())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert top_as(app, AppsScreen).table.item_count == len(APPS)
        assert INSECURE_BADGE.strip() in status_line(app)
        assert app.warning is not None and "PYTHON_KEYRING_BACKEND" in app.warning
        await press(pilot, "enter")  # another screen: the badge stays
        assert INSECURE_BADGE.strip() in status_line(app)


@pytest.mark.usefixtures("real_keyring")
async def test_profile_on_the_command_line_is_the_one_used(
    server: DemoServer, keys: tuple[DemoKey, DemoKey]
) -> None:
    from asc_tui.cli import build_parser
    from asc_tui.commands.common import connection_for

    a, b = keys
    store_profile("team-a", a, server)
    store_profile("team-b", b, server)
    connection = connection_for(build_parser().parse_args(["--profile", "team-b"]))
    app = AscApp(connection)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(top(app), AppsScreen)
        assert f"profile team-b in Secret Service · key {b.key_id}" in status_line(app)
