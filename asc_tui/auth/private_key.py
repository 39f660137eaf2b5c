"""The .p8 private key's text: a pasted PEM tidied, and checked to be an EC P-256 private
key, with a plain message for every other kind of input (public, RSA, encrypted,
truncated, pasted on one line). Never shows or logs the key."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import InvalidKeyError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey

_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)

_KIND_NAMES = {
    "RSA": "an RSA",
    "DSA": "a DSA",
    "Ed25519": "an Ed25519",
    "Ed448": "an Ed448",
    "X25519": "an X25519",
    "X448": "an X448",
    "OPENSSH": "an OpenSSH",
}
_NIST_CURVES = {"secp384r1": "P-384", "secp521r1": "P-521", "secp224r1": "P-224"}


def normalize_pem(text: str) -> str:
    """Tidy a pasted PEM: CRLF, surrounding blanks, and a PEM pasted on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    match = _PEM_BLOCK.search(text)
    if not match:
        return text
    label, body = match.group(1), "".join(match.group(2).split())
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""])


def load_private_key(pem_text: str) -> EllipticCurvePrivateKey:
    """Parse an Apple .p8 key and check it is a P-256 private key, or explain what it is."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    text = normalize_pem(pem_text)
    if not text:
        raise InvalidKeyError("The private key is empty.")
    match = _PEM_BLOCK.search(text)
    if not match:
        if "-----BEGIN" in text:
            raise InvalidKeyError(
                "The private key is incomplete: it has a -----BEGIN line but no matching "
                "-----END line, so the file looks truncated."
            )
        raise InvalidKeyError(
            "This is not a PEM private key (no -----BEGIN PRIVATE KEY----- line)."
        )
    label = match.group(1)
    if "PUBLIC" in label:
        raise InvalidKeyError("This is a public key; asc-tui needs the private key (.p8).")
    if "ENCRYPTED" in label or "Proc-Type: 4,ENCRYPTED" in text:
        raise InvalidKeyError("This private key is encrypted; Apple's .p8 keys are not.")
    if label in {"RSA PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY"}:
        kind = _KIND_NAMES.get(label.split()[0], label.split()[0])
        raise InvalidKeyError(f"This is {kind} key; App Store Connect keys are EC P-256 (.p8).")
    try:
        key = load_pem_private_key(text.encode(), password=None)
    except TypeError:
        raise InvalidKeyError("This private key is encrypted; Apple's .p8 keys are not.") from None
    except (ValueError, Exception):
        raise InvalidKeyError(
            "The private key could not be read: the file looks truncated or corrupted."
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        name = type(key).__name__.replace("PrivateKey", "").lstrip("_")
        kind = _KIND_NAMES.get(name, f"a {name or 'non-EC'}")
        raise InvalidKeyError(f"This is {kind} key; App Store Connect keys are EC P-256 (.p8).")
    if not isinstance(key.curve, ec.SECP256R1):
        curve = key.curve.name
        nist = _NIST_CURVES.get(curve)
        shown = f"{nist} curve ({curve})" if nist else f"{curve} curve"
        raise InvalidKeyError(f"This EC key uses the {shown}; App Store Connect keys use P-256.")
    return key
