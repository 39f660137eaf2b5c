"""Where API credentials come from (the command line, the environment, a profile in the
keyring) and their checks; the .p8 key itself is checked in ``private_key.py`` and read
from its file in ``key_file.py``.

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
from typing import TYPE_CHECKING

from ..errors import CredentialsError, InvalidKeyError, MissingCredentialsError, ProfileError
from .key_file import key_id_from_filename, read_key_file
from .private_key import load_private_key, normalize_pem
from .source_labels import SOURCE_ENVIRONMENT

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

SOURCE_COMMAND_LINE = "command line"


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
