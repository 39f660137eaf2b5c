"""The response cache from the command line, over a demo server on real loopback HTTP:
requests counted where they arrive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asc_tui.demo import DemoServer
from asc_tui.demo.data.landmarks import BIG_APP_ID, BRACKETS_APP_ID
from tests.support.auth import leaks_in_files, run_cli, secret_markers
from tests.support.counting import CountingApp


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_second_listing_is_answered_by_the_cache(
    counted: tuple[DemoServer, CountingApp], capsys: pytest.CaptureFixture[str]
) -> None:
    _, counter = counted
    first = _json(capsys, "builds", BIG_APP_ID)
    sent = counter.count
    assert sent >= 1
    assert _json(capsys, "builds", BIG_APP_ID) == first
    assert counter.count == sent  # zero requests
    assert _json(capsys, "builds", BIG_APP_ID, "--refresh") == first
    assert counter.count == 2 * sent  # --refresh asks again, page for page


def test_offline_makes_no_request_and_says_what_is_not_cached(
    counted: tuple[DemoServer, CountingApp], capsys: pytest.CaptureFixture[str]
) -> None:
    _, counter = counted
    apps = _json(capsys, "apps")
    before = counter.count
    assert _json(capsys, "apps", "--offline") == apps
    code, out, err = run_cli(capsys, "builds", BIG_APP_ID, "--offline")
    assert counter.count == before
    assert code == 1 and out == ""
    assert "not cached: open it once online" in err


def test_metrics_inside_their_window_come_from_the_cache(
    counted: tuple[DemoServer, CountingApp], capsys: pytest.CaptureFixture[str]
) -> None:
    _, counter = counted
    builds = _json(capsys, "builds", BIG_APP_ID)
    assert isinstance(builds, list)
    build_id = builds[0]["id"]
    first = _json(capsys, "metrics", build_id)
    before = counter.count
    assert _json(capsys, "metrics", build_id) == first
    assert counter.count == before
    assert counter.paths[-1].endswith("/perfPowerMetrics")


def test_an_answer_past_its_window_is_fetched_again(
    counted: tuple[DemoServer, CountingApp],
    capsys: pytest.CaptureFixture[str],
    isolated_settings: Path,
) -> None:
    _, counter = counted
    config = isolated_settings / "asc-tui" / "config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"cache": {"fresh_seconds": {"apps": 0}}}))
    _json(capsys, "apps")
    before = counter.count
    _json(capsys, "apps")
    assert counter.count == before + 1


def test_the_cache_holds_no_key_and_no_token(
    counted: tuple[DemoServer, CountingApp],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    server, _ = counted
    builds = _json(capsys, "builds", BIG_APP_ID)
    assert isinstance(builds, list)
    _json(capsys, "metrics", builds[0]["id"])
    _json(capsys, "signatures", builds[0]["id"])
    cache = tmp_path / "xdg-cache" / "asc-tui"
    assert list(cache.iterdir())
    assert leaks_in_files([cache], secret_markers([server.key.private_key_pem])) == {}


def test_a_fresh_listing_is_read_from_the_cache_file_alone(
    counted: tuple[DemoServer, CountingApp],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Every page fresh: the listing comes from the cache file without the key (here: a
    key file gone since) and without a request; the same rows as from the server."""
    _, counter = counted
    builds, apps = _json(capsys, "builds", BIG_APP_ID), _json(capsys, "apps")
    assert isinstance(builds, list)
    sent = counter.count
    monkeypatch.setenv("ASC_PRIVATE_KEY_PATH", str(tmp_path / "gone.p8"))
    assert _json(capsys, "builds", BIG_APP_ID) == builds
    assert _json(capsys, "apps") == apps
    code, out, _ = run_cli(capsys, "builds", BIG_APP_ID, "--csv")
    assert code == 0 and out.count("\n") == len(builds) + 1 and counter.count == sent
    code, _, err = run_cli(capsys, "builds", BIG_APP_ID, "--refresh")  # needs the key again
    assert code == 1 and "gone.p8" in err and counter.count == sent


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("crashes", "--app", BIG_APP_ID), "This list of TestFlight crash submissions is"),
        (("metrics", "--app", BIG_APP_ID), "These metrics are"),
        (("analytics", "requests", BIG_APP_ID), "These analytics reports are"),
        (("builds", BIG_APP_ID), "This list of builds is"),
        (("crashes", "log", "AT-3iTS8wm8zlGgczCvr-Pu"), "This crash report is"),
    ],
)
def test_offline_names_what_is_not_cached(
    counted: tuple[DemoServer, CountingApp],
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    says: str,
) -> None:
    _, counter = counted
    code, out, err = run_cli(capsys, *args, "--offline")
    assert counter.count == 0
    assert code == 1 and out == ""
    assert f"asc-tui: {says} not cached (/v1/" in err
    assert "list of apps" not in err


def test_deleting_a_crash_keeps_the_cached_analytics(
    counted: tuple[DemoServer, CountingApp], capsys: pytest.CaptureFixture[str]
) -> None:
    """A write drops what it may have changed: deleting a TestFlight crash changes no
    analytics report request, so those stay readable offline."""
    requests = _json(capsys, "analytics", "requests", BIG_APP_ID)
    submissions = _json(capsys, "crashes", "--app", BRACKETS_APP_ID, "--submissions")
    assert isinstance(submissions, list) and submissions
    code, _, err = run_cli(capsys, "crashes", "delete", submissions[0]["id"], "--yes")
    assert code == 0, err
    assert _json(capsys, "analytics", "requests", BIG_APP_ID, "--offline") == requests
