"""End to end: the real ``asc-tui`` in tmux against ``asc-tui demo-server`` on loopback,
driven by keystrokes only, as a person over SSH would."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tmux import Tmux, asc_tui

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture(scope="module")
def demo_env() -> Iterator[dict[str, str]]:
    proc = subprocess.Popen(
        [*asc_tui(), "demo-server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    env: dict[str, str] = {}
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "ASC_PRIVATE_KEY_PATH" not in env:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.match(r"\s*export (ASC_[A-Z_]+)=(\S+)", line)
        if match:
            env[match.group(1)] = match.group(2)
    try:
        assert set(env) == {"ASC_BASE_URL", "ASC_ISSUER_ID", "ASC_KEY_ID", "ASC_PRIVATE_KEY_PATH"}
        assert env["ASC_BASE_URL"].startswith("http://127.0.0.1:")
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not Path(env["ASC_PRIVATE_KEY_PATH"]).exists(), "demo key left behind"


def test_browse_to_a_log_by_keyboard_and_quit(
    demo_env: dict[str, str], tmux: Tmux, tmp_path: Path
) -> None:
    exit_file = tmp_path / "exit-code"
    # COLUMNS/LINES can leak in from the test runner; the app must see the pane's size.
    command = " ".join(
        shlex.quote(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *asc_tui()]
    )
    env_args = [arg for name, value in demo_env.items() for arg in ("-e", f"{name}={value}")]
    tmux.run(
        "new-session", "-d", "-s", "app", "-x", "120", "-y", "40",
        "-e", "TERM=xterm-256color", *env_args,
        f"{command}; echo $? > {shlex.quote(str(exit_file))}",
    )  # fmt: skip
    screen = tmux.wait_text("Trailhead: Hike & Run")
    assert "Lumen [Beta] Notes" in screen  # brackets survive: data is not markup
    assert "127.0.0.1" in screen  # the status line names the server in use
    # The list's keys are in the footer once it has loaded, with or without terminal focus.
    tmux.wait_for(lambda s: "⏎ Open" in s.rstrip().splitlines()[-1], "the list's keys")

    # Apps are sorted by name and Trailhead is the last: G jumps there, Enter opens it.
    tmux.keys("G")
    tmux.keys("Enter")
    screen = tmux.wait_text("4.5 (953)")
    tmux.wait_for(lambda s: "528 builds" in s, "all builds loaded")

    tmux.keys("Enter")
    tmux.wait_text("launchTime")
    tmux.wait_text("14 signatures")

    # The signatures pane has the focus: Enter opens the heaviest signature's logs.
    tmux.keys("Enter")
    screen = tmux.wait_text("frames", timeout=30)
    assert "Log 1/" in screen

    tmux.keys("b")
    screen = tmux.wait_text("◆ blame")

    # The footer follows the screen even though a detached tmux never gives the app focus.
    def footer(text: str) -> str:
        return text.rstrip().splitlines()[-1]

    tmux.wait_for(lambda s: "b Blame" in footer(s) and "H Heaviest path" in footer(s), "keys")
    tmux.keys("Escape")
    tmux.wait_text("Diagnostic signatures")
    tmux.wait_for(lambda s: "esc Back" in footer(s) and "Blame" not in footer(s), "build keys")
    tmux.keys("q")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not exit_file.exists():
        time.sleep(0.1)
    assert exit_file.read_text().strip() == "0"
