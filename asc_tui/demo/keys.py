"""Throwaway App Store Connect API keys for the demo server: issuer ID, key ID, P-256 key."""

from __future__ import annotations

import secrets
import string
import uuid
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

_KEY_ID_ALPHABET = string.ascii_uppercase + string.digits


@dataclass(frozen=True)
class DemoKey:
    """An API key the demo server accepts. The private key never appears in ``repr``."""

    issuer_id: str
    key_id: str
    private_key_pem: str = field(repr=False)

    def public_key(self) -> ec.EllipticCurvePublicKey:
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TypeError("a demo key must be an EC P-256 private key")
        return key.public_key()


def generate_demo_key() -> DemoKey:
    """A fresh random key: UUID issuer, ``DEMO`` + 6 upper-case alphanumerics, PKCS#8 P-256."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    key_id = "DEMO" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(6))
    return DemoKey(issuer_id=str(uuid.uuid4()), key_id=key_id, private_key_pem=pem)
