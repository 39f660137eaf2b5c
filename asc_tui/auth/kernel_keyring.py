"""The Linux kernel keyring (keyctl) as a ``keyring`` backend, for machines without a
desktop session: a build box reached over SSH has no D-Bus session bus and so no Secret
Service, but the kernel keeps keys for every user.

Where the keys live: in a keyring named after the service (``asc-tui``) inside the user's
*persistent* keyring (``KEYCTL_GET_PERSISTENT``), which outlives logins and SSH sessions;
one ``user`` key per profile, described by the profile's name. Kernels built without
persistent keyrings fall back to the *user* keyring, which lasts only while a process of
the user runs. Either way the key is in kernel memory only: never written to disk, never
swapped out, and **gone after a reboot**; the persistent keyring also expires after
``/proc/sys/kernel/keys/persistent_keyring_expiry`` seconds (3 days by default) without
use — each use restarts that clock. What protects it is the user's UID: processes of the
same user can read it, and so can root.

Talks to the kernel through the ``add_key`` and ``keyctl`` system calls (libc's
``syscall`` via ctypes): no daemon, no library to install. Each call takes microseconds
and never prompts. Sandboxes often block these calls (Docker's default seccomp profile
does): the backend then reports itself unusable with the reason, like any other.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
from typing import Any

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError, PasswordSetError

# System call numbers (add_key, keyctl) per CPU; asm-generic for the newer ones.
_SYSCALLS: dict[str, tuple[int, int]] = {
    "x86_64": (248, 250),
    "amd64": (248, 250),
    "aarch64": (217, 219),
    "arm64": (217, 219),
    "riscv64": (217, 219),
    "loongarch64": (217, 219),
    "i386": (286, 288),
    "i686": (286, 288),
    "armv7l": (309, 311),
    "armv6l": (309, 311),
    "ppc64le": (269, 271),
    "ppc64": (269, 271),
    "s390x": (278, 280),
}

KEY_SPEC_PROCESS_KEYRING = -2
KEY_SPEC_USER_KEYRING = -4
KEYCTL_GET_KEYRING_ID = 0
KEYCTL_SETPERM = 5
KEYCTL_SEARCH = 10
KEYCTL_READ = 11
KEYCTL_INVALIDATE = 21
KEYCTL_GET_PERSISTENT = 22
KEY_PERM_OWNER_ONLY = 0x3F3F0000
"""Possessor and the owning user: view, read, write, search, link, setattr. Nobody else."""

EXPIRY_SETTING = "/proc/sys/kernel/keys/persistent_keyring_expiry"


class KeyctlError(OSError):
    """A keyctl system call failed; ``errno`` says why."""


def _libc() -> Any:
    lib = ctypes.CDLL(None, use_errno=True)
    lib.syscall.restype = ctypes.c_long
    return lib


def _arg(value: int | bytes | None) -> Any:
    if value is None:
        return ctypes.c_void_p(None)
    if isinstance(value, bytes):
        return ctypes.c_char_p(value)
    return ctypes.c_long(value)


class Keyctl:
    """The few keyctl operations asc-tui needs, as Python calls raising :class:`KeyctlError`.

    ``syscall`` stands for libc's ``syscall(2)`` (tests can pass one that fails like a
    sandbox would)."""

    def __init__(self, syscall: Any = None) -> None:
        if sys.platform != "linux":
            raise KeyctlError(errno.ENOSYS, "the kernel keyring exists only on Linux")
        numbers = _SYSCALLS.get(platform.machine())
        if numbers is None:
            raise KeyctlError(errno.ENOSYS, f"unsupported CPU ({platform.machine()})")
        self._add_key_nr, self._keyctl_nr = numbers
        self._syscall = syscall or _libc().syscall

    def _call(self, number: int, *args: int | bytes | None) -> int:
        ctypes.set_errno(0)
        result = int(self._syscall(ctypes.c_long(number), *(_arg(a) for a in args)))
        if result < 0:
            code = ctypes.get_errno() or errno.EINVAL
            raise KeyctlError(code, os.strerror(code))
        return result

    def keyctl(self, operation: int, *args: int | bytes | None) -> int:
        return self._call(self._keyctl_nr, operation, *args)

    def add_key(self, kind: str, description: str, payload: bytes | None, ring: int) -> int:
        size = len(payload) if payload is not None else 0
        return self._call(
            self._add_key_nr, kind.encode(), description.encode(), payload, size, ring
        )

    def search(self, ring: int, kind: str, description: str) -> int | None:
        """The key's serial number, or None if ``ring`` (or a keyring in it) has none."""
        try:
            return self.keyctl(KEYCTL_SEARCH, ring, kind.encode(), description.encode(), 0)
        except KeyctlError as exc:
            if exc.errno in (errno.ENOKEY, errno.EKEYEXPIRED, errno.EKEYREVOKED):
                return None
            raise

    def read(self, key: int) -> bytes:
        while True:
            size = self.keyctl(KEYCTL_READ, key, None, 0)
            buffer = ctypes.create_string_buffer(size)
            got = self._call(self._keyctl_nr, KEYCTL_READ, key, ctypes.addressof(buffer), size)
            if got <= size:
                return buffer.raw[:got]

    def invalidate(self, key: int) -> None:
        self.keyctl(KEYCTL_INVALIDATE, key)

    def set_owner_only(self, key: int) -> None:
        self.keyctl(KEYCTL_SETPERM, key, KEY_PERM_OWNER_ONLY)

    def home_keyring(self) -> tuple[int, bool]:
        """(serial, persistent): the persistent keyring, linked into this process's keyring
        (so this process possesses it, and it goes away with the process), or the user
        keyring when the kernel has no persistent keyrings."""
        try:
            return self.keyctl(KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING), True
        except KeyctlError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.ENOSYS):
                raise
        return self.keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1), False


