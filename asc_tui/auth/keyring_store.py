"""The OS keyring, restricted to real OS stores, holding one entry per profile.

Only Secret Service (GNOME Keyring, KWallet…), libsecret, KWallet, the macOS Keychain and
the Windows Credential Locker are considered (``keyring.core.init_backend(limit=…)``), so a
plaintext or file backend that happens to be installed (keyrings.alt, keyrings.cryptfile) is
never picked silently. A backend forced on purpose (``PYTHON_KEYRING_BACKEND`` or
keyring's ``keyringrc.cfg``) is honoured; if it is not an OS store, :attr:`KeyringStatus.warning`
says so, for the CLI and the TUI to show.

One entry per profile: service ``asc-tui``, user name = profile name, password = a small
JSON document with the issuer ID, the key ID and the PEM. Keeping the IDs with the key makes
the entry self-contained (a key is useless without its key ID) and lets one read fetch all.

Every call may be slow (D-Bus round trips, ~15 ms), may block on an unlock prompt, and must
run in a worker thread, never on the UI thread. Each call is bounded by a timeout so that a
keyring that never answers cannot hang asc-tui; every failure becomes a
:class:`~asc_tui.errors.KeyringError` whose message names the backend and the fix.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..errors import KeyringError, KeyringLockedError, NoKeyringError
from . import keychain
from .keyring_backends import (
    CHAINER,
    DISABLED,
    OS_KEYRINGS,
    STORES,
    backend_label,
    backend_name,
    fixes,
    forced_backend,
    has_display,
    is_os_keyring,
    is_secure,
    no_keyring_error,
    store_label,
    store_of,
    why_not_viable,
)

SERVICE = "asc-tui"
PAYLOAD_VERSION = 1

T = TypeVar("T")


@dataclass(frozen=True)
class KeyringStatus:
    """Which backend is in use, and whether it is a real OS store."""

    backend: str
    """Dotted class name, e.g. ``keyring.backends.SecretService.Keyring``."""
    label: str
    """For people, e.g. ``Secret Service (GNOME Keyring, KWallet) over D-Bus``."""
    secure: bool
    forced_by: str | None = None
    """``PYTHON_KEYRING_BACKEND`` or the keyringrc.cfg path, when the user chose it."""

    @property
    def store(self) -> str:
        """The store's name as saved with a profile ("secret-service", "keyctl"…)."""
        return store_of(self.backend)

    @property
    def warning(self) -> str | None:
        """A warning to keep visible while this backend is in use, or None."""
        if self.secure:
            return None
        return (
            f"Keys are stored by {self.backend}, which is not an OS keyring (chosen by "
            f"{self.forced_by or 'configuration'}): anyone who can read your files may read "
            "them. Unset it to use the OS keyring."
        )


@dataclass(frozen=True)
class StoredKey:
    """What one profile's keyring entry holds."""

    issuer_id: str
    key_id: str
    private_key_pem: str = field(repr=False)

    def to_secret(self) -> str:
        return json.dumps(
            {
                "version": PAYLOAD_VERSION,
                "issuer_id": self.issuer_id,
                "key_id": self.key_id,
                "private_key_pem": self.private_key_pem,
            }
        )

    @classmethod
    def from_secret(cls, text: str) -> StoredKey:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        values = [data.get(k) for k in ("issuer_id", "key_id", "private_key_pem")]
        if not all(isinstance(v, str) and v for v in values):
            raise ValueError("a field is missing")
        issuer, key_id, pem = (str(v) for v in values)
        return cls(issuer, key_id, pem)


def _scrub(text: str, secret: str | None) -> str:
    if not secret:
        return text
    for line in secret.splitlines():
        if len(line.strip()) >= 8 and line.strip() in text:
            return "(details withheld)"
    return text if secret not in text else "(details withheld)"


