"""Crash logs that fail one by one, over the demo server on loopback HTTP: the signatures
are built from the logs that loaded, the failed submissions are counted with the reason,
and asking again fetches only those."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from asc_tui.api.feedback import CrashSubmission
from asc_tui.demo import BRACKETS_APP_ID, DemoServer, generate_demo_key
from asc_tui.demo.data.feedback import crash_submissions, crashed_builds
from asc_tui.store import Store
from asc_tui.store.crashes import IncompleteSignaturesError
from tests.support.crash_pages import three_pages
from tests.support.demo_client import loopback_client

LOG = "/v1/betaFeedbackCrashSubmissions/{}/crashLog"


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer([generate_demo_key()]) as running:
        yield running


@pytest.fixture
async def store(server: DemoServer) -> AsyncIterator[Store]:
    server.faults.clear()
    async with loopback_client(server) as client:
        yield Store(client)
    server.faults.clear()


def log_requests(server: DemoServer, since: int) -> list[str]:
    return [path for _method, path in server.faults.requests[since:] if path.endswith("crashLog")]


async def test_failed_logs_are_counted_and_only_they_are_fetched_again(
    server: DemoServer, store: Store
) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    broken = [records[3].id, records[10].id, records[17].id]
    for submission_id in broken[:2]:
        server.faults.fail_next(LOG.format(submission_id), 404)
    server.faults.fail_next(LOG.format(broken[2]), 503, times=3)  # every try of it

    load = await store.crashes.signatures(BRACKETS_APP_ID)
    assert sorted(f.submission.id for f in load.failed) == sorted(broken)
    assert load.failed_before == []
    assert sum(s.count for s in load.signatures) == len(records) - 3
    shown = {s.id for signature in load.signatures for s in signature.submissions}
    assert shown == {r.id for r in records} - set(broken)
    not_found = load.failed[0].error.message
    assert "404" in not_found or "not found" in not_found.casefold()
    assert load.reason == not_found  # the most frequent of the two reasons
    assert load.failure_text() == f"3 crash logs not loaded: {not_found}"

    before = len(server.faults.requests)
    again = await store.crashes.signatures(BRACKETS_APP_ID)
    assert sorted(log_requests(server, before)) == sorted(LOG.format(i) for i in broken)
    assert len(server.faults.requests) - before == 3  # not the submissions either
    assert again.failures == 0 and again.failure_text() == ""
    assert sum(s.count for s in again.signatures) == len(records)


async def test_a_failed_log_of_the_build_before_is_counted_apart(
    server: DemoServer, store: Store
) -> None:
    builds = crashed_builds(BRACKETS_APP_ID)
    newest, earlier = builds[-1], builds[-2]
    records = crash_submissions(BRACKETS_APP_ID)
    of_earlier = next(r for r in records if r.build.id == earlier.id)
    of_newest = [r for r in records if r.build.id == newest.id]
    server.faults.fail_next(LOG.format(of_earlier.id), 404)

    load = await store.crashes.signatures(BRACKETS_APP_ID, newest.id)
    assert load.failed == []
    assert [f.submission.id for f in load.failed_before] == [of_earlier.id]
    assert sum(s.count for s in load.signatures) == len(of_newest)
    assert load.failure_text().startswith("1 crash log not loaded (1 of the build before): ")


async def test_a_stopped_list_keeps_its_failed_logs_and_a_signature_resumes(
    server: DemoServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list of submissions stops at page 2 while a crash log of page 1 fails: both
    are said. One signature's submissions then resume at the page that failed; stopping
    again at page 3, they hold page 2's too."""
    served = await three_pages(server, BRACKETS_APP_ID, monkeypatch)
    pages = served.pages
    prefix = f"/v1/apps/{BRACKETS_APP_ID}/betaFeedbackCrashSubmissions"
    broken = pages[0][1].id
    server.faults.fail_next(prefix, 404, after=1)  # page 2
    server.faults.fail_next(LOG.format(broken), 404)

    with pytest.raises(IncompleteSignaturesError) as stopped:
        await store.crashes.signatures(BRACKETS_APP_ID)
    load = stopped.value.load
    assert stopped.value.pages == 1 and stopped.value.resume_url is not None
    assert [f.submission.id for f in load.failed] == [broken]
    assert load.failure_text().startswith("1 crash log not loaded: ")
    assert stopped.value.items == load.signatures
    assert sum(s.count for s in load.signatures) == len(pages[0]) - 1

    key = served.spanning()
    of_key = served.of(key)
    page_ids = [served.ids(page) for page in range(3)]
    assert of_key & page_ids[1] and of_key & page_ids[2]

    before = len(server.faults.requests)
    server.faults.fail_next(prefix, 404, after=1)  # page 3 of the resumed list
    with pytest.raises(IncompleteSignaturesError) as again:
        await store.crashes.signature_submissions(BRACKETS_APP_ID, "", key, refresh=True)
    assert {s.id for s in again.value.items if isinstance(s, CrashSubmission)} == of_key & (
        page_ids[0] | page_ids[1]
    )
    listed = [p for _m, p in server.faults.requests[before:] if p.startswith(prefix)]
    assert len(listed) == 2 and all("cursor=" in p for p in listed)  # not page 1 again

    found = await store.crashes.signature_submissions(BRACKETS_APP_ID, "", key, refresh=True)
    assert {s.id for s in found} == of_key
