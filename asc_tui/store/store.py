"""What has been loaded this session, so moving between panes never re-fetches it.

The UI asks the store; the store asks the client only for what it does not hold yet, or
when the caller asks for a refresh. Below the client, the persistent response cache
(:mod:`.cache_transport`) answers what it holds under the freshness rules
(:mod:`.freshness`). Each item held remembers when it was fetched, so a screen can say how
old what it shows is. No Textual here.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..api.builds import Build
from ..api.models import App
from ..api.not_found import app_must_exist
from ..api.rate_limit import RateLimit
from ..api.signatures import DiagnosticSignature
from .freshness import CacheSettings, Mode, current, reading
from .partial_lists import PartialLists

if TYPE_CHECKING:
    import httpx

    from ..api.client import AscClient
    from ..api.diagnostic_logs import DiagnosticLogsDocument
    from ..api.metrics_report import MetricsReport
    from ..logs.opening import OpenedLogs
    from .analytics import AnalyticsSession
    from .cache_transport import CachingTransport
    from .crashes import CrashSession

T = TypeVar("T")


class Store:
    """The one place the UI gets data from: apps, builds, metrics, signatures, logs, and
    (``analytics``) the analytics reports. ``segment_http`` makes the HTTP client for
    analytics segment downloads (default: one of their own)."""

    def __init__(
        self,
        client: AscClient,
        *,
        on_close: Callable[[], None] | None = None,
        segment_http: Callable[[], httpx.AsyncClient] | None = None,
        cache: CachingTransport | None = None,
    ) -> None:
        self.client = client
        self.cache = cache
        """The persistent response cache under the client, if any."""
        self._fetched_at: dict[tuple[str, Hashable], float] = {}
        """When each item held was fetched from the server (``time.time()``)."""
        self._on_close = on_close
        self._segment_http = segment_http
        self._analytics: AnalyticsSession | None = None
        self._crashes: CrashSession | None = None
        self._apps: dict[str, list[App]] = {}
        self.partial = PartialLists()
        """Listings that stopped part way: asked again, they resume at the failed page."""
        self._builds: dict[str, list[Build]] = {}
        self._build_metrics: dict[tuple[str, str, str], MetricsReport] = {}
        self._app_metrics: dict[tuple[str, str, str], MetricsReport] = {}
        self._signatures: dict[tuple[str, str], list[DiagnosticSignature]] = {}
        self._logs: dict[str, tuple[Any, DiagnosticLogsDocument]] = {}

    @property
    def base_url(self) -> str:
        return str(self.client.base_url).rstrip("/")

    @property
    def rate_limit(self) -> RateLimit | None:
        return self.client.rate_limit

    @property
    def offline(self) -> bool:
        return self.cache is not None and self.cache.offline

    @property
    def saved_requests(self) -> int:
        """Requests the response cache answered this session instead of the network."""
        return self.cache.saved if self.cache is not None else 0

    def cache_notices(self) -> list[str]:
        """What to say once: the cache file was rebuilt or cannot be used."""
        if self.cache is None:
            return []
        notices = self.cache.cache.notices
        said, notices[:] = list(notices), []
        return said

    @property
    def settings(self) -> CacheSettings:
        return self.cache.settings if self.cache is not None else CacheSettings()

    def _held(self, kind: str, key: Hashable) -> None:
        """An item held in memory is used: the reading is told how old it is."""
        _, use = current()
        fetched_at = self._fetched_at.get((kind, key))
        if use is not None and fetched_at is not None:
            age = time.time() - fetched_at
            use.noted(fetched_at, self.settings.is_stale(kind.removeprefix("app-"), age))

    async def _remembered(
        self,
        memo: dict[Any, T],
        kind: str,
        key: Hashable,
        load: Callable[[], Awaitable[T]],
        refresh: bool,
    ) -> T:
        """``memo[key]``, loaded (through the response cache) when not held or ``refresh``;
        when it was fetched is remembered (the oldest cached answer it was made of)."""
        if not refresh and key in memo:
            self._held(kind, key)
            return memo[key]
        with reading(Mode.REFRESH if refresh else None) as use:
            value = await load()
        self._fetched_at[(kind, key)] = use.oldest if use.oldest is not None else time.time()
        memo[key] = value
        return value

    @property
    def analytics(self) -> AnalyticsSession:
        """The analytics reports: requests, reports, instances, downloads."""
        if self._analytics is None:
            from .analytics import AnalyticsSession

            self._analytics = AnalyticsSession(self.client, self._segment_http, self.partial)
        return self._analytics

    @property
    def crashes(self) -> CrashSession:
        """TestFlight crash submissions, their crash reports and signatures; feedback."""
        if self._crashes is None:
            from .crashes import CrashSession

            self._crashes = CrashSession(
                self.client, self.builds, self._segment_http, partial=self.partial
            )
        return self._crashes

    async def aclose(self, *, wait: bool = True) -> None:
        """Close the client (the response cache's writes are committed first), then
        whatever the connection started (the demo server). Without ``wait`` (the app is
        ending) that is stopped in a daemon thread, not waited for: the demo server takes
        0.1 to 0.2 s to wind down and holds nothing that must be kept."""
        try:
            await self.client.aclose()
        finally:
            on_close, self._on_close = self._on_close, None
            if on_close is not None and not wait:
                threading.Thread(target=on_close, name="asc-tui close", daemon=True).start()
            elif on_close is not None:
                on_close()

    async def apps(self, *, refresh: bool = False) -> list[App]:
        """Every app. A list that stopped part way (IncompleteListError, with the apps
        loaded so far) resumes at the page that failed when asked again."""

        load = functools.partial(self.partial.all, "apps", self.client.apps())
        return await self._remembered(self._apps, "apps", "apps", load, refresh)

    def cached_builds(self, app_id: str) -> list[Build] | None:
        return self._builds.get(app_id)

    async def iter_builds(
        self, app_id: str, *, refresh: bool = False
    ) -> AsyncIterator[list[Build]]:
        """Builds a page at a time (newest first); from memory when already loaded."""
        cached = None if refresh else self._builds.get(app_id)
        if cached is not None:
            self._held("builds", app_id)
            yield cached
            return
        loaded: list[Build] = []
        listing = self.client.builds(app_id)
        with reading(Mode.REFRESH if refresh else None) as use:
            async for chunk in self.partial.iterate(("builds", app_id), listing):
                loaded.extend(chunk)
                yield chunk
            if not loaded:  # no builds, or no such app (404)
                await app_must_exist(self.client, app_id)
        self._fetched_at[("builds", app_id)] = use.oldest or time.time()
        self._builds[app_id] = loaded

    async def builds(self, app_id: str, *, refresh: bool = False) -> list[Build]:
        return [b async for chunk in self.iter_builds(app_id, refresh=refresh) for b in chunk]

    async def find_builds(
        self, *, number: str | None = None, version: str | None = None
    ) -> list[tuple[App, Build]]:
        """Builds of any app by build number or app version, asked of the API (whether or
        not their app's builds are loaded), with their app."""
        apps = {app.id: app for app in await self.apps()}
        found = await self.client.find_builds(number=number, version=version)
        return [(apps[app_id], build) for app_id, build in found if app_id in apps]

    async def build_metrics(
        self,
        build_id: str,
        *,
        metric_types: Sequence[str] = (),
        device_types: Sequence[str] = (),
        refresh: bool = False,
    ) -> MetricsReport:
        key = (build_id, ",".join(metric_types), ",".join(device_types))
        load = functools.partial(
            self.client.build_metrics,
            build_id,
            metric_types=metric_types,
            device_types=device_types,
        )
        return await self._remembered(self._build_metrics, "metrics", key, load, refresh)

    async def app_metrics(
        self,
        app_id: str,
        *,
        metric_types: Sequence[str] = (),
        device_types: Sequence[str] = (),
        refresh: bool = False,
    ) -> MetricsReport:
        key = (app_id, ",".join(metric_types), ",".join(device_types))
        load = functools.partial(
            self.client.app_metrics, app_id, metric_types=metric_types, device_types=device_types
        )
        return await self._remembered(self._app_metrics, "app-metrics", key, load, refresh)

    async def signatures(
        self, build_id: str, *, diagnostic_types: Sequence[str] = (), refresh: bool = False
    ) -> list[DiagnosticSignature]:
        key = (build_id, ",".join(diagnostic_types))
        listing = self.client.signatures(build_id, diagnostic_types=diagnostic_types)
        load = functools.partial(self.partial.all, ("signatures", key), listing)
        return await self._remembered(self._signatures, "signatures", key, load, refresh)

    async def logs(self, signature_id: str, *, refresh: bool = False) -> DiagnosticLogsDocument:
        return (await self.logs_with_raw(signature_id, refresh=refresh))[1]

    async def logs_with_raw(
        self,
        signature_id: str,
        *,
        refresh: bool = False,
        whole: Callable[[OpenedLogs], Awaitable[tuple[Any, DiagnosticLogsDocument]]] | None = None,
    ) -> tuple[Any, DiagnosticLogsDocument]:
        """The logs document as received (its body, for saving: ``ReceivedLogs``) and
        parsed. A big one is opened from its first part (``open_logs_body``): ``whole``
        is given it and returns it whole (shows the first part, then calls ``rest`` in a
        thread); without ``whole``, ``rest`` is called in a thread."""

        async def load() -> tuple[Any, DiagnosticLogsDocument]:
            from ..logs import opening  # not for the first frame

            # the body straight to the reader, which lets it go once read (no copy held here)
            fetch = self.client.signature_logs_body(signature_id)
            opened = await asyncio.to_thread(opening.open_logs_body, await fetch)
            if opened.rest is None:
                return opened.raw, opened.document
            if whole is not None:
                return await whole(opened)
            return await asyncio.to_thread(opened.rest)

        return await self._remembered(self._logs, "logs", signature_id, load, refresh)
