"""An app's TestFlight crash submissions served in three pages by a demo server, for tests
of a list that stops part way: the pages as the server sends them, the whole grouping,
and a signature with submissions on every page."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from asc_tui.api import pagination
from asc_tui.api.feedback import CrashSubmission
from asc_tui.demo import DemoServer
from asc_tui.demo.data.feedback import crash_submissions
from asc_tui.store import Store
from asc_tui.store.crashes import SignatureLoad
from tests.support.demo_client import loopback_client


@dataclass(frozen=True)
class CrashPages:
    pages: list[list[CrashSubmission]]
    whole: SignatureLoad
    """Every submission grouped, as a list that did not stop would be."""

    def ids(self, page: int) -> set[str]:
        return {s.id for s in self.pages[page]}

    def spanning(self, among: set[str] | None = None) -> str:
        """The key of a signature with submissions on the last page (and among
        ``among``'s keys when given)."""
        return next(
            s.key
            for s in self.whole.signatures
            if {x.id for x in s.submissions} & self.ids(-1) and (among is None or s.key in among)
        )

    def of(self, key: str) -> set[str]:
        """The IDs of the submissions of signature ``key``."""
        return {x.id for s in self.whole.signatures if s.key == key for x in s.submissions}


async def three_pages(
    server: DemoServer, app_id: str, monkeypatch: pytest.MonkeyPatch
) -> CrashPages:
    """Makes the client ask for a third of the app's submissions a page (PAGE_LIMIT)."""
    records = crash_submissions(app_id)
    monkeypatch.setattr(pagination, "PAGE_LIMIT", math.ceil(len(records) / 3))
    async with loopback_client(server) as reader:
        pages = [chunk async for chunk in reader.crash_submissions(app_id)]
        whole = await Store(reader).crashes.signatures(app_id)
    assert len(pages) == 3
    server.faults.clear()
    return CrashPages(pages, whole)
