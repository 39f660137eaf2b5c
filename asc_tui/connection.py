"""How the app reaches an API: the demo server or a real one. Building a Connection is
cheap; :meth:`Connection.open` does the slow part (importing httpx and the demo server,
starting the server) and is meant to run in a worker, after the first frame is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .credentials import Credentials
    from .store import Store


@dataclass(frozen=True)
class Connection:
    base_url: str = ""
    """Ignored for the demo, which picks a free port on 127.0.0.1."""
    credentials: Credentials | None = field(default=None, repr=False)
    demo: bool = False

    @property
    def label(self) -> str:
        if self.demo:
            return "demo server (no Apple account)"
        host = self.base_url.split("://", 1)[-1]
        if self.credentials is None:
            return host
        return f"{host} · key {self.credentials.key_id} ({self.credentials.source})"

    def open(self) -> Store:
        """Start what is needed and return a Store on a ready client (blocking)."""
        from .api.auth import JwtAuth
        from .api.client import AscClient
        from .credentials import load_private_key
        from .store import Store

        if self.demo:
            from .demo import DemoServer

            server = DemoServer()
            server.start()
            key = server.key
            auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
            try:
                return Store(AscClient(server.base_url, auth), on_close=server.stop)
            except BaseException:
                server.stop()
                raise
        if self.credentials is None:
            from .errors import MissingCredentialsError

            raise MissingCredentialsError("No App Store Connect API credentials found.")
        creds = self.credentials
        auth = JwtAuth(creds.issuer_id, creds.key_id, creds.private_key())
        return Store(AscClient(self.base_url, auth))
