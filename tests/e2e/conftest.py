"""The tmux session every end-to-end test drives, and the demo server on loopback."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.start_lines import ServerOutput
from tests.support.tmux import Tmux, asc_tui

DEMO_ENV = {"ASC_BASE_URL", "ASC_ISSUER_ID", "ASC_KEY_ID", "ASC_PRIVATE_KEY_PATH"}
START_TIMEOUT = 60  # seconds; the server prints its lines as soon as it listens


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


@pytest.fixture(scope="module")
def demo_env() -> Iterator[dict[str, str]]:
    """``asc-tui demo-server`` on loopback: the variables it prints to point a client at
    it. A server that prints no start line fails here within START_TIMEOUT seconds."""
    proc = subprocess.Popen(
        [*asc_tui(), "demo-server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        env = ServerOutput(proc).exports(DEMO_ENV, timeout=START_TIMEOUT)
        assert env["ASC_BASE_URL"].startswith("http://127.0.0.1:")
        yield env
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert not Path(env["ASC_PRIVATE_KEY_PATH"]).exists(), "demo key left behind"
