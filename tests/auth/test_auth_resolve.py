"""Precedence: command-line key > --profile > environment > default profile; where the
credentials came from; the Connection resolving lazily. The keyring here is an in-memory
stand-in (the real one is exercised in test_auth_keyring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from asc_tui.auth.config import Config, Profile, save_config
from asc_tui.auth.connection import Connection
from asc_tui.auth.credentials import KeyFlags, resolve_credentials
from asc_tui.auth.keyring_store import KeyringStatus, KeyringStore, StoredKey
from asc_tui.errors import KeyringError, MissingCredentialsError, ProfileError
from tests.support import keys

ISSUER = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1"
OTHER_ISSUER = "69a6de7e-1111-47e3-e053-5b8c7c11a4d1"


class MemoryStore(KeyringStore):
    """A keyring stand-in that counts reads."""

    def __init__(self, status: KeyringStatus | None = None) -> None:
        super().__init__(timeout=1)
        self.entries: dict[str, StoredKey] = {}
        self.reads = 0
        self._fixed = status or KeyringStatus("memory", "memory", secure=True)

    def status(self) -> KeyringStatus:
        return self._fixed

    def get(self, profile: str) -> StoredKey | None:
        self.reads += 1
        return self.entries.get(profile)

    def set(self, profile: str, key: StoredKey) -> None:
        self.entries[profile] = key

    def delete(self, profile: str) -> bool:
        return self.entries.pop(profile, None) is not None


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.entries["work"] = StoredKey(ISSUER, "WORK000001", keys.p256_pem())
    s.entries["home"] = StoredKey(OTHER_ISSUER, "HOME000001", keys.p256_pem())
    return s


@pytest.fixture
def config() -> Config:
    return (
        Config()
        .with_profile(Profile("work", ISSUER, "WORK000001", "http://work.test"))
        .with_profile(Profile("home", OTHER_ISSUER, "HOME000001"))
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "env.p8"
    path.write_text(keys.p256_pem())
    return {"ASC_ISSUER_ID": ISSUER, "ASC_KEY_ID": "ENV0000001", "ASC_PRIVATE_KEY_PATH": str(path)}


@pytest.fixture
def flags(tmp_path: Path) -> KeyFlags:
    path = tmp_path / "AuthKey_FLAG000001.p8"
    path.write_text(keys.p256_pem())
    return KeyFlags(issuer_id=ISSUER, key_file=str(path))  # key ID from the file name


def test_command_line_key_wins_over_everything(
    flags: KeyFlags, env: dict[str, str], config: Config, store: MemoryStore
) -> None:
    creds = resolve_credentials(env, profile="home", flags=flags, config=config, store=store)
    assert (creds.key_id, creds.source, creds.stored) == ("FLAG000001", "command line", False)
    assert store.reads == 0


def test_named_profile_wins_over_environment(
    env: dict[str, str], config: Config, store: MemoryStore
) -> None:
    creds = resolve_credentials(env, profile="home", config=config, store=store)
    assert (creds.key_id, creds.source, creds.profile) == (
        "HOME000001",
        "profile home in memory",
        "home",
    )
    assert store.reads == 1


def test_environment_wins_over_the_default_profile(
    env: dict[str, str], config: Config, store: MemoryStore
) -> None:
    creds = resolve_credentials(env, config=config, store=store)
    assert (creds.key_id, creds.source, creds.stored) == (
        "ENV0000001",
        "environment (not stored)",
        False,
    )
    assert store.reads == 0  # the keyring is not even asked


def test_default_profile_last(config: Config, store: MemoryStore) -> None:
    creds = resolve_credentials({}, config=config, store=store)
    assert (creds.key_id, creds.source) == ("WORK000001", "profile work in memory")
    assert creds.warning is None


def test_no_profiles_means_missing_without_touching_the_keyring(store: MemoryStore) -> None:
    with pytest.raises(MissingCredentialsError) as info:
        resolve_credentials({}, config=Config(), store=store)
    assert "asc-tui auth add" in info.value.user_message()
    assert store.reads == 0


def test_profiles_without_a_default(config: Config, store: MemoryStore) -> None:
    config = config.with_profile(Profile("ci", ISSUER, "CI00000001")).without_profile("work")
    assert config.default_profile is None  # two left: the user picks
    with pytest.raises(MissingCredentialsError, match=r"No default profile is set \(profiles"):
        resolve_credentials({}, config=config, store=store)


def test_unknown_profile_and_profile_missing_from_the_keyring(
    config: Config, store: MemoryStore
) -> None:
    with pytest.raises(ProfileError, match="no profile named 'nope'"):
        resolve_credentials({}, profile="nope", config=config, store=store)
    assert store.reads == 0
    del store.entries["work"]
    with pytest.raises(ProfileError) as info:
        resolve_credentials({}, profile="work", config=config, store=store)
    assert info.value.message == "The key of profile 'work' is not in the keyring (memory)."
    assert "auth add --profile work --force" in info.value.hint


def test_insecure_backend_warning_travels_with_the_credentials(config: Config) -> None:
    status = KeyringStatus("keyrings.alt.file.PlaintextKeyring", "plain", False, "X")
    store = MemoryStore(status)
    store.entries["work"] = StoredKey(ISSUER, "WORK000001", keys.p256_pem())
    creds = resolve_credentials({}, config=config, store=store)
    assert creds.warning is not None and "not an OS keyring (chosen by X)" in creds.warning


def test_partial_command_line_key(tmp_path: Path) -> None:
    with pytest.raises(MissingCredentialsError, match="--issuer-id, --key-file missing"):
        resolve_credentials({}, flags=KeyFlags(key_id="2X9R4HXF34"), config=Config())


def test_connection_resolves_lazily_with_base_url_precedence(
    config: Config, store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asc_tui.auth.keyring_store as keyring_store

    save_config(config)
    monkeypatch.setattr(keyring_store, "_default", store)
    connection = Connection(profile="work")
    assert store.reads == 0 and connection.label == "App Store Connect · profile work"
    resolved = connection.resolved()
    assert resolved.base_url == "http://work.test"  # the profile's
    assert resolved.label == "profile work in memory · key WORK000001 · work.test"
    assert Connection(profile="work", base_url_override="http://o.test").resolved().base_url == (
        "http://o.test"
    )
    home = resolved.for_profile("home")
    assert home.credentials is None and home.resolved().base_url == (
        "https://api.appstoreconnect.apple.com"
    )


def test_connection_with_nothing_raises_missing_for_the_first_run_screen() -> None:
    with pytest.raises(MissingCredentialsError):
        Connection().resolved()
    with pytest.raises(MissingCredentialsError):
        Connection().open()


def test_keyring_calls_are_bounded_by_a_timeout() -> None:
    import threading

    store = KeyringStore(timeout=0.2)
    release = threading.Event()
    with pytest.raises(KeyringError, match=r"did not answer within 0\.2 seconds") as info:
        store._bounded(lambda: release.wait(5), "get")
    release.set()
    assert "gnome-keyring-daemon --replace --unlock" in info.value.hint
    with pytest.raises(KeyringError, match="did not answer"):  # and it stays failed, fast
        store._bounded(lambda: None, "get")
