"""What has been loaded this session, so moving between panes never re-fetches it.

The UI asks the store; the store asks the client only for what it does not hold yet, or
when the caller asks for a refresh. No Textual here.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..api.diagnostic_logs import DiagnosticLogsDocument
from ..api.metrics_report import MetricsReport
from ..api.models import App, Build, DiagnosticSignature, RateLimit
from ..errors import IncompleteListError

if TYPE_CHECKING:
    import httpx

    from ..api.client import AscClient
    from ..api.pagination import Listing
    from .analytics import AnalyticsSession

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
    ) -> None:
        self.client = client
        self._on_close = on_close
        self._segment_http = segment_http
        self._analytics: AnalyticsSession | None = None
        self._apps: list[App] | None = None
        self._partial: dict[str, tuple[list[Any], str]] = {}
        """A listing that stopped part way: what was loaded and the cursor to resume at."""
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
    def analytics(self) -> AnalyticsSession:
        """The analytics reports: requests, reports, instances, downloads."""
        if self._analytics is None:
            from .analytics import AnalyticsSession

            self._analytics = AnalyticsSession(self.client, self._segment_http)
        return self._analytics

    async def aclose(self) -> None:
        """Close the client, then whatever the connection started (the demo server)."""
        try:
            await self.client.aclose()
        finally:
            if self._on_close is not None:
                self._on_close()

    async def apps(self, *, refresh: bool = False) -> list[App]:
        """Every app. A list that stopped part way (IncompleteListError, with the apps
        loaded so far) resumes at the page that failed when asked again."""
        if self._apps is None or refresh:
            self._apps = [
                a async for chunk in self._resumable("apps", self.client.apps()) for a in chunk
            ]
        return self._apps

    async def _resumable(self, key: str, listing: Listing[T]) -> AsyncIterator[list[T]]:
        """``listing`` a chunk at a time, or, after an IncompleteListError, the chunk loaded
        then the listing from its cursor on. On a new IncompleteListError its ``items``
        hold everything loaded so far and the cursor is remembered."""
        loaded, resume = self._partial.pop(key, ([], None))
        if loaded:
            yield loaded
        loaded = list(loaded)
        try:
            async for chunk in listing.resuming(resume):
                loaded.extend(chunk)
                yield chunk
        except IncompleteListError as error:
            error.items = list(loaded)
            if error.resume_url is not None:
                self._partial[key] = (loaded, error.resume_url)
            raise

    def cached_builds(self, app_id: str) -> list[Build] | None:
        return self._builds.get(app_id)

    async def iter_builds(
        self, app_id: str, *, refresh: bool = False
    ) -> AsyncIterator[list[Build]]:
        """Builds a page at a time (newest first); from memory when already loaded."""
        cached = None if refresh else self._builds.get(app_id)
        if cached is not None:
            yield cached
            return
        loaded: list[Build] = []
        async for chunk in self._resumable(f"builds/{app_id}", self.client.builds(app_id)):
            loaded.extend(chunk)
            yield chunk
        self._builds[app_id] = loaded

    async def builds(self, app_id: str, *, refresh: bool = False) -> list[Build]:
        return [b async for chunk in self.iter_builds(app_id, refresh=refresh) for b in chunk]

    async def build_metrics(
        self,
        build_id: str,
        *,
        metric_types: Sequence[str] = (),
        device_types: Sequence[str] = (),
        refresh: bool = False,
    ) -> MetricsReport:
        key = (build_id, ",".join(metric_types), ",".join(device_types))
        fetch = self.client.build_metrics
        return await self._metrics(
            self._build_metrics, key, fetch, metric_types, device_types, refresh
        )

    async def app_metrics(
        self,
        app_id: str,
        *,
        metric_types: Sequence[str] = (),
        device_types: Sequence[str] = (),
        refresh: bool = False,
    ) -> MetricsReport:
        key = (app_id, ",".join(metric_types), ",".join(device_types))
        fetch = self.client.app_metrics
        return await self._metrics(
            self._app_metrics, key, fetch, metric_types, device_types, refresh
        )

    @staticmethod
    async def _metrics(
        cache: dict[tuple[str, str, str], MetricsReport],
        key: tuple[str, str, str],
        fetch: Callable[..., Awaitable[MetricsReport]],
        metric_types: Sequence[str],
        device_types: Sequence[str],
        refresh: bool,
    ) -> MetricsReport:
        """A build's or an app's metrics, from ``cache`` unless asked to ``refresh``."""
        if key not in cache or refresh:
            cache[key] = await fetch(key[0], metric_types=metric_types, device_types=device_types)
        return cache[key]

    async def signatures(
        self, build_id: str, *, diagnostic_types: Sequence[str] = (), refresh: bool = False
    ) -> list[DiagnosticSignature]:
        key = (build_id, ",".join(diagnostic_types))
        if key not in self._signatures or refresh:
            self._signatures[key] = await self.client.signatures(
                build_id, diagnostic_types=diagnostic_types
            )
        return self._signatures[key]

    async def logs(self, signature_id: str, *, refresh: bool = False) -> DiagnosticLogsDocument:
        return (await self.logs_with_raw(signature_id, refresh=refresh))[1]

    async def logs_with_raw(
        self, signature_id: str, *, refresh: bool = False
    ) -> tuple[Any, DiagnosticLogsDocument]:
        """The logs document both as received (for saving) and parsed."""
        if signature_id not in self._logs or refresh:
            raw = await self.client.signature_logs_json(signature_id)
            parsed = await asyncio.to_thread(DiagnosticLogsDocument.from_json, raw)
            self._logs[signature_id] = (raw, parsed)
        return self._logs[signature_id]
