"""Headless: no D-Bus session (as over SSH), a D-Bus address that leads nowhere or never
answers, keyrings.alt installed in the same environment, and the kernel keyring blocked
(seccomp, as in Docker) so that no OS store at all is usable. asc-tui must neither hang nor
crash nor fall back to a plaintext file: it names the backend it tried and the fix, and
writes nothing. A backend forced on purpose is honoured, with a warning."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.auth.config import Config, Profile, save_config
from asc_tui.demo import DemoKey, DemoServer, generate_demo_key
from tests.support.auth import ROOT, files_under, headless_env, key_file, run_process
from tests.support.keyctl import block_keyctl, can_block_keyctl

blocks_keyctl = pytest.mark.skipif(can_block_keyctl() is not None, reason=can_block_keyctl() or "")

NO_KEYRING = (
    "asc-tui: No OS keyring is available for asc-tui's API keys. Tried Secret Service (GNOME "
    "Keyring, KWallet) over D-Bus: {reason}; Linux kernel keyring (keyctl): the keyctl system "
    "calls are blocked here (Operation not permitted).\n"
    "In a container, allow the add_key and keyctl system calls (seccomp profile) to use the "
    "kernel keyring.\n"
    "Over SSH, run asc-tui in a D-Bus session with GNOME Keyring unlocked (type the keyring "
    "password):\n"
    '  dbus-run-session -- sh -c \'stty -echo; read pw; stty echo; printf %s "$pw" | '
    "gnome-keyring-daemon --unlock --components=secrets >/dev/null; asc-tui'\n"
    "On a desktop, install and start GNOME Keyring or KWallet.\n"
    'Or, for this session only (nothing is stored): choose "Use for this session only" in '
    "asc-tui's first screen, or set ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH. "
    "`asc-tui --demo` needs no keyring.\n"
)
"""Neither store usable: no Secret Service, and keyctl blocked by seccomp (as in Docker)."""
NO_SESSION = "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)"


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty HOME with the XDG folders inside it: nothing may appear here."""
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_keyrings_alt_is_installed_so_these_tests_prove_it_is_not_picked() -> None:
    import keyrings.alt.file

    assert keyrings.alt.file.PlaintextKeyring.viable


@blocks_keyctl
def test_no_dbus_add_says_what_was_tried_and_writes_nothing(
    home: Path, tmp_path: Path, key: DemoKey
) -> None:
    path = key_file(tmp_path, key)
    start = time.monotonic()
    result = run_process(
        "auth",
        "add",
        "--issuer-id",
        key.issuer_id,
        "--key-file",
        str(path),
        env=headless_env(home),
        preexec_fn=block_keyctl,
    )
    assert time.monotonic() - start < 20
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == NO_KEYRING.format(reason=NO_SESSION)
    assert files_under(home) == []


@blocks_keyctl
def test_no_dbus_with_a_saved_profile_check_and_apps_explain(home: Path) -> None:
    env = headless_env(home)
    config_path = home / ".config" / "asc-tui" / "config.json"
    save_config(
        Config().with_profile(
            Profile("work", "69a6de7e-0000-47e3-e053-5b8c7c11a4d1", "2X9R4HXF34")
        ),
        config_path,
    )
    for args in (["auth", "check"], ["apps"], ["--profile", "work", "builds", "1"]):
        result = run_process(*args, env=env, preexec_fn=block_keyctl)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == NO_KEYRING.format(reason=NO_SESSION)
    listed = run_process("auth", "list", env=env)  # the settings file alone: works
    assert listed.returncode == 0 and "work" in listed.stdout
    assert files_under(home) == [".config/asc-tui/config.json"]


