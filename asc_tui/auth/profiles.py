"""Profiles as `asc-tui auth` and the TUI use them: check what a person typed field by
field, add (keyring first, then the settings file), list, remove, pick the default.

Listing reads only the settings file (no keyring, safe on the UI thread). Adding and
removing touch the keyring: call them from a worker thread. No Textual here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AscError, KeyringError, ProfileError
from .config import (
    DEFAULT_PROFILE_NAME,
    Config,
    Profile,
    check_base_url,
    check_profile_name,
    load_config,
    save_config,
)
from .credentials import check_issuer_id, check_key_id
from .key_file import key_id_from_filename, read_key_file
from .keyring_backends import STORES
from .keyring_store import KeyringStatus, KeyringStore, StoredKey, store_for
from .private_key import load_private_key, normalize_pem

FIELD_PROFILE = "profile"
FIELD_ISSUER_ID = "issuer_id"
FIELD_KEY_ID = "key_id"
FIELD_KEY = "key"
FIELDS = (FIELD_PROFILE, FIELD_ISSUER_ID, FIELD_KEY_ID, FIELD_KEY)


@dataclass(frozen=True)
class ProfileSummary:
    """One row of the profile list / switcher. Never holds the key."""

    name: str
    issuer_id: str
    key_id: str
    base_url: str | None
    is_default: bool
    store: str | None = None
    """Where the key is kept (a name from ``keyring_backends.STORES``); None: not recorded."""


def list_profiles(config: Config | None = None) -> list[ProfileSummary]:
    """Profiles by name, from the settings file only (no keyring access)."""
    config = config if config is not None else load_config()
    return [
        ProfileSummary(
            p.name, p.issuer_id, p.key_id, p.base_url, p.name == config.default_profile, p.store
        )
        for p in config.ordered()
    ]


@dataclass(frozen=True)
class NewProfileCheck:
    """What is wrong with each field of a new profile, for a form that checks as you type.

    ``errors`` maps a field name (:data:`FIELDS`) to a message; a field without an entry is
    fine. The values are normalised (trimmed, issuer ID lower-cased, PEM tidied); the key
    ID is filled in from an ``AuthKey_<KEY ID>.p8`` file name when left empty.
    """

    profile: str
    issuer_id: str
    key_id: str
    private_key_pem: str = field(repr=False)
    errors: Mapping[str, str] = field(default_factory=dict)
    hints: Mapping[str, str] = field(default_factory=dict)
    """What to do about each error that has more to say than its message."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def stored_key(self) -> StoredKey:
        if not self.ok:
            raise ValueError("the new profile has errors: " + ", ".join(self.errors))
        return StoredKey(self.issuer_id, self.key_id, self.private_key_pem)


def looks_like_pem(text: str) -> bool:
    return "-----BEGIN" in text


def check_new_profile(
    *,
    issuer_id: str,
    key_id: str,
    key: str,
    profile: str = DEFAULT_PROFILE_NAME,
    key_is_text: bool | None = None,
) -> NewProfileCheck:
    """Check first-run input. ``key`` is a path to the .p8 or the pasted PEM text: text when
    ``key_is_text``, a path when it is False, and when None, text if it holds a PEM line.

    Reads the key file when given a path (small, local; fine in a worker or on each change
    of a form field). Empty fields get a message saying what to enter.
    """
    errors: dict[str, str] = {}
    hints: dict[str, str] = {}

    def check(name: str, value: str, what: str, checker: Callable[[str], str]) -> str:
        if not value.strip():
            errors[name] = f"Enter the {what}."
            return ""
        try:
            return checker(value)
        except AscError as error:
            errors[name] = error.message
            if error.hint:
                hints[name] = error.hint
            return value.strip()

    is_text = looks_like_pem(key) if key_is_text is None else key_is_text
    key = key if is_text else key.strip()
    pem = ""
    if not key and not is_text:
        errors[FIELD_KEY] = "Enter the path to the .p8 file, or paste its text."
    else:
        try:
            pem = key if is_text else read_key_file(key)
            load_private_key(pem)
            pem = normalize_pem(pem)
        except AscError as error:
            errors[FIELD_KEY] = error.message
            if error.hint:
                hints[FIELD_KEY] = error.hint
            pem = ""
    if not key_id.strip() and key and not is_text:
        key_id = key_id_from_filename(key) or ""
    return NewProfileCheck(
        profile=check(FIELD_PROFILE, profile, "profile name", check_profile_name),
        issuer_id=check(FIELD_ISSUER_ID, issuer_id, "issuer ID", check_issuer_id),
        key_id=check(FIELD_KEY_ID, key_id, "key ID", check_key_id),
        private_key_pem=pem,
        errors=errors,
        hints=hints,
    )


