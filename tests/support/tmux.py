"""Driving the real asc-tui in tmux: a private socket, no user config, polling the pane."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
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

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)
