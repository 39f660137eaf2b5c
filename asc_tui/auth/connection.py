"""How the app reaches an API: the demo server or a real one. Building a Connection is
cheap and touches neither the keyring nor the network; :meth:`Connection.resolved` (which
reads the keyring) and :meth:`Connection.open` (which also imports httpx and starts the demo
server) are slow and meant to run in a worker, after the first frame is drawn."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..api.client import AscClient
    from ..store import Store
    from ..store.cache_transport import CachingTransport, Network
    from ..store.cached_lists import ListReader
    from .credentials import Credentials


@dataclass(frozen=True)
class Connection:
    """A live App Store Connect server, or the embedded demo: the command line's
    :class:`~asc_tui.store.DataSource` for the TUI."""

    base_url: str = ""
    """The API's base URL; "" until :meth:`resolved` picks one. Ignored for the demo, which
    picks a free port on 127.0.0.1."""
    credentials: Credentials | None = field(default=None, repr=False)
    """Known up front (``--issuer-id``/``--key-id``/``--key-file``), else resolved lazily."""
    demo: bool = False
    profile: str | None = None
    """A profile named on the command line or picked in the profile switcher."""
    base_url_override: str | None = None
    """``--base-url`` / ``ASC_BASE_URL``: wins over a profile's base URL, kept on switching."""
    offline: bool = False
    """``--offline``: answers come from the response cache only; neither the keyring nor
    the network (nor the demo server) is used."""

    @property
    def label(self) -> str:
        """For the status line, where the credentials come from first (the line shortens
        from the end): "profile work in Secret Service · key 2X9R4HXF34 · host"; before
        they are resolved, the server and the profile asked for."""
        if self.demo:
            return "demo server (no Apple account)" + (" · offline" if self.offline else "")
        if self.offline:
            base, key_id = self.cache_identity()
            return f"offline · cache of key {key_id} · {base.split('://', 1)[-1]}"
        host = (self.base_url or self.base_url_override or "").split("://", 1)[-1]
        host = host or "App Store Connect"
        if self.credentials is None:
            return f"{host} · profile {self.profile}" if self.profile else host
        return f"{self.credentials.source} · key {self.credentials.key_id} · {host}"

    @property
    def warning(self) -> str | None:
        """Something to keep on screen while connected (an insecure keyring backend)."""
        return self.credentials.warning if self.credentials is not None else None

    @property
    def profile_in_use(self) -> str | None:
        """The profile asked for, else the one whose key the resolved credentials are."""
        return self.profile or (self.credentials.profile if self.credentials else None)

    @property
    def offers_first_run(self) -> bool:
        """With no credentials at all, the TUI offers to add a key (not on the demo)."""
        return not self.demo

    @property
    def session_only(self) -> bool:
        """A key typed in the first-run form for this session only."""
        from .source_labels import SOURCE_SESSION

        return self.credentials is not None and self.credentials.source == SOURCE_SESSION

    def for_profile(self, name: str) -> Connection:
        """The same server settings with profile ``name`` (for the profile switcher)."""
        return replace(self, profile=name, credentials=None, base_url="", demo=False)

    def resolved(self) -> Connection:
        """A copy with credentials and base URL decided (blocking: reads the keyring once).

        Raises MissingCredentialsError when there are none (the TUI shows its first-run
        screen), or another CredentialsError/KeyringError saying what to do.
        """
        if self.demo or self.offline or (self.credentials is not None and self.base_url):
            return self
        from ..api.urls import DEFAULT_BASE_URL
        from .config import load_config, profile_base_url
        from .credentials import resolve_credentials

        config = load_config()
        creds = self.credentials or resolve_credentials(profile=self.profile, config=config)
        url = (
            self.base_url
            or self.base_url_override
            or profile_base_url(creds.profile, config)
            or DEFAULT_BASE_URL
        )
        return replace(self, credentials=creds, base_url=url.rstrip("/"))

    def cache_identity(self) -> tuple[str, str]:
        """(base URL, key ID) naming this connection's answers in the response cache, read
        without the keyring (from the flags, the environment and config.json); "demo"
        for the demo server, whose address changes on every start."""
        if self.demo:
            return "demo", "demo"
        import os

        from ..api.urls import DEFAULT_BASE_URL
        from .config import load_config, profile_base_url

        if self.credentials is not None:
            key_id, profile = self.credentials.key_id, self.credentials.profile
        else:
            config = load_config()
            profile = self.profile or (
                None if os.environ.get("ASC_KEY_ID") else config.default_profile
            )
            found = config.profiles.get(profile) if profile else None
            key_id = found.key_id if found else os.environ.get("ASC_KEY_ID", "").strip() or "-"
        base = self.base_url or self.base_url_override
        if not base:
            base = profile_base_url(profile, load_config()) or DEFAULT_BASE_URL
        return base.rstrip("/"), key_id

    @contextmanager
    def cached_lists(self) -> Iterator[ListReader | None]:
        """The response cache file, opened to read this connection's lists from it alone
        (the TUI's warm start, ``asc-tui apps`` and ``builds``) and closed after the block;
        None when there is no cache file yet (a first launch: nothing more is imported) or
        config.json cannot be read (said when the connection opens)."""
        from ..files.locations import RESPONSE_CACHE_FILE_NAME, cache_dir

        if not (cache_dir() / RESPONSE_CACHE_FILE_NAME).is_file():
            yield None
            return
        from ..errors import AscError
        from ..store.cached_lists import ListReader
        from ..store.response_cache import ResponseCache
        from .config import load_config

        try:
            identity = self.cache_identity()
            settings = load_config().cache
        except AscError:
            yield None
            return
        base_url = "" if self.demo else identity[0]  # the demo's address changes every run
        cache = ResponseCache(cache_dir(), max_bytes=settings.max_bytes)
        try:
            yield ListReader(cache, " ".join(identity), base_url, settings)
        finally:
            cache.close()

    def _cached(
        self, client_for: Callable[..., AscClient], network: Network | None, base_url: str
    ) -> tuple[AscClient, CachingTransport]:
        """A client whose requests go through the response cache, then ``network`` (made
        when first needed; None: offline)."""
        from ..files.locations import cache_dir
        from ..store.cache_transport import CachingTransport
        from ..store.response_cache import ResponseCache
        from .config import load_config

        settings = load_config().cache
        cache = ResponseCache(cache_dir(), max_bytes=settings.max_bytes)
        namespace = " ".join(self.cache_identity())
        transport = CachingTransport(
            network,
            cache,
            namespace,
            settings=settings,
            offline=self.offline,
        )
        return client_for(base_url, transport=transport), transport

    def open_client(self) -> tuple[AscClient, Callable[[], None] | None]:
        """A ready client, and what to call once it is closed (stops the demo server);
        blocking. The TUI's Store and the command line's clients both come from here.
        Its answers go through the response cache; offline, only there."""
        client, _, on_close = self.open_cached_client()
        return client, on_close

    def open_cached_client(
        self,
    ) -> tuple[AscClient, CachingTransport, Callable[[], None] | None]:
        """:meth:`open_client`, with the caching transport it uses."""
        import functools

        from ..api.client import AscClient
        from ..api.jwt_auth import JwtAuth
        from ..api.network import network_transport
        from .private_key import load_private_key

        if self.offline:
            base = self.cache_identity()[0]
            base = "http://127.0.0.1:9" if self.demo else base
            client, transport = self._cached(AscClient, None, base)
            return client, transport, None
        if self.demo:
            from ..demo import DemoServer

            server = DemoServer()
            server.start()
            key = server.key
            try:
                auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
                client_for = functools.partial(AscClient, auth=auth)
                client, transport = self._cached(client_for, network_transport, server.base_url)
                return client, transport, server.stop
            except BaseException:
                server.stop()
                raise
        connection = self.resolved()
        creds = connection.credentials
        assert creds is not None
        auth = JwtAuth(creds.issuer_id, creds.key_id, creds.private_key())
        client_for = functools.partial(AscClient, auth=auth)
        client, transport = connection._cached(client_for, network_transport, connection.base_url)
        return client, transport, None

    def open(self) -> Store:
        """Start what is needed and return a Store on a ready client (blocking)."""
        from ..store import Store

        client, transport, on_close = self.open_cached_client()
        return Store(client, on_close=on_close, cache=transport)
