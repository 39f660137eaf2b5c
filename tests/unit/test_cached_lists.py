"""Lists read straight from the response cache (the warm start's first frame): the keys
match those the caching transport writes, a list is whole or not at all, and its age is
told."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.list_queries import JSON, apps_query, builds_query
from asc_tui.auth.connection import Connection
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import BIG_APP_ID, DemoKey, create_app
from asc_tui.files.locations import cache_dir
from asc_tui.store.cache_keys import url_key
from asc_tui.store.cache_transport import CachingTransport, cache_key
from asc_tui.store.cached_lists import read_list
from asc_tui.store.freshness import CacheSettings
from asc_tui.store.response_cache import FILE_NAME, ResponseCache
from tests.support.demo_client import DEMO_BASE, fast_retry

NAMESPACE = "test key"


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/v1/builds?filter%5Bapp%5D=1&sort=-uploadedDate&limit=200",
        "https://api.example.com/prefix/v1/apps?limit=200&sort=name",
        "http://127.0.0.1:8080/v1/apps?cursor=eyJvIjoyMDB9&limit=200&sort=name&empty=",
        "https://h.example/p%20q/v1/builds?filter[app]=a,b&filter[app]=c&x=%2B+y",
        "https://h.example/v1/apps",
    ],
)
def test_a_next_page_link_has_the_key_the_transport_writes(url: str) -> None:
    request = httpx.Request("GET", url, headers={"Accept": JSON})
    assert url_key(url, JSON) == cache_key(request)


async def fill(
    cache: ResponseCache, demo_key: DemoKey, namespace: str = NAMESPACE
) -> tuple[list[str], list[str]]:
    """The demo's apps and its biggest app's builds (528, three pages) fetched through
    the caching transport; their ids."""
    transport = CachingTransport(httpx.ASGITransport(app=create_app([demo_key])), cache, namespace)
    auth = JwtAuth(demo_key.issuer_id, demo_key.key_id, load_private_key(demo_key.private_key_pem))
    async with AscClient(DEMO_BASE, auth, transport=transport, retry=fast_retry()) as client:
        apps = await client.apps()
        builds = await client.builds(BIG_APP_ID)
    return [a.id for a in apps], [b.id for b in builds]


async def test_the_cached_lists_are_read_whole_without_the_client(
    tmp_path: Path, demo_key: DemoKey
) -> None:
    app_ids, build_ids = await fill(ResponseCache(tmp_path), demo_key)
    cache = ResponseCache(tmp_path)
    settings = CacheSettings()
    apps = read_list(cache, NAMESPACE, DEMO_BASE, apps_query(), settings)
    builds = read_list(cache, NAMESPACE, DEMO_BASE, builds_query(BIG_APP_ID), settings)
    assert apps is not None and [a.id for a in apps.items] == app_ids
    assert builds is not None and [b.id for b in builds.items] == build_ids
    assert len(build_ids) > 400  # more than two pages of 200
    assert not builds.stale
    later = builds.fetched_at + settings.window("builds") + 1
    stale = read_list(cache, NAMESPACE, DEMO_BASE, builds_query(BIG_APP_ID), settings, now=later)
    assert stale is not None and stale.stale
    assert read_list(cache, "another key", DEMO_BASE, apps_query(), settings) is None
    assert read_list(cache, NAMESPACE, DEMO_BASE + "/prefix", apps_query(), settings) is None


async def test_a_list_with_a_page_missing_or_damaged_is_not_read(
    tmp_path: Path, demo_key: DemoKey
) -> None:
    await fill(ResponseCache(tmp_path), demo_key)
    settings = CacheSettings()
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        gone = db.execute("DELETE FROM responses WHERE key LIKE '/v1/builds?cursor%'")
        cut = db.execute(
            "UPDATE responses SET body = x'7b2264617461223a' WHERE key LIKE '/v1/apps?%'"
        )
        assert gone.rowcount == 2 and cut.rowcount == 1  # pages 2 and 3; a cut-off body
    cache = ResponseCache(tmp_path)
    assert read_list(cache, NAMESPACE, DEMO_BASE, builds_query(BIG_APP_ID), settings) is None
    assert read_list(cache, NAMESPACE, DEMO_BASE, apps_query(), settings) is None


async def test_a_connection_reads_its_own_lists_from_the_cache_file_it_opens(
    demo_key: DemoKey,
) -> None:
    demo = Connection(demo=True)
    with demo.cached_lists() as lists:
        assert lists is None  # no cache file yet: a first launch
    app_ids, build_ids = await fill(ResponseCache(cache_dir()), demo_key, "demo demo")
    with demo.cached_lists() as lists:
        assert lists is not None
        assert (lists.namespace, lists.base_url) == ("demo demo", "")  # any demo port
        apps, builds = lists.read(apps_query()), lists.read(builds_query(BIG_APP_ID))
        assert apps is not None and [a.id for a in apps.items] == app_ids
        assert builds is not None and [b.id for b in builds.items] == build_ids
        cache = lists.cache
    assert not cache.usable  # closed with the block
    with Connection(base_url="https://api.example", offline=True).cached_lists() as lists:
        assert lists is not None and lists.read(apps_query()) is None  # another namespace
