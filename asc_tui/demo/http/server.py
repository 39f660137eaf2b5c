"""The demo App Store Connect: ``create_app`` builds the ASGI app (for in-process tests via
``httpx.ASGITransport``); ``DemoServer`` serves it with uvicorn on a background thread."""

from __future__ import annotations

import logging
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from ..data.analytics_records import AnalyticsState
from ..data.feedback import FeedbackState
from ..keys import DemoKey, generate_demo_key
from ..routes import ROUTES
from .bearer import TokenVerifier
from .error_responses import ApiError, method_not_allowed, path_error, standard_error
from .faults import FaultPlan
from .gateway import Gateway, error_response, request_id_of
from .rate_limit import RateLimiter


async def _api_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, ApiError):  # pragma: no cover - registered for ApiError only
        raise exc
    return error_response(exc, request_id_of(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        error = path_error(request.url.path)
    elif status == 405:
        error = method_not_allowed(request.method)
    else:
        error = standard_error(status)
    return error_response(error, request_id_of(request))


def create_app(
    keys: Iterable[DemoKey],
    *,
    faults: FaultPlan | None = None,
    rate_limit: int = 3600,
    revoked_key_ids: Iterable[str] = (),
    roles: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.time,
    date_skew: float = 0.0,
) -> Starlette:
    """The demo API accepting tokens signed by any of ``keys`` (except revoked key IDs).

    ``roles`` maps key IDs to an App Store Connect role (default ``ADMIN``; e.g.
    ``DEVELOPER`` gets 403 from the analytics endpoints, ``FINANCE`` or ``SALES`` may read
    but not create or delete report requests). ``clock`` is "now" for pre-signed segment
    URLs, which expire five minutes after they are issued. ``date_skew``: this server's
    clock runs that many seconds ahead of the machine's (negative: behind), in its ``Date``
    header and when it checks a token's times — as Apple's would against a skewed client.

    ``app.state.faults`` is the FaultPlan in use (``faults`` or a new one);
    ``app.state.analytics`` holds this server's analytics report requests;
    ``app.state.feedback`` the TestFlight feedback submissions deleted on it.
    """
    key_list = list(keys)
    if not key_list:
        raise ValueError("the demo server needs at least one key")
    plan = faults if faults is not None else FaultPlan()

    def server_now() -> float:
        return time.time() + date_skew

    verifier = TokenVerifier(key_list, revoked_key_ids=revoked_key_ids, clock=server_now)
    app = Starlette(
        routes=ROUTES,
        middleware=[
            Middleware(
                Gateway,
                verifier=verifier,
                limiter=RateLimiter(rate_limit),
                faults=plan,
                clock=server_now,
            )
        ],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.router.redirect_slashes = False
    app.state.faults = plan
    app.state.roles = {k: v.upper() for k, v in (roles or {}).items()}
    app.state.clock = clock
    app.state.url_secret = secrets.token_bytes(32)
    app.state.analytics = AnalyticsState()
    app.state.feedback = FeedbackState()
    return app


class DemoServer:
    """The demo API over real HTTP on a background daemon thread.

    ``with DemoServer() as server: ... server.base_url ...``
    """

    def __init__(
        self,
        keys: Iterable[DemoKey] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: FaultPlan | None = None,
        rate_limit: int = 3600,
        revoked_key_ids: Iterable[str] = (),
        roles: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        date_skew: float = 0.0,
    ) -> None:
        self.keys = tuple(keys) if keys is not None else (generate_demo_key(),)
        if not self.keys:
            raise ValueError("the demo server needs at least one key")
        self.key = self.keys[0]
        self.faults = faults if faults is not None else FaultPlan()
        self.host = host
        self.port = port
        self.base_url = ""
        self.app: ASGIApp = create_app(  # what it serves; a test may wrap it in middleware
            self.keys,
            faults=self.faults,
            rate_limit=rate_limit,
            revoked_key_ids=revoked_key_ids,
            roles=roles,
            clock=clock,
            date_skew=date_skew,
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Bind, serve, and return once the server accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the demo server is already running")
        # Never let uvicorn print into a terminal UI: no logging config, no access log.
        logging.getLogger("uvicorn").addHandler(logging.NullHandler())
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        config = uvicorn.Config(
            self.app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http="h11",
            ws="none",
            server_header=False,
            date_header=False,  # the Gateway sends the server's own Date
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="asc-tui-demo", daemon=True
        )
        self._server, self._thread, self._socket = server, thread, sock
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the demo server did not start")
            time.sleep(0.01)
        self.port = sock.getsockname()[1]
        host = f"[{self.host}]" if family == socket.AF_INET6 else self.host
        self.base_url = f"http://{host}:{self.port}"

    def stop(self) -> None:
        """Stop serving and wait for the thread (safe to call twice)."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=10)
        if sock is not None:
            sock.close()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
