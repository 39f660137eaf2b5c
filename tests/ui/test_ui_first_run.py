"""The first-run screen: shown when there are no credentials; checks each field as you
type, stores the key in the real OS keyring (GNOME Keyring under .ci/with-keyring), checks
it against the demo API on loopback and continues into the app. Never shows or writes the
key or a token. Without a keyring it says what was tried and how to fix it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button

from asc_tui.auth.connection import Connection
from asc_tui.auth.kernel_keyring import KernelKeyring
from asc_tui.auth.keyring_store import reset_default_store
from asc_tui.auth.profiles import list_profiles
from asc_tui.demo import DemoKey, DemoServer, generate_demo_key
from asc_tui.demo.data.catalog import APPS
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.first_run import FirstRunScreen, KeyInput
from tests.support.auth import key_file, leaks_in, leaks_in_files, secret_items, secret_markers
from tests.support.keyctl import failing_syscall
from tests.support.ui import (
    field,
    message,
    notifications,
    press,
    put,
    screen_text,
    settle,
    top,
    top_as,
)

SIZE = (120, 40)


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture(scope="module")
def server(key: DemoKey) -> Iterator[DemoServer]:
    with DemoServer([key]) as demo:
        yield demo


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every per-user folder asc-tui could write to, inside tmp_path, and the keyring
    daemon's own data folder (from .ci/with-keyring: its files must be encrypted)."""
    keyring_data = os.environ.get("XDG_DATA_HOME") if os.environ.get("_KR_INNER") else None
    found = {
        "config": Path(os.environ["XDG_CONFIG_HOME"]),
        "cache": Path(os.environ["XDG_CACHE_HOME"]),
        "data": tmp_path / "xdg-data",
        "state": tmp_path / "xdg-state",
    }
    monkeypatch.setenv("XDG_DATA_HOME", str(found["data"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(found["state"]))
    if keyring_data:
        found["keyring"] = Path(keyring_data)
    return found


def save_enabled(app: AscApp) -> bool:
    return not top(app).query_one("#save", Button).disabled


async def type_into(pilot: Pilot[int], app: AscApp, name: str, text: str) -> None:
    """Key by key, as a person types."""
    field(app, name).focus()
    await pilot.press(*text)
    await settle(pilot)


async def test_no_credentials_opens_the_form_which_checks_as_you_type(
    tmp_path: Path, server: DemoServer, key: DemoKey
) -> None:
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(top(app), FirstRunScreen)
        text = screen_text(app)
        assert "No App Store Connect API credentials found." in text
        assert "Try the demo instead" in text
        assert field(app, "profile").value == "default"
        # placeholders read as examples, never as values already entered
        for name in ("issuer_id", "key_id", "key"):
            assert field(app, name).value == ""
            assert field(app, name).placeholder.startswith("e.g. ")
            assert f"e.g. {field(app, name).placeholder[5:20]}" in text
            placeholder = field(app, name).get_component_rich_style("input--placeholder")
            assert placeholder.italic
        assert message(app, "issuer_id") == ""  # not typed in yet: no complaint
        assert not save_enabled(app)

        await type_into(pilot, app, "issuer_id", "57246542-96fe")
        assert message(app, "issuer_id").startswith("✗ The issuer ID should be a UUID")
        await put(pilot, app, "issuer_id", "57246542-96fe-1a63-e053-0824d011072a")
        assert message(app, "issuer_id") == "✓"
        await type_into(pilot, app, "key_id", "abc")
        assert message(app, "key_id").startswith("✗ The key ID should be 10 upper-case")
        field(app, "key_id").value = ""

        await put(pilot, app, "key", str(tmp_path / "nowhere.p8"))
        assert message(app, "key").startswith("✗ The key file")
        assert "does not exist" in message(app, "key")
        field(app, "key").value = ""
        await put(pilot, app, "key", str(key_file(tmp_path, key)))
        assert message(app, "key") == "✓ an EC P-256 private key"
        assert message(app, "key_id") == f"✓ {key.key_id}, from the key's file name"
        assert save_enabled(app)

        await type_into(pilot, app, "profile", " bad/")
        assert message(app, "profile").startswith("✗")
        assert not save_enabled(app)
        await press(pilot, "escape")
    assert app.return_value == 0


async def test_a_pasted_key_is_masked_and_never_repeated(key: DemoKey, server: DemoServer) -> None:
    app = AscApp(Connection(base_url_override=server.base_url))
    markers = secret_markers([key.private_key_pem])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key_input = top(app).query_one(KeyInput)
        key_input.focus()
        key_input.post_message(events.Paste(key.private_key_pem))  # as a terminal pastes
        await settle(pilot)
        assert key_input.password
        assert message(app, "key") == "✓ an EC P-256 private key (pasted, hidden)"
        assert message(app, "key_id").startswith("✗") or message(app, "key_id") == ""
        text = screen_text(app)
        assert "•" * 20 in text
        assert leaks_in(text, markers) == []
        assert leaks_in(app.export_screenshot(), markers) == []

        wrong = (
            key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
        )
        key_input.value = ""
        key_input.post_message(events.Paste(wrong))
        await settle(pilot)
        assert message(app, "key").startswith("✗ This is a public key")
        assert leaks_in(screen_text(app), secret_markers([wrong])) == []


@pytest.mark.usefixtures("real_keyring")
async def test_add_check_use_stores_in_the_keyring_and_leaks_nothing(
    tmp_path: Path, server: DemoServer, key: DemoKey, folders: dict[str, Path]
) -> None:
    """The TUI half of the leak test (the CLI half is in test_auth_keyring.py)."""
    keys = tmp_path / "keys"
    keys.mkdir()
    path = key_file(keys, key)
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(top(app), FirstRunScreen)
        field(app, "profile").value = ""
        await type_into(pilot, app, "profile", "work")
        await put(pilot, app, "issuer_id", key.issuer_id)
        await put(pilot, app, "key", str(path))
        assert save_enabled(app)
        await press(pilot, "ctrl+s")
        await settle(pilot)

        apps = top(app)
        assert isinstance(apps, AppsScreen)
        assert apps.table.item_count == len(APPS)
        text = screen_text(app)
        assert "profile work in Secret Service" in text and f"key {key.key_id}" in text
        assert "127.0.0.1" in text and " DEMO " not in text and not app.demo
        screenshots = [app.export_screenshot()]
        await press(pilot, "enter")  # use it: an app's builds
        screenshots.append(app.export_screenshot())
        await pilot.press("q")

    assert [(p.name, p.key_id, p.is_default) for p in list_profiles()] == [
        ("work", key.key_id, True)
    ]
    assert set(secret_items()) == {"work"}
    markers = secret_markers([key.private_key_pem])
    for svg in screenshots:
        assert leaks_in(svg, markers) == []
    assert leaks_in_files(folders.values(), markers) == {}
    assert (folders["config"] / "asc-tui" / "config.json").exists()


@pytest.mark.usefixtures("real_keyring")
async def test_environment_credentials_say_not_stored(
    server: DemoServer, key: DemoKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_ISSUER_ID", key.issuer_id)
    monkeypatch.setenv("ASC_KEY_ID", key.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY", key.private_key_pem)
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(top(app), AppsScreen)
        assert "environment (not stored)" in screen_text(app)
    assert secret_items() == {} and list_profiles() == []


async def test_the_demo_instead(server: DemoServer) -> None:
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(top(app), FirstRunScreen)
        await press(pilot, "ctrl+t")
        await settle(pilot)
        apps = top(app)
        assert isinstance(apps, AppsScreen)
        assert apps.table.item_count == len(APPS)
        assert " DEMO " in screen_text(app) and app.demo
        await pilot.press("q")


async def test_the_demo_never_shows_the_form() -> None:
    app = AscApp(Connection(demo=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(top(app), AppsScreen)
        assert top_as(app, AppsScreen).table.item_count == len(APPS)


async def test_without_a_keyring_saving_says_what_to_do(
    tmp_path: Path, server: DemoServer, key: DemoKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # The kernel keyring blocked too (as a sandbox's seccomp profile does): no store at all.
    monkeypatch.setattr(KernelKeyring, "syscall", staticmethod(failing_syscall))
    reset_default_store()
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await put(pilot, app, "issuer_id", key.issuer_id)
        await put(pilot, app, "key", str(key_file(tmp_path, key)))
        start = time.monotonic()
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert time.monotonic() - start < 20
        assert isinstance(top(app), FirstRunScreen)  # still here, not hung, not crashed
        text = screen_text(app)
        # The backend tried and why it failed (the exact wording is tested in a fresh process
        # in test_auth_nodbus.py; here keyring may remember an earlier test's backend).
        assert "✗ Credentials problem" in text and "No such file or directory" in text, text
        assert "gnome-keyring-daemon --unlock" in text  # how to fix it
        assert "ASC_ISSUER_ID" in text  # the way out for this session
        assert "Nothing was stored." in text
        assert save_enabled(app)
    assert list_profiles() == []
    assert not (tmp_path / "xdg-data").exists() or not any((tmp_path / "xdg-data").rglob("*"))


async def test_with_no_store_the_key_can_be_used_for_this_session_only(
    tmp_path: Path,
    server: DemoServer,
    key: DemoKey,
    monkeypatch: pytest.MonkeyPatch,
    folders: dict[str, Path],
) -> None:
    """No Secret Service (a D-Bus address that leads nowhere) and the kernel keyring
    blocked: the form says so at once and offers "Use for this session only"; the key is
    then used from memory, and nothing is written anywhere."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    monkeypatch.setattr(KernelKeyring, "syscall", staticmethod(failing_syscall))
    reset_default_store()
    app = AscApp(Connection(base_url_override=server.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = top(app)
        assert isinstance(form, FirstRunScreen)
        text = " ".join(screen_text(app).split())  # wrapped lines joined
        assert "No credential store is usable here: No OS keyring is available" in text
        assert "Linux kernel keyring (keyctl): the keyctl system calls are blocked here" in text
        assert "for this session only (ctrl+o): it is kept in memory and never written" in text
        session = form.query_one("#session", Button)
        assert session.display and session.disabled  # until the fields are right
        await put(pilot, app, "issuer_id", key.issuer_id)
        await put(pilot, app, "key", str(key_file(tmp_path, key)))
        assert not session.disabled
        await press(pilot, "ctrl+o")
        await settle(pilot)
        apps = top(app)
        assert isinstance(apps, AppsScreen) and apps.table.item_count == len(APPS)
        line = screen_text(app).splitlines()[-2]
        assert f"this session only (not stored) · key {key.key_id}" in line
    assert list_profiles() == []
    markers = secret_markers([key.private_key_pem])
    assert leaks_in_files(folders.values(), markers) == {}
    for name in ("config", "data", "state"):
        assert not folders[name].exists() or not any(folders[name].rglob("*")), name


async def test_the_status_line_names_the_kernel_keyring_and_a_key_it_dropped(
    tmp_path: Path, server: DemoServer, key: DemoKey
) -> None:
    from asc_tui.auth.keyring_store import KeyringStore, StoredKey
    from asc_tui.auth.profiles import add_profile
    from tests.support.keyctl import forget_kernel_keys, keyctl_problem, unique_profile

    if keyctl_problem():
        pytest.skip(keyctl_problem() or "")
    name = unique_profile("ui")
    stored = StoredKey(key.issuer_id, key.key_id, key.private_key_pem)
    try:
        add_profile(name, stored, base_url=server.base_url, store=KeyringStore(store="keyctl"))
        app = AscApp(Connection(profile=name))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(top(app), AppsScreen)
            line = screen_text(app).splitlines()[-2]
            assert f"profile {name} in kernel keyring · key {key.key_id}" in line
        forget_kernel_keys([name])  # what a reboot does
        app = AscApp(Connection(profile=name))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(top(app), AppsScreen)  # not the first-run form
            text = " ".join(screen_text(app).split())
            assert f"The key of profile '{name}' is gone from the Linux kernel keyring" in text
            assert "gone after a reboot" in text
            assert f"Add it again: asc-tui auth add --profile {name} --store keyctl" in text
    finally:
        forget_kernel_keys([name])


async def test_without_dbus_the_form_stores_into_the_kernel_keyring(
    tmp_path: Path, server: DemoServer, key: DemoKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headless, keyctl working: saving goes to the kernel keyring, the app says how long it
    lasts and the status line names it."""
    from tests.support.keyctl import (
        forget_kernel_keys,
        kernel_key_exists,
        keyctl_problem,
        skip_unless_default_expiry,
        unique_profile,
    )

    if keyctl_problem():
        pytest.skip(keyctl_problem() or "")
    skip_unless_default_expiry()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    reset_default_store()
    name = unique_profile("ui")
    app = AscApp(Connection(base_url_override=server.base_url))
    notes = notifications(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "No credential store is usable" not in screen_text(app)
            assert not top(app).query_one("#session", Button).display
            await put(pilot, app, "profile", name)
            await put(pilot, app, "issuer_id", key.issuer_id)
            await put(pilot, app, "key", str(key_file(tmp_path, key)))
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert isinstance(top(app), AppsScreen)
            text = screen_text(app)
            assert f"profile {name} in kernel keyring · key {key.key_id}" in text.splitlines()[-2]
            toasts = [(n.title, n.message) for n in notes]
            assert ("Stored in the kernel keyring", "Keys in the kernel keyring live in kernel "
                    "memory only: they are gone after a reboot, and after 3 days without use (the "
                    "persistent keyring's expiry, /proc/sys/kernel/keys/persistent_keyring_expiry)."
                    ) in toasts  # fmt: skip
            assert kernel_key_exists(name)
    finally:
        forget_kernel_keys([name])