@dataclass(frozen=True)
class AddResult:
    profile: Profile
    replaced: bool
    is_default: bool
    config_path: Path
    keyring: KeyringStatus


def add_profile(
    name: str,
    key: StoredKey,
    *,
    base_url: str | None = None,
    make_default: bool = False,
    replace: bool = False,
    store: KeyringStore | None = None,
    config_path: Path | None = None,
) -> AddResult:
    """Store ``key`` in the keyring under ``name``, then record the profile in the settings
    with the store it went to.

    ``store`` defaults to the best usable OS store. Raises ProfileError if the profile
    exists and ``replace`` is false. The first profile becomes the default. Blocking
    (keyring): call from a worker thread.
    """
    name = check_profile_name(name)
    url = check_base_url(base_url) if base_url else None
    config = load_config(config_path)
    existing = config.profiles.get(name)
    if existing is not None and not replace:
        raise ProfileError(
            f"A profile named {name!r} already exists (key {existing.key_id}).",
            hint="Replace it with --force, or choose another name with --profile NAME.",
        )
    store = store or store_for(None)
    store.set(name, key)
    if existing is not None and existing.store and existing.store != store.status().store:
        _forget_key(name, existing.store)
    kept_in = store.status().store
    # A backend forced by PYTHON_KEYRING_BACKEND is not recorded: it is found the same way.
    profile = Profile(name, key.issuer_id, key.key_id, url, kept_in if kept_in in STORES else None)
    config = config.with_profile(profile, make_default=make_default)
    path = save_config(config, config_path)
    return AddResult(
        profile,
        replaced=existing is not None,
        is_default=config.default_profile == name,
        config_path=path,
        keyring=store.status(),
    )


@dataclass(frozen=True)
class RemoveResult:
    name: str
    key_was_stored: bool
    default_profile: str | None
    """The default after the removal (None: there is none now)."""


def remove_profile(
    name: str, *, store: KeyringStore | None = None, config_path: Path | None = None
) -> RemoveResult:
    """Delete ``name``'s key from the keyring, then the profile from the settings.

    A name the settings do not know is still looked up in the keyring (an entry left
    behind); ProfileError if it is in neither. Blocking (keyring).
    """
    config = load_config(config_path)
    known = config.profiles.get(name)
    store = store or store_for(known.store if known else None)
    if known is None:
        try:
            found = store.delete(name)
        except KeyringError:
            found = False
        if not found:
            raise config.unknown(name, suggest_add=False)
        return RemoveResult(name, True, config.default_profile)
    had_key = store.delete(name)
    config = config.without_profile(name)
    save_config(config, config_path)
    return RemoveResult(name, had_key, config.default_profile)


def _forget_key(name: str, store: str) -> None:
    """Delete the key a replaced profile kept in another store, if that store is usable."""
    with contextlib.suppress(KeyringError):
        store_for(store).delete(name)


def set_default_profile(name: str, *, config_path: Path | None = None) -> Config:
    """Make ``name`` the default profile (settings file only; no keyring access)."""
    config = load_config(config_path)
    if name not in config.profiles:
        raise config.unknown(name)
    config = config.with_default(name)
    save_config(config, config_path)
    return config
