"""The in-process demo server and a client with a valid token, for the demo's tests (a
module may define its own, as the analytics tests do with a clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from asc_tui.demo import DemoKey, create_app, generate_demo_key
from tests.support.demo_client import client_for


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture(scope="module")
def app(key: DemoKey) -> Starlette:
    return create_app([key])


@pytest.fixture
async def client(app: Starlette, key: DemoKey) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app, key) as c:
        yield c
