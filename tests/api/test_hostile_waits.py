"""Every wait is bounded: a body trickled forever, a mute server, Retry-After far in the
future; and every retry is announced (RetryEvent), on stderr by the command line.

The servers hold (never answer) rather than sleep, so no test depends on speed; the
client's own bounds are set small. ``asyncio.wait_for`` around a call only keeps a
regression from hanging the suite."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.retry import RetryEvent, RetryPolicy, retry_after_seconds
from asc_tui.errors import NetworkError, ServerError
from asc_tui.ui.widgets.item_table import ItemTable
from tests.support.hostile_server import Server, cli_env, flaky_apps

GUARD = 60.0


def _policy(**kwargs: Any) -> tuple[RetryPolicy, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return RetryPolicy(sleep=sleep, **kwargs), slept


async def test_a_body_trickled_forever_hits_the_overall_deadline_and_is_not_retried() -> None:
    policy, slept = _policy(deadline=0.5)
    with Server() as server:
        server.route("/v1/apps", lambda h: h.trickle_then_hold(b'{"data": [', 10_000))
        async with AscClient(server.url, retry=policy) as client:
            with pytest.raises(NetworkError) as caught:
                await asyncio.wait_for(client.apps(), GUARD)
        assert server.requests == ["/v1/apps?limit=200&sort=name"]
    assert "did not send its whole answer within 0.5 s" in caught.value.message
    assert slept == []


async def test_a_mute_server_is_reported_after_two_tries_with_the_retry_announced() -> None:
    policy, slept = _policy()
    events: list[RetryEvent] = []
    with Server() as server:
        server.route("/v1/apps", lambda h: h.hold())
        async with AscClient(server.url, retry=policy, timeout=0.2, on_retry=events.append) as c:
            with pytest.raises(NetworkError, match="did not answer in time"):
                await asyncio.wait_for(c.apps(), GUARD)
        assert len(server.requests) == 2  # four before: 4 x 30 s
    assert len(slept) == 1
    assert [(e.attempt, e.attempts, e.reason, e.path) for e in events] == [
        (2, 2, "no answer in time", "/v1/apps")
    ]
    assert events[0].delay == slept[0]


async def test_retry_after_far_in_the_future_fails_at_once_saying_how_long() -> None:
    policy, slept = _policy()
    with Server() as server:
        server.route(
            "/v1/apps",
            lambda h: h.json({"errors": []}, 503, headers={"Retry-After": "999999"}),
        )
        async with AscClient(server.url, retry=policy) as client:
            with pytest.raises(ServerError) as caught:
                await client.apps()
        assert len(server.requests) == 1
    assert slept == []
    assert "asked to wait 278 hours before trying again (Retry-After)" in caught.value.hint
    assert "at most 60 s" in caught.value.hint


async def test_retry_after_is_honoured_up_to_sixty_seconds_in_all_and_announced() -> None:
    policy, slept = _policy()
    events: list[RetryEvent] = []
    with Server() as server:
        server.route(
            "/v1/apps", lambda h: h.json({"errors": []}, 429, headers={"Retry-After": "35"})
        )
        async with AscClient(server.url, retry=policy, on_retry=events.append) as client:
            with pytest.raises(Exception, match="429"):
                await client.apps()
        assert len(server.requests) == 2  # 35 s waited once; 35 more would pass 60 s
    assert slept == [35.0]
    assert events[0].text() == (
        "GET /v1/apps: HTTP 429; retry 2/4 in 35 s (the server's Retry-After)"
    )


def test_retry_after_as_an_http_date() -> None:
    import httpx

    response = httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})
    from datetime import UTC, datetime

    now = datetime(2026, 10, 21, 7, 27, 0, tzinfo=UTC)
    assert retry_after_seconds(response, now) == 60.0
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "soon"})) is None


def test_cli_prints_each_retry_as_one_line_on_stderr(tmp_path: Path) -> None:
    with Server() as server:
        flaky_apps(server, "0")
        env = cli_env(server, tmp_path)
        result = subprocess.run(
            [sys.executable, "-m", "asc_tui", "apps", "--csv"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "asc-tui: GET /v1/apps: HTTP 503; retry 2/4 in 0.0 s (the server's Retry-After)"
    ]
    assert result.stdout.splitlines()[1:] == [
        "app0,App 0,com.example.app0,",
        "app1,App 1,com.example.app1,",
    ]


async def test_the_app_shows_a_retry_in_the_loading_status_not_as_a_notification() -> None:
    from asc_tui.store import Store
    from asc_tui.ui import AscApp
    from asc_tui.ui.screens.base import BrowserScreen
    from tests.support.ui import notifications, settle

    during: list[str] = []

    async def sleep(seconds: float) -> None:  # the retry's wait: what the screen says then
        screen = app.screen
        assert isinstance(screen, BrowserScreen)
        during.append(screen.status_text().plain)

    with Server() as server:
        flaky_apps(server, "3")
        app = AscApp(Store(AscClient(server.url, retry=RetryPolicy(sleep=sleep))))
        notes = notifications(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert len(during) == 1 and "retry 2/4 in 3 s (HTTP 503)" in during[0], during
            assert not [n for n in notes if n.title == "Retrying"]  # said once, not twice
            assert app.screen.query_one("#apps", ItemTable).item_count == 2
