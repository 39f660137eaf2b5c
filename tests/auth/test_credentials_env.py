from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from asc_tui.auth.credentials import credentials_from_env, resolve_credentials
from asc_tui.auth.private_key import load_private_key, normalize_pem
from asc_tui.errors import CredentialsError, InvalidKeyError, MissingCredentialsError
from tests.support import keys

ISSUER = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1"


def test_env_credentials_from_key_file(tmp_path: Path) -> None:
    pem = keys.p256_pem()
    path = tmp_path / "AuthKey_2X9R4HXF34.p8"
    path.write_text(pem)
    creds = credentials_from_env(
        {"ASC_ISSUER_ID": ISSUER, "ASC_KEY_ID": "2X9R4HXF34", "ASC_PRIVATE_KEY_PATH": str(path)}
    )
    assert creds is not None
    assert (creds.issuer_id, creds.key_id, creds.source) == (
        ISSUER,
        "2X9R4HXF34",
        "environment (not stored)",
    )
    assert creds.private_key_pem.strip() == pem.strip()
    assert "PRIVATE" not in repr(creds)


def test_env_credentials_from_pem_text_pasted_on_one_line_with_crlf() -> None:
    pem = keys.p256_pem()
    for pasted in ("  " + pem.replace("\n", " ") + "  ", pem.replace("\n", "\r\n")):
        creds = credentials_from_env(
            {"ASC_ISSUER_ID": ISSUER, "ASC_KEY_ID": "2X9R4HXF34", "ASC_PRIVATE_KEY": pasted}
        )
        assert creds is not None
        assert creds.private_key_pem == normalize_pem(pem)
        load_private_key(creds.private_key_pem)


def test_no_env_means_none_and_resolve_explains_what_to_set() -> None:
    assert credentials_from_env({}) is None
    with pytest.raises(MissingCredentialsError) as info:
        resolve_credentials({})
    text = info.value.user_message()
    assert "ASC_ISSUER_ID" in text and "ASC_PRIVATE_KEY_PATH" in text and "--demo" in text


def test_partial_env_names_what_is_missing() -> None:
    with pytest.raises(MissingCredentialsError, match="ASC_KEY_ID"):
        credentials_from_env({"ASC_ISSUER_ID": ISSUER, "ASC_PRIVATE_KEY": keys.p256_pem()})


@pytest.mark.parametrize(
    ("issuer", "key_id", "message"),
    [
        ("not-a-uuid", "2X9R4HXF34", "issuer ID should be a UUID"),
        (ISSUER, "2x9r4", "key ID should be 10"),
    ],
)
def test_malformed_ids_are_rejected(issuer: str, key_id: str, message: str) -> None:
    with pytest.raises(CredentialsError, match=message):
        credentials_from_env(
            {"ASC_ISSUER_ID": issuer, "ASC_KEY_ID": key_id, "ASC_PRIVATE_KEY": keys.p256_pem()}
        )


@pytest.mark.parametrize(
    ("pem", "message"),
    [
        (keys.public_pem, "This is a public key"),
        (keys.rsa_pem, "RSA key"),
        (keys.ed25519_pem, "Ed25519 key"),
        (keys.p384_pem, "P-384 curve \\(secp384r1\\)"),
        (keys.encrypted_p256_pem, "encrypted"),
        (lambda: keys.p256_pem()[:120] + "\n-----END PRIVATE KEY-----\n", "truncated or corrupted"),
        (lambda: "", "empty"),
        (lambda: "hello world", "not a PEM private key"),
    ],
)
def test_wrong_keys_get_plain_messages(pem: Callable[[], str], message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message) as info:
        load_private_key(pem())
    assert "Traceback" not in info.value.user_message()


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidKeyError, match="does not exist"):
        credentials_from_env(
            {
                "ASC_ISSUER_ID": ISSUER,
                "ASC_KEY_ID": "2X9R4HXF34",
                "ASC_PRIVATE_KEY_PATH": str(tmp_path / "nope.p8"),
            }
        )
