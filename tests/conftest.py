"""Shared fixtures: the demo server in-process (ASGI) with real JWTs, and a Store on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from asc_tui.api.auth import JwtAuth
from asc_tui.api.client import AscClient
from asc_tui.api.retry import RetryPolicy
from asc_tui.credentials import load_private_key
from asc_tui.demo import DemoKey, FaultPlan, create_app, generate_demo_key
from asc_tui.store import Store

DEMO_BASE = "http://demo.test"


async def _no_sleep(_: float) -> None:
    return None


def fast_retry(attempts: int = 3) -> RetryPolicy:
    """Real retry logic, without the waiting."""
    return RetryPolicy(attempts=attempts, sleep=_no_sleep)


@pytest.fixture(scope="session")
def demo_key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


def make_client(
    key: DemoKey, faults: FaultPlan | None = None, *, attempts: int = 3, **app_kwargs: object
) -> AscClient:
    app = create_app([key], faults=faults, **app_kwargs)  # type: ignore[arg-type]
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return AscClient(
        DEMO_BASE,
        auth,
        transport=httpx.ASGITransport(app=app),
        retry=fast_retry(attempts),
    )


@pytest.fixture
async def client(demo_key: DemoKey, faults: FaultPlan) -> AsyncIterator[AscClient]:
    async with make_client(demo_key, faults) as c:
        yield c


@pytest.fixture
async def store(client: AscClient) -> Store:
    return Store(client)
