"""A keyring backend that fails exactly as keyring's macOS backend does on a login Keychain
that is locked in an SSH session (errSecInteractionNotAllowed, -25308). Forced with
PYTHON_KEYRING_BACKEND=tests.support.fake_keychain.LockedKeychain in a child process."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError, PasswordSetError

UNKNOWN = "(-25308, 'Unknown Error')"  # str(api.Error(-25308, "Unknown Error"))


class LockedKeychain(KeyringBackend):
    priority = 0.1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError(f"Can't get password from keychain: {UNKNOWN}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError(f"Can't store password on keychain: {UNKNOWN}")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError(f"Can't delete password in keychain: {UNKNOWN}")
