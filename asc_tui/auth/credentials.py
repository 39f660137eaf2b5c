"""Where API credentials come from, and validation of the .p8 private key.

:func:`resolve_credentials` applies the precedence, first match wins:

1. the command line: ``--issuer-id``, ``--key-id`` and ``--key-file`` (never stored);
2. a profile named on the command line (``--profile NAME``), from the OS keyring;
3. the environment: ``ASC_ISSUER_ID``, ``ASC_KEY_ID`` and ``ASC_PRIVATE_KEY_PATH`` or
   ``ASC_PRIVATE_KEY`` (never stored);
4. the default profile, from the OS keyring.

The keyring is touched only in steps 2 and 4, and only when the settings file lists the
profile, so "no credentials at all" is known without asking the keyring. Resolution may
block (keyring, key file): call it from a worker thread, never the UI thread.
Nothing here ever prints or logs a key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CredentialsError, InvalidKeyError, MissingCredentialsError, ProfileError
from ..files.readable import FileRefused, read_regular_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey

    from .config import Config, Profile
    from .keyring_store import KeyringStore

ENV_ISSUER_ID = "ASC_ISSUER_ID"
ENV_KEY_ID = "ASC_KEY_ID"
ENV_PRIVATE_KEY_PATH = "ASC_PRIVATE_KEY_PATH"
ENV_PRIVATE_KEY = "ASC_PRIVATE_KEY"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_KEY_ID = re.compile(r"^[A-Z0-9]{10}$")
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
_KEY_FILE_NAME = re.compile(r"^AuthKey_([A-Z0-9]{10})\.p8$")

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

SOURCE_COMMAND_LINE = "command line"
SOURCE_ENVIRONMENT = "environment (not stored)"
SOURCE_SESSION = "this session only (not stored)"


def keyring_source(profile: str, store: str) -> str:
    """For the status line: the profile and the store holding its key, e.g. "profile work
    in kernel keyring"."""
    from .keyring_backends import store_short_name

    return f"profile {profile} in {store_short_name(store)}"


@dataclass(frozen=True)
class Credentials:
    """An API key: issuer ID, key ID and the PEM text of the .p8 (never shown)."""

    issuer_id: str
    key_id: str
    private_key_pem: str = field(repr=False)
    source: str = SOURCE_ENVIRONMENT
    """Where it came from, for the status line: "profile NAME in STORE",
    "environment (not stored)" or "command line"."""
    profile: str | None = None
    """The keyring profile it came from, if any."""
    warning: str | None = None
    """Something to keep visible while these are in use (an insecure keyring backend)."""

    @property
    def stored(self) -> bool:
        """Whether these credentials come from the keyring (else: env or flags, not stored)."""
        return self.profile is not None

    def private_key(self) -> EllipticCurvePrivateKey:
        return load_private_key(self.private_key_pem)


@dataclass(frozen=True)
class KeyFlags:
    """Credentials given on the command line (all three, or none)."""

    issuer_id: str | None = None
    key_id: str | None = None
    key_file: str | None = None

    def given(self) -> bool:
        return bool(self.issuer_id or self.key_id or self.key_file)


def check_issuer_id(value: str) -> str:
    value = value.strip()
    if not _UUID.match(value):
        raise CredentialsError(
            "The issuer ID should be a UUID like 57246542-96fe-1a63-e053-0824d011072a.",
            hint="Copy it from App Store Connect → Users and Access → Integrations.",
        )
    return value.lower()


def check_key_id(value: str) -> str:
    value = value.strip()
    if not _KEY_ID.match(value):
        raise CredentialsError(
            "The key ID should be 10 upper-case letters and digits, like 2X9R4HXF34.",
            hint="It is part of the key's file name: AuthKey_<KEY ID>.p8.",
        )
    return value


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


MAX_KEY_BYTES = 64 * 1024
"""A .p8 key is about 250 bytes; anything past 64 KB is not one (and is not read)."""
KEY_PATH_MAX = 256
"""A key *path* longer than this is taken for the key's text and never shown."""
SHOWN_PATH_MAX = 80
_KEY_TEXT_RUN = re.compile(r"[A-Za-z0-9+=]{40,}")


