"""What happens to every request before an endpoint sees it: it is recorded, scripted
faults apply, the bearer token is checked (401), the hourly budget is counted (429), and
every response gets ``X-Rate-Limit`` and ``x-request-id`` headers.

Pre-signed download URLs (``PRESIGNED_PREFIXES``) stand in for Amazon S3: they carry their
own signature, so they skip the bearer token and the API's rate limit entirely."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from email.utils import formatdate

import anyio
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..data.seeding import stable_uuid
from .bearer import AuthError, TokenVerifier
from .error_responses import ApiError, not_authorized, rate_limited, standard_error
from .faults import DroppedConnection, Fault, FaultPlan
from .json_bytes import encode
from .rate_limit import RateLimiter

JSON = "application/json"
PRESIGNED_PREFIXES = ("/analytics-segments/", "/feedback-screenshots/")
"""Paths served without a token: pre-signed downloads and feedback screenshot images."""


def request_id_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", stable_uuid("request", 0)))


def error_response(error: ApiError, request_id: str) -> Response:
    document = error.document(stable_uuid("error", request_id))
    return Response(encode(document), status_code=error.status, media_type=JSON)


def _fault_response(fault: Fault, request_id: str) -> Response:
    if fault.body is not None:
        response = Response(fault.body, status_code=fault.status, media_type=JSON)
    elif fault.status >= 400:
        response = error_response(standard_error(fault.status), request_id)
    else:
        response = Response(b"{}", status_code=fault.status, media_type=JSON)
    for name, value in fault.headers.items():
        response.headers[name] = value
    return response


async def _wait(fault: Fault | None) -> None:
    """Hold a request as the fault says: a fixed delay, or until the test releases it."""
    if fault is None:
        return
    if fault.delay > 0:
        await anyio.sleep(fault.delay)
    while fault.hold is not None and not fault.hold.is_set():
        await anyio.sleep(0.005)


def _dropping(send: Send) -> Send:
    """``send`` that passes on half of the first body chunk, then drops the connection."""

    async def send_half(message: Message) -> None:
        if message["type"] == "http.response.body":
            body: bytes = message.get("body", b"")
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            raise DroppedConnection("scripted fault: connection dropped mid-body")
        await send(message)

    return send_half


class Gateway:
    """Pure ASGI middleware (no response buffering: large logs stream straight through)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        verifier: TokenVerifier,
        limiter: RateLimiter,
        faults: FaultPlan,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.clock = clock
        """The server's "now", for its ``Date`` header."""
        self.verifier = verifier
        self.limiter = limiter
        self.faults = faults
        self._numbers = itertools.count(1)

    async def _presigned(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        """A pre-signed download: scripted faults apply; no token, no budget, no headers."""
        fault = self.faults.take(scope["path"])
        await _wait(fault)
        if fault is not None and fault.status:
            await _fault_response(fault, request_id)(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = stable_uuid("request", next(self._numbers))
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        path: str = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        self.faults.record(scope["method"], f"{path}?{query}" if query else path)
        if path.startswith(PRESIGNED_PREFIXES):
            await self._presigned(scope, receive, send, request_id)
            return
        try:
            key = self.verifier.verify(Headers(scope=scope).get("authorization"))
        except AuthError:
            key = None
        state["key_id"] = key.key_id if key else None
        allowed, remaining = self.limiter.hit(key.key_id if key else "")
        extra = [
            (b"x-rate-limit", self.limiter.header(remaining).encode()),
            (b"x-request-id", request_id.encode()),
            (b"date", formatdate(self.clock(), usegmt=True).encode()),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((n, v) for n, v in extra if n not in names),
                ]
            await send(message)

        fault = self.faults.take(path)
        await _wait(fault)
        out: Send = (
            _dropping(send_with_headers) if fault is not None and fault.drop else send_with_headers
        )
        response: Response | None = None
        if fault is not None and fault.status:
            response = _fault_response(fault, request_id)
        elif key is None:
            response = error_response(not_authorized(), request_id)
        elif not allowed:
            response = error_response(rate_limited(), request_id)
        if response is not None:
            await response(scope, receive, out)
        else:
            await self.app(scope, receive, out)
