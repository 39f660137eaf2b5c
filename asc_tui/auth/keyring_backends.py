"""Which keyring backends count as real OS stores, which one the user forced, and — when
none is usable — what was tried and how to fix it, per platform. No keyring call here
except probing a backend's viability (keyring's ``priority``) for the diagnosis."""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import NoKeyringError

ENV_KEYRING_BACKEND = "PYTHON_KEYRING_BACKEND"
KERNEL_KEYRING = f"{__package__}.kernel_keyring.KernelKeyring"

OS_KEYRINGS: Mapping[str, str] = {
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring, KWallet) over D-Bus",
    "keyring.backends.libsecret.Keyring": "libsecret (Secret Service)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Locker",
    KERNEL_KEYRING: "Linux kernel keyring (keyctl)",
}
"""The only backends asc-tui picks by itself, by dotted class name, with a display name."""

STORES: Mapping[str, str] = {
    "secret-service": "keyring.backends.SecretService.Keyring",
    "libsecret": "keyring.backends.libsecret.Keyring",
    "kwallet": "keyring.backends.kwallet.DBusKeyring",
    "keychain": "keyring.backends.macOS.Keyring",
    "windows": "keyring.backends.Windows.WinVaultKeyring",
    "keyctl": KERNEL_KEYRING,
}
"""The stores ``auth add --store`` accepts, by the name saved with each profile."""
STORE_NAMES: Mapping[str, str] = {
    **{backend: store for store, backend in STORES.items()},
    "keyring.backends.kwallet.DBusKeyringKWallet4": "kwallet",
}


def store_of(backend_class: str) -> str:
    """The store name saved with a profile: one of :data:`STORES`, else the class name (a
    backend forced with PYTHON_KEYRING_BACKEND)."""
    return STORE_NAMES.get(backend_class, backend_class)


STORE_SHORT_NAMES: Mapping[str, str] = {
    "secret-service": "Secret Service",
    "libsecret": "libsecret",
    "kwallet": "KWallet",
    "keychain": "Keychain",
    "windows": "Credential Locker",
    "keyctl": "kernel keyring",
}


def store_short_name(store: str) -> str:
    """For the status line: "kernel keyring", "Secret Service"…"""
    return STORE_SHORT_NAMES.get(store, store.rpartition(".")[2] or store)


def store_label(store: str | None) -> str:
    """For people: "Linux kernel keyring (keyctl)"; "OS keyring" when not recorded."""
    if not store:
        return "OS keyring"
    return OS_KEYRINGS.get(STORES.get(store, store), store)


CHAINER = "keyring.backends.chainer.ChainerBackend"
DISABLED = {"keyring.backends.null.Keyring", "keyring.backends.fail.Keyring"}


def backend_name(backend: object) -> str:
    """``module.Class`` of a backend instance or class."""
    cls = backend if isinstance(backend, type) else type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_os_keyring(backend: object) -> bool:
    """The ``limit`` given to keyring: only real OS stores."""
    return backend_name(backend) in OS_KEYRINGS


def backend_label(backend: object) -> str:
    name = backend_name(backend)
    if name == CHAINER:
        parts = [backend_label(b) for b in getattr(backend, "backends", [])]
        return " + ".join(parts) or "keyring chainer (no backend)"
    return OS_KEYRINGS.get(name, name)


def is_secure(backend: object) -> bool:
    if backend_name(backend) == CHAINER:
        chained = list(getattr(backend, "backends", []))
        return bool(chained) and all(is_os_keyring(b) for b in chained)
    return is_os_keyring(backend)


def keyring_config_path() -> Path:
    from keyring.util import platform_

    return Path(platform_.config_root()) / "keyringrc.cfg"


