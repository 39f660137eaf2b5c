"""The response cache as an httpx transport: between the client (which signs and retries)
and the network. The API client knows nothing of it; the freshness rules come from the
store (:mod:`.freshness`).

Only GETs to the API's own origin under ``/v1/`` are kept; the key is the path, the sorted
query and the Accept header — never a request header such as the bearer token. Offline,
nothing reaches the network: a request the cache cannot answer raises NotCachedError.

The cache is read on the event loop, not in a thread: one row is a page of a list or one
document (milliseconds even for a large log), and handing each to a thread cost more than
the read itself on a busy machine. Answers are written by the cache's own writer thread
(``put_soon``), a listing's pages in as few transactions as keep up with them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from ..errors import NotCachedError, OfflineError
from .cache_keys import request_key
from .freshness import CacheSettings, Mode, current, deleted_feedback, keeps, kind_of
from .response_cache import ResponseCache

Network = Callable[[], httpx.AsyncBaseTransport]
"""Makes the transport to the network (when a request first needs it)."""
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}
WHAT = {
    "apps": "This list of apps is",
    "builds": "This list of builds is",
    "metrics": "These metrics are",
    "signatures": "These diagnostic signatures are",
    "logs": "These logs are",
    "analytics": "These analytics reports are",
    "analytics-instance": "This analytics report instance is",
    "other": "This answer is",
}
"""What a request of each kind asks for, as the subject of "… not cached"."""


def what_is(path: str, kind: str) -> str:
    """``WHAT`` for a path, naming the TestFlight lists, which live under an app's path."""
    if path.endswith("/betaFeedbackCrashSubmissions"):
        return "This list of TestFlight crash submissions is"
    if path.endswith("/crashLog"):
        return "This crash report is"
    return WHAT[kind]


def origin_of(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def cache_key(request: httpx.Request) -> str:
    """``/v1/builds?filter%5Bapp%5D=1&limit=200 application/json``."""
    accept = request.headers.get("Accept", "")
    return request_key(request.url.path, request.url.params.multi_items(), accept)


class CachingTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | Network | None,
        cache: ResponseCache,
        namespace: str,
        *,
        settings: CacheSettings | None = None,
        offline: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._inner = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
        self._make_inner = None if isinstance(inner, httpx.AsyncBaseTransport) else inner
        """The network transport is made when first needed (its TLS setup costs tens of
        milliseconds, for nothing when the cache answers everything)."""
        self.cache = cache
        self.namespace = namespace
        self.settings = settings or CacheSettings()
        self.offline = offline or inner is None
        self.saved = 0
        """Requests the cache answered this session (the network was not used)."""
        self.network = 0
        """Requests sent to the network this session."""
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        cacheable = request.method == "GET" and keeps(path)
        if not cacheable:
            if self.offline:
                raise OfflineError(
                    f"{request.method} {path} needs the network, which is not used offline."
                )
            response = await self._send(request)
            if request.method != "GET" and response.is_success:
                if "/analyticsReport" in path:  # a request made or deleted: its lists
                    self.cache.drop(self.namespace, "analyticsReport")
                deleted = deleted_feedback(request.method, path)
                if deleted is not None:  # its listing pages, itself, its crash log
                    self.cache.drop(self.namespace, "betaFeedback", holding=deleted)
            return response
        mode, use = current()
        key = cache_key(request)
        kind = kind_of(path)
        origin = origin_of(request.url)
        if mode is not Mode.REFRESH or self.offline:
            hit = self.cache.get(self.namespace, key)
            if hit is not None:
                age = self._clock() - hit.fetched_at
                stale = self.settings.is_stale(kind, age)
                if not stale or mode is Mode.STALE_OK or self.offline:
                    self.saved += 1
                    if use is not None:
                        use.served(hit.fetched_at, stale)
                    body = hit.body
                    if hit.origin != origin:  # the demo's port changes between runs
                        body = body.replace(hit.origin.encode(), origin.encode())
                    return httpx.Response(
                        200,
                        headers={"Content-Type": hit.content_type, "X-Asc-Tui-Cache": "hit"},
                        content=body,
                        request=request,
                    )
        if self.offline:
            raise NotCachedError(f"{what_is(path, kind)} not cached ({path}).")
        response = await self._send(request)
        if use is not None:
            use.fetched += 1
        if response.status_code != 200:
            return response
        body = await response.aread()
        content_type = response.headers.get("Content-Type", "application/json")
        self.cache.put_soon(self.namespace, key, body, content_type, origin)
        headers = [
            (k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=body,
            request=request,
            extensions=response.extensions,
        )

    async def _send(self, request: httpx.Request) -> httpx.Response:
        if self._inner is None:
            assert self._make_inner is not None
            self._inner = self._make_inner()
        self.network += 1
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        try:
            if self._inner is not None:
                await self._inner.aclose()
        finally:
            self.cache.close()
