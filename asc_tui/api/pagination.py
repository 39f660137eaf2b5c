"""Following JSON:API ``links.next`` across pages. The cursor is opaque: the absolute
``next`` URL is requested as given, never rebuilt."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import AscError, ForbiddenError, IncompleteListError, ResponseFormatError
from ._coerce import as_dict, as_dicts, as_int, as_str
from .models import Page
from .urls import origin_change, origin_of, resolve

if TYPE_CHECKING:
    import httpx

PAGE_LIMIT = 200
T = TypeVar("T")

Fetch = Callable[[str, Mapping[str, str] | None], Awaitable[Any]]


def first_page_query(params: Mapping[str, str] | None) -> dict[str, str]:
    """The query of a collection's first page: the maximum page size, then its own."""
    return {"limit": str(PAGE_LIMIT), **(params or {})}


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


MAX_PAGES = 250
"""Pages one listing may take (50,000 items at 200 a page; the hourly budget is 3,600
requests). A server that keeps sending new next-page links stops here, with a message."""

_NEXT = "The server's next-page link"


def next_page_url(link: str, origin: httpx.URL) -> str:
    """``links.next`` made absolute and checked: a usable URL on ``origin`` (the configured
    base URL), so the bearer token never leaves for another scheme, host or port."""
    url = resolve(link, str(origin), what=_NEXT)
    change = origin_change(url, origin_of(str(origin)), what=_NEXT)
    if change:
        raise ResponseFormatError(
            f"{_NEXT} points to {change}; asc-tui stopped rather than send your token there."
        )
    return url


async def iterate_pages(
    fetch: Fetch,
    url: str,
    params: Mapping[str, str] | None,
    *,
    origin: httpx.URL,
    resume_url: str | None = None,
    max_pages: int = MAX_PAGES,
) -> AsyncIterator[Page]:
    """Yield each page, starting at ``url`` with ``params`` (or at ``resume_url``, a cursor
    from an :class:`IncompleteListError`) and following ``links.next``.

    Every ``next`` goes through :func:`next_page_url`; a ``next`` that repeats a URL
    already seen is an error, not an endless loop. When a page after the first fails, or
    ``max_pages`` pages have come, IncompleteListError says how far the list got and
    carries the cursor to resume from (the pages already yielded stay with the caller).
    """
    seen: set[str] = set()
    if resume_url is not None:
        url, params = next_page_url(resume_url, origin), None
    page = parse_page(await fetch(url, params))
    pages = 1
    yield page
    while page.next_url:
        key = next_page_url(page.next_url, origin)
        if key in seen:
            raise ResponseFormatError(
                "The server's next-page link repeats an earlier page; the list stopped there."
            )
        if pages >= max_pages:
            raise IncompleteListError(
                f"The list stopped after {pages:,} pages: the server kept sending more "
                f"(asc-tui reads at most {max_pages:,} pages of one list).",
                pages=pages,
                resume_url=None,
                hint="What was loaded is shown. A list this long is most likely a server fault.",
            )
        seen.add(key)
        try:
            page = parse_page(await fetch(key, None))
        except AscError as error:
            raise page_failed(pages, key, error) from None
        pages += 1
        yield page


def page_failed(pages: int, resume_url: str, error: AscError) -> IncompleteListError:
    """The list stopped after ``pages`` pages had loaded: the next one, at ``resume_url``,
    failed with ``error``."""
    return IncompleteListError(
        f"Only the first {pages:,} page{'s' if pages != 1 else ''} of the list "
        f"loaded: page {pages + 1} failed. {error.message}",
        pages=pages,
        resume_url=resume_url,
        cause=error,
        hint="The rows before it are kept; refresh to load the rest (r in the app).",
    )


async def collect(chunks: AsyncIterable[list[T]]) -> list[T]:
    """Every item of a paged listing; on IncompleteListError the items loaded so far go
    with the error (``error.items``), so a caller can show them."""
    items: list[T] = []
    try:
        async for chunk in chunks:
            items.extend(chunk)
    except IncompleteListError as error:
        error.items = list(items)
        raise
    return items


class Listing(Generic[T]):
    """One collection endpoint (see ``AscClient.paginate``): ``async for items in listing``
    gives a page's items at a time; ``await listing`` gives every item, and an
    IncompleteListError then carries those loaded so far (see :func:`collect`)."""

    def __init__(
        self,
        pages: Callable[[str | None], AsyncIterator[Page]],
        parse: Callable[[Page], list[T]],
        *,
        finish: Callable[[list[T]], list[T]] | None = None,
        forbidden_hint: str | None = None,
        resume_url: str | None = None,
        pages_before: int = 0,
    ) -> None:
        self._pages = pages
        self._parse = parse
        self._finish = finish
        self._forbidden_hint = forbidden_hint
        self.resume_url = resume_url
        self.pages_before = pages_before
        """How many pages had loaded before ``resume_url``: an IncompleteListError counts
        its pages from the list's start."""

    def resuming(self, resume_url: str | None, pages_before: int = 0) -> Listing[T]:
        """The same listing from ``resume_url`` (an IncompleteListError's cursor, after its
        ``pages``) on."""
        return Listing(
            self._pages,
            self._parse,
            finish=self._finish,
            forbidden_hint=self._forbidden_hint,
            resume_url=resume_url,
            pages_before=pages_before,
        )

    async def __aiter__(self) -> AsyncIterator[list[T]]:
        """A page's items at a time. Resumed, the list's pages are counted from its start,
        and the page at ``resume_url`` failing stops the list at that same place again."""
        started = False
        try:
            async for page in self._pages(self.resume_url):
                started = True
                yield self._parse(page)
        except IncompleteListError as error:
            if not self.pages_before or error.cause is None or error.resume_url is None:
                raise
            pages = self.pages_before + error.pages
            raise page_failed(pages, error.resume_url, error.cause) from None
        except AscError as error:
            if isinstance(error, ForbiddenError) and self._forbidden_hint:
                error.hint = self._forbidden_hint
            if self.resume_url is None or started:
                raise
            raise page_failed(self.pages_before, self.resume_url, error) from None

    async def all(self) -> list[T]:
        """Every item (``finish`` applied, e.g. a sort)."""
        return self.finished(await collect(self))

    def finished(self, items: list[T]) -> list[T]:
        """``items`` of this listing as ``await listing`` gives them (``finish`` applied)."""
        return self._finish(items) if self._finish is not None else items

    def __await__(self) -> Generator[Any, None, list[T]]:
        return self.all().__await__()
