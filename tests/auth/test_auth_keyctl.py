"""The Linux kernel keyring (keyctl) for real, on this machine: headless (no D-Bus, as over
SSH) `auth add` stores into it, `auth list` shows it, `asc-tui apps` uses it against the
demo server on loopback, `auth remove` takes it out again, and the key is never written to
disk. A key the kernel dropped (a reboot) is reported as such, with the command that adds
it again. When a Secret Service is running it is still preferred.

The kernel keyring is shared by every process of this UID (tests of other checkouts may
run at the same time): each test uses its own profile names and removes its keys. When
keyctl is blocked here (a sandbox's seccomp profile), these tests are skipped, saying so.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.auth.config import load_config
from asc_tui.auth.kernel_keyring import KernelKeyring, Keyctl
from asc_tui.auth.keyring_store import KeyringStore, StoredKey
from asc_tui.demo import DemoKey, DemoServer, generate_demo_key
from asc_tui.demo.data.catalog import APPS
from tests.support.auth import (
    files_under,
    headless_env,
    key_file,
    leaks_in_files,
    run_cli,
    run_process,
    secret_markers,
)
from tests.support.keyctl import (
    forget_kernel_keys,
    forget_service,
    kernel_key_exists,
    needs_keyctl,
    skip_unless_default_expiry,
    unique_profile,
)

pytestmark = needs_keyctl()

LIFETIME = (
    "live in kernel memory only: they are gone after a reboot, and after 3 days without use "
    "(the persistent keyring's expiry, /proc/sys/kernel/keys/persistent_keyring_expiry)"
)


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


@pytest.fixture(scope="module")
def server(key: DemoKey) -> Iterator[DemoServer]:
    with DemoServer([key]) as demo:
        yield demo


@pytest.fixture
def profile() -> Iterator[str]:
    name = unique_profile()
    yield name
    forget_kernel_keys([name])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def expiry_is_default() -> None:
    skip_unless_default_expiry()


def recent_files_under(folder: Path, since: float, skip: set[Path]) -> list[Path]:
    """Files under ``folder`` written since ``since`` (the test's own doing), except ``skip``."""
    found = []
    for root, _dirs, names in os.walk(folder, onerror=lambda _e: None):
        for name in names:
            path = Path(root) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.is_file() and info.st_mtime >= since and path not in skip:
                found.append(path)
    return found


def test_headless_add_list_apps_remove_in_the_kernel_keyring(
    home: Path,
    tmp_path: Path,
    key: DemoKey,
    server: DemoServer,
    profile: str,
    expiry_is_default: None,
) -> None:
    started = time.time() - 1
    env = headless_env(home)
    p8 = key_file(tmp_path, key)
    added = run_process(
        "auth", "add", "--profile", profile, "--issuer-id", key.issuer_id,
        "--key-file", str(p8), "--base-url", server.base_url, "--no-check", env=env,
    )  # fmt: skip
    assert (added.returncode, added.stderr) == (0, "")
    assert added.stdout == (
        f"Stored profile '{profile}' (issuer {key.issuer_id}, key {key.key_id}) in Linux kernel "
        "keyring (keyctl). It is the default profile.\n"
        f"Note: keys in the kernel keyring {LIFETIME}. `asc-tui auth list` says when it is "
        "gone.\n"
        f"Check it with: asc-tui auth check {profile}\n"
    )
    assert kernel_key_exists(profile)
    assert load_config(home / ".config" / "asc-tui" / "config.json").profiles[profile].store == (
        "keyctl"
    )

    listed = run_process("auth", "list", env=env)
    assert listed.returncode == 0
    row = listed.stdout.splitlines()[1].split()
    assert row == ["*", profile, key.issuer_id, key.key_id, "keyctl", server.base_url]
    as_json = json.loads(run_process("auth", "list", "--json", env=env).stdout)
    assert [(p["name"], p["store"], p["keyPresent"]) for p in as_json] == [
        (profile, "keyctl", True)
    ]

    apps = run_process("apps", "--json", env=env)
    assert apps.returncode == 0, apps.stderr
    assert sorted(a["name"] for a in json.loads(apps.stdout)) == sorted(a.name for a in APPS)
    checked = run_process("auth", "check", env=env)
    assert checked.stdout == (
        f"OK: key {key.key_id} (profile {profile} in kernel keyring) at {server.base_url} works.\n"
    )

    removed = run_process("auth", "remove", profile, env=env)
    assert (removed.returncode, removed.stdout) == (0, f"Removed profile '{profile}'.\n")
    assert not kernel_key_exists(profile)

    # Nothing of the key on disk: the config, cache, state and data folders, and any file
    # written to /tmp meanwhile (other than the .p8 the test itself wrote).
    markers = secret_markers([key.private_key_pem])
    assert leaks_in_files([home], markers) == {}
    written = recent_files_under(Path("/tmp"), started, skip={p8})
    assert leaks_in_files(written, markers) == {}
    assert files_under(home) == [".config/asc-tui/config.json"]


def test_a_key_the_kernel_dropped_says_so_and_how_to_add_it_again(
    home: Path, tmp_path: Path, key: DemoKey, profile: str, expiry_is_default: None
) -> None:
    env = headless_env(home)
    args = ["auth", "add", "--profile", profile, "--issuer-id", key.issuer_id, "--no-check"]
    assert run_process(*args, "--key-file", str(key_file(tmp_path, key)), env=env).returncode == 0
    forget_kernel_keys([profile])  # what a reboot (or the keyring's expiry) does

    gone = (
        f"The key of profile '{profile}' is gone from the Linux kernel keyring (keyctl). Keys "
        f"there {LIFETIME}.\n"
        f"Add it again: asc-tui auth add --profile {profile} --store keyctl --force --issuer-id "
        f"{key.issuer_id} --key-id {key.key_id} --key-file AuthKey_{key.key_id}.p8\n"
    )
    listed = run_process("auth", "list", env=env)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1].split()[4:] == ["keyctl", "(KEY", "GONE)"]
    assert listed.stdout.endswith(gone)
    assert (
        json.loads(run_process("auth", "list", "--json", env=env).stdout)[0]["keyPresent"] is False
    )
    apps = run_process("apps", env=env)
    assert (apps.returncode, apps.stdout, apps.stderr) == (1, "", "asc-tui: " + gone)


