"""The seam between the command line and the UI: what the app is given to get its data from.

Every source implements :class:`DataSource` in full: a live connection and the demo
(:class:`~asc_tui.auth.connection.Connection`), a saved file opened offline
(:class:`OfflineSource`), and a Store the caller opened itself (:class:`OpenedStore`, for
tests, benchmarks and screenshots). The app asks nothing else of them. Building a source is
cheap; :meth:`DataSource.resolved` and :meth:`DataSource.open` may block (keyring, demo
server) and run in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import AscError

if TYPE_CHECKING:
    from .store import Store


class DataSource(Protocol):
    @property
    def label(self) -> str:
        """For the status line, where the credentials come from first (the line shortens
        from the end): "keyring profile work · key 2X9R4HXF34 · api.appstoreconnect.apple.com"."""
        ...

    @property
    def demo(self) -> bool:
        """The embedded demo server (the status line says DEMO)."""
        ...

    @property
    def warning(self) -> str | None:
        """Something to keep on screen while this source is in use (an insecure keyring)."""
        ...

    @property
    def profile_in_use(self) -> str | None:
        """The credentials profile this source uses, if any (marked in the switcher)."""
        ...

    @property
    def offers_first_run(self) -> bool:
        """Whether having no credentials at all opens the first-run form to add a key."""
        ...

    @property
    def session_only(self) -> bool:
        """Credentials given for this session only: nothing about the session is written
        (not even where it ended)."""
        ...

    def resolved(self) -> DataSource:
        """The same source with whatever it reads lazily decided (blocking: the keyring)."""
        ...

    def open(self) -> Store:
        """A Store on a ready client (blocking: may start the demo server)."""
        ...


@dataclass(frozen=True)
class OpenedStore:
    """A Store its caller has already opened."""

    store: Store
    label: str = ""
    demo: bool = False
    warning: str | None = None
    profile_in_use: str | None = None
    offers_first_run: bool = False
    session_only: bool = False

    def resolved(self) -> OpenedStore:
        return self

    def open(self) -> Store:
        return self.store


@dataclass(frozen=True)
class OfflineSource:
    """The "connection" of a saved file: there is none, and it says so."""

    path: Path
    demo: bool = False
    warning: str | None = None
    profile_in_use: str | None = None
    offers_first_run: bool = False
    session_only: bool = False

    @property
    def label(self) -> str:
        return f"file {self.path.name} (offline)"

    def resolved(self) -> OfflineSource:
        return self

    def open(self) -> Store:
        raise AscError(
            f"{self.path.name} was opened from disk: there is no App Store Connect "
            "connection in this window.",
            hint="Run asc-tui (or asc-tui --demo) to browse the API.",
        )
