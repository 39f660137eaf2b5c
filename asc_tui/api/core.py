"""The request core of the App Store Connect client: one shared ``httpx.AsyncClient``,
retries, rate limits, decoding and pagination; the typed calls per endpoint build on it
(:mod:`asc_tui.api.client`).

Every failure comes out as an :class:`asc_tui.errors.AscError` subclass with a message a
user can act on; raw httpx exceptions never escape.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Self, TypeVar

import httpx

from .. import __version__
from ..errors import NetworkError, UrlError
from . import jsonio
from .list_queries import JSON, ListQuery
from .models import Page
from .pagination import Listing, first_page_query, iterate_pages
from .rate_limit import RateLimit
from .response_errors import describe_transport_error, error_from_response, origin, waited_too_long
from .retry import RetryEvent, RetryListener, RetryPolicy
from .urls import DEFAULT_BASE_URL, check_url, shown

T = TypeVar("T")
READ_TIMEOUT = 20.0
"""Seconds of silence (waiting for the answer, or between two reads of it) before a try
fails; the whole try is bounded by ``RetryPolicy.deadline``."""


class AscCore:
    """Requests to the App Store Connect API: retried, rate-limit aware, decoded, paged.

    ``auth`` signs each request (``JwtAuth``); ``transport`` lets tests use
    ``httpx.ASGITransport``/``MockTransport``. Use as an async context manager.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        auth: httpx.Auth | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = READ_TIMEOUT,
        on_retry: RetryListener | None = None,
    ) -> None:
        self.base_url = httpx.URL(check_url(base_url, what="The base URL").rstrip("/") + "/")
        self.retry = retry or RetryPolicy()
        self.rate_limit: RateLimit | None = None
        self.on_retry = on_retry
        """Told of every retry before its wait (see :class:`RetryEvent`)."""
        self.request_count = 0
        if transport is None:
            from .network import network_transport

            transport = network_transport()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=auth,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=10.0),
            headers={"User-Agent": f"asc-tui/{__version__}"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- transport -------------------------------------------------------------------

    def _url(self, path_or_url: str) -> str:
        return path_or_url if "://" in path_or_url else path_or_url.lstrip("/")

    async def request(
        self,
        method: str,
        path_or_url: str,
        *,
        params: Mapping[str, str] | None = None,
        accept: str = JSON,
        json_body: Any = None,
    ) -> httpx.Response:
        """Send one request with retries; return a 2xx response or raise an AscError.

        Each try is bounded by ``retry.deadline`` seconds in all (slow bodies included);
        each retry is announced to ``on_retry`` before its wait."""
        url = self._url(path_or_url)
        attempt, waited = 0, 0.0
        while True:
            attempt += 1
            self.request_count += 1
            try:
                async with asyncio.timeout(self.retry.deadline):
                    response = await self._http.request(
                        method, url, params=params, headers={"Accept": accept}, json=json_body
                    )
            except TimeoutError:
                where = origin(self._http.base_url.join(url))
                raise NetworkError(
                    f"{where} did not send its whole answer within {self.retry.deadline:g} s "
                    "(it is answering too slowly)."
                ) from None
            except httpx.InvalidURL as exc:
                raise UrlError(f"The URL {shown(url)} cannot be requested ({exc}).") from None
            except httpx.TransportError as exc:
                if self.retry.should_retry_error(method, exc, attempt):
                    reason = describe_transport_error(exc, None)
                    delay = self.retry.backoff(attempt)
                    self._announce(
                        method, url, attempt, delay, reason, self.retry.most_attempts(exc)
                    )
                    await self.retry.wait(delay)
                    continue
                target = self._http.base_url.join(url)
                failed = NetworkError(describe_transport_error(exc, target))
                failed.tries = attempt
                raise failed from None
            limit = RateLimit.from_header(response.headers.get("X-Rate-Limit"))
            if limit is not None:
                self.rate_limit = limit
            if response.is_success:
                return response
            if self.retry.should_retry_status(method, response.status_code, attempt):
                asked = self.retry.too_long_to_wait(response, already=waited)
                if asked is not None:
                    raise waited_too_long(error_from_response(response), asked, self.retry)
                delay = self.retry.delay(attempt, response)
                waited += delay
                reason = f"HTTP {response.status_code}"
                told = response.headers.get("Retry-After") is not None
                self._announce(method, url, attempt, delay, reason, self.retry.attempts, told)
                await self.retry.wait(delay)
                continue
            error = error_from_response(response)
            error.tries = attempt
            raise error

    def _announce(
        self,
        method: str,
        url: str,
        attempt: int,
        delay: float,
        reason: str,
        attempts: int,
        retry_after: bool = False,
    ) -> None:
        if self.on_retry is None:
            return
        path = self._http.base_url.join(url).path
        event = RetryEvent(method, path, attempt + 1, attempts, delay, reason, retry_after)
        self.on_retry(event)

    async def get_json(
        self,
        path_or_url: str,
        params: Mapping[str, str] | None = None,
        *,
        accept: str = JSON,
        shape: type | None = None,
    ) -> Any:
        """The decoded document; with ``shape``, only what it names (``jsonio.loads``)."""
        response = await self.request("GET", path_or_url, params=params, accept=accept)
        return jsonio.loads(response.content, shape=shape)

    async def pages(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        *,
        resume_url: str | None = None,
        shape: type | None = None,
    ) -> AsyncIterator[Page]:
        """Every page of a collection, asking for the maximum page size; from
        ``resume_url`` (an IncompleteListError's) instead of the first page if given;
        each page decoded into ``shape`` if given (see ``get_json``)."""
        query = first_page_query(params)
        fetch = functools.partial(self.get_json, shape=shape) if shape else self.get_json
        pages = iterate_pages(fetch, path, query, origin=self.base_url, resume_url=resume_url)
        async for page in pages:
            yield page

    def paginate(
        self,
        path: str,
        params: Mapping[str, str],
        parse: Callable[[Page], list[T]],
        *,
        finish: Callable[[list[T]], list[T]] | None = None,
        forbidden_hint: str | None = None,
        shape: type | None = None,
    ) -> Listing[T]:
        """A collection as a :class:`Listing`: pages of ``parse(page)`` items, or all of
        them (``finish`` applied); a 403 gets ``forbidden_hint`` when given; ``shape``
        names what ``parse`` reads of a page (see ``get_json``)."""
        query = dict(params)

        def pages(resume_url: str | None) -> AsyncIterator[Page]:
            return self.pages(path, query, resume_url=resume_url, shape=shape)

        return Listing(pages, parse, finish=finish, forbidden_hint=forbidden_hint)

    def listing(self, query: ListQuery[T]) -> Listing[T]:
        return self.paginate(query.path, query.params, query.parse, shape=query.shape)
