"""ES256 JWT bearer auth for App Store Connect, as an ``httpx.Auth``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey

AUDIENCE = "appstoreconnect-v1"
TOKEN_LIFETIME = 15 * 60
"""Seconds; Apple rejects tokens that live more than 20 minutes, and clocks drift."""
RENEW_BEFORE = 60
"""Seconds before expiry at which a cached token is replaced."""


class JwtAuth(httpx.Auth):
    """Signs a short-lived ES256 token and reuses it until about a minute before expiry.

    The token and the key are never part of ``repr`` or any exception message.
    """

    def __init__(
        self,
        issuer_id: str,
        key_id: str,
        private_key: EllipticCurvePrivateKey,
        *,
        lifetime: int = TOKEN_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not 60 <= lifetime <= 20 * 60:
            raise ValueError("token lifetime must be between 1 and 20 minutes")
        self.issuer_id = issuer_id
        self.key_id = key_id
        self._key = private_key
        self._lifetime = lifetime
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.tokens_issued = 0

    def __repr__(self) -> str:
        return f"JwtAuth(issuer_id={self.issuer_id!r}, key_id={self.key_id!r})"

    def token(self) -> str:
        import jwt

        with self._lock:
            now = self._clock()
            if self._token is None or now >= self._expires_at - RENEW_BEFORE:
                issued = int(now)
                expires = issued + self._lifetime
                self._token = jwt.encode(
                    {"iss": self.issuer_id, "iat": issued, "exp": expires, "aud": AUDIENCE},
                    self._key,
                    algorithm="ES256",
                    headers={"kid": self.key_id, "typ": "JWT"},
                )
                self._expires_at = float(expires)
                self.tokens_issued += 1
            return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token()}"
        yield request
