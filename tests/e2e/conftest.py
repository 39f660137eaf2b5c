"""The tmux session every end-to-end test drives, and the demo server on loopback."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tmux import Tmux, asc_tui


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


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
    deadline = time.monotonic() + 60
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
        proc.wait(timeout=60)
    assert not Path(env["ASC_PRIVATE_KEY_PATH"]).exists(), "demo key left behind"
