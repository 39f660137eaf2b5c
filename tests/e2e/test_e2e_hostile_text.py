"""End to end, in a real terminal (tmux) and through real pipes: an app named with OSC 0
(title), OSC 52 (clipboard) and CSI 2J (clear screen) changes neither the pane's title nor
tmux's paste buffers and leaves the other rows on screen; the CLI's text output of the same
data holds no ESC or C1 byte; a closed stdout pipe ends a command quietly."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.demo import DemoServer, generate_demo_key
from tests.support.hostile_text import EVIL_NAME, apps_document
from tests.support.tmux import Tmux, asc_tui

NAMES = [EVIL_NAME, "Plain Before", "Zed After"]
C1_BYTES = [bytes([0xC2, code]) for code in range(0x80, 0xA0)]  # U+0080 to U+009F in UTF-8


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[tuple[DemoServer, dict[str, str]]]:
    with DemoServer([generate_demo_key()]) as server:
        key = tmp_path / f"AuthKey_{server.key.key_id}.p8"
        key.write_text(server.key.private_key_pem)
        env = {
            "ASC_BASE_URL": server.base_url,
            "ASC_ISSUER_ID": server.key.issuer_id,
            "ASC_KEY_ID": server.key.key_id,
            "ASC_PRIVATE_KEY_PATH": str(key),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        }
        yield server, env


def cli(
    env: dict[str, str], *args: str, stdout: int = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ASC_")} | env
    return subprocess.run(
        [*asc_tui(), *args], stdout=stdout, stderr=subprocess.PIPE, env=full_env, timeout=60
    )


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_escape_sequences_in_an_app_name_do_nothing_to_the_terminal(
    server_env: tuple[DemoServer, dict[str, str]], tmp_path: Path
) -> None:
    server, env = server_env
    server.faults.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    tmux = Tmux(tmp_path)
    try:
        command = " ".join(
            shlex.quote(p) for p in ["env", "-u", "COLUMNS", "-u", "LINES", *asc_tui()]
        )
        env_args = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        tmux.run(
            "new-session", "-d", "-s", "app", "-x", "120", "-y", "30",
            "-e", "TERM=xterm-256color", *env_args, command,
        )  # fmt: skip
        # Let applications set tmux's clipboard (a paste buffer) and the pane title.
        tmux.run("set-option", "-g", "set-clipboard", "on")
        tmux.run("set-option", "-g", "allow-rename", "on")
        title = tmux.run("display-message", "-p", "-t", "app", "#{pane_title}")
        tmux.wait_text("Zed After")
        tmux.keys("j")  # a key after the first frame: whatever the name did has happened
        screen = tmux.wait_text("Zed After")
        assert tmux.run("display-message", "-p", "-t", "app", "#{pane_title}") == title
        assert "PWNED" not in tmux.run("list-windows", "-F", "#{window_name}")
        assert tmux.run("list-buffers") == ""
        assert "3 apps" in screen and "Plain Before" in screen
        assert "Evil␛]0;PWNED-TITLE␇" in screen
        tmux.keys("q")
    finally:
        tmux.kill()

    # The CLI's text output of the same data: no ESC, no C1, one line per app.
    server.faults.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    result = cli(env, "apps")
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout and not any(c in result.stdout for c in C1_BYTES)
    assert len(result.stdout.decode().splitlines()) == 4


def test_a_closed_pipe_ends_the_command_quietly(
    server_env: tuple[DemoServer, dict[str, str]],
) -> None:
    """``asc-tui apps --json | head -0``: the reader is gone before the first write."""
    _, env = server_env
    read, write = os.pipe()
    os.close(read)
    try:
        result = cli(env, "apps", "--json", stdout=write)
    finally:
        os.close(write)
    assert result.stderr == b""
    assert result.returncode == 141  # as a shell reports a command ended by SIGPIPE
