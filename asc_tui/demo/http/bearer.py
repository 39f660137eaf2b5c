"""Bearer-token checks as App Store Connect does them: ES256 JWTs signed by a registered
key, for audience ``appstoreconnect-v1``, living at most 20 minutes. Tokens are never
logged or echoed; every failure is the same 401."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from ..keys import DemoKey

if TYPE_CHECKING:
    from jwt.types import Options

AUDIENCE = "appstoreconnect-v1"
MAX_LIFETIME = 20 * 60
LEEWAY = 60
_DECODE_OPTIONS: Options = {
    "require": ["exp", "aud", "iss"],
    # exp and iat are checked after decoding, against the verifier's clock.
    "verify_exp": False,
    "verify_iat": False,
}


class AuthError(Exception):
    """The request is not authenticated (the reason is for server-side debugging only)."""


class TokenVerifier:
    def __init__(
        self,
        keys: Iterable[DemoKey],
        *,
        revoked_key_ids: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._keys: dict[str, tuple[DemoKey, EllipticCurvePublicKey]] = {}
        for key in keys:
            if key.key_id in self._keys:
                raise ValueError(f"two demo keys share the key ID {key.key_id}")
            self._keys[key.key_id] = (key, key.public_key())
        self._revoked = frozenset(revoked_key_ids)
        self._clock = clock

    def verify(self, authorization: str | None) -> DemoKey:
        """The key that signed the request's token, or AuthError."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("malformed token") from exc
        if header.get("alg") != "ES256" or header.get("typ") != "JWT":
            raise AuthError("token header must be alg ES256, typ JWT")
        entry = self._keys.get(str(header.get("kid")))
        if entry is None:
            raise AuthError("unknown key ID")
        key, public_key = entry
        if key.key_id in self._revoked:
            raise AuthError("revoked key")
        now = self._clock()
        try:
            claims = jwt.decode(
                token,
                public_key,
                algorithms=["ES256"],
                audience=AUDIENCE,
                issuer=key.issuer_id,
                leeway=LEEWAY,
                options=_DECODE_OPTIONS,
            )
        except jwt.PyJWTError as exc:
            raise AuthError(type(exc).__name__) from exc
        exp = claims["exp"]
        iat = claims.get("iat")
        if not isinstance(exp, int | float) or exp + LEEWAY < now:
            raise AuthError("expired")
        if iat is not None:
            if not isinstance(iat, int | float) or iat > now + LEEWAY:
                raise AuthError("issued in the future")
            if exp - iat > MAX_LIFETIME:
                raise AuthError("token lives longer than 20 minutes")
        elif exp - now > MAX_LIFETIME + LEEWAY:
            raise AuthError("token expires more than 20 minutes from now")
        return key
