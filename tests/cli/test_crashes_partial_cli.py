"""``asc-tui crashes`` and ``feedback`` when their list stops part way or crash logs fail,
over the demo server on loopback HTTP: the rows that loaded are written (complete JSON),
stderr names the crash logs that failed (how many, which) and what stopped the list, and
the exit code is that of what stopped the list, as for ``asc-tui builds``."""

from __future__ import annotations

import asyncio
import json
import math

import pytest

from asc_tui.api import pagination
from asc_tui.cli import main
from asc_tui.commands.exit_codes import EXIT_FORBIDDEN, EXIT_NOT_FOUND
from asc_tui.demo import BRACKETS_APP_ID, DemoServer
from asc_tui.demo.data.feedback import crash_submissions, screenshot_submissions
from tests.support.crash_pages import three_pages

LISTING = f"/v1/apps/{BRACKETS_APP_ID}/betaFeedbackCrashSubmissions"
LOG = "/v1/betaFeedbackCrashSubmissions/{}/crashLog"
SIGNATURES = ["crashes", "--app", BRACKETS_APP_ID, "--json", "--refresh"]


def lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("asc-tui: ")]


def test_a_stopped_list_writes_the_signatures_that_loaded_and_names_the_failed_logs(
    loopback_env: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served = asyncio.run(three_pages(loopback_env, BRACKETS_APP_ID, monkeypatch))
    page_one = served.pages[0]
    broken = [page_one[1].id, page_one[4].id]
    loopback_env.faults.fail_next(LISTING, 403, after=1)  # page 2: the key may not read it
    for submission_id in broken:
        loopback_env.faults.fail_next(LOG.format(submission_id), 404)

    code = main(SIGNATURES)
    out, err = capsys.readouterr()
    assert code == EXIT_FORBIDDEN, err  # what stopped the list, not the logs' 404
    rows = json.loads(out)
    listed = {i for row in rows for i in row["submissions"]}
    assert listed == {s.id for s in page_one} - set(broken)
    assert sum(row["count"] for row in rows) == len(page_one) - 2
    logs, stop = lines(err)
    assert logs.startswith("asc-tui: 2 crash logs not loaded: ")
    assert logs.endswith(f"Their submissions: {broken[0]}, {broken[1]}.") or logs.endswith(
        f"Their submissions: {broken[1]}, {broken[0]}."
    )
    assert "(403 FORBIDDEN" in stop and "page 2" in stop
    assert "The rows before it were written." in err


def test_failed_logs_alone_are_named_and_exit_with_their_code(
    loopback_env: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    loopback_env.faults.clear()
    records = crash_submissions(BRACKETS_APP_ID)
    broken = [r.id for r in records[:12]]
    for submission_id in broken:
        loopback_env.faults.fail_next(LOG.format(submission_id), 404)
    code = main(SIGNATURES)
    out, err = capsys.readouterr()
    assert code == EXIT_NOT_FOUND, err
    assert sum(row["count"] for row in json.loads(out)) == len(records) - 12
    [logs] = lines(err)
    assert logs.startswith("asc-tui: 12 crash logs not loaded: ")
    named = logs.split("Their submissions: ")[1].removesuffix(".").split(", ")
    assert named[-1].endswith(" and 2 more")
    named[-1] = named[-1].removesuffix(" and 2 more")
    assert len(named) == 10 and set(named) <= set(broken)
    assert "Run it again to fetch them" in err


def test_stopped_submissions_are_written_then_the_stop_is_reported(
    loopback_env: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served = asyncio.run(three_pages(loopback_env, BRACKETS_APP_ID, monkeypatch))
    loopback_env.faults.fail_next(LISTING, 404, after=2)  # page 3
    code = main([*SIGNATURES, "--submissions"])
    out, err = capsys.readouterr()
    assert code == EXIT_NOT_FOUND, err
    assert [row["id"] for row in json.loads(out)] == [
        s.id for s in (*served.pages[0], *served.pages[1])
    ]
    [stop] = lines(err)
    assert "page 3" in stop and "The rows before it were written." in err


def test_stopped_screenshot_feedback_is_written_then_the_stop_is_reported(
    loopback_env: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    loopback_env.faults.clear()
    records = screenshot_submissions(BRACKETS_APP_ID)
    monkeypatch.setattr(pagination, "PAGE_LIMIT", math.ceil(len(records) / 2))
    prefix = f"/v1/apps/{BRACKETS_APP_ID}/betaFeedbackScreenshotSubmissions"
    loopback_env.faults.fail_next(prefix, 403, after=1)  # page 2
    code = main(["feedback", "--app", BRACKETS_APP_ID, "--json", "--refresh"])
    out, err = capsys.readouterr()
    assert code == EXIT_FORBIDDEN, err
    assert [row["id"] for row in json.loads(out)] == [
        r.id for r in records[: math.ceil(len(records) / 2)]
    ]
    [stop] = lines(err)
    assert "page 2" in stop and "The rows before it were written." in err
