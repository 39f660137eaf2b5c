from __future__ import annotations

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey

from asc_tui.api.jwt_auth import AUDIENCE, JwtAuth
from asc_tui.auth.private_key import load_private_key
from tests.support.keys import p256_pem

ISSUER = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1"
KID = "2X9R4HXF34"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_auth(clock: Clock) -> tuple[JwtAuth, EllipticCurvePublicKey]:
    key = load_private_key(p256_pem())
    return JwtAuth(ISSUER, KID, key, clock=clock), key.public_key()


def test_token_header_and_claims_verify_with_public_key() -> None:
    clock = Clock(1_700_000_000)
    auth, public = make_auth(clock)
    token = auth.token()
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "ES256", "kid": KID, "typ": "JWT"}
    claims = jwt.decode(
        token,
        public,
        algorithms=["ES256"],
        audience=AUDIENCE,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["iss"] == ISSUER
    assert claims["aud"] == "appstoreconnect-v1"
    assert claims["iat"] == 1_700_000_000
    assert 0 < claims["exp"] - claims["iat"] <= 20 * 60


def test_token_signed_by_another_key_does_not_verify() -> None:
    auth, _ = make_auth(Clock(1_700_000_000))
    other_public = load_private_key(p256_pem()).public_key()
    try:
        jwt.decode(auth.token(), other_public, algorithms=["ES256"], audience=AUDIENCE)
    except jwt.InvalidSignatureError:
        return
    raise AssertionError("a token verified with the wrong public key")


def test_token_is_reused_until_a_minute_before_expiry() -> None:
    clock = Clock(1_700_000_000)
    auth, _ = make_auth(clock)
    first = auth.token()
    clock.now += 13 * 60
    assert auth.token() == first
    assert auth.tokens_issued == 1
    clock.now += 60 + 1  # now within the last minute of a 15-minute token
    second = auth.token()
    assert second != first
    assert auth.tokens_issued == 2


def test_auth_flow_sets_bearer_header_and_repr_hides_secrets() -> None:
    auth, _ = make_auth(Clock(1_700_000_000))
    request = httpx.Request("GET", "https://example.test/v1/apps")
    flow = auth.auth_flow(request)
    sent = next(flow)
    token = auth.token()
    assert sent.headers["Authorization"] == f"Bearer {token}"
    assert token not in repr(auth)
    assert "PRIVATE" not in repr(auth)
