"""`asc-tui auth doctor` as a real process: all good (GNOME Keyring under .ci/with-keyring),
no D-Bus (the kernel keyring takes over), the kernel keyring blocked (seccomp, as in a
container), a server whose clock is an hour off (the demo sends a skewed Date and checks
tokens against it), a revoked key (401), and no server at all. Exact lines, exit codes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.demo import DemoKey, DemoServer, generate_demo_key
from tests.support.auth import headless_env, key_file, run_process
from tests.support.keyctl import (
    block_keyctl,
    can_block_keyctl,
    forget_kernel_keys,
    keyctl_problem,
    skip_unless_default_expiry,
    unique_profile,
)

KEYCTL_OK = (
    "✓ Kernel keyring: works (persistent keyring); keys there live in kernel memory only: "
    "they are gone after a reboot, and after 3 days without use (the persistent keyring's "
    "expiry, /proc/sys/kernel/keys/persistent_keyring_expiry)"
)
NO_DBUS = "✗ Secret Service: no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)"
ROLE = (
    "the key is accepted and may list apps (the API does not say a key's role; analytics "
    "need Admin, Sales and Reports, or Finance)"
)
REJECTED = (
    "Authentication credentials are missing or invalid.: Provide a properly configured and "
    "signed bearer token, and make sure that it has not expired. Learn more about Generating "
    "Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens (401 "
    "NOT_AUTHORIZED)"
)
needs_keyctl = pytest.mark.skipif(keyctl_problem() is not None, reason=keyctl_problem() or "")
blocks_keyctl = pytest.mark.skipif(can_block_keyctl() is not None, reason=can_block_keyctl() or "")


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture
def server(key: DemoKey) -> Iterator[DemoServer]:
    with DemoServer([key]) as demo:  # a fresh rate-limit budget per test
        yield demo


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def expiry_is_default() -> None:
    skip_unless_default_expiry()


def flags(key: DemoKey, folder: Path, base_url: str) -> list[str]:
    path = str(key_file(folder, key))
    return ["--issuer-id", key.issuer_id, "--key-file", path, "--base-url", base_url]


def marks(stdout: str) -> list[str]:
    """The finding lines (not their fixes)."""
    return [line for line in stdout.splitlines() if not line.startswith(" ")]


def common(home: Path) -> list[str]:
    return [
        f"- Config: {home}/.config/asc-tui/config.json (not created yet)",
        f"- Cache: {home}/.cache/asc-tui (not created yet)",
    ]


def test_all_good_with_gnome_keyring(
    home: Path, tmp_path: Path, key: DemoKey, server: DemoServer, expiry_is_default: None
) -> None:
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not bus:
        pytest.skip("needs a Secret Service: run under .ci/with-keyring")
    env = headless_env(home, DBUS_SESSION_BUS_ADDRESS=bus)
    profile = unique_profile("doc")
    add = [
        "auth",
        "add",
        "--profile",
        profile,
        "--no-check",
        *flags(key, tmp_path, server.base_url),
    ]
    assert run_process(*add, env=env).returncode == 0
    try:
        result = run_process("auth", "doctor", env=env)
    finally:
        run_process("auth", "remove", profile, env=env)
    config = home / ".config" / "asc-tui"
    assert marks(result.stdout) == [
        "✓ Store: asc-tui would use the Secret Service (GNOME Keyring, KWallet) over D-Bus "
        + (
            "(usable here: Secret Service, Kernel keyring)"
            if keyctl_problem() is None
            else "(usable here: Secret Service)"
        ),
        "✓ Secret Service: reachable over D-Bus and unlocked",
        KEYCTL_OK if keyctl_problem() is None else marks(result.stdout)[2],
        f"✓ Config: {config}/config.json (folder 0700, file 0600)",
        f"- Cache: {home}/.cache/asc-tui (not created yet)",
        "- Environment: no ASC_* variables set",
        f"✓ Credentials: key {key.key_id} (profile {profile} in Secret Service)",
        f"✓ API: {server.base_url} with key {key.key_id}: {ROLE}",
        "✓ Clock: within 60 s of the API server's",
        "✓ Rate limit: 3599 of 3600 requests left this hour",
        "Nothing here stops asc-tui from working.",
    ]
    assert (result.returncode, result.stderr) == (0, "")


@needs_keyctl
def test_no_dbus_the_kernel_keyring_is_used(
    home: Path, tmp_path: Path, key: DemoKey, server: DemoServer, expiry_is_default: None
) -> None:
    env = headless_env(home)
    profile = unique_profile("doc")
    add = [
        "auth",
        "add",
        "--profile",
        profile,
        "--no-check",
        *flags(key, tmp_path, server.base_url),
    ]
    try:
        assert run_process(*add, env=env).returncode == 0
        result = run_process("auth", "doctor", env=env)
        as_json = json.loads(run_process("auth", "doctor", "--json", env=env).stdout)
    finally:
        forget_kernel_keys([profile])
    assert marks(result.stdout) == [
        "✓ Store: asc-tui would use the Linux kernel keyring (keyctl) (usable here: Kernel "
        "keyring)",
        NO_DBUS,
        KEYCTL_OK,
        f"✓ Config: {home}/.config/asc-tui/config.json (folder 0700, file 0600)",
        f"- Cache: {home}/.cache/asc-tui (not created yet)",
        "- Environment: no ASC_* variables set",
        f"✓ Credentials: key {key.key_id} (profile {profile} in kernel keyring)",
        f"✓ API: {server.base_url} with key {key.key_id}: {ROLE}",
        "✓ Clock: within 60 s of the API server's",
        "✓ Rate limit: 3599 of 3600 requests left this hour",
        "Nothing here stops asc-tui from working.",
    ]
    assert "    fix: Over SSH, run asc-tui in a D-Bus session" in result.stdout
    assert result.returncode == 0
    assert as_json["ok"] is True
    by_name = {c["name"]: c for c in as_json["checks"]}
    assert (by_name["Secret Service"]["ok"], by_name["Secret Service"]["fatal"]) == (False, False)
    assert by_name["Rate limit"]["text"] == "3598 of 3600 requests left this hour"


@blocks_keyctl
def test_kernel_keyring_blocked_and_no_dbus(
    home: Path, tmp_path: Path, key: DemoKey, server: DemoServer
) -> None:
    env = headless_env(
        home,
        ASC_ISSUER_ID=key.issuer_id,
        ASC_KEY_ID=key.key_id,
        ASC_PRIVATE_KEY_PATH=str(key_file(tmp_path, key)),
        ASC_BASE_URL=server.base_url,
    )
    result = run_process("auth", "doctor", env=env, preexec_fn=block_keyctl)
    blocked = "✗ Kernel keyring: the keyctl system calls are blocked here (Operation not permitted)"
    assert marks(result.stdout) == [
        "✗ Store: no credential store is usable here",
        NO_DBUS,
        blocked,
        *common(home),
        "✓ Environment: ASC_ISSUER_ID, ASC_KEY_ID, ASC_PRIVATE_KEY_PATH, ASC_BASE_URL set",
        f"✓ Credentials: key {key.key_id} (environment (not stored))",
        f"✓ API: {server.base_url} with key {key.key_id}: {ROLE}",
        "✓ Clock: within 60 s of the API server's",
        "✓ Rate limit: 3599 of 3600 requests left this hour",
        "Nothing here stops asc-tui from working.",
    ]
    assert result.returncode == 0  # the environment's key works without any store
    assert (
        "    fix: In a container, allow the add_key and keyctl system calls in its seccomp "
        "profile (Docker: --security-opt seccomp=… with them allowed)."
    ) in result.stdout.splitlines()

    bare = run_process("auth", "doctor", env=headless_env(home), preexec_fn=block_keyctl)
    assert marks(bare.stdout)[:3] == [
        "✗ Store: no credential store is usable here",
        NO_DBUS,
        blocked,
    ]
    assert marks(bare.stdout)[5:] == [
        "- Environment: no ASC_* variables set",
        "✗ Credentials: No App Store Connect API credentials found.",
        "- API: not checked (no credentials)",
        "- Clock: not checked (no credentials)",
        "- Rate limit: not checked (no credentials)",
        "These stop asc-tui from working: Credentials.",
    ]
    assert bare.returncode == 1


@pytest.mark.parametrize(("skew", "said"), [(3600, "1.0 h behind"), (-7200, "2.0 h ahead of")])
def test_a_skewed_clock(home: Path, tmp_path: Path, key: DemoKey, skew: int, said: str) -> None:
    with DemoServer([key], date_skew=skew) as server:
        result = run_process(
            "auth", "doctor", *flags(key, tmp_path, server.base_url), env=headless_env(home)
        )
    assert marks(result.stdout)[6:] == [
        f"✓ Credentials: key {key.key_id} (command line)",
        f"✗ API: {server.base_url} with key {key.key_id}: {REJECTED}",
        f"✗ Clock: this machine's clock is {said} the API server's: tokens are rejected",
        "✓ Rate limit: 3599 of 3600 requests left this hour",
        "These stop asc-tui from working: API, Clock.",
    ]
    assert (
        "    fix: Set the clock right: sudo timedatectl set-ntp true (or: sudo chronyc makestep)."
    ) in result.stdout.splitlines()
    assert result.returncode == 1


def test_a_revoked_key(home: Path, tmp_path: Path, key: DemoKey) -> None:
    with DemoServer([key], revoked_key_ids=[key.key_id]) as server:
        result = run_process(
            "auth", "doctor", *flags(key, tmp_path, server.base_url), env=headless_env(home)
        )
    assert marks(result.stdout)[6:] == [
        f"✓ Credentials: key {key.key_id} (command line)",
        f"✗ API: {server.base_url} with key {key.key_id}: {REJECTED}",
        "✓ Clock: within 60 s of the API server's",
        "✓ Rate limit: 3599 of 3600 requests left this hour",
        "These stop asc-tui from working: API.",
    ]
    assert (
        "    fix: The API key was rejected: check the issuer ID and key ID, make sure the key "
        in (result.stdout)
    )
    assert result.returncode == 1


def test_the_network_is_down(home: Path, tmp_path: Path, key: DemoKey) -> None:
    base = "http://127.0.0.1:9"  # discard: nothing listens
    result = run_process("auth", "doctor", *flags(key, tmp_path, base), env=headless_env(home))
    assert marks(result.stdout)[6:] == [
        f"✓ Credentials: key {key.key_id} (command line)",
        f"✗ API: {base} with key {key.key_id}: no answer ([Errno 111] Connection refused)",
        "- Clock: not checked (no answer from the API)",
        "- Rate limit: not checked (no answer from the API)",
        "These stop asc-tui from working: API.",
    ]
    assert result.returncode == 1
    as_json = json.loads(
        run_process(
            "auth", "doctor", "--json", *flags(key, tmp_path, base), env=headless_env(home)
        ).stdout
    )
    assert as_json["ok"] is False
    api = next(c for c in as_json["checks"] if c["name"] == "API")
    assert (api["ok"], api["fatal"]) == (False, True)
    assert key.private_key_pem.splitlines()[1] not in json.dumps(as_json)
