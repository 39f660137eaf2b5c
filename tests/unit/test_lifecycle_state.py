"""The load lifecycle's states and what they say, without a screen."""

from __future__ import annotations

from asc_tui.api.retry import RetryEvent
from asc_tui.ui.error_report import ErrorReport
from asc_tui.ui.lifecycle import LoadState, Phase, failed_text, loading_text

BOOM = ErrorReport("Network error", "The connection was closed.")


def test_a_load_ends_loaded_or_empty_by_what_it_shows() -> None:
    loading = LoadState().load(now=10.0)
    assert loading.phase is Phase.LOADING and loading.before is Phase.IDLE
    assert loading.done(3).phase is Phase.LOADED and loading.done(3).count == 3
    assert loading.done(0).phase is Phase.EMPTY


def test_a_failure_with_nothing_shown_is_failed_and_with_data_is_stale() -> None:
    assert LoadState().load(1.0).fail(BOOM).phase is Phase.FAILED
    shown = LoadState().load(1.0).done(12)
    stale = shown.load(2.0).fail(BOOM)
    assert stale.phase is Phase.STALE and stale.count == 12 and stale.error is BOOM
    assert failed_text("builds", stale) == (
        "✗ Network error: the builds shown may be incomplete or out of date · r retries"
    )
    assert failed_text("builds", LoadState().load(1.0).fail(BOOM)) == (
        "✗ Network error: the builds could not be loaded · r retries"
    )


def test_a_cancelled_load_goes_back_to_what_was_shown() -> None:
    shown = LoadState().load(1.0).done(5)
    assert shown.load(2.0).cancel() == LoadState(Phase.LOADED, 5)
    assert LoadState().load(1.0).cancel().phase is Phase.IDLE
    partial = LoadState().load(1.0).progress(100)  # pages arrived, then Esc
    assert partial.cancel() == LoadState(Phase.STALE, 100)


def test_loading_says_elapsed_time_items_so_far_and_the_retry() -> None:
    state = LoadState().load(now=100.0)
    assert loading_text("builds", state, now=100.4) == "Loading builds…"
    state = state.progress(200)
    assert loading_text("builds", state, now=112.9) == "Loading builds… 200 so far · 12 s"
    event = RetryEvent("GET", "/v1/builds", attempt=2, attempts=4, delay=3.0, reason="HTTP 503")
    retry = state.retrying(event, now=103.0)
    assert loading_text("builds", retry, now=103.0) == (
        "Loading builds… 200 so far · 3 s · retry 2/4 in 3 s (HTTP 503)"
    )
    assert loading_text("builds", retry, now=104.5).endswith("retry 2/4 in 2 s (HTTP 503)")
    assert loading_text("builds", retry, now=107.0).endswith("retry 2/4 (HTTP 503)")
    assert loading_text("builds", retry.progress(300), now=108.0) == (
        "Loading builds… 300 so far · 8 s"  # a page arrived: the retry worked
    )
    assert loading_text("apps", state, 100.0, so_far=False, label="Connecting…") == "Connecting…"
    assert state.done(200).retrying(event, 1.0).retry is None  # only while loading


def test_a_list_that_stopped_says_what_is_shown_and_what_r_does() -> None:
    shown = LoadState().load(1.0).progress(400)
    page = ErrorReport("Network error", "…", stopped_at_page=3, resumable=True, tries=4)
    assert failed_text("builds", shown.fail(page)) == (
        "✗ Network error on page 3: 400 builds shown, the rest not loaded · r resumes "
        "· gave up after 4 tries"
    )
    capped = ErrorReport("List stopped", "…", stopped_at_page=251)  # nothing to resume
    assert failed_text("builds", shown.fail(capped)) == (
        "✗ List stopped: 400 builds shown, the rest not loaded · r loads them again"
    )