def call_with_timeout(call: Callable[[], T], seconds: float, name: str) -> T:
    """``call()`` in a daemon thread, its result or its exception; TimeoutError when it has
    not returned within ``seconds`` (a keyring or D-Bus that never answers cannot hang the
    caller; the thread is left behind, a daemon)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    result: T = box["result"]
    return result


def _best_usable_backend() -> Any:
    """The OS store of highest priority among those usable now; NoKeyringError if none."""
    from keyring.backend import get_all_keyring

    ranked: list[tuple[float, Any]] = []
    for backend in get_all_keyring():
        if not is_os_keyring(backend):
            continue
        try:
            ranked.append((float(backend.priority), backend))
        except Exception:  # not usable (any more): keyring says so by raising
            continue
    if not ranked:
        raise no_keyring_error()
    return max(ranked, key=lambda pair: pair[0])[1]


class KeyringStore:
    """Get, set and delete profiles' keys in the OS keyring (blocking; run in a worker).

    The backend is chosen on first use and kept. ``timeout`` bounds each call (default:
    long enough to type a password when an unlock prompt can be shown, short otherwise).
    """

    def __init__(
        self, service: str = SERVICE, *, store: str | None = None, timeout: float | None = None
    ) -> None:
        """``store``: one of :data:`~asc_tui.auth.keyring_backends.STORES` (or a backend's
        dotted class name) to use that store only; None picks the best usable one."""
        self.service = service
        self.store = store
        self.timeout = timeout if timeout is not None else (120.0 if has_display() else 10.0)
        self._backend: Any = None
        self._status: KeyringStatus | None = None
        self._lock = threading.Lock()
        self._stuck: KeyringError | None = None

    # -- backend -------------------------------------------------------------------

    def status(self) -> KeyringStatus:
        """The backend in use (initialising it on first call); raises NoKeyringError."""
        self._ensure_backend()
        assert self._status is not None
        return self._status

    def _ensure_backend(self) -> Any:
        with self._lock:
            if self._backend is None:
                self._backend, self._status = self._bounded(self._init_backend, "start")
            return self._backend

    def _init_backend(self) -> tuple[Any, KeyringStatus]:
        import keyring.core

        from . import kernel_keyring  # registers the kernel keyring with keyring

        del kernel_keyring
        if self.store is not None:
            return self._chosen_backend(self.store)
        forced_by = forced_backend()
        try:
            keyring.core.init_backend(limit=is_os_keyring)
            backend = keyring.core.get_keyring()
        except Exception as exc:  # a forced backend that cannot be loaded or is not viable
            if forced_by is not None:
                raise NoKeyringError(
                    f"The keyring backend chosen by {forced_by} cannot be used: "
                    f"{exc or type(exc).__name__}.",
                    hint=f"Fix or unset {forced_by}. " + fixes(),
                ) from None
            # keyring keeps the backends it found usable once; one that has become
            # unusable since (a long-lived process) raises while being ranked.
            backend = _best_usable_backend()
        name = backend_name(backend)
        chained = list(getattr(backend, "backends", [None])) if name == CHAINER else [None]
        if name in DISABLED or not chained:
            if forced_by:
                raise NoKeyringError(
                    f"The keyring is disabled ({name}, chosen by {forced_by}).",
                    hint=f"Unset {forced_by} to use the OS keyring. " + fixes(),
                )
            raise no_keyring_error()
        status = KeyringStatus(name, backend_label(backend), is_secure(backend), forced_by)
        if status.store == "keychain":
            keychain.refuse_if_locked()
        return backend, status

    def _chosen_backend(self, store: str) -> tuple[Any, KeyringStatus]:
        """The backend of ``store`` (named by ``--store`` or saved with a profile)."""
        import keyring.core

        name = STORES.get(store, store)
        label = store_label(store)
        if name not in OS_KEYRINGS and store not in STORES:
            raise NoKeyringError(
                f"{store!r} is not a store asc-tui knows.",
                hint="Use one of: " + ", ".join(STORES) + ".",
            )
        reason = why_not_viable(name)
        if reason is not None:
            raise NoKeyringError(f"The {label} cannot be used here: {reason}.", hint=fixes())
        if store == "keychain":
            keychain.refuse_if_locked()
        backend = keyring.core.load_keyring(name)
        return backend, KeyringStatus(name, label, is_secure(backend), None)

    def _bounded(self, call: Callable[[], T], what: str) -> T:
        """Run ``call`` in a daemon thread; give up after ``self.timeout`` seconds."""
        if self._stuck is not None:
            raise self._stuck
        try:
            return call_with_timeout(call, self.timeout, f"asc-tui-keyring-{what}")
        except TimeoutError:
            label = self._status.label if self._status else "the OS keyring"
            self._stuck = KeyringError(
                f"The keyring ({label}) did not answer within {self.timeout:g} seconds; it "
                "may be waiting for an unlock prompt that cannot be shown here.",
                hint=fixes(locked=True),
            )
            raise self._stuck from None

    # -- entries -------------------------------------------------------------------

    def _call(self, what: str, call: Callable[[Any], T], secret: str | None = None) -> T:
        backend = self._ensure_backend()
        assert self._status is not None
        label = self._status.label
        try:
            return self._bounded(lambda: call(backend), what)
        except KeyringError:
            raise
        except Exception as exc:
            raise self._translate(exc, label, secret) from None

    def _translate(self, exc: Exception, label: str, secret: str | None) -> KeyringError:
        from keyring import errors

        detail = _scrub(str(exc) or type(exc).__name__, secret)
        if keychain.means_locked(detail):  # macOS: locked, and no prompt possible here
            return keychain.locked_error()
        if isinstance(exc, errors.KeyringLocked):
            why = "" if has_display() else " and no unlock prompt can be shown in this session"
            return KeyringLockedError(
                f"The keyring ({label}) is locked{why}: {detail}", hint=fixes(locked=True)
            )
        if isinstance(exc, errors.NoKeyringError):
            return no_keyring_error()
        return KeyringError(f"The keyring ({label}) failed: {detail}", hint=fixes())

    def get(self, profile: str) -> StoredKey | None:
        """The key stored for ``profile``, or None if there is none."""
        text = self._call("get", lambda b: b.get_password(self.service, profile))
        if text is None:
            return None
        try:
            return StoredKey.from_secret(str(text))
        except ValueError:
            raise KeyringError(
                f"The keyring entry for profile {profile!r} (service {self.service!r}) is not "
                "one asc-tui can read.",
                hint=f"Store it again with `asc-tui auth add --profile {profile} --force …`.",
            ) from None

    def set(self, profile: str, key: StoredKey) -> None:
        secret = key.to_secret()
        self._call("set", lambda b: b.set_password(self.service, profile, secret), secret)

    def delete(self, profile: str) -> bool:
        """Delete ``profile``'s entry; False if there was none."""
        from keyring.errors import PasswordDeleteError

        def delete(backend: Any) -> bool:
            try:
                backend.delete_password(self.service, profile)
            except PasswordDeleteError:
                # "not found" for most backends, but check rather than assume.
                if backend.get_password(self.service, profile) is None:
                    return False
                raise
            return True

        return self._call("delete", delete)


_default: KeyringStore | None = None
_default_lock = threading.Lock()


def default_store() -> KeyringStore:
    """The process-wide store, so the backend is detected once."""
    global _default
    with _default_lock:
        if _default is None:
            _default = KeyringStore()
        return _default


_chosen: dict[str, KeyringStore] = {}


def store_for(store: str | None) -> KeyringStore:
    """The process-wide store named ``store`` (saved with a profile), or the default one."""
    if not store:
        return default_store()
    with _default_lock:
        return _chosen.setdefault(store, KeyringStore(store=store))


def reset_default_store() -> None:
    """Forget the process-wide stores (tests; after the environment changed)."""
    global _default
    with _default_lock:
        _default = None
        _chosen.clear()
