"""macOS over SSH, without a Mac: a locked login Keychain is detected and the message says
how to unlock it (`security unlock-keychain`). The `security` command is faked (its real
answers on a locked keychain), and a fake backend fails as keyring's macOS backend does
(errSecInteractionNotAllowed, -25308). Not run on macOS itself."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from asc_tui.auth.keychain import check_login_keychain, login_keychain_locked, refuse_if_locked
from asc_tui.demo import generate_demo_key
from asc_tui.errors import KeyringLockedError
from tests.support.auth import files_under, key_file, run_process

SSH = {"SSH_CONNECTION": "192.0.2.7 50022 192.0.2.1 22"}
LOCKED_STDERR = (
    "security: SecKeychainCopySettings /Users/me/Library/Keychains/login.keychain-db: "
    "User interaction is not allowed.\n"
)
MESSAGE = (
    "The macOS login Keychain is locked, and macOS cannot ask for its password in this SSH session."
)
HINT = (
    "Unlock it for this session (it asks for your login password here):\n"
    "  security unlock-keychain ~/Library/Keychains/login.keychain-db\n"
    "then run asc-tui again. Or, for this session only (nothing is stored): choose "
    '"Use for this session only" in asc-tui\'s first screen, or set ASC_ISSUER_ID, '
    "ASC_KEY_ID and ASC_PRIVATE_KEY_PATH."
)


class FakeSecurity:
    """Stands for `security show-keychain-info`: records the call, answers as told."""

    def __init__(self, returncode: int, stderr: str = "", error: Exception | None = None):
        self.returncode, self.stderr, self.error = returncode, stderr, error
        self.calls: list[list[str]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(args)
        if self.error is not None:
            raise self.error
        return subprocess.CompletedProcess(args, self.returncode, "", self.stderr)


def test_security_says_whether_the_login_keychain_is_locked() -> None:
    locked = FakeSecurity(36, LOCKED_STDERR)
    assert login_keychain_locked(locked) is True
    assert locked.calls[0][:2] == ["security", "show-keychain-info"]
    assert locked.calls[0][2].endswith("/Library/Keychains/login.keychain-db")
    assert login_keychain_locked(FakeSecurity(0)) is False
    assert login_keychain_locked(FakeSecurity(51, "security: no such keychain\n")) is None
    assert login_keychain_locked(FakeSecurity(0, error=FileNotFoundError())) is None


def test_over_ssh_a_locked_keychain_is_refused_with_the_unlock_command() -> None:
    with pytest.raises(KeyringLockedError) as raised:
        refuse_if_locked(SSH, FakeSecurity(36, LOCKED_STDERR))
    assert (raised.value.message, raised.value.hint) == (MESSAGE, HINT)
    refuse_if_locked({}, FakeSecurity(36, LOCKED_STDERR))  # at the Mac: macOS can prompt
    refuse_if_locked(SSH, FakeSecurity(0))  # unlocked


def test_the_doctor_line_for_the_keychain() -> None:
    finding = check_login_keychain(SSH, FakeSecurity(36, LOCKED_STDERR))
    assert finding.lines() == [
        f"✗ Keychain: {MESSAGE}",
        "    fix: Unlock it for this session (it asks for your login password here):",
        "           security unlock-keychain ~/Library/Keychains/login.keychain-db",
        "         then run asc-tui again. Or, for this session only (nothing is stored): "
        'choose "Use for this session only" in asc-tui\'s first screen, or set '
        "ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH.",
    ]
    assert check_login_keychain(SSH, FakeSecurity(0)).lines() == [
        "✓ Keychain: the login Keychain is unlocked"
    ]


def test_a_write_the_keychain_refuses_says_how_to_unlock_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    key = generate_demo_key()
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PYTHON_KEYRING_BACKEND": "tests.support.fake_keychain.LockedKeychain",
        **SSH,
    }
    args = ["auth", "add", "--issuer-id", key.issuer_id, "--no-check"]
    result = run_process(*args, "--key-file", str(key_file(tmp_path, key)), env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"asc-tui: {MESSAGE}\n{HINT}\n"
    assert files_under(home) == []
