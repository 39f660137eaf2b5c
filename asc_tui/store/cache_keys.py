"""The key an API answer is kept under in the response cache: the request's path, its
sorted query and its Accept header — never a request header such as the bearer token.

Standard library only: the warm start reads the cache with these keys before httpx is
imported (:mod:`.cached_lists`), and the caching transport writes with them."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit


def request_key(path: str, query: Iterable[tuple[str, str]], accept: str) -> str:
    """``/v1/builds?filter%5Bapp%5D=1&limit=200 application/json``; ``path`` decoded, as
    httpx's ``URL.path``."""
    return f"{path}?{urlencode(sorted(query))} {accept}"


def url_key(url: str, accept: str) -> str:
    """The key of a GET of the absolute ``url`` (a next-page link) with ``accept``."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    return request_key(unquote(parts.path) or "/", query, accept)
