"""`asc-tui auth` against a real GNOME Keyring (Secret Service) in a private D-Bus session,
as `.ci/with-keyring` provides (scripts/test.sh runs the suite under it), and the demo API
server on loopback for `auth check`. Without a Secret Service these tests are skipped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.auth.config import load_config
from asc_tui.auth.keyring_store import SERVICE, KeyringStore, StoredKey
from asc_tui.demo import DemoKey, DemoServer, FaultPlan, generate_demo_key
from tests.support.auth import (
    ROOT,
    key_file,
    leaks_in,
    leaks_in_files,
    run_cli,
    run_process,
    secret_items,
    secret_markers,
)

pytestmark = pytest.mark.usefixtures("real_keyring")


@pytest.fixture(scope="module")
def keys_ab() -> tuple[DemoKey, DemoKey]:
    return generate_demo_key(), generate_demo_key()


@pytest.fixture(scope="module")
def server(keys_ab: tuple[DemoKey, DemoKey]) -> Iterator[DemoServer]:
    with DemoServer(keys_ab, faults=FaultPlan()) as demo:
        yield demo


def add(
    capsys: pytest.CaptureFixture[str],
    key: DemoKey,
    folder: Path,
    profile: str,
    *extra: str,
    server: DemoServer | None = None,
) -> tuple[int, str, str]:
    args = ["auth", "add", "--profile", profile, "--issuer-id", key.issuer_id]
    args += ["--key-file", str(key_file(folder, key)), *extra]
    if server is not None:
        args += ["--base-url", server.base_url]
    return run_cli(capsys, *args)


def test_the_os_keyring_is_chosen_even_with_keyrings_alt_installed(
    real_keyring: KeyringStore,
) -> None:
    import keyrings.alt.file

    assert keyrings.alt.file.PlaintextKeyring.viable  # installed and usable, yet not picked
    status = real_keyring.status()
    assert status.backend == "keyring.backends.SecretService.Keyring"
    assert status.secure and status.warning is None and status.forced_by is None


def test_add_list_check_remove_round_trip(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    server: DemoServer,
    keys_ab: tuple[DemoKey, DemoKey],
) -> None:
    key = keys_ab[0]
    code, out, err = add(capsys, key, tmp_path, "work", server=server)
    assert (code, err) == (0, "")
    assert out == (
        f"Stored profile 'work' (issuer {key.issuer_id}, key {key.key_id}) in Secret Service "
        "(GNOME Keyring, KWallet) over D-Bus. It is the default profile.\n"
        "Check it with: asc-tui auth check work\n"
    )
    stored = StoredKey.from_secret(secret_items()["work"])
    assert (stored.issuer_id, stored.key_id) == (key.issuer_id, key.key_id)
    assert stored.private_key_pem == key.private_key_pem

    code, out, _ = run_cli(capsys, "auth", "list")
    assert code == 0
    assert out.splitlines()[1].split() == [
        "*",
        "work",
        key.issuer_id,
        key.key_id,
        "secret-service",
        server.base_url,
    ]

    code, out, err = run_cli(capsys, "auth", "check", "work")
    assert (code, err) == (0, "")
    assert (
        out
        == f"OK: key {key.key_id} (profile work in Secret Service) at {server.base_url} works.\n"
    )

    code, out, _ = run_cli(capsys, "apps", "--profile", "work", "--json")
    assert code == 0 and json.loads(out)

    code, out, err = run_cli(capsys, "auth", "remove", "work")
    assert (code, out, err) == (0, "Removed profile 'work'.\n", "")
    assert secret_items() == {}
    assert load_config().profiles == {}
    assert run_cli(capsys, "auth", "list")[1].startswith("No profiles yet.")


def test_two_profiles_and_switching_the_default(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    server: DemoServer,
    keys_ab: tuple[DemoKey, DemoKey],
) -> None:
    a, b = keys_ab
    assert add(capsys, a, tmp_path, "team-a", server=server)[0] == 0
    code, out, _ = add(capsys, b, tmp_path, "team-b", server=server)
    assert code == 0 and "default" not in out
    assert set(secret_items()) == {"team-a", "team-b"}

    def listed() -> list[list[str]]:
        return [line.split() for line in run_cli(capsys, "auth", "list")[1].splitlines()[1:]]

    assert [row[:2] for row in listed()] == [["*", "team-a"], ["team-b", b.issuer_id]]
    assert run_cli(capsys, "auth", "check")[1].startswith(f"OK: key {a.key_id} (profile team-a")

    assert run_cli(capsys, "auth", "default", "team-b") == (
        0,
        "The default profile is now 'team-b'.\n",
        "",
    )
    assert [row[0] for row in listed()] == ["team-a", "*"]
    assert run_cli(capsys, "auth", "check")[1].startswith(
        f"OK: key {b.key_id} (profile team-b in Secret Service)"
    )
    # --profile, before or after the command, picks the other one.
    for args in (["--profile", "team-a", "auth", "check"], ["auth", "check", "team-a"]):
        assert run_cli(capsys, *args)[1].startswith(
            f"OK: key {a.key_id} (profile team-a in Secret Service)"
        )

    code, out, _ = run_cli(capsys, "auth", "remove", "team-b")
    assert out == "Removed profile 'team-b'.\nThe default profile is 'team-a'.\n"
    assert set(secret_items()) == {"team-a"}
    assert run_cli(capsys, "auth", "default", "team-b")[0] == 1


def test_overwriting_a_profile_needs_force(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    server: DemoServer,
    keys_ab: tuple[DemoKey, DemoKey],
) -> None:
    a, b = keys_ab
    assert add(capsys, a, tmp_path, "work", server=server)[0] == 0
    code, out, err = add(capsys, b, tmp_path, "work", server=server)
    assert (code, out) == (1, "")
    assert err == (
        f"asc-tui: A profile named 'work' already exists (key {a.key_id}).\n"
        "Replace it with --force, or choose another name with --profile NAME.\n"
    )
    assert StoredKey.from_secret(secret_items()["work"]).key_id == a.key_id  # unchanged

    code, out, err = add(capsys, b, tmp_path, "work", "--force", "--check", server=server)
    assert (code, err) == (0, "")
    assert out.startswith(f"Replaced profile 'work' (issuer {b.issuer_id}, key {b.key_id})")
    assert out.endswith(
        f"OK: key {b.key_id} (profile work in Secret Service) at {server.base_url} works.\n"
    )
    assert StoredKey.from_secret(secret_items()["work"]).key_id == b.key_id
    assert load_config().profiles["work"].key_id == b.key_id


def test_removing_a_missing_profile(
    capsys: pytest.CaptureFixture[str], real_keyring: KeyringStore, keys_ab: tuple[DemoKey, DemoKey]
) -> None:
    code, out, err = run_cli(capsys, "auth", "remove", "ghost")
    assert (code, out) == (1, "")
    assert err == (
        "asc-tui: There is no profile named 'ghost'; no profile has been added yet.\n"
        "See your profiles with `asc-tui auth list`.\n"
    )
    # An entry left in the keyring without a profile in the settings is cleaned up.
    a = keys_ab[0]
    real_keyring.set("orphan", StoredKey(a.issuer_id, a.key_id, a.private_key_pem))
    assert run_cli(capsys, "auth", "remove", "orphan") == (0, "Removed profile 'orphan'.\n", "")
    assert secret_items() == {}
    assert run_cli(capsys, "auth", "remove")[2].startswith("asc-tui: Which profile?")


def test_check_exit_codes_for_scripts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, keys_ab: tuple[DemoKey, DemoKey]
) -> None:
    a = keys_ab[0]
    with DemoServer([a], revoked_key_ids=[a.key_id]) as revoked:
        assert add(capsys, a, tmp_path, "revoked", server=revoked)[0] == 0
        code, _, err = run_cli(capsys, "auth", "check", "revoked")
    assert code == 3 and err.startswith(f"asc-tui: Rejected (401): key {a.key_id}")
    assert "has not been revoked" in err or "not been revoked" in err

    plan = FaultPlan()
    with DemoServer([a], faults=plan) as demo:
        assert add(capsys, a, tmp_path, "role", server=demo)[0] == 0
        plan.fail_next("/v1/apps", 403)
        code, _, err = run_cli(capsys, "auth", "check", "role")
        assert code == 4 and err.startswith("asc-tui: Forbidden (403)")
        plan.fail_next("/v1/apps", 500, times=2)  # both tries: the server is down
        code, _, err = run_cli(capsys, "auth", "check", "role")
        assert code == 5 and "The server answered with an error" in err
        assert "App Store Connect is having trouble" in err
        plan.fail_next("/v1/apps", 409)
        code, _, err = run_cli(capsys, "auth", "check", "role")
        assert code == 6 and "The server answered with an error" in err
        plan.fail_next("/v1/apps", 404)  # e.g. a base URL that is not the API's
        code, _, err = run_cli(capsys, "auth", "check", "role")
        assert code == 9 and "(404 NOT_FOUND)" in err and "never existed" in err
        plan.fail_next("/v1/apps", 429, times=2, headers={"Retry-After": "0"})
        code, _, err = add(capsys, a, tmp_path, "limited", "--check", server=demo)
        assert code == 10 and err.count("asc-tui: The server answered with an error") == 1
        assert "(429 RATE_LIMIT_EXCEEDED)" in err and "Wait a few minutes" in err
        dead = demo.base_url
    assert add(capsys, a, tmp_path, "gone", "--base-url", dead)[0] == 0
    code, _, err = run_cli(capsys, "auth", "check", "gone")
    assert code == 5 and "\nasc-tui: Network error: could not check" in err
    assert "Traceback" not in err


def test_environment_overrides_the_default_profile_and_says_so(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    server: DemoServer,
    keys_ab: tuple[DemoKey, DemoKey],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = keys_ab
    assert add(capsys, a, tmp_path, "work", server=server)[0] == 0
    monkeypatch.setenv("ASC_ISSUER_ID", b.issuer_id)
    monkeypatch.setenv("ASC_KEY_ID", b.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY", b.private_key_pem)
    monkeypatch.setenv("ASC_BASE_URL", server.base_url)
    out = run_cli(capsys, "auth", "check")[1]
    assert out == f"OK: key {b.key_id} (environment (not stored)) at {server.base_url} works.\n"
    assert f"key {b.key_id} from ASC_* variables (not stored)" in run_cli(capsys, "auth", "list")[1]
    assert set(secret_items()) == {"work"}  # the environment's key was not stored


def test_cli_never_shows_or_writes_the_key_or_a_token(
    tmp_path: Path, server: DemoServer, keys_ab: tuple[DemoKey, DemoKey]
) -> None:
    """add → check → use → list → a rejected check, as real processes: neither the PEM
    body nor a JWT is in stdout, stderr, or any file under the config/cache/state folders."""
    a, b = keys_ab
    folders = {name: tmp_path / name for name in ("config", "cache", "state", "home")}
    env = {
        "DBUS_SESSION_BUS_ADDRESS": os.environ["DBUS_SESSION_BUS_ADDRESS"],
        "XDG_CONFIG_HOME": str(folders["config"]),
        "XDG_CACHE_HOME": str(folders["cache"]),
        "XDG_STATE_HOME": str(folders["state"]),
        "HOME": str(folders["home"]),
    }
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    path = key_file(keys_dir, a)
    add_args = ["auth", "add", "--profile", "p", "--issuer-id", a.issuer_id, "--key-file"]
    mismatched = {
        **env,
        "ASC_ISSUER_ID": b.issuer_id,
        "ASC_KEY_ID": a.key_id,
        "ASC_PRIVATE_KEY": b.private_key_pem,
        "ASC_BASE_URL": server.base_url,
    }
    runs = [
        run_process(*add_args, str(path), "--base-url", server.base_url, "--check", env=env),
        run_process("auth", "check", "p", env=env),
        run_process("apps", "--json", env=env),
        run_process("builds", "--profile", "p", "x", env=env),
        run_process("auth", "list", "--json", env=env),
        run_process(*add_args, "-", "--key-id", b.key_id, "--force", env=env, stdin="junk"),
        run_process("auth", "check", env=mismatched),  # b's key under a's key ID: 401
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 9, 0, 1, 3], [r.stderr for r in runs]
    assert "App x was not found" in runs[3].stderr  # the profile's key asked the server
    markers = secret_markers([a.private_key_pem, b.private_key_pem])
    for result in runs:
        assert leaks_in(result.stdout + result.stderr, markers) == []
        assert "Traceback" not in result.stderr
    assert leaks_in_files(folders.values(), markers) == {}
    assert (folders["config"] / "asc-tui" / "config.json").exists()


@pytest.mark.skipif(not shutil.which("gnome-keyring-daemon"), reason="needs GNOME Keyring")
def test_a_locked_keyring_that_cannot_prompt_fails_fast_with_the_fix(tmp_path: Path) -> None:
    """In a keyring of its own (a nested with-keyring), lock the collection and check: no
    hang, no traceback, the backend named and how to unlock it over SSH."""
    key = generate_demo_key()
    path = key_file(tmp_path, key)
    python = sys.executable
    script = f"""
