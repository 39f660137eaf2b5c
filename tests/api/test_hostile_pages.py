"""Hostile servers and malformed URLs: next-page links, base URLs, the page cap and a
connection lost part way through a list (a real server on loopback, see hostile_server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.models import App
from asc_tui.api.pagination import MAX_PAGES
from asc_tui.api.retry import NO_RETRY
from asc_tui.api.urls import check_url
from asc_tui.auth.config import check_base_url
from asc_tui.errors import IncompleteListError, ResponseFormatError, UrlError
from asc_tui.files.locations import config_file
from asc_tui.store import Store
from tests.support.hostile_server import Handler, Server, apps_page, cli_env

BAD_URLS = [
    "http://[::1",
    "http://127.0.0.1:99999/v1/apps",
    "javascript:alert(1)",
    "ftp://example.com/",
    "http:///v1/apps",
    "http://exa mple.com/",
    "http://example.com\x1b]0;x\x07/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_every_malformed_url_is_a_typed_error_naming_it(url: str) -> None:
    with pytest.raises(UrlError) as caught:
        check_url(url, what="The base URL")
    message = caught.value.message
    assert message.startswith("The base URL '")
    assert "\x1b" not in message and "\x07" not in message


def test_good_urls_pass_unchanged() -> None:
    assert check_url(" https://api.appstoreconnect.apple.com ") == (
        "https://api.appstoreconnect.apple.com"
    )
    assert check_base_url("http://[::1]:8080/prefix/") == "http://[::1]:8080/prefix"


def _serve_next(link: str) -> Server:
    server = Server()

    def first(h: Handler) -> None:
        h.json(apps_page(range(3), link))

    server.route("/v1/apps", first)
    return server


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("http://[::1", "not a usable URL: invalid ipv6 url"),
        ("http://127.0.0.1:99999/v1/apps?cursor=2", "port out of range"),
        ("javascript:alert(1)", "not an http(s) URL (scheme 'javascript')"),
    ],
)
async def test_malformed_next_link_is_a_clear_error(link: str, expected: str) -> None:
    with _serve_next(link) as server:
        async with AscClient(server.url, retry=NO_RETRY) as client:
            with pytest.raises(UrlError, match="The server's next-page link") as caught:
                await client.apps()
    assert expected in caught.value.message


async def test_next_link_to_another_port_says_port_not_host() -> None:
    with Server() as other, Server() as server:
        other_port = other.server_address[1]
        server.route(
            "/v1/apps",
            lambda h: h.json(apps_page(range(3), f"http://127.0.0.1:{other_port}/v1/apps?c=2")),
        )
        async with AscClient(server.url, retry=NO_RETRY) as client:
            with pytest.raises(ResponseFormatError) as caught:
                await client.apps()
        assert other.requests == []
    message = caught.value.message
    assert f"another port ({other_port}, not {server.server_address[1]})" in message
    assert "another host" not in message


async def test_next_link_to_another_scheme_says_scheme() -> None:
    with Server() as server:
        port = server.server_address[1]
        server.route(
            "/v1/apps", lambda h: h.json(apps_page(range(3), f"https://127.0.0.1:{port}/v1/a"))
        )
        async with AscClient(server.url, retry=NO_RETRY) as client:
            with pytest.raises(ResponseFormatError, match=r"another scheme \(https, not http\)"):
                await client.apps()


async def test_endless_distinct_cursors_stop_at_the_page_cap_with_the_rows() -> None:
    with Server() as server:

        def endless(h: Handler) -> None:
            n = int(h.path.rsplit("cursor=", 1)[-1]) if "cursor=" in h.path else 0
            h.json(apps_page(range(n, n + 1), f"{server.url}/v1/apps?cursor={n + 1}"))

        server.route("/v1/apps", endless)
        async with AscClient(server.url, retry=NO_RETRY) as client:
            with pytest.raises(IncompleteListError) as caught:
                await client.apps()
        assert len(server.requests) == MAX_PAGES
    error = caught.value
    assert f"stopped after {MAX_PAGES:,} pages" in error.message
    assert len(error.items) == MAX_PAGES
    assert error.resume_url is None


def _reset_on_page_two(server: Server, *, resets: int) -> None:
    left = [resets]

    def pages(h: Handler) -> None:
        if "cursor=2" in h.path:
            if left[0] > 0:
                left[0] -= 1
                h.reset()
                return
            h.json(apps_page(range(200, 250), None))
        else:
            h.json(apps_page(range(200), f"{server.url}/v1/apps?cursor=2"))

    server.route("/v1/apps", pages)


async def test_reset_on_page_two_keeps_page_one_and_resumes_from_the_failed_cursor() -> None:
    with Server() as server:
        _reset_on_page_two(server, resets=1)
        store = Store(AscClient(server.url, retry=NO_RETRY))
        with pytest.raises(IncompleteListError) as caught:
            await store.apps()
        error = caught.value
        loaded = [a for a in error.items if isinstance(a, App)]
        assert loaded == error.items  # all of them apps
        assert [a.id for a in loaded] == [f"app{n}" for n in range(200)]
        assert "page 2 failed" in error.message
        assert error.resume_url is not None and "cursor=2" in error.resume_url
        before = len(server.requests)
        apps = await store.apps(refresh=True)
        await store.aclose()
        assert [a.id for a in apps] == [f"app{n}" for n in range(250)]
        assert len(server.requests) == before + 1  # page 1 was not asked again
        assert "cursor=2" in server.requests[-1]


def _cli(
    server: Server, *args: str, tmp_path: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**cli_env(server, tmp_path), **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "asc_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_prints_the_rows_that_loaded_then_says_what_is_missing(tmp_path: Path) -> None:
    with Server() as server:
        _reset_on_page_two(server, resets=10)
        result = _cli(server, "apps", "--json", tmp_path=tmp_path)
    assert result.returncode == 5  # what stopped it: the connection (see exit_codes.py)
    assert [a["id"] for a in json.loads(result.stdout)] == [f"app{n}" for n in range(200)]
    assert "Only the first 1 page of the list loaded: page 2 failed" in result.stderr
    assert "The rows before it were written. Check your network connection" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_base_url_malformed_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with Server() as server:
        result = _cli(server, "apps", tmp_path=tmp_path, extra_env={"ASC_BASE_URL": "http://[::1"})
    assert result.returncode == 1
    assert "The base URL 'http://[::1' is not a usable URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_auth_add_refuses_a_malformed_base_url_and_stores_nothing(tmp_path: Path) -> None:
    from tests.support.keys import p256_pem

    key = tmp_path / "AuthKey_2X9R4HXF34.p8"
    key.write_text(p256_pem())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "asc_tui",
            "auth",
            "add",
            "--issuer-id",
            "57246542-96fe-1a63-e053-0824d011072a",
            "--key-file",
            str(key),
            "--base-url",
            "http://[::1",
            "--no-check",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "not a usable URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert not config_file().exists()


def test_a_stored_bad_base_url_gets_a_clear_message(tmp_path: Path) -> None:
    from asc_tui.auth.config import Config, Profile, profile_base_url, save_config

    profile = Profile("team", "57246542-96fe-1a63-e053-0824d011072a", "2X9R4HXF34", "http://[::1")
    config = Config({"team": profile}, "team")
    save_config(config)
    with pytest.raises(UrlError) as caught:
        profile_base_url("team", config)
    assert "The base URL saved with profile 'team'" in caught.value.message
    assert "--force --base-url" in caught.value.hint


async def test_app_keeps_page_one_on_screen_and_r_loads_the_rest() -> None:
    from asc_tui.ui import AscApp
    from asc_tui.ui.screens.apps import AppsScreen
    from tests.support.ui import press, settle

    with Server() as server:
        _reset_on_page_two(server, resets=1)
        app = AscApp(Store(AscClient(server.url, retry=NO_RETRY)))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AppsScreen)
            assert screen.table.item_count == 200
            report = screen.error_report
            assert report is not None
            await press(pilot, "r")
            assert screen.table.item_count == 250
            assert screen.error_report is None
            assert "cursor=2" in server.requests[-1]
