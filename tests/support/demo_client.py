"""Clients of the in-process demo server (ASGI transport, real JWTs, retries without the
waiting)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
from starlette.applications import Starlette

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.retry import RetryPolicy
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import (
    DemoKey,
    DemoServer,
    FaultPlan,
    create_app,
)
from asc_tui.demo.data.analytics_records import InstanceRecord, seeded
from asc_tui.demo.data.landmarks import ANALYTICS_REQUEST_ID
from asc_tui.store import Store

DEMO_BASE = "http://demo.test"


async def _no_sleep(_: float) -> None:
    return None


def fast_retry(attempts: int = 3) -> RetryPolicy:
    """Real retry logic, without the waiting."""
    return RetryPolicy(attempts=attempts, sleep=_no_sleep)


def make_client(
    key: DemoKey, faults: FaultPlan | None = None, *, attempts: int = 3, **app_kwargs: Any
) -> AscClient:
    app = create_app([key], faults=faults, **app_kwargs)
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return AscClient(
        DEMO_BASE,
        auth,
        transport=httpx.ASGITransport(app=app),
        retry=fast_retry(attempts),
    )


def loopback_client(server: DemoServer, *, attempts: int = 3) -> AscClient:
    """A client of a demo server running on loopback (real HTTP), signing with its key."""
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return AscClient(server.base_url, auth, retry=fast_retry(attempts))


def make_token(
    key: DemoKey,
    *,
    signing_pem: str | None = None,
    algorithm: str = "ES256",
    headers: dict[str, Any] | None = None,
    drop: tuple[str, ...] = (),
    **claims: Any,
) -> str:
    now = int(time.time())
    payload: dict[str, Any] = {
        "iss": key.issuer_id,
        "iat": now,
        "exp": now + 15 * 60,
        "aud": "appstoreconnect-v1",
        **claims,
    }
    for name in drop:
        payload.pop(name)
    header = {"kid": key.key_id, "typ": "JWT", **(headers or {})}
    secret: Any = signing_pem or key.private_key_pem
    return jwt.encode(payload, secret, algorithm=algorithm, headers=header)


def client_for(app: Starlette, key: DemoKey, base_url: str = DEMO_BASE) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=base_url,
        headers={"Authorization": f"Bearer {make_token(key)}"},
    )


def demo_store(
    key: DemoKey,
    segments: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] = lambda t: t,
    **app_kwargs: Any,
) -> Store:
    """A Store on an in-process demo server whose segment URLs reach it too, through
    ``segments`` (which may wrap the transport)."""
    asgi = create_app([key], **app_kwargs)
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    client = AscClient(DEMO_BASE, auth, transport=httpx.ASGITransport(app=asgi), retry=fast_retry())
    return Store(
        client,
        segment_http=lambda: httpx.AsyncClient(transport=segments(httpx.ASGITransport(app=asgi))),
    )


SMALL = "App Crashes"
"""A small analytics report of the demo (one segment a day)."""


def newest(report_name: str, granularity: str) -> InstanceRecord:
    found = [
        i
        for i in seeded().instances.values()
        if i.report.request_id == ANALYTICS_REQUEST_ID
        and i.report.kind.name == report_name
        and i.granularity == granularity
    ]
    return max(found, key=lambda i: i.processing_date)