set -e
{python} -m asc_tui auth add --issuer-id {key.issuer_id} --key-file {path} >/dev/null
{python} -c '
import secretstorage
from contextlib import closing
with closing(secretstorage.dbus_init()) as c:
    secretstorage.get_default_collection(c).lock()
'
start=$(date +%s)
set +e
{python} -m asc_tui auth check; echo "rc=$?"
echo "took=$(( $(date +%s) - start ))"
"""
    env = {k: v for k, v in os.environ.items() if k not in {"_KR_INNER", "DISPLAY"}}
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [str(ROOT / ".ci" / "with-keyring"), "bash", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = result.stdout + result.stderr
    assert "rc=1" in result.stdout, out
    assert int(result.stdout.split("took=")[1].split()[0]) < 15
    assert (
        "asc-tui: The keyring (Secret Service (GNOME Keyring, KWallet) over D-Bus) is locked "
        "and no unlock prompt can be shown in this session: Failed to unlock the collection!"
    ) in result.stderr
    assert "gnome-keyring-daemon --replace --unlock --components=secrets" in result.stderr
    assert "ASC_PRIVATE_KEY_PATH" in result.stderr and "Traceback" not in result.stderr


def test_keyring_read_takes_milliseconds_not_seconds(real_keyring: KeyringStore) -> None:
    real_keyring.status()
    start = time.perf_counter()
    assert real_keyring.get("nobody") is None
    assert time.perf_counter() - start < 2


def test_an_entry_asc_tui_cannot_use_says_how_to_replace_it(
    capsys: pytest.CaptureFixture[str],
    real_keyring: KeyringStore,
    tmp_path: Path,
    keys_ab: tuple[DemoKey, DemoKey],
) -> None:
    a = keys_ab[0]
    assert add(capsys, a, tmp_path, "work")[0] == 0
    backend = real_keyring._ensure_backend()
    backend.set_password(SERVICE, "work", "not json")
    code, out, err = run_cli(capsys, "auth", "check")
    assert (code, out) == (1, "")
    assert err == (
        "asc-tui: The keyring entry for profile 'work' (service 'asc-tui') is not one asc-tui "
        "can read.\nStore it again with `asc-tui auth add --profile work --force …`.\n"
    )
    real_keyring.set("work", StoredKey(a.issuer_id, a.key_id, "-----BEGIN PUBLIC KEY-----"))
    code, _, err = run_cli(capsys, "auth", "check")
    assert code == 1 and err.startswith(
        "asc-tui: The key stored for profile 'work' is not usable: The private key is incomplete"
    )
