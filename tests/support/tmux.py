"""Driving the real asc-tui in tmux: a private socket, no user config, polling the pane."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

BIN = Path(sys.executable).parent


def asc_tui() -> list[str]:
    exe = BIN / "asc-tui"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "asc_tui"]


class Tmux:
    def __init__(self, tmp: Path) -> None:
        self.socket = f"asc-e2e-{os.getpid()}-{tmp.name}"
        self.base = ["tmux", "-L", self.socket, "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        return subprocess.run(
            [*self.base, *args], capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "app", *keys)

    def wait_for(self, predicate: Callable[[str], bool], what: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")

    def wait_text(self, text: str, timeout: float = 60) -> str:
        return self.wait_for(lambda s: text in s, repr(text), timeout)

    def start_app(
        self,
        env: Mapping[str, str],
        exit_file: Path,
        *args: str,
        width: int = 120,
        height: int = 40,
    ) -> None:
        """asc-tui ``args`` in a new session "app" of ``width`` x ``height`` with ``env``; its
        exit status goes to ``exit_file``. COLUMNS/LINES can leak in from the test runner,
        so they are unset: the app must see the pane's size."""
        command = " ".join(
            shlex.quote(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *asc_tui(), *args]
        )
        env_args = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        self.run(
            "new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height),
            "-e", "TERM=xterm-256color", *env_args,
            f"{command}; echo $? > {shlex.quote(str(exit_file))}",
        )  # fmt: skip

    def exit_status(self, exit_file: Path, timeout: float = 15) -> str:
        """The app's exit status once it has quit."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not exit_file.exists():
            time.sleep(0.1)
        return exit_file.read_text().strip()

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)
