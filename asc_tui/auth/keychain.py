"""macOS over SSH: the login Keychain is locked there (it is unlocked by the GUI login), and
macOS cannot ask for its password in an SSH session — a write fails with
errSecInteractionNotAllowed (-25308), or a prompt appears on the Mac's own screen, far from
the user. Detect that and say how to unlock it in the session instead.

Not run on macOS by asc-tui's tests: the code paths are tested with a fake ``security``
command and a fake backend that fails the way the macOS one does.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import KeyringLockedError

if TYPE_CHECKING:
    from .doctor import Finding

LOGIN_KEYCHAIN = "~/Library/Keychains/login.keychain-db"
UNLOCK = f"security unlock-keychain {LOGIN_KEYCHAIN}"
INTERACTION_NOT_ALLOWED = ("-25308", "User interaction is not allowed")
"""How macOS says "locked, and no password prompt can be shown here"."""

Runner = Callable[..., Any]


def in_ssh_session(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def means_locked(text: str) -> bool:
    """Whether a Keychain error says it is locked and cannot prompt (errSec -25308)."""
    return any(marker in text for marker in INTERACTION_NOT_ALLOWED)


def login_keychain_locked(run: Runner = subprocess.run) -> bool | None:
    """Ask ``security show-keychain-info`` (which fails on a locked keychain without a GUI
    session). None when that cannot be told (no ``security`` command, no answer)."""
    path = os.path.expanduser(LOGIN_KEYCHAIN)
    try:
        result = run(
            ["security", "show-keychain-info", path],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode == 0:
        return False
    return True if means_locked(f"{result.stdout}\n{result.stderr}") else None


def locked_error() -> KeyringLockedError:
    return KeyringLockedError(
        "The macOS login Keychain is locked, and macOS cannot ask for its password in this "
        "SSH session.",
        hint=(
            f"Unlock it for this session (it asks for your login password here):\n  {UNLOCK}\n"
            "then run asc-tui again. Or, for this session only (nothing is stored): choose "
            '"Use for this session only" in asc-tui\'s first screen, or set ASC_ISSUER_ID, '
            "ASC_KEY_ID and ASC_PRIVATE_KEY_PATH."
        ),
    )


def refuse_if_locked(
    environ: Mapping[str, str] | None = None, run: Runner = subprocess.run
) -> None:
    """Before using the Keychain over SSH: raise :func:`locked_error` if it is locked,
    rather than fail vaguely or leave a prompt on the Mac's screen."""
    if in_ssh_session(environ) and login_keychain_locked(run) is True:
        raise locked_error()


def check_login_keychain(
    environ: Mapping[str, str] | None = None, run: Runner = subprocess.run
) -> Finding:
    """The doctor's line for the macOS Keychain."""
    from .doctor import Finding

    locked = login_keychain_locked(run)
    if locked is None:
        return Finding("Keychain", None, "could not ask `security` whether it is locked")
    if not locked:
        return Finding("Keychain", True, "the login Keychain is unlocked")
    if in_ssh_session(environ):
        error = locked_error()
        return Finding("Keychain", False, error.message, error.hint)
    return Finding(
        "Keychain", False, "the login Keychain is locked", "macOS asks for its password on use."
    )
