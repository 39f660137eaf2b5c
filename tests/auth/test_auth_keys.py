"""Every wrong key file `asc-tui auth add` may be handed gets its exact, plain message (and
no traceback); every tidy-up of a good key (CRLF, blanks, one line) is accepted. None of
this reaches the keyring: a key is checked before anything is stored."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from asc_tui.cli import main
from asc_tui.errors import InvalidKeyError
from tests.support import keys

ISSUER = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1"
KEY_ID = "2X9R4HXF34"
HINT = InvalidKeyError.hint


def add(key_file: Path | str, *extra: str) -> int:
    return main(
        ["auth", "add", "--profile", "t", "--issuer-id", ISSUER, "--key-file", str(key_file)]
        + (["--key-id", KEY_ID] if "--key-id" not in extra else [])
        + list(extra)
    )


def truncated_without_end() -> str:
    return keys.p256_pem()[:150]


def truncated_with_end() -> str:
    return keys.p256_pem()[:120] + "\n-----END PRIVATE KEY-----\n"


BAD_KEYS: list[tuple[str, Callable[[], str], str]] = [
    ("public", keys.public_pem, "This is a public key; asc-tui needs the private key (.p8)."),
    ("rsa", keys.rsa_pem, "This is an RSA key; App Store Connect keys are EC P-256 (.p8)."),
    (
        "rsa-traditional",
        lambda: keys.rsa_pem_traditional(),
        "This is an RSA key; App Store Connect keys are EC P-256 (.p8).",
    ),
    (
        "openssh",
        keys.openssh_pem,
        "This is an OpenSSH key; App Store Connect keys are EC P-256 (.p8).",
    ),
    (
        "ed25519",
        keys.ed25519_pem,
        "This is an Ed25519 key; App Store Connect keys are EC P-256 (.p8).",
    ),
    (
        "p384",
        keys.p384_pem,
        "This EC key uses the P-384 curve (secp384r1); App Store Connect keys use P-256.",
    ),
    (
        "encrypted",
        keys.encrypted_p256_pem,
        "This private key is encrypted; Apple's .p8 keys are not.",
    ),
    (
        "truncated",
        truncated_with_end,
        "The private key could not be read: the file looks truncated or corrupted.",
    ),
    (
        "truncated-no-end",
        truncated_without_end,
        "The private key is incomplete: it has a -----BEGIN line but no matching -----END "
        "line, so the file looks truncated.",
    ),
    (
        "garbage",
        lambda: "hello world\n",
        "This is not a PEM private key (no -----BEGIN PRIVATE KEY----- line).",
    ),
    (
        "binary",
        lambda: os.urandom(64).decode("latin-1"),
        "This is not a PEM private key (no -----BEGIN PRIVATE KEY----- line).",
    ),
    ("empty", lambda: "", "The private key is empty."),
    ("blank", lambda: " \r\n\n\t", "The private key is empty."),
]


@pytest.mark.parametrize(("kind", "make", "message"), BAD_KEYS, ids=[k[0] for k in BAD_KEYS])
def test_bad_key_files_get_their_exact_message(
    kind: str,
    make: Callable[[], str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    isolated_settings: Path,
) -> None:
    path = tmp_path / f"AuthKey_{KEY_ID}.p8"
    path.write_bytes(make().encode("latin-1" if kind == "binary" else "utf-8"))
    assert add(path) == 1
    out, err = capsys.readouterr()
    assert err == f"asc-tui: --key-file: {message}\n{HINT}\n"
    assert out == "" and "Traceback" not in err
    assert not isolated_settings.exists()  # nothing stored, not even settings


@pytest.mark.parametrize(
    ("make_path", "message"),
    [
        (lambda d: d / "nope.p8", "The key file {path} does not exist."),
        (lambda d: d, "{path} is a folder, not a .p8 key file."),
        (
            lambda d: (d / "file").write_text("x") and d / "file" / "AuthKey.p8",
            "The key file {path} cannot be read (Not a directory).",
        ),
    ],
    ids=["missing", "folder", "not-a-directory"],
)
def test_key_paths_that_cannot_be_read(
    make_path: Callable[[Path], Path],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = make_path(tmp_path)
    assert add(path) == 1
    err = capsys.readouterr().err
    assert err == f"asc-tui: --key-file: {message.format(path=path)}\n{HINT}\n"


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 1)() == 0, reason="root reads any file")
def test_unreadable_key_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "AuthKey.p8"
    path.write_text(keys.p256_pem())
    path.chmod(0)
    assert add(path) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"asc-tui: --key-file: The key file {path} cannot be read (Permission denied).\n{HINT}\n"
    )


@pytest.mark.parametrize(
    ("issuer", "key_id", "expected"),
    [
        (
            "not-a-uuid",
            KEY_ID,
            "asc-tui: --issuer-id: The issuer ID should be a UUID like "
            "57246542-96fe-1a63-e053-0824d011072a.\n"
            "Copy it from App Store Connect → Users and Access → Integrations.\n",
        ),
        (
            ISSUER,
            "2x9r4",
            "asc-tui: --key-id: The key ID should be 10 upper-case letters and digits, like "
            "2X9R4HXF34.\nIt is part of the key's file name: AuthKey_<KEY ID>.p8.\n",
        ),
    ],
)
def test_malformed_ids(
    issuer: str, key_id: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.p8"
    path.write_text(keys.p256_pem())
    code = main(["auth", "add", "--issuer-id", issuer, "--key-id", key_id, "--key-file", str(path)])
    assert code == 1
    assert capsys.readouterr().err == expected


def test_missing_key_id_and_no_apple_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.p8"
    path.write_text(keys.p256_pem())
    assert main(["auth", "add", "--issuer-id", ISSUER, "--key-file", str(path)]) == 1
    assert capsys.readouterr().err == "asc-tui: --key-id: Enter the key ID.\n"


def test_add_without_the_required_flags_says_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["auth", "add"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("asc-tui: auth add needs --issuer-id and --key-file.\n")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "tidy",
    [
        lambda pem: pem.replace("\n", "\r\n"),
        lambda pem: "\n\n   " + pem + "  \n\n",
        lambda pem: pem.replace("\n", " "),
        lambda pem: pem.replace("\n", ""),
    ],
    ids=["crlf", "surrounding-blanks", "one-line-spaces", "one-line"],
)
def test_tolerated_forms_pass_validation(tidy: Callable[[str], str]) -> None:
    from asc_tui.auth.private_key import load_private_key, normalize_pem

    pem = keys.p256_pem()
    key = load_private_key(tidy(pem))
    assert key.curve.name == "secp256r1"
    assert normalize_pem(tidy(pem)) == pem