def persistent_expiry_seconds() -> int | None:
    """How long the persistent keyring lives without use, from the kernel's setting."""
    try:
        with open(EXPIRY_SETTING, encoding="ascii") as file:
            return int(file.read().strip())
    except (OSError, ValueError):
        return None


def lifetime_text() -> str:
    """How long keys stored here last, for messages: "Keys there " + this."""
    seconds = persistent_expiry_seconds()
    days = f"{seconds / 86400:g} days" if seconds else "a few days"
    return (
        "live in kernel memory only: they are gone after a reboot, and after "
        f"{days} without use (the persistent keyring's expiry, {EXPIRY_SETTING})"
    )


class KernelKeyring(KeyringBackend):
    """Linux kernel keyring: one ``user`` key per (service, user name), in a keyring named
    after the service inside the user's persistent keyring. See the module docstring."""

    syscall: Any = None
    """Replaces libc's ``syscall`` (tests)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring's __init__ has no hints

    @properties.classproperty
    def priority(cls) -> float:
        """1: below every desktop store (Secret Service 5, KWallet 4.9, libsecret 4.8), so
        it is picked only when none of them is usable. Raises when keyctl cannot be used."""
        probe(cls.syscall)
        return 1

    def _keyctl(self) -> Keyctl:
        return Keyctl(self.syscall)

    def _service_ring(self, keyctl: Keyctl, service: str, *, create: bool) -> int | None:
        home, _persistent = keyctl.home_keyring()
        ring = keyctl.search(home, "keyring", service)
        if ring is None and create:
            ring = keyctl.add_key("keyring", service, None, home)
            keyctl.set_owner_only(ring)
        return ring

    def _find(self, keyctl: Keyctl, service: str, username: str) -> int | None:
        ring = self._service_ring(keyctl, service, create=False)
        return keyctl.search(ring, "user", username) if ring is not None else None

    def has_password(self, service: str, username: str) -> bool:
        """Whether a key is stored (without reading it)."""
        return self._find(self._keyctl(), service, username) is not None

    def get_password(self, service: str, username: str) -> str | None:
        keyctl = self._keyctl()
        key = self._find(keyctl, service, username)
        if key is None:
            return None
        return keyctl.read(key).decode("utf-8")

    def set_password(self, service: str, username: str, password: str) -> None:
        keyctl = self._keyctl()
        payload = password.encode("utf-8")
        try:
            ring = self._service_ring(keyctl, service, create=True)
            assert ring is not None
            key = keyctl.add_key("user", username, payload, ring)
            keyctl.set_owner_only(key)
        except KeyctlError as exc:
            raise PasswordSetError(f"keyctl: {exc.strerror}") from None

    def remove_service(self, service: str) -> bool:
        """Invalidate the whole keyring of ``service`` and every key in it; False if none."""
        keyctl = self._keyctl()
        ring = self._service_ring(keyctl, service, create=False)
        if ring is None:
            return False
        keyctl.invalidate(ring)
        return True

    def delete_password(self, service: str, username: str) -> None:
        keyctl = self._keyctl()
        key = self._find(keyctl, service, username)
        if key is None:
            raise PasswordDeleteError("No such key in the kernel keyring")
        keyctl.invalidate(key)


def probe(syscall: Any = None) -> bool:
    """Whether keyctl works here: True for the persistent keyring, False for the user
    keyring. Raises :class:`KeyctlError` (with the reason) when it cannot be used."""
    keyctl = Keyctl(syscall)
    try:
        return keyctl.home_keyring()[1]
    except KeyctlError as exc:
        if exc.errno in (errno.EPERM, errno.ENOSYS, errno.EACCES):
            raise KeyctlError(
                exc.errno, f"the keyctl system calls are blocked here ({exc.strerror})"
            ) from None
        raise
