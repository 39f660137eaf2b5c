"""Listings that stopped part way (a later page failed): what loaded is kept with the
cursor of the page that failed, so asking for the list again asks for that page and the
ones after it, never page 1 again. One instance per store, shared by its sessions (apps,
builds, signatures, analytics, TestFlight feedback). No Textual here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import IncompleteListError

if TYPE_CHECKING:
    from ..api.pagination import Listing

T = TypeVar("T")


class PartialLists:
    def __init__(self) -> None:
        self._stopped: dict[Hashable, tuple[list[Any], str, int]] = {}
        """Per list: the items loaded before it stopped, the cursor to resume at and how
        many pages had loaded."""

    def __contains__(self, key: Hashable) -> bool:
        return key in self._stopped

    async def iterate(self, key: Hashable, listing: Listing[T]) -> AsyncIterator[list[T]]:
        """``listing`` a chunk at a time; after it stopped part way, the items loaded then
        as one chunk, and the listing from its cursor on. When it stops (again), the
        IncompleteListError's ``items`` hold everything loaded so far and the cursor is
        kept for the next time (see ``Listing`` for how a resumed list counts its pages)."""
        loaded, resume, before = self._stopped.pop(key, ([], None, 0))
        if loaded:
            yield loaded
        loaded = list(loaded)
        try:
            async for chunk in listing.resuming(resume, before):
                loaded.extend(chunk)
                yield chunk
        except IncompleteListError as error:
            error.items = list(loaded)
            if error.resume_url is not None:
                self._stopped[key] = (loaded, error.resume_url, error.pages)
            raise

    async def all(
        self,
        key: Hashable,
        listing: Listing[T],
        order: Callable[[list[T]], list[T]] | None = None,
    ) -> list[T]:
        """Every item of ``listing`` (resumed, see :meth:`iterate`), the listing's own
        ``finish`` applied, then ``order``; a list that stops carries the items loaded so
        far in the same order."""

        def finished(items: list[T]) -> list[T]:
            items = listing.finished(items)
            return order(items) if order is not None else items

        items: list[T] = []
        try:
            async for chunk in self.iterate(key, listing):
                items.extend(chunk)
        except IncompleteListError as error:
            error.items = [*finished(items)]
            raise
        return finished(items)

    def forget_holding(self, item_id: str) -> None:
        """Start every list holding the item ``item_id`` from page 1 next time (the item was
        deleted: what was loaded holds it, and the pages after it moved up by one)."""
        for key, (loaded, _, _) in list(self._stopped.items()):
            if any(getattr(item, "id", None) == item_id for item in loaded):
                del self._stopped[key]

    def forget(self, key: Hashable) -> None:
        """Start the list from page 1 next time (it changed: an item was added or deleted)."""
        self._stopped.pop(key, None)
