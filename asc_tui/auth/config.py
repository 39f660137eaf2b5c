"""Non-secret settings: the named profiles (issuer ID, key ID, base URL), which one is the
default. Stored as JSON in the platform's config folder, written atomically.

The private key never goes here: it lives in the OS keyring (:mod:`asc_tui.auth.keyring_store`).
The issuer and key IDs are copied here too (they are identifiers, not secrets: both travel
in every token's clear-text header and claims) so that listing and switching profiles needs
no keyring access, which may be slow, locked or prompt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..api.urls import check_url
from ..errors import ConfigError, ProfileError, UrlError
from ..files.atomic import write_text_atomically
from ..files.locations import config_file
from ..store.freshness import CacheSettings

FORMAT_VERSION = 1
DEFAULT_PROFILE_NAME = "default"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def check_profile_name(name: str) -> str:
    name = name.strip()
    if not _PROFILE_NAME.match(name):
        raise ProfileError(
            f"{name!r} cannot be a profile name.",
            hint="Use up to 40 letters, digits, '.', '_' or '-', starting with a letter or "
            "digit, e.g. my-team.",
        )
    return name


@dataclass(frozen=True)
class Profile:
    """One App Store Connect API key, by name. Its private key is in the keyring."""

    name: str
    issuer_id: str
    key_id: str
    base_url: str | None = None
    """Another server speaking Apple's API for this profile; None means Apple's."""
    store: str | None = None
    """Where its key is ("secret-service", "keyctl"…, see ``keyring_backends.STORES``);
    None for profiles saved before stores were recorded: the best usable store."""


@dataclass(frozen=True)
class Config:
    """``config.json``: profiles, the default one, cache settings, key remaps (no secrets)."""

    profiles: Mapping[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    cache: CacheSettings = field(default_factory=CacheSettings)
    """The response cache's size cap and freshness windows (the ``cache`` section)."""
    keys: Mapping[str, object] = field(default_factory=dict)
    """The user's key map: key id → key name(s), e.g. ``{"export": "x"}`` (see the README)."""

    @property
    def names(self) -> list[str]:
        return sorted(self.profiles, key=str.casefold)

    def ordered(self) -> list[Profile]:
        """Profiles sorted by name, for lists and the profile switcher."""
        return [self.profiles[name] for name in self.names]

    def get(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            raise self.unknown(name) from None

    def unknown(self, name: str, *, suggest_add: bool = True) -> ProfileError:
        known = ", ".join(self.names)
        return ProfileError(
            f"There is no profile named {name!r}"
            + (f" (profiles: {known})." if known else "; no profile has been added yet."),
            hint=f"Add it with `asc-tui auth add --profile {name} --issuer-id ID --key-id KEYID "
            "--key-file AuthKey_KEYID.p8`."
            if suggest_add
            else None,
        )

    def with_profile(self, profile: Profile, *, make_default: bool = False) -> Config:
        """Add or replace ``profile``; the first profile added becomes the default."""
        profiles = {**self.profiles, profile.name: profile}
        default = self.default_profile
        if make_default or default is None or default not in profiles:
            default = profile.name
        return replace(self, profiles=profiles, default_profile=default)

    def without_profile(self, name: str) -> Config:
        """Remove ``name``. If it was the default and one profile is left, that one becomes
        the default; with several left there is no default until the user picks one."""
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        default = self.default_profile
        if default == name or default not in profiles:
            default = next(iter(profiles)) if len(profiles) == 1 else None
        return replace(self, profiles=profiles, default_profile=default)

    def with_default(self, name: str) -> Config:
        self.get(name)
        return replace(self, default_profile=name)


def _profile_from_json(name: str, data: Any) -> Profile:
    if not isinstance(data, dict):
        raise ValueError(f"profile {name!r} is not an object")
    issuer, key_id, url = data.get("issuer_id"), data.get("key_id"), data.get("base_url")
    store = data.get("store")
    if store is not None and not isinstance(store, str):
        raise ValueError(f"profile {name!r} has a store that is not a string")
    if not isinstance(issuer, str) or not isinstance(key_id, str):
        raise ValueError(f"profile {name!r} lacks issuer_id or key_id")
    if url is not None and not isinstance(url, str):
        raise ValueError(f"profile {name!r} has a base_url that is not a string")
    return Profile(check_profile_name(name), issuer, key_id, url or None, store or None)


def parse_config(text: str) -> Config:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the top level is not an object")
    raw_profiles = data.get("profiles") or {}
    if not isinstance(raw_profiles, dict):
        raise ValueError("'profiles' is not an object")
    profiles = {name: _profile_from_json(name, p) for name, p in raw_profiles.items()}
    default = data.get("default_profile")
    if default is not None and not isinstance(default, str):
        raise ValueError("'default_profile' is not a string")
    cache = CacheSettings.from_json(data.get("cache"))
    keys = data.get("keys") or {}
    if not isinstance(keys, dict):
        raise ValueError("'keys' is not an object")
    return Config(profiles, default if default in profiles else None, cache, keys)


def config_to_json(config: Config) -> str:
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "default_profile": config.default_profile,
        "profiles": {
            p.name: {
                "issuer_id": p.issuer_id,
                "key_id": p.key_id,
                "base_url": p.base_url,
                **({"store": p.store} if p.store else {}),
            }
            for p in config.ordered()
        },
    }
    if (cache := config.cache.to_json()) is not None:
        data["cache"] = cache
    if config.keys:
        data["keys"] = dict(config.keys)
    text = json.dumps(data, indent=2) + "\n"
    if "-----BEGIN" in text or "eyJ" in text:  # a key or a token: never written to a file
        raise ValueError("refusing to write something that looks like a secret to the config")
    return text


def load_config(path: Path | None = None) -> Config:
    """The saved settings; an empty Config when there is no file yet."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"The settings file {path} cannot be read ({exc.strerror}).") from None
    try:
        return parse_config(text)
    except (ValueError, ProfileError) as exc:
        detail = exc.message if isinstance(exc, ProfileError) else str(exc)
        raise ConfigError(f"The settings file {path} is not valid: {detail}.") from None


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write atomically (temporary file + rename), readable by the user only."""
    path = path or config_file()
    text = config_to_json(config)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_text_atomically(path, text, fsync=True)
    except OSError as exc:
        raise ConfigError(
            f"The settings file {path} cannot be written ({exc.strerror}).",
            hint="Check the folder's permissions, or set XDG_CONFIG_HOME to a writable folder.",
        ) from None
    return path


def check_base_url(url: str, *, what: str = "The base URL") -> str:
    """A base URL from the user, checked (UrlError otherwise), without a trailing /."""
    return check_url(url, what=what).rstrip("/")


def profile_base_url(name: str | None, config: Config) -> str | None:
    """The base URL saved with profile ``name``, if any."""
    if name is None or name not in config.profiles:
        return None
    url = config.profiles[name].base_url
    if url is None:
        return None
    try:
        return check_base_url(url, what=f"The base URL saved with profile {name!r}")
    except UrlError as error:
        raise UrlError(
            error.message,
            hint=f"Save the profile again with a valid URL: `asc-tui auth add --profile {name} "
            "--force --base-url URL …`, or use --base-url / ASC_BASE_URL for now.",
        ) from None
