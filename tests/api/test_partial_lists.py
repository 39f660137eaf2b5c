"""A list that stopped part way, in the store over the in-process demo server: asked
again it resumes at the page that failed; after one of its items is deleted it starts
from page 1 (the pages after the item moved up by one)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.feedback import CRASHES, CrashSubmission
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import BIG_APP_ID, DemoServer, FaultPlan
from asc_tui.demo.data.feedback import crash_submissions
from asc_tui.errors import IncompleteListError
from asc_tui.store import Store
from asc_tui.store.crashes import CrashSession
from tests.support.demo_client import fast_retry

PREFIX = f"/v1/apps/{BIG_APP_ID}/betaFeedbackCrashSubmissions"
"""230 crash submissions: two pages, of 200 and 30."""

TRIES = 2


def listed(faults: FaultPlan) -> list[str]:
    return [target for _, target in faults.requests if target.startswith(PREFIX)]


async def stop_after_page_one(crashes: CrashSession, faults: FaultPlan) -> IncompleteListError:
    faults.drop_next(PREFIX, times=TRIES, after=1)  # page 1 answers; page 2 drops each try
    with pytest.raises(IncompleteListError) as caught:
        await crashes.submissions(BIG_APP_ID, refresh=True)
    assert faults.pending == 0
    return caught.value


async def over_demo(body: Callable[[Store, FaultPlan], Awaitable[None]]) -> None:
    """``body`` with a store over the demo server on real HTTP (a dropped connection is a
    network error), retrying TRIES times without waiting."""
    with DemoServer() as server:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        store = Store(AscClient(server.base_url, auth, retry=fast_retry(TRIES)))
        async with store.client:
            await body(store, server.faults)


async def test_a_stopped_list_resumes_at_the_failed_page_and_restarts_after_a_delete() -> None:
    await over_demo(_stop_resume_delete)


async def _stop_resume_delete(store: Store, faults: FaultPlan) -> None:
    everything = [r.id for r in crash_submissions(BIG_APP_ID)]
    crashes = store.crashes
    stopped = await stop_after_page_one(crashes, faults)
    assert [s.id for s in stopped.items if isinstance(s, CrashSubmission)] == everything[:200]
    assert stopped.resume_url is not None and "cursor=" in stopped.resume_url

    faults.requests.clear()  # asked again: one request, at the failed page
    again = await crashes.submissions(BIG_APP_ID, refresh=True)
    assert [s.id for s in again] == everything
    [resumed] = listed(faults)
    assert "cursor=" in resumed

    await stop_after_page_one(crashes, faults)
    await crashes.delete(CRASHES, everything[0])  # an item the stopped list holds
    faults.requests.clear()
    after = await crashes.submissions(BIG_APP_ID, refresh=True)
    assert [s.id for s in after] == everything[1:]
    assert len(listed(faults)) == 2 and "cursor=" not in listed(faults)[0]  # page 1 again


async def test_a_resumed_list_counts_its_pages_from_the_start_and_keeps_its_place() -> None:
    """528 builds in three pages of 200: page 2 fails; resumed, page 3 fails and is named
    page 3; resumed again, that page fails at once and the list still stands at page 3
    with both pages kept; the last resume loads it with one request."""
    await over_demo(_resume_twice)


async def _resume_twice(store: Store, faults: FaultPlan) -> None:
    builds = "/v1/builds"
    faults.drop_next(builds, times=TRIES, after=1)
    with pytest.raises(IncompleteListError) as first:
        await store.builds(BIG_APP_ID, refresh=True)
    assert (first.value.pages, len(first.value.items)) == (1, 200)
    assert "page 2 failed" in first.value.message

    faults.drop_next(builds, times=TRIES, after=1)  # the resumed page 2 loads, page 3 drops
    with pytest.raises(IncompleteListError) as second:
        await store.builds(BIG_APP_ID, refresh=True)
    assert (second.value.pages, len(second.value.items)) == (2, 400)
    assert "page 3 failed" in second.value.message

    faults.drop_next(builds, times=TRIES)  # the resumed page 3 itself drops
    with pytest.raises(IncompleteListError) as third:
        await store.builds(BIG_APP_ID, refresh=True)
    assert (third.value.pages, len(third.value.items)) == (2, 400)
    assert "page 3 failed" in third.value.message
    assert third.value.resume_url == second.value.resume_url

    faults.requests.clear()
    builds_listed = await store.builds(BIG_APP_ID, refresh=True)
    assert len(builds_listed) == 528 and len({b.id for b in builds_listed}) == 528
    assert [t for _, t in faults.requests if t.startswith(builds)] == [
        t for _, t in faults.requests if "cursor=" in t
    ]
    assert len(faults.requests) == 1
