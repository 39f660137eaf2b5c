"""The persistent response cache: what it keeps and for how long, its size cap, its
behaviour with two processes at once, and a damaged or foreign file."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asc_tui.store.freshness import (
    DAY,
    FOREVER,
    CacheSettings,
    CacheUse,
    Mode,
    current,
    keeps,
    kind_of,
    reading,
)
from asc_tui.store.response_cache import (
    _SCHEMA,
    _SECRET,
    FILE_NAME,
    SCHEMA_VERSION,
    ResponseCache,
    looks_secret,
)

NS = "http://api.test k1"
OLD_INDEX = "responses_used ON responses (used_at)"
JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjJYOVI0SFhGMzQifQ.eyJpc3MiOiJ4In0.c2ln"


def test_keeps_and_returns_an_answer(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, clock=lambda: 1000.0)
    assert cache.put(NS, "/v1/apps? application/json", b'{"data":[]}', "application/json", "o")
    hit = cache.get(NS, "/v1/apps? application/json")
    assert hit is not None
    assert (hit.body, hit.content_type, hit.origin, hit.fetched_at) == (
        b'{"data":[]}',
        "application/json",
        "o",
        1000.0,
    )
    assert cache.get("other namespace", "/v1/apps? application/json") is None
    assert cache.notices == []


def test_refuses_bodies_shaped_like_secrets(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    pem = b"-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----"
    assert not cache.put(NS, "a", pem, "text/plain", "o")
    assert not cache.put(NS, "b", f'{{"t":"{JWT}"}}'.encode(), "application/json", "o")
    assert cache.keys(NS) == []
    assert looks_secret(pem) and not looks_secret(b'{"name":"eyJ not a token"}')


SECRET_PARTS = [
    b"-----BEGIN RSA PRIVATE KEY-----",
    b"-----BEGIN EC PRIVATE KEY-----",
    b"-----BEGIN PRIVATE KEY-----",
    b"-----BEGIN ",
    b"RSA ",
    b"PRIVATE KEY-----",
    b"PRIVATE KEY",
    b"-----",
    JWT.encode(),
    b"eyJ",
    b"hbGciOiJFUzI1NiJ9",
    b"abcdefgh",
    b".",
    b"J",
    b"e",
    b'{"a":"',
    b"\\n",
]


@pytest.mark.parametrize("part", SECRET_PARTS)
def test_the_secret_check_answers_as_its_patterns_alone_for_each_part(part: bytes) -> None:
    body = b'{"data":"' + part + b'"}'
    assert looks_secret(body) == (re.search(_SECRET, body) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SECRET_PARTS), max_size=12))
def test_the_secret_check_answers_as_its_patterns_alone(parts: list[bytes]) -> None:
    body = b"".join(parts)
    assert looks_secret(body) == (re.search(_SECRET, body) is not None)


def test_evicts_least_recently_used_beyond_the_cap(tmp_path: Path) -> None:
    now = [0.0]
    cache = ResponseCache(tmp_path, max_bytes=3000, clock=lambda: now[0])
    for name in "abc":
        now[0] += 100
        cache.put(NS, name, b"x" * 900, "t", "o")
    now[0] += 100  # past USE_GRANULARITY: reading marks it used
    assert cache.get(NS, "a") is not None  # a is now used more recently than b
    now[0] += 100
    cache.put(NS, "d", b"x" * 900, "t", "o")
    assert cache.keys(NS) == ["a", "c", "d"]
    assert cache.total_bytes() <= 3000
    assert not cache.put(NS, "huge", b"x" * 5000, "t", "o")  # larger than the whole cache


def test_a_file_from_another_version_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    ResponseCache(tmp_path).put(NS, "k", b"1", "t", "o")
    with sqlite3.connect(tmp_path / FILE_NAME) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    cache = ResponseCache(tmp_path)
    assert cache.get(NS, "k") is None
    assert len(cache.notices) == 1 and "another version" in cache.notices[0]
    assert cache.put(NS, "k", b"2", "t", "o") and cache.get(NS, "k") is not None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],  # truncated
        lambda data: b"not a database at all" * 100,
        lambda data: data[:100] + b"\xff" * 4000 + data[4100:],  # header and pages garbled
    ],
    ids=["truncated", "garbage", "garbled"],
)
def test_a_damaged_file_is_replaced_with_a_notice(tmp_path: Path, damage: object) -> None:
    cache = ResponseCache(tmp_path)
    for i in range(50):
        cache.put(NS, f"k{i}", b"y" * 2000, "t", "o")
    cache.close()
    path = tmp_path / FILE_NAME
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    reopened = ResponseCache(tmp_path)
    results = [reopened.get(NS, f"k{i}") for i in range(50)]  # never raises
    assert reopened.notices, "the user is told the cache was replaced"
    assert all(r is None or r.body == b"y" * 2000 for r in results)
    assert reopened.put(NS, "new", b"z", "t", "o")
    assert reopened.get(NS, "new") is not None


def test_an_unwritable_folder_means_no_cache_with_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResponseCache(blocker / "sub")
    assert not cache.usable and cache.notices
    assert cache.get(NS, "k") is None and not cache.put(NS, "k", b"1", "t", "o")


entries = st.tuples(st.sampled_from("abcdefgh"), st.binary(min_size=1, max_size=700))
operations = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["put", "put_soon"]), entries),
        st.tuples(st.just("get"), st.sampled_from("abcdefgh")),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations, cap=st.integers(min_value=0, max_value=3000))
def test_any_interleaving_matches_a_model(
    tmp_path_factory: pytest.TempPathFactory,
    ops: list[tuple[str, tuple[str, bytes] | str]],
    cap: int,
) -> None:
    """Random writes (now or by the writer thread), reads and the evictions they cause:
    every hit is the last value written under its key, the total stays under the cap, and
    a key just written (when it fits) is there."""
    cache = ResponseCache(tmp_path_factory.mktemp("cache"), max_bytes=cap)
    model: dict[str, bytes] = {}
    for op, arg in ops:
        if op in ("put", "put_soon"):
            assert isinstance(arg, tuple)
            key, body = arg
            keep = cache.put if op == "put" else cache.put_soon
            kept = keep(NS, key, body, "t", "o")
            assert kept == (len(body) + len(key) + len(NS) <= cap)
            if kept:
                model[key] = body
                assert cache.get(NS, key) is not None
            else:
                assert cache.get(NS, key) is None or model.get(key) is not None
        else:
            assert isinstance(arg, str)
            hit = cache.get(NS, arg)
            if hit is not None:
                assert hit.body == model[arg]
        assert cache.total_bytes() <= cap
    cache.close()


def _writer(folder: str, worker: int, rounds: int) -> None:
    cache = ResponseCache(Path(folder), max_bytes=40_000)
    for i in range(rounds):
        key = f"k{(worker * 7 + i) % 12}"
        cache.put(NS, key, f"{key}:{worker}:{i}".encode() * 50, "t", "o")
        hit = cache.get(NS, f"k{i % 12}")
        assert hit is None or hit.body.startswith(f"k{i % 12}:".encode())
    assert not cache.notices, cache.notices
    cache.close()


def test_two_processes_write_and_read_at_once(tmp_path: Path) -> None:
    ResponseCache(tmp_path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n, 150)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    cache = ResponseCache(tmp_path, max_bytes=40_000)
    assert cache.notices == []
    keys = cache.keys(NS)
    assert keys and cache.total_bytes() <= 40_000
    for key in keys:
        hit = cache.get(NS, key)
        assert hit is not None and hit.body.startswith(f"{key}:".encode())


def test_kinds_and_what_is_never_kept() -> None:
    assert kind_of("/v1/apps") == "apps"
    assert kind_of("/v1/builds") == "builds"
    assert kind_of("/v1/builds/1/perfPowerMetrics") == "metrics"
    assert kind_of("/v1/apps/1/perfPowerMetrics") == "metrics"
    assert kind_of("/v1/builds/1/diagnosticSignatures") == "signatures"
    assert kind_of("/v1/diagnosticSignatures/9/logs") == "logs"
    assert kind_of("/v1/analyticsReports/1/instances") == "analytics"
    assert kind_of("/v1/analyticsReportInstances/1") == "analytics-instance"
    assert not keeps("/v1/analyticsReportInstances/1/segments")
    assert not keeps("/analytics-segments/1.tsv.gz")
    assert keeps("/v1/apps")


def test_settings_from_config_json() -> None:
    settings = CacheSettings.from_json(
        {"max_megabytes": 50, "fresh_seconds": {"apps": 60, "analytics": None}}
    )
    assert settings.max_bytes == 50 * 1024 * 1024
    assert settings.window("apps") == 60 and settings.window("analytics") == FOREVER
    assert settings.window("metrics") == DAY
    assert settings.is_stale("apps", 61) and not settings.is_stale("metrics", 3600)
    assert CacheSettings.from_json(settings.to_json()) == settings
    assert CacheSettings().to_json() is None
    with pytest.raises(ValueError, match="known: apps"):
        CacheSettings.from_json({"fresh_seconds": {"appz": 1}})
    with pytest.raises(ValueError, match="max_megabytes"):
        CacheSettings.from_json({"max_megabytes": "big"})


def test_readings_nest_and_add_up() -> None:
    assert current() == (Mode.NORMAL, None)
    with reading(Mode.STALE_OK) as outer:
        with reading() as inner:
            assert current()[0] is Mode.STALE_OK
            inner.served(100.0, stale=True)
        with reading(Mode.REFRESH) as forced:
            assert current() == (Mode.REFRESH, forced)
            forced.fetched += 1
    assert (outer.hits, outer.fetched, outer.oldest, outer.stale) == (1, 1, 100.0, True)
    assert CacheUse(oldest=100.0).age(now=160.0) == 60.0


def test_answers_kept_soon_are_seen_at_once_and_written_behind(tmp_path: Path) -> None:
    """``put_soon`` (how answers from the network are kept): the caller does not wait for
    the disk, ``get`` sees the answer before it is written, and ``flush``/``close`` wait
    for the writes. Another process writing meanwhile holds the writer back, not the
    reader."""
    cache = ResponseCache(tmp_path, clock=lambda: 1000.0)
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing: the writer waits
    assert cache.put_soon(NS, "a", b"1", "t", "o") and cache.put_soon(NS, "b", b"2", "t", "o")
    assert not cache.put_soon(NS, "jwt", f'{{"t":"{JWT}"}}'.encode(), "t", "o")
    hits = [cache.get(NS, key) for key in ("a", "b")]
    assert [(h.body, h.fetched_at) for h in hits if h is not None] == [
        (b"1", 1000.0),
        (b"2", 1000.0),
    ]
    assert other.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    assert cache.get(NS, "never kept") is None  # reading does not wait for the writer
    other.execute("COMMIT")
    cache.flush()
    assert sorted(r[0] for r in other.execute("SELECT key FROM responses")) == ["a", "b"]
    cache.put_soon(NS, "c", b"3", "t", "o")
    cache.close()
    other.close()
    reopened = ResponseCache(tmp_path)
    assert reopened.keys(NS) == ["a", "b", "c"]
    reopened.put_soon(NS, "analyticsReports x", b"4", "t", "o")
    reopened.drop(NS, "analyticsReport")
    assert reopened.get(NS, "analyticsReports x") is None
    reopened.close()
    assert ResponseCache(tmp_path).keys(NS) == ["a", "b", "c"]


def test_the_last_answer_kept_wins_whichever_way_it_was_kept(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the writer thread back
    cache.put_soon(NS, "held", b"0", "t", "o")  # the writer thread takes it and waits
    cache.put_soon(NS, "k", b"old", "t", "o")  # waiting to be taken
    other.execute("COMMIT")
    assert cache.put(NS, "k", b"new", "t", "o")
    cache.close()
    hit = ResponseCache(tmp_path).get(NS, "k")
    assert hit is not None and hit.body == b"new"


def test_drop_holding_an_item_forgets_exactly_the_answers_that_hold_it(tmp_path: Path) -> None:
    from asc_tui.store.freshness import deleted_feedback

    doomed = "AL_rx3F0lirCk2kHVaMih9P"  # an underscore, as Apple's IDs have
    page = "/v1/apps/1/betaFeedbackCrashSubmissions?limit=200 application/json"
    other_page = "/v1/apps/2/betaFeedbackCrashSubmissions?limit=200 application/json"
    own_log = f"/v1/betaFeedbackCrashSubmissions/{doomed}/crashLog application/json"
    other_log = "/v1/betaFeedbackCrashSubmissions/AxJ7/crashLog application/json"
    apps = "/v1/apps? application/json"
    cache = ResponseCache(tmp_path)
    for key, body in (
        (page, f'{{"data":[{{"id":"{doomed}"}}]}}'),
        (other_page, '{"data":[{"id":"AxJ7"}]}'),
        (other_log, f'{{"logText":"names {doomed}"}}'),  # holds it too: dropped
        (apps, f'{{"data":[{{"name":"{doomed}"}}]}}'),  # not a feedback answer: kept
    ):
        assert cache.put(NS, key, body.encode(), "application/json", "o")
    assert cache.put_soon(NS, own_log, b'{"logText":"crash"}', "application/json", "o")

    assert deleted_feedback("DELETE", f"/v1/betaFeedbackCrashSubmissions/{doomed}") == doomed
    assert deleted_feedback("GET", f"/v1/betaFeedbackCrashSubmissions/{doomed}") is None
    assert deleted_feedback("DELETE", "/v1/analyticsReportRequests/x") is None
    cache.drop(NS, "betaFeedback", holding=doomed)
    assert cache.keys(NS) == sorted([other_page, apps])
    cache.close()


def test_drop_matches_underscore_and_percent_literally(tmp_path: Path) -> None:
    """``_`` and ``%`` in what is dropped match only themselves, in the file and in
    answers still waiting to be written: not any character, and not left out."""
    keys = {
        "under": "/v1/betaFeedbackCrashSubmissions/AL_rx3/crashLog",
        "any_char": "/v1/betaFeedbackCrashSubmissions/ALXrx3/crashLog",  # _ as a wildcard
        "stripped": "/v1/betaFeedbackCrashSubmissions/ALrx3/crashLog",  # _ left out
        "percent": "/v1/betaFeedbackCrashSubmissions/50%off/crashLog",
        "percent_wild": "/v1/betaFeedbackCrashSubmissions/50--off/crashLog",
        "percent_gone": "/v1/betaFeedbackCrashSubmissions/50off/crashLog",
        "pending_under": "/v1/betaFeedbackScreenshotSubmissions/AL_rx3",
        "pending_other": "/v1/betaFeedbackScreenshotSubmissions/ALZrx3",
    }
    cache = ResponseCache(tmp_path)
    for name, key in keys.items():
        if name.startswith("pending"):
            assert cache.put_soon(NS, key, b"{}", "application/json", "o")
        else:
            assert cache.put(NS, key, b"{}", "application/json", "o")
    cache.drop(NS, "AL_rx3")
    cache.drop(NS, "50%off")
    left = {"any_char", "stripped", "percent_wild", "percent_gone", "pending_other"}
    assert cache.keys(NS) == sorted(keys[name] for name in left)
    cache.drop(NS, "betaFeedback", holding="AL%rx3")  # no key or body holds it
    assert cache.keys(NS) == sorted(keys[name] for name in left)
    cache.close()


def test_a_file_from_before_large_pages_is_used_as_it_is(tmp_path: Path) -> None:
    """New files get large pages and an index of sizes (answers are large); one made with
    SQLite's default pages and the earlier index is still read and written, not rebuilt."""
    ResponseCache(tmp_path).close()
    made = sqlite3.connect(tmp_path / FILE_NAME)
    assert made.execute("PRAGMA page_size").fetchone()[0] == 65536
    made.close()
    (tmp_path / FILE_NAME).unlink()
    old = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    old.execute("PRAGMA journal_mode = WAL")
    old.executescript(_SCHEMA.replace("responses_lru ON responses (used_at, size)", OLD_INDEX))
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    old.execute("INSERT INTO responses VALUES ('n', 'k', x'31', 't', 'o', 1.0, 1.0, 3)")
    assert old.execute("SELECT 1 FROM sqlite_master WHERE name = 'responses_used'").fetchone()
    old.close()
    cache = ResponseCache(tmp_path)
    assert cache.put_soon(NS, "big", b"y" * 300_000, "t", "o")
    cache.close()
    cache = ResponseCache(tmp_path)
    hit, big = cache.get("n", "k"), cache.get(NS, "big")
    assert hit is not None and hit.body == b"1" and big is not None and len(big.body) == 300_000
    assert cache.notices == [] and cache.total_bytes() == 3 + 300_000 + len("big") + len(NS)
    cache.close()
    indexes = sqlite3.connect(tmp_path / FILE_NAME).execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'responses_%'"
    )
    assert [name for (name,) in indexes] == ["responses_lru"]
    default = sqlite3.connect(":memory:").execute("PRAGMA page_size").fetchone()[0]
    assert (
        sqlite3.connect(tmp_path / FILE_NAME).execute("PRAGMA page_size").fetchone()[0] == default
    )


def test_a_file_damaged_under_the_writer_thread_is_replaced_with_a_notice(
    tmp_path: Path,
) -> None:
    """The writer thread finds the file damaged (here: overwritten while the cache is
    open): the answer it held is not kept, the file is replaced, the user is told, and
    the cache goes on working."""
    cache = ResponseCache(tmp_path)
    assert cache.put(NS, "old", b"1", "t", "o")
    other = sqlite3.connect(tmp_path / FILE_NAME)
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    other.close()
    (tmp_path / FILE_NAME).write_bytes(b"not a database at all" * 100)
    assert cache.put_soon(NS, "lost", b"2", "t", "o")
    cache.flush()
    assert any("replaced by an empty one" in notice for notice in cache.notices)
    assert cache.get(NS, "lost") is None and cache.get(NS, "old") is None
    assert cache.put_soon(NS, "new", b"3", "t", "o")
    cache.close()
    reopened = ResponseCache(tmp_path)
    hit = reopened.get(NS, "new")
    assert hit is not None and hit.body == b"3" and reopened.notices == []