def forced_backend(environ: Mapping[str, str] | None = None) -> str | None:
    """Where the user forces a backend (env var or keyringrc.cfg), or None."""
    env = os.environ if environ is None else environ
    if env.get(ENV_KEYRING_BACKEND, "").strip():
        return ENV_KEYRING_BACKEND
    path = keyring_config_path()
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        if parser.get("backend", "default-keyring", fallback="").strip():
            return str(path)
    except (OSError, configparser.Error):
        return None
    return None


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether an unlock prompt could be shown (a desktop session), as far as we can tell."""
    env = os.environ if environ is None else environ
    if sys.platform == "darwin":
        return not (env.get("SSH_CONNECTION") or env.get("SSH_TTY"))
    if sys.platform == "win32":
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


UNLOCK_GNOME_KEYRING = (
    'stty -echo; read pw; stty echo; printf %s "$pw" | '
    "gnome-keyring-daemon {replace}--unlock --components=secrets >/dev/null"
)
"""Shell that reads the keyring password without echoing it and unlocks GNOME Keyring."""


def fixes(*, locked: bool = False) -> str:
    """What to do, for this platform (several lines)."""
    env_vars = (
        'Or, for this session only (nothing is stored): choose "Use for this session only" '
        "in asc-tui's first screen, or set ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH. "
        "`asc-tui --demo` needs no keyring."
    )
    if sys.platform == "darwin":
        return (
            "Unlock the login keychain in this session:\n"
            "  security unlock-keychain ~/Library/Keychains/login.keychain-db\n" + env_vars
        )
    if sys.platform == "win32":
        return "Sign in to Windows interactively to use the Credential Locker.\n" + env_vars
    if locked:
        return (
            "Unlock it from your desktop session, or in this SSH session (type the keyring "
            "password):\n"
            f"  {UNLOCK_GNOME_KEYRING.format(replace='--replace ')}\n"
            "Or keep the key in the kernel keyring instead: asc-tui auth add --store keyctl …\n"
            + env_vars
        )
    return (
        "Over SSH, run asc-tui in a D-Bus session with GNOME Keyring unlocked (type the "
        "keyring password):\n"
        f"  dbus-run-session -- sh -c '{UNLOCK_GNOME_KEYRING.format(replace='')}; asc-tui'\n"
        "On a desktop, install and start GNOME Keyring or KWallet.\n" + env_vars
    )


def why_not_viable(name: str) -> str | None:
    """The reason keyring gives for a backend class not being usable, or None if usable."""
    module_name, _, class_name = name.rpartition(".")
    if name == KERNEL_KEYRING:
        return kernel_keyring_problem()
    try:
        module = __import__(module_name, fromlist=[class_name])
        priority = getattr(module, class_name).priority
    except Exception as exc:  # keyring reports unusable backends by raising from .priority
        text = str(exc) or type(exc).__name__
        if name.endswith("SecretService.Keyring") and not os.environ.get(
            "DBUS_SESSION_BUS_ADDRESS"
        ):
            return "no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)"
        if isinstance(exc, TimeoutError):
            return f"the D-Bus session bus did not answer ({text})"
        if isinstance(exc, OSError) and exc.strerror:
            return f"cannot reach the D-Bus session bus ({exc.strerror})"
        return text
    return None if priority > 0 else "reported as unusable"


def platform_candidates() -> list[str]:
    if sys.platform == "darwin":
        return ["keyring.backends.macOS.Keyring"]
    if sys.platform == "win32":
        return ["keyring.backends.Windows.WinVaultKeyring"]
    return [
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.libsecret.Keyring",
        KERNEL_KEYRING,
    ]


def kernel_keyring_problem() -> str | None:
    """Why the kernel keyring cannot be used here, or None if it can."""
    if sys.platform != "linux":
        return "not Linux"
    from .kernel_keyring import KernelKeyring, KeyctlError, probe

    try:
        probe(KernelKeyring.syscall)
    except KeyctlError as exc:
        return exc.strerror or str(exc)
    return None


def no_keyring_error() -> NoKeyringError:
    """Which OS keyrings were tried here, why each is unusable, and what to do."""
    tried: list[str] = []
    for name in platform_candidates():
        reason = why_not_viable(name)
        # Backends whose Python package is not installed are noise unless nothing else is.
        if reason and ("required" in reason or "not installed" in reason) and tried:
            continue
        tried.append(f"{OS_KEYRINGS[name]}: {reason or 'unusable'}")
    hint = fixes()
    if KERNEL_KEYRING in platform_candidates() and "blocked" in (kernel_keyring_problem() or ""):
        hint = (
            "In a container, allow the add_key and keyctl system calls (seccomp profile) to "
            "use the kernel keyring.\n" + hint
        )
    return NoKeyringError(
        "No OS keyring is available for asc-tui's API keys. Tried " + "; ".join(tried) + ".",
        hint=hint,
    )
