"""The real Linux kernel keyring in tests: whether it works here (else skip, saying why),
unique names so parallel runs as the same user never meet, cleaning up, and a seccomp
filter that blocks the keyctl system calls in a child process exactly as Docker's default
profile does (the "sandbox blocks keyctl" case, for real, not mocked)."""

from __future__ import annotations

import ctypes
import errno
import platform
import sys
import uuid
from collections.abc import Iterable

import pytest

from asc_tui.auth.kernel_keyring import KernelKeyring, Keyctl, KeyctlError, probe
from asc_tui.auth.keyring_store import SERVICE


def keyctl_problem() -> str | None:
    """Why the kernel keyring cannot be used on this machine, or None."""
    try:
        probe()
    except KeyctlError as exc:
        return f"the Linux kernel keyring cannot be used here: {exc.strerror}"
    return None


def needs_keyctl() -> pytest.MarkDecorator:
    problem = keyctl_problem()
    return pytest.mark.skipif(problem is not None, reason=problem or "")


def skip_unless_default_expiry() -> None:
    """Messages quote the persistent keyring's expiry: the tests expect the default 3 days."""
    from asc_tui.auth.kernel_keyring import persistent_expiry_seconds

    if keyctl_problem() is None and persistent_expiry_seconds() != 259200:
        pytest.skip("this machine's persistent keyring expiry is not the default 3 days")


def unique_profile(prefix: str = "kt") -> str:
    """A profile name no other test run (same UID, same kernel keyring) will use."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def kernel_key_exists(profile: str, service: str = SERVICE) -> bool:
    return KernelKeyring().has_password(service, profile)


def forget_kernel_keys(profiles: Iterable[str], service: str = SERVICE) -> None:
    """Invalidate what a test may have left in the kernel keyring."""
    keyring = KernelKeyring()
    keyctl = Keyctl()
    for profile in profiles:
        key = keyring._find(keyctl, service, profile)
        if key is not None:
            keyctl.invalidate(key)


def forget_service(service: str) -> None:
    """Invalidate a whole service keyring (tests that use their own service name)."""
    KernelKeyring().remove_service(service)


# -- a seccomp filter for a child process --------------------------------------------

_AUDIT_ARCH_X86_64 = 0xC000003E
_KEY_SYSCALLS_X86_64 = (248, 249, 250)  # add_key, request_key, keyctl


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def can_block_keyctl() -> str | None:
    """None if :func:`block_keyctl` can be used here, else why not."""
    if platform.machine() not in {"x86_64", "amd64"}:
        return f"the seccomp filter in these tests is written for x86_64, not {platform.machine()}"
    return None


def block_keyctl() -> None:
    """For ``preexec_fn``: from now on add_key, request_key and keyctl fail with EPERM in
    this process and its children (seccomp, like Docker's default profile)."""
    ld_abs, jeq, ret = 0x20, 0x15, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EPERM
    add_key, request_key, keyctl = _KEY_SYSCALLS_X86_64
    program = [
        (ld_abs, 0, 0, 4),  # the architecture
        (jeq, 0, 4, _AUDIT_ARCH_X86_64),  # another one: allow
        (ld_abs, 0, 0, 0),  # the system call number
        (jeq, 3, 0, add_key),
        (jeq, 2, 0, request_key),
        (jeq, 1, 0, keyctl),
        (ret, 0, 0, allow),
        (ret, 0, 0, deny),
    ]
    filters = (_SockFilter * len(program))(*(_SockFilter(*row) for row in program))
    prog = _SockFprog(len(program), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(22, 2, ctypes.byref(prog), 0, 0) != 0:  # PR_SET_SECCOMP, FILTER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")


def without_keyctl(command: list[str]) -> list[str]:
    """``command`` run with keyctl blocked (for a process started by tmux; run it from the
    checkout's root so that ``tests`` can be imported)."""
    start = (
        "import os, sys; from tests.support.keyctl import block_keyctl; block_keyctl(); "
        "os.execv(sys.argv[1], sys.argv[1:])"
    )
    return [sys.executable, "-c", start, *command]


def failing_syscall(*_args: object) -> int:
    """Stands for libc's ``syscall`` in a sandbox that blocks keyctl: -1, errno EPERM.
    Set it with ``monkeypatch.setattr(KernelKeyring, "syscall", staticmethod(...))``."""
    ctypes.set_errno(errno.EPERM)
    return -1
