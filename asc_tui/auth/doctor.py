"""``asc-tui auth doctor``: what on this machine helps or stops asc-tui from working — the
credential stores and which one would be used, D-Bus and Secret Service, the kernel
keyring, the ``ASC_*`` variables, the config and cache folders, and, with one API request,
the key, the clock against the server's ``Date`` and the rate-limit budget.

Each :class:`Finding` is one line: ✓ (fine), ✗ (a problem, with the fix) or - (does not
apply / not checked). A ✗ that would stop asc-tui from working is ``fatal``. Blocking
(keyring, D-Bus, network): for the command line, not the UI thread. Never shows a key.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import AscError

if TYPE_CHECKING:
    import httpx

    from .connection import Connection

T = TypeVar("T")
SKEW_LIMIT = 60.0
"""Seconds of clock difference from the API beyond which tokens may be rejected."""
PROBE_TIMEOUT = 5.0


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool | None
    """True ✓, False ✗, None - (does not apply, or could not be checked)."""
    text: str
    fix: str = ""
    fatal: bool = False
    """This ✗ would stop asc-tui from working."""

    @property
    def mark(self) -> str:
        return {True: "✓", False: "✗", None: "-"}[self.ok]

    def lines(self) -> list[str]:
        out = [f"{self.mark} {self.name}: {self.text}"]
        fixes = [line for line in self.fix.splitlines() if line]
        out += [("    fix: " if i == 0 else "         ") + line for i, line in enumerate(fixes)]
        return out

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def bounded(call: Callable[[], T], seconds: float = PROBE_TIMEOUT) -> T:
    """``call()``, or TimeoutError after ``seconds`` (a D-Bus that never answers)."""
    from .keyring_store import call_with_timeout

    return call_with_timeout(call, seconds, "asc-tui-doctor")


# -- stores ----------------------------------------------------------------------------


def check_store() -> Finding:
    """Which store asc-tui would pick by itself."""
    from .keyring_store import KeyringStore

    try:
        status = KeyringStore(timeout=PROBE_TIMEOUT).status()
    except AscError as error:
        return Finding("Store", False, "no credential store is usable here", error.hint)
    if not status.secure:
        return Finding("Store", False, f"asc-tui would use {status.label}", status.warning or "")
    return Finding("Store", True, f"asc-tui would use the {status.label}")


def check_secret_service() -> Finding:
    """D-Bus session bus reachable, Secret Service answering, its default collection
    unlocked (Linux and other Secret Service platforms)."""
    from .keyring_backends import fixes, why_not_viable

    name = "Secret Service"
    reason = why_not_viable("keyring.backends.SecretService.Keyring")
    if reason is not None:
        return Finding(name, False, reason, fixes())

    def locked() -> bool:
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            return bool(secretstorage.get_default_collection(connection).is_locked())
        finally:
            connection.close()

    try:
        is_locked = bounded(locked)
    except Exception as exc:
        return Finding(name, False, f"does not answer ({exc})", fixes())
    if is_locked:
        return Finding(name, False, "reachable, but locked", fixes(locked=True))
    return Finding(name, True, "reachable over D-Bus and unlocked")


def check_kernel_keyring() -> Finding:
    """A real round trip: add a key, read it back, invalidate it."""
    from .kernel_keyring import KernelKeyring, Keyctl, KeyctlError, lifetime_text

    name = "Kernel keyring"
    fix = (
        "In a container, allow the add_key and keyctl system calls in its seccomp profile "
        "(Docker: --security-opt seccomp=… with them allowed)."
    )
    try:
        keyctl = Keyctl(KernelKeyring.syscall)
        home, persistent = keyctl.home_keyring()
        key = keyctl.add_key("user", f"asc-tui-doctor-{os.getpid()}", b"probe", home)
        try:
            back = keyctl.read(key)
        finally:
            keyctl.invalidate(key)
    except KeyctlError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno in (1, 13, 38):  # EPERM, EACCES, ENOSYS: a sandbox
            reason = f"the keyctl system calls are blocked here ({reason})"
        return Finding(name, False, reason, fix)
    if back != b"probe":
        return Finding(name, False, "a key written could not be read back", fix)
    which = "persistent keyring" if persistent else "user keyring (no persistent keyrings)"
    return Finding(name, True, f"works ({which}); keys there {lifetime_text()}")


def check_keychain(environ: dict[str, str] | None = None) -> Finding:
    from .keychain import check_login_keychain

    return check_login_keychain(environ)


def store_findings() -> list[Finding]:
    """Which store would be used (and which are usable here), then one line per store."""
    stores: list[Finding] = []
    if sys.platform == "darwin":
        stores.append(check_keychain())
    elif sys.platform == "linux":
        stores += [check_secret_service(), check_kernel_keyring()]
    chosen = check_store()
    usable = ", ".join(f.name for f in stores if f.ok)
    if chosen.ok and usable:
        chosen = replace(chosen, text=f"{chosen.text} (usable here: {usable})")
    return [chosen, *stores]


# -- environment, files --------------------------------------------------------------


def check_environment(default_profile: str | None) -> Finding:
    from .credentials import (
        ENV_ISSUER_ID,
        ENV_KEY_ID,
        ENV_PRIVATE_KEY,
        ENV_PRIVATE_KEY_PATH,
        credentials_from_env,
    )

    names = (ENV_ISSUER_ID, ENV_KEY_ID, ENV_PRIVATE_KEY_PATH, ENV_PRIVATE_KEY, "ASC_BASE_URL")
    found = [n for n in names if os.environ.get(n, "").strip()]
    if not found:
        return Finding("Environment", None, "no ASC_* variables set")
    try:
        creds = credentials_from_env()
    except AscError as error:
        return Finding("Environment", False, error.message, error.hint, fatal=True)
    wins = (
        f"; they win over the default profile {default_profile!r}"
        if creds is not None and default_profile
        else ""
    )
    return Finding("Environment", True, ", ".join(found) + " set" + wins)


def _mode(path: Path) -> str:
    return f"{stat.S_IMODE(path.stat().st_mode):04o}"


def check_folder(name: str, file: Path | None, folder: Path) -> Finding:
    """The path, its permissions, whether it can be written; ✗ if others may write it."""
    if not folder.exists():
        return Finding(name, None, f"{file or folder} (not created yet)")
    shown = f"{file or folder} (folder {_mode(folder)}"
    if file is not None and file.exists():
        shown += f", file {_mode(file)}"
    shown += ")"
    loose = [p for p in (folder, file) if p is not None and p.exists() and p.stat().st_mode & 0o022]
    if loose:
        return Finding(
            name, False, shown + ": group or others can change it", f"chmod go-w {loose[0]}"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return Finding(name, False, shown + ": you cannot write it", f"check {folder}'s owner")
    return Finding(name, True, shown)


# -- one API request -------------------------------------------------------------------


def skew_text(seconds: float) -> str:
    # The Date header has whole seconds and arrives a moment later: round to the unit.
    size = abs(seconds)
    if size >= 3570:
        amount = f"{size / 3600:.1f} h"
    elif size >= 120:
        amount = f"{size / 60:.0f} min"
    else:
        amount = f"{size:.0f} s"
    return f"{amount} {'behind' if seconds > 0 else 'ahead of'}"


def check_clock(response: httpx.Response | None, received: float) -> Finding:
    """This machine's clock against the API server's ``Date`` header."""
    header = response.headers.get("date") if response is not None else None
    if response is None:
        return Finding("Clock", None, "not checked (no answer from the API)")
    if not header:
        return Finding("Clock", None, "not checked (the API sent no Date header)")
    try:
        server = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError):
        return Finding("Clock", None, f"not checked (the API sent an unreadable Date: {header!r})")
    skew = server - received
    if abs(skew) <= SKEW_LIMIT:
        return Finding("Clock", True, f"within {SKEW_LIMIT:g} s of the API server's")
    return Finding(
        "Clock",
        False,
        f"this machine's clock is {skew_text(skew)} the API server's: tokens are rejected",
        "Set the clock right: sudo timedatectl set-ntp true (or: sudo chronyc makestep).",
        fatal=True,
    )


def check_api(connection: Connection) -> tuple[Finding, httpx.Response | None, float]:
    """One GET /v1/apps?limit=1: reachable, key accepted, may read apps."""
    import httpx

    from ..api.jwt_auth import JwtAuth
    from ..api.response_errors import error_from_response

    creds = connection.credentials
    assert creds is not None
    auth = JwtAuth(creds.issuer_id, creds.key_id, creds.private_key())
    url = connection.base_url.rstrip("/") + "/v1/apps"
    what = f"{connection.base_url} with key {creds.key_id}"
    try:
        with httpx.Client(auth=auth, timeout=httpx.Timeout(20.0, connect=10.0)) as client:
            response = client.get(url, params={"limit": "1", "fields[apps]": "name"})
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        fix = "Check the network, any proxy, and the base URL (--base-url, ASC_BASE_URL)."
        return Finding("API", False, f"{what}: no answer ({reason})", fix, True), None, 0.0
    received = time.time()
    if response.is_success:
        text = (
            f"{what}: the key is accepted and may list apps (the API does not say a key's "
            "role; analytics need Admin, Sales and Reports, or Finance)"
        )
        return Finding("API", True, text), response, received
    error = error_from_response(response)
    text = f"{what}: {error.message}"
    return Finding("API", False, text, error.hint, fatal=True), response, received


def check_budget(response: httpx.Response | None) -> Finding:
    from ..api.rate_limit import RateLimit

    if response is None:
        return Finding("Rate limit", None, "not checked (no answer from the API)")
    limit = RateLimit.from_header(response.headers.get("x-rate-limit"))
    if limit is None or limit.remaining is None:
        return Finding("Rate limit", None, "not reported by the API")
    of = f" of {limit.limit}" if limit.limit else ""
    text = f"{limit.remaining}{of} requests left this hour"
    if limit.remaining <= 0:
        return Finding("Rate limit", False, text, "Wait for the next hour.", fatal=True)
    return Finding("Rate limit", True, text)


# -- all of it -------------------------------------------------------------------------


def diagnose(connection: Connection) -> list[Finding]:
    """Every check, in the order shown. ``connection`` is the unresolved one the flags give."""
    from ..files.locations import cache_dir, config_dir, config_file
    from .config import load_config

    findings = store_findings()
    try:
        config = load_config()
        default = config.default_profile
    except AscError as error:
        findings.append(Finding("Config", False, error.message, error.hint, fatal=True))
        default = None
    else:
        findings.append(check_folder("Config", config_file(), config_dir()))
    findings.append(check_folder("Cache", None, cache_dir()))
    findings.append(check_environment(default))
    try:
        resolved = connection.resolved()
    except AscError as error:
        findings.append(Finding("Credentials", False, error.message, error.hint, fatal=True))
        findings += [
            Finding(name, None, "not checked (no credentials)")
            for name in ("API", "Clock", "Rate limit")
        ]
        return findings
    creds = resolved.credentials
    assert creds is not None
    findings.append(Finding("Credentials", True, f"key {creds.key_id} ({creds.source})"))
    api, response, received = check_api(resolved)
    findings += [api, check_clock(response, received), check_budget(response)]
    return findings


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.fatal and f.ok is False for f in findings) else 0
