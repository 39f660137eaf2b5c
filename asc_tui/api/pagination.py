"""Following JSON:API ``links.next`` across pages. The cursor is opaque: the absolute
``next`` URL is requested as given, never rebuilt."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import httpx

from ..errors import ResponseFormatError
from ._coerce import as_dict, as_dicts, as_int, as_str
from .models import Page

PAGE_LIMIT = 200

Fetch = Callable[[str, Mapping[str, str] | None], Awaitable[Any]]


def parse_page(document: Any) -> Page:
    doc = as_dict(document)
    if not isinstance(doc.get("data"), list):
        raise ResponseFormatError("The server sent a list response without a 'data' array.")
    paging = as_dict(as_dict(doc.get("meta")).get("paging"))
    return Page(
        data=as_dicts(doc.get("data")),
        included=as_dicts(doc.get("included")),
        next_url=as_str(as_dict(doc.get("links")).get("next")) or None,
        total=as_int(paging.get("total"), -1) if "total" in paging else None,
    )


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


async def iterate_pages(
    fetch: Fetch, url: str, params: Mapping[str, str] | None, *, origin: httpx.URL
) -> AsyncIterator[Page]:
    """Yield each page, starting at ``url`` with ``params`` and following ``links.next``.

    ``next`` must stay on ``origin`` (the configured base URL), so the bearer token never
    leaves for another host; a ``next`` that repeats a URL already seen is an error, not
    an endless loop.
    """
    seen: set[str] = set()
    page = parse_page(await fetch(url, params))
    yield page
    while page.next_url:
        next_url = httpx.URL(page.next_url)
        if not next_url.is_absolute_url:
            next_url = origin.join(page.next_url)
        if not _same_origin(next_url, origin):
            raise ResponseFormatError(
                f"The server's next-page link points to another host ({next_url.host}); "
                "asc-tui stopped rather than send your token there."
            )
        key = str(next_url)
        if key in seen:
            raise ResponseFormatError(
                "The server's next-page link repeats an earlier page; the list stopped there."
            )
        seen.add(key)
        page = parse_page(await fetch(key, None))
        yield page
