"""Lists read straight from the response cache, with the standard library only (sqlite3,
json): what the first frame paints on a warm start — every app, and the builds of the app
the last session ended on — before httpx, PyJWT, the keyring or the network are touched
(they load in a worker after that frame).

The answers are those the client's requests left (same keys, :mod:`.cache_keys`), read
whatever their age; only a whole list counts: a page missing or unreadable means "not
cached", and the screen loads it as on a cold start."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from ..api.list_queries import JSON, ListQuery
from ..api.pagination import MAX_PAGES, first_page_query, parse_page
from ..errors import AscError
from .cache_keys import request_key, url_key
from .freshness import CacheSettings, kind_of
from .response_cache import ResponseCache

T = TypeVar("T")


# Named tuples, not dataclasses: a warm start creates these classes before its first frame,
# and a dataclass costs about 0.6 ms to create, a named tuple 0.1 ms.
class CachedList(NamedTuple, Generic[T]):
    """A whole list read from the response cache, and how old it is."""

    items: list[T]
    fetched_at: float
    """When its oldest page was fetched (``time.time()``)."""
    stale: bool
    """Older than its kind's freshness window: to be refreshed once the app is connected."""


class ListReader(NamedTuple):
    """One connection's lists, read from the response cache file alone: the namespace and
    base URL its answers are kept under, the freshness windows in force (see
    ``Connection.cached_lists``, which opens it)."""

    cache: ResponseCache
    namespace: str
    base_url: str
    settings: CacheSettings

    def read(
        self, query: ListQuery[T], *, decode: Callable[[bytes], Any] = json.loads
    ) -> CachedList[T] | None:
        """:func:`read_list` of ``query``."""
        return read_list(
            self.cache, self.namespace, self.base_url, query, self.settings, decode=decode
        )


def read_list(
    cache: ResponseCache,
    namespace: str,
    base_url: str,
    query: ListQuery[T],
    settings: CacheSettings,
    *,
    now: float | None = None,
    decode: Callable[[bytes], Any] = json.loads,
) -> CachedList[T] | None:
    """Every item of ``query`` under ``base_url`` (its path prefix counts; its origin does
    not: the demo's port changes on every start) as cached in ``namespace``; None unless
    every page is there and readable (by ``decode``: the standard library's, unless the
    caller has the time to import another)."""
    path = unquote(urlsplit(base_url).path).rstrip("/") + query.path
    key = request_key(path, first_page_query(query.params).items(), JSON)
    items: list[T] = []
    oldest: float | None = None
    seen = {key}
    for _ in range(MAX_PAGES):
        hit = cache.get(namespace, key)
        if hit is None:
            return None
        try:
            page = parse_page(decode(hit.body))  # lists are shallow: no deep JSON here
            items.extend(query.parse(page))
        except (AscError, ValueError, RecursionError):
            return None  # loaded as on a cold start, which says what is wrong with it
        oldest = hit.fetched_at if oldest is None else min(oldest, hit.fetched_at)
        if not page.next_url:
            age = (time.time() if now is None else now) - oldest
            return CachedList(items, oldest, settings.is_stale(kind_of(path), age))
        key = url_key(urljoin(hit.origin + "/", page.next_url), JSON)
        if key in seen:
            return None
        seen.add(key)
    return None