def _surely_key_text(text: str) -> bool:
    return "-----BEGIN" in text or "\n" in text or "\r" in text or len(text) > KEY_PATH_MAX


def looks_like_key_text(value: str) -> bool:
    """Whether a value looks like key text rather than a path (no file system access): a
    PEM, several lines, over 256 characters, or a run of 40+ base64 characters."""
    text = value.strip()
    return _surely_key_text(text) or _KEY_TEXT_RUN.search(text) is not None


def key_text_as_path(value: str) -> bool:
    """Whether a value given as the key's *path* looks like the key itself
    (``looks_like_key_text``; a base64 run only when it names no file). Such a value is
    never echoed in a message (it would put the key in a terminal or a CI log)."""
    text = value.strip()
    if _surely_key_text(text):
        return True
    if _KEY_TEXT_RUN.search(text) is None:
        return False
    try:
        return not Path(text).expanduser().exists()
    except (OSError, ValueError):
        return True


def shown_key_path(path: str | Path) -> str:
    """A key path as messages show it: controls made visible, at most 80 characters."""
    from ..safe_text import visible

    text = visible(str(path))
    if len(text) <= SHOWN_PATH_MAX:
        return text
    half = (SHOWN_PATH_MAX - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def read_key_file(path: str | Path) -> str:
    if key_text_as_path(str(path)):
        raise InvalidKeyError(
            "The value given as the key path looks like the key itself (not shown).",
            hint="Give the path of the .p8 file, or pass the key's text another way: set "
            "ASC_PRIVATE_KEY instead of ASC_PRIVATE_KEY_PATH, or use --key-file - and paste "
            "it on stdin.",
        )
    p = Path(path).expanduser()
    shown = shown_key_path(p)
    try:
        return read_regular_file(p, limit=MAX_KEY_BYTES).decode("utf-8", "replace")
    except FileRefused as refused:
        if refused.reason.startswith("is a folder"):
            raise InvalidKeyError(f"{shown} is a folder, not a .p8 key file.") from None
        raise InvalidKeyError(
            f"The key file {shown} {refused.reason}; a .p8 key is a small text file."
        ) from None
    except FileNotFoundError:
        raise InvalidKeyError(f"The key file {shown} does not exist.") from None
    except IsADirectoryError:
        raise InvalidKeyError(f"{shown} is a folder, not a .p8 key file.") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise InvalidKeyError(f"The key file {shown} cannot be read ({reason}).") from None


def key_id_from_filename(path: str | Path) -> str | None:
    """The key ID in Apple's file name ``AuthKey_<KEY ID>.p8``, if the name is that."""
    match = _KEY_FILE_NAME.match(Path(path).name)
    return match.group(1) if match else None


def credentials_from_flags(flags: KeyFlags) -> Credentials | None:
    """Credentials from ``--issuer-id``/``--key-id``/``--key-file``, or None if none given."""
    if not flags.given():
        return None
    key_id = flags.key_id or (key_id_from_filename(flags.key_file) if flags.key_file else None)
    missing = [
        name
        for name, value in (
            ("--issuer-id", flags.issuer_id),
            ("--key-id", key_id),
            ("--key-file", flags.key_file),
        )
        if not value
    ]
    if missing:
        raise MissingCredentialsError(
            "Incomplete credentials on the command line: " + ", ".join(missing) + " missing.",
            hint="Give --issuer-id, --key-id and --key-file together, or none of them.",
        )
    assert flags.issuer_id and key_id and flags.key_file
    pem = read_key_file(flags.key_file)
    load_private_key(pem)
    return Credentials(
        issuer_id=check_issuer_id(flags.issuer_id),
        key_id=check_key_id(key_id),
        private_key_pem=normalize_pem(pem),
        source=SOURCE_COMMAND_LINE,
    )


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials from the environment, or None when none of the variables is set."""
    env = os.environ if environ is None else environ
    issuer = env.get(ENV_ISSUER_ID, "").strip()
    key_id = env.get(ENV_KEY_ID, "").strip()
    key_path = env.get(ENV_PRIVATE_KEY_PATH, "").strip()
    key_text = env.get(ENV_PRIVATE_KEY, "")
    if not (issuer or key_id or key_path or key_text.strip()):
        return None
    missing = [
        name
        for name, value in (
            (ENV_ISSUER_ID, issuer),
            (ENV_KEY_ID, key_id),
            (f"{ENV_PRIVATE_KEY_PATH} or {ENV_PRIVATE_KEY}", key_path or key_text.strip()),
        )
        if not value
    ]
    if missing:
        raise MissingCredentialsError(
            "Incomplete credentials in the environment: " + ", ".join(missing) + " not set."
        )
    pem = read_key_file(key_path) if key_path else key_text
    load_private_key(pem)  # fail early, with a plain message
    return Credentials(
        issuer_id=check_issuer_id(issuer),
        key_id=check_key_id(key_id),
        private_key_pem=normalize_pem(pem),
        source=SOURCE_ENVIRONMENT,
    )


def credentials_from_profile(
    name: str, config: Config, store: KeyringStore | None = None
) -> Credentials:
    """A profile's credentials from the keyring (blocking: D-Bus, maybe an unlock prompt)."""
    from .keyring_store import store_for

    profile = config.get(name)  # an unknown profile is an error before the keyring is touched
    store = store or store_for(profile.store)
    stored = store.get(name)
    if stored is None:
        raise key_gone_error(profile, store.status().store)
    try:
        load_private_key(stored.private_key_pem)
    except InvalidKeyError as error:
        raise InvalidKeyError(
            f"The key stored for profile {name!r} is not usable: {error.message}"
        ) from None
    return Credentials(
        issuer_id=stored.issuer_id,
        key_id=stored.key_id,
        private_key_pem=stored.private_key_pem,
        source=keyring_source(name, store.status().store),
        profile=name,
        warning=store.status().warning,
    )


def key_gone_error(profile: Profile, store: str) -> ProfileError:
    """A profile whose key its store no longer has: why (a reboot, for the kernel keyring)
    and the command that adds it again."""
    from .keyring_backends import store_label

    again = (
        f"Add it again: asc-tui auth add --profile {profile.name} "
        + (f"--store {store} " if store in {"keyctl", profile.store} else "")
        + f"--force --issuer-id {profile.issuer_id} --key-id {profile.key_id} "
        f"--key-file AuthKey_{profile.key_id}.p8"
    )
    if store == "keyctl":
        from .kernel_keyring import lifetime_text

        return ProfileError(
            f"The key of profile {profile.name!r} is gone from the {store_label(store)}. "
            f"Keys there {lifetime_text()}.",
            hint=again,
        )
    return ProfileError(
        f"The key of profile {profile.name!r} is not in the keyring ({store_label(store)}).",
        hint=again,
    )


def resolve_credentials(
    environ: Mapping[str, str] | None = None,
    *,
    profile: str | None = None,
    flags: KeyFlags | None = None,
    config: Config | None = None,
    store: KeyringStore | None = None,
) -> Credentials:
    """The credentials to use, by precedence (see the module docstring).

    ``profile`` is a profile named on the command line (or picked in the TUI); ``config``
    defaults to the saved settings, ``store`` to the OS keyring. Raises
    MissingCredentialsError when there are none (the TUI then shows its first-run screen),
    ProfileError, InvalidKeyError or KeyringError with a message saying what to do.
    """
    from .config import load_config

    if flags is not None and (creds := credentials_from_flags(flags)) is not None:
        return creds
    config = config if config is not None else load_config()
    if profile:
        return credentials_from_profile(profile, config, store)
    if (creds := credentials_from_env(environ)) is not None:
        return creds
    if config.default_profile:
        return credentials_from_profile(config.default_profile, config, store)
    if config.profiles:
        raise MissingCredentialsError(
            "No default profile is set (profiles: " + ", ".join(config.names) + ").",
            hint="Pick one with `asc-tui auth default NAME`, or pass --profile NAME.",
        )
    raise MissingCredentialsError("No App Store Connect API credentials found.")
