"""End to end, headless as over SSH: the real ``asc-tui`` in tmux with no D-Bus session, the
kernel keyring blocked and no credentials opens the first-run screen; it says no store is
usable, saving says which stores were tried and how to fix it, within seconds, and "use for
this session only" goes on to the apps from the demo server on loopback without writing
anything; q quits cleanly."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest

from asc_tui.demo import DemoServer, generate_demo_key
from asc_tui.demo.data.catalog import APPS
from tests.support.auth import ROOT, files_under, key_file
from tests.support.keyctl import can_block_keyctl, without_keyctl
from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(can_block_keyctl() is not None, reason=can_block_keyctl() or ""),
]


def test_first_run_without_a_keyring_says_what_to_do(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    key = generate_demo_key()
    path = key_file(tmp_path, key)
    exit_file = tmp_path / "exit-code"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "TERM": "xterm-256color",
    }
    # env -i: no DBUS_SESSION_BUS_ADDRESS, DISPLAY or ASC_* from the test runner.
    # python -m from the checkout's root: this checkout's code, whatever is installed.
    # keyctl blocked (seccomp): no OS store at all, as in a container.
    server = DemoServer([key])
    server.start()
    app = without_keyctl([sys.executable, "-m", "asc_tui", "--base-url", server.base_url])
    command = ["env", "-i", *(f"{k}={v}" for k, v in env.items()), *app]
    tmux = Tmux(tmp_path)
    try:
        tmux.run(
            "new-session", "-d", "-s", "app", "-x", "200", "-y", "50", "-c", str(ROOT),
            f"{shlex.join(command)}; echo $? > {shlex.quote(str(exit_file))}",
        )  # fmt: skip
        screen = tmux.wait_text("Welcome to asc-tui")
        assert "No App Store Connect API credentials found." in screen
        tmux.keys("-l", key.issuer_id)  # the issuer ID field has the focus
        tmux.wait_for(lambda s: key.issuer_id in s and "✗" not in s, "the issuer ID checked")
        # Tab twice to the key field and type the path at once, as fast typing or a paste
        # does: the path must land in the key field, not in the issuer ID being left.
        tmux.keys("Tab", "Tab")
        tmux.keys("-l", str(path))
        tmux.wait_text(f"✓ {key.key_id}, from the key's file name")
        start = time.monotonic()
        tmux.keys("C-s")
        # The status line says "Nothing was stored." as the save fails; the error report
        # (what was tried, how to fix it) follows once the worker's failure is handled.
        screen = tmux.wait_for(
            lambda s: "Nothing was stored." in s and "✗ Credentials problem" in s,
            "the failed save and its error report",
        )
        assert time.monotonic() - start < 20
        assert "Tried Secret Service (GNOME Keyring, KWallet) over D-Bus: no D-Bus session" in (
            screen
        )
        assert "gnome-keyring-daemon --unlock" in screen, screen  # how to fix it
        assert "ASC_ISSUER_ID" in screen and "Nothing was stored." in screen
        assert "No credential store is usable here" in screen  # said from the start
        assert "Traceback" not in screen
        tmux.keys("C-o")  # use the key for this session only
        screen = tmux.wait_text(APPS[0].name)
        assert "this session only (not stored)" in screen
        tmux.keys("q")
        deadline = time.monotonic() + 60
        # The shell creates the file before echo writes to it: wait for its content.
        while time.monotonic() < deadline and not (
            exit_file.exists() and exit_file.read_text().strip()
        ):
            time.sleep(0.1)
        assert exit_file.read_text().strip() == "0"
    finally:
        tmux.kill()
        server.stop()
    assert files_under(home) == []  # the key was used, and nothing was written
