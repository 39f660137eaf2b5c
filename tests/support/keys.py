"""Key material for tests: freshly generated keys of every kind a user might hand us."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes


def pkcs8(key: PrivateKeyTypes, password: bytes | None = None) -> str:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    ).decode()


def p256_pem() -> str:
    return pkcs8(ec.generate_private_key(ec.SECP256R1()))


def p384_pem() -> str:
    return pkcs8(ec.generate_private_key(ec.SECP384R1()))


def rsa_pem() -> str:
    return pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ed25519_pem() -> str:
    return pkcs8(ed25519.Ed25519PrivateKey.generate())


def encrypted_p256_pem() -> str:
    return pkcs8(ec.generate_private_key(ec.SECP256R1()), b"secret")


def public_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def rsa_pem_traditional() -> str:
    """An RSA key in the old "BEGIN RSA PRIVATE KEY" (PKCS#1) form."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def openssh_pem() -> str:
    """A P-256 key in OpenSSH's own format (ssh-keygen's default), not PKCS#8."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
