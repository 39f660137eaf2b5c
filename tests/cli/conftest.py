"""What the CLI tests share: a demo server on loopback (real HTTP) and the ``ASC_*``
variables pointing a command at it with the server's key, as in a CI job."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.demo import DemoServer, generate_demo_key
from tests.support.auth import use_key


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[DemoServer]:
    with DemoServer([generate_demo_key()]) as running:
        yield running


@pytest.fixture
def loopback_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, loopback_server: DemoServer
) -> DemoServer:
    """ASC_BASE_URL, ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH for the server."""
    use_key(monkeypatch, tmp_path, loopback_server, loopback_server.key)
    return loopback_server
