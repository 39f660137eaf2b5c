"""Shared fixtures: the demo server in-process (ASGI) with real JWTs, and a Store on it;
a demo server on real loopback HTTP that counts the requests it answers; settings
isolated per test; the real OS keyring (a Secret Service) when one is reachable."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from asc_tui.api.client import AscClient
from asc_tui.auth.keyring_store import SERVICE, KeyringStore, default_store, reset_default_store
from asc_tui.demo import DemoKey, DemoServer, FaultPlan, generate_demo_key
from asc_tui.errors import KeyringError
from asc_tui.store import Store
from tests.support.counting import CountingApp, counting_server_in_env
from tests.support.demo_client import make_client

pytest_plugins = ["tests.support.printed_secrets"]  # nothing printed holds a key or a token

SECRET_SERVICE = "keyring.backends.SecretService.Keyring"
ISOLATED_ENV = (
    "ASC_ISSUER_ID",
    "ASC_KEY_ID",
    "ASC_PRIVATE_KEY_PATH",
    "ASC_PRIVATE_KEY",
    "ASC_BASE_URL",
    "PYTHON_KEYRING_BACKEND",
)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own settings and cache folders and no ASC_* variables; the
    keyring backend is detected afresh. Returns the XDG config folder."""
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # crash logs
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    for name in ISOLATED_ENV:
        monkeypatch.delenv(name, raising=False)
    reset_default_store()
    return config


def _delete_test_entries() -> None:
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        for item in secretstorage.search_items(connection, {"service": SERVICE}):
            item.delete()


def secret_service_problem() -> str | None:
    """Why the real Secret Service cannot be used here, or None when it can."""
    try:
        status = KeyringStore(timeout=5).status()
    except KeyringError as error:
        return error.message
    if status.backend != SECRET_SERVICE:
        return f"the keyring backend is {status.backend}"
    return None


@pytest.fixture
def real_keyring() -> Iterator[KeyringStore]:
    """The real OS keyring (GNOME Keyring under .ci/with-keyring), emptied of asc-tui's
    entries before and after. Skipped when none is reachable, except under with-keyring
    (which sets _KR_INNER), where that is a failure: CI must run these tests."""
    problem = secret_service_problem()
    if problem is not None:
        if os.environ.get("_KR_INNER"):
            pytest.fail(f"under .ci/with-keyring but no Secret Service: {problem}")
        pytest.skip(f"needs a Secret Service; run under .ci/with-keyring ({problem})")
    _delete_test_entries()
    try:
        yield default_store()
    finally:
        _delete_test_entries()


@pytest.fixture(scope="session")
def demo_key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
async def client(demo_key: DemoKey, faults: FaultPlan) -> AsyncIterator[AscClient]:
    async with make_client(demo_key, faults) as c:
        yield c


@pytest.fixture
async def store(client: AscClient) -> Store:
    return Store(client)


@pytest.fixture
def counted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[DemoServer, CountingApp]]:
    """A demo server on real loopback HTTP counting the requests it answers, with
    ASC_BASE_URL and its key in the ASC_* variables (key file in the test's folder)."""
    with counting_server_in_env(monkeypatch, tmp_path) as served:
        yield served