def test_store_keyctl_on_purpose_and_the_store_in_the_status_label(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key: DemoKey, server: DemoServer,
    profile: str,
) -> None:  # fmt: skip
    """In-process, with or without a Secret Service: ``--store keyctl`` goes there."""
    from asc_tui.auth.connection import Connection

    args = ["auth", "add", "--profile", profile, "--issuer-id", key.issuer_id, "--store", "keyctl"]
    args += ["--key-file", str(key_file(tmp_path, key)), "--base-url", server.base_url]
    code, out, err = run_cli(capsys, *args, "--no-check")
    assert (code, err) == (0, "")
    assert "in Linux kernel keyring (keyctl)." in out.splitlines()[0]
    assert kernel_key_exists(profile)
    resolved = Connection(profile=profile).resolved()
    assert resolved.label == (
        f"profile {profile} in kernel keyring · key {key.key_id} · "
        f"{server.base_url.split('://')[1]}"
    )
    assert run_cli(capsys, "auth", "remove", profile)[0] == 0
    assert not kernel_key_exists(profile)


def test_the_store_round_trip_and_what_others_can_see() -> None:
    """Through KeyringStore, with a service name of its own; the key is readable by this
    UID only (possessor and user permissions, nothing for group or others)."""
    service = f"asc-tui-test-{unique_profile()}"
    store = KeyringStore(service, store="keyctl")
    stored = StoredKey("69a6de7e-0000-47e3-e053-5b8c7c11a4d1", "2X9R4HXF34", "-----BEGIN x")
    try:
        assert store.status().label == "Linux kernel keyring (keyctl)"
        assert store.get("p") is None
        store.set("p", stored)
        assert store.get("p") == stored
        serial = KernelKeyring()._find(Keyctl(), service, "p")
        assert serial is not None
        keys = [line.split() for line in Path("/proc/keys").read_text().splitlines()]
        perm = next(row[4] for row in keys if int(row[0], 16) == serial)
        assert perm == "3f3f0000"  # possessor and user: all; group and others: nothing
        assert store.delete("p") is True
        assert store.get("p") is None and store.delete("p") is False
    finally:
        forget_service(service)


def test_secret_service_is_still_preferred_when_it_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key: DemoKey, profile: str
) -> None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("needs a Secret Service: run under .ci/with-keyring")
    args = ["auth", "add", "--profile", profile, "--issuer-id", key.issuer_id, "--no-check"]
    code, out, _ = run_cli(capsys, *args, "--key-file", str(key_file(tmp_path, key)))
    try:
        assert code == 0
        assert "in Secret Service (GNOME Keyring, KWallet) over D-Bus." in out
        assert not kernel_key_exists(profile)
        assert load_config().profiles[profile].store == "secret-service"
    finally:
        run_cli(capsys, "auth", "remove", profile)


def test_asking_for_secret_service_without_dbus_says_why(
    home: Path, tmp_path: Path, key: DemoKey, profile: str
) -> None:
    args = ["auth", "add", "--profile", profile, "--issuer-id", key.issuer_id, "--no-check"]
    args += ["--key-file", str(key_file(tmp_path, key)), "--store", "secret-service"]
    result = run_process(*args, env=headless_env(home))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "asc-tui: The Secret Service (GNOME Keyring, KWallet) over D-Bus cannot be used here: "
        "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)."
    )
    assert files_under(home) == [] and not kernel_key_exists(profile)