@blocks_keyctl
def test_a_dbus_address_that_leads_nowhere(home: Path, tmp_path: Path, key: DemoKey) -> None:
    env = headless_env(home, DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-such-bus")
    args = ["auth", "add", "--issuer-id", key.issuer_id, "--key-file", str(key_file(tmp_path, key))]
    result = run_process(*args, env=env, preexec_fn=block_keyctl)
    assert result.returncode == 1
    reason = "cannot reach the D-Bus session bus (No such file or directory)"
    assert result.stderr == NO_KEYRING.format(reason=reason)
    assert files_under(home) == []


@pytest.fixture
def silent_bus(tmp_path: Path) -> Iterator[str]:
    """A unix socket that accepts connections and never says a word."""
    path = tmp_path / "silent-bus"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"unix:path={path}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


@blocks_keyctl
def test_a_dbus_that_never_answers_does_not_hang(
    home: Path, tmp_path: Path, key: DemoKey, silent_bus: str
) -> None:
    env = headless_env(home, DBUS_SESSION_BUS_ADDRESS=silent_bus)
    args = ["auth", "add", "--issuer-id", key.issuer_id, "--key-file", str(key_file(tmp_path, key))]
    start = time.monotonic()
    result = run_process(*args, env=env, timeout=60, preexec_fn=block_keyctl)
    assert time.monotonic() - start < 30
    assert result.returncode == 1
    before, after = NO_KEYRING.split("{reason}")
    assert result.stderr.startswith(before + "the D-Bus session bus did not answer (")
    assert result.stderr.endswith(after)
    assert "Traceback" not in result.stderr
    assert files_under(home) == []


@blocks_keyctl
def test_environment_credentials_and_the_demo_need_no_keyring(
    home: Path, key: DemoKey, tmp_path: Path
) -> None:
    with DemoServer([key]) as server:
        env = headless_env(
            home,
            ASC_ISSUER_ID=key.issuer_id,
            ASC_KEY_ID=key.key_id,
            ASC_PRIVATE_KEY_PATH=str(key_file(tmp_path, key)),
            ASC_BASE_URL=server.base_url,
        )
        check = run_process("auth", "check", env=env, preexec_fn=block_keyctl)
        assert check.returncode == 0, check.stderr
        assert f"key {key.key_id} (environment (not stored))" in check.stdout
        assert run_process("apps", "--csv", env=env, preexec_fn=block_keyctl).returncode == 0
    demo = subprocess.run(
        [
            sys.executable,
            "-c",
            "import asyncio\n"
            "from asc_tui.auth.connection import Connection\n"
            "async def main():\n"
            "    store = Connection(demo=True).open()\n"
            "    try:\n"
            "        print(len(await store.apps()))\n"
            "    finally:\n"
            "        await store.aclose()\n"
            "asyncio.run(main())\n",
        ],
        cwd=ROOT,
        env={**headless_env(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert demo.returncode == 0 and int(demo.stdout) > 0, demo.stderr
    assert files_under(home) == []


def test_a_plaintext_backend_forced_on_purpose_is_used_with_a_warning(
    home: Path, tmp_path: Path, key: DemoKey
) -> None:
    env = headless_env(home, PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    args = ["auth", "add", "--issuer-id", key.issuer_id, "--key-file", str(key_file(tmp_path, key))]
    warning = (
        "asc-tui: warning: Keys are stored by keyrings.alt.file.PlaintextKeyring, which is "
        "not an OS keyring (chosen by PYTHON_KEYRING_BACKEND): anyone who can read your "
        "files may read them. Unset it to use the OS keyring.\n"
    )
    added = run_process(*args, env=env)
    assert added.returncode == 0
    assert added.stderr == warning
    assert "in keyrings.alt.file.PlaintextKeyring" in added.stdout
    with DemoServer([key]) as server:
        checked = run_process("auth", "check", env={**env, "ASC_BASE_URL": server.base_url})
    assert checked.returncode == 0 and checked.stderr == warning


def test_a_keyring_disabled_in_keyringrc_is_reported(
    home: Path, tmp_path: Path, key: DemoKey
) -> None:
    rc = home / ".config" / "python_keyring" / "keyringrc.cfg"
    rc.parent.mkdir(parents=True)
    rc.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    args = ["auth", "add", "--issuer-id", key.issuer_id, "--key-file", str(key_file(tmp_path, key))]
    result = run_process(*args, env=headless_env(home))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"asc-tui: The keyring is disabled (keyring.backends.null.Keyring, chosen by {rc}).\n"
        f"Unset {rc} to use the OS keyring."
    )
    assert files_under(home) == [".config/python_keyring/keyringrc.cfg"]
