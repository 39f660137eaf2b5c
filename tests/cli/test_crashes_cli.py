"""``asc-tui crashes``, ``crashes log`` and ``feedback`` over the demo (loopback HTTP, as
``--demo`` runs them): signatures whose counts cover every page of submissions, JSON, CSV
and the table, a crash report printed or saved, screenshot feedback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from asc_tui.cli import main
from asc_tui.demo import BIG_APP_ID, BRACKETS_APP_ID, DemoServer
from asc_tui.demo.data.feedback import crash_submissions, crashed_builds, screenshot_submissions
from asc_tui.logs.crash_report import parse_crash_report


def run(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> str:
    assert main(argv) == code
    captured = capsys.readouterr()
    if code == 0:
        assert captured.err == ""
        return captured.out
    return captured.err


def test_signatures_json_is_complete_over_every_page(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, ["crashes", "--app", BIG_APP_ID, "--demo", "--json"]))
    records = crash_submissions(BIG_APP_ID)
    assert len(records) > 200  # more than one page
    assert sum(row["count"] for row in rows) == len(records)
    listed = [i for row in rows for i in row["submissions"]]
    assert sorted(listed) == sorted(r.id for r in records)
    assert [row["count"] for row in rows] == sorted((row["count"] for row in rows), reverse=True)
    top = rows[0]
    assert top["signature"] == f"{top['exceptionType']} — {top['frame']}"
    assert sum(top["devices"].values()) == top["count"]
    assert "newInBuild" not in top


def test_one_build_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    newest = crashed_builds(BRACKETS_APP_ID)[-1]
    argv = ["crashes", "--app", BRACKETS_APP_ID, "--build", newest.id, "--demo"]
    rows = list(csv.DictReader(io.StringIO(run(capsys, [*argv, "--csv"]))))
    expected = sum(r.build.id == newest.id for r in crash_submissions(BRACKETS_APP_ID))
    assert sum(int(row["count"]) for row in rows) == expected
    new = [row["frame"] for row in rows if row["newInBuild"] == "True"]
    assert new == ["Lumen: NotebookTree.visit(_:depth:)"]
    table = run(capsys, argv).splitlines()
    assert table[0].split()[:3] == ["count", "exceptionType", "frame"]
    assert len(table) == len(rows) + 1


def test_submissions_and_one_crash_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["crashes", "--app", BRACKETS_APP_ID, "--submissions", "--demo", "--json"]
    rows = json.loads(run(capsys, argv))
    records = crash_submissions(BRACKETS_APP_ID)
    assert [row["id"] for row in rows] == [r.id for r in records]
    first = records[0]
    assert rows[0]["device"] == first.device and rows[0]["build"] == str(first.build.number)
    text = run(capsys, ["crashes", "log", first.id, "--demo"])
    report = parse_crash_report(text)
    assert report.header["Hardware Model"] == first.device
    saved = tmp_path / "one.crash"
    out = run(capsys, ["crashes", "log", first.id, "-o", str(saved), "--demo"])
    assert out.strip() == str(saved) and saved.read_text(encoding="utf-8") == text


def test_mistakes_say_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert "needs --app" in run(capsys, ["crashes", "--demo"], 2)
    assert "crashes log SUBMISSION_ID" in run(capsys, ["crashes", "log", "--demo"], 2)
    err = run(capsys, ["crashes", "log", "missing", "--demo"], 9)  # not found
    assert "Crash submission missing was not found" in err


def test_feedback_lists_screenshots(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, ["feedback", "--app", BRACKETS_APP_ID, "--demo", "--json"]))
    records = screenshot_submissions(BRACKETS_APP_ID)
    assert [row["id"] for row in rows] == [r.id for r in records]
    assert [len(row["screenshots"]) for row in rows] == [r.screenshots for r in records]
    assert all(url.endswith(".png") for row in rows for url in row["screenshots"])


def test_logs_open_refuses_a_file_that_is_not_a_crash_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "notes.crash"
    bad.write_text("shopping list\nmilk\n", encoding="utf-8")
    err = run(capsys, ["logs", "open", str(bad)], 1)
    assert "not a crash report" in err and "crashes log SUBMISSION_ID -o FILE" in err
    err = run(capsys, ["logs", "open", str(tmp_path / "missing.ips")], 1)
    assert "Cannot read" in err


def test_signatures_from_the_logs_that_loaded_and_the_failed_ones_said(
    loopback_env: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    faults = loopback_env.faults
    faults.clear()
    records = crash_submissions(BRACKETS_APP_ID)
    broken = {records[0].id, records[5].id}
    for submission_id in broken:
        faults.fail_next(f"/v1/betaFeedbackCrashSubmissions/{submission_id}/crashLog", 404)
    assert main(["crashes", "--app", BRACKETS_APP_ID, "--json"]) == 9  # what stopped them: 404
    captured = capsys.readouterr()
    rows = json.loads(captured.out)  # what could be grouped is printed, complete JSON
    listed = {i for row in rows for i in row["submissions"]}
    assert listed == {r.id for r in records} - broken
    assert sum(row["count"] for row in rows) == len(records) - 2
    first_line = captured.err.splitlines()[0]
    assert first_line.startswith("asc-tui: 2 crash logs not loaded: ")
    assert "404" in first_line or "not found" in first_line.casefold()
    assert "Run it again" in captured.err

    before = len(faults.requests)  # again: the logs that loaded come from the cache
    assert main(["crashes", "--app", BRACKETS_APP_ID, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sum(row["count"] for row in rows) == len(records)
    fetched = sorted(path for _m, path in faults.requests[before:] if path.endswith("crashLog"))
    assert fetched == sorted(f"/v1/betaFeedbackCrashSubmissions/{i}/crashLog" for i in broken)


def test_filters_go_to_the_server_and_pick_the_matching_submissions(
    loopback_env: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    first = records[0]
    os_version = first.os_version.split()[0]
    before = len(loopback_env.faults.requests)
    argv = ["crashes", "--app", BRACKETS_APP_ID, "--submissions", "--json"]
    rows = json.loads(run(capsys, [*argv, "--device", first.device, "--os", os_version]))
    expected = [
        r.id for r in records if r.device == first.device and r.os_version.startswith(os_version)
    ]
    assert [row["id"] for row in rows] == expected and 0 < len(expected) < len(records)
    [listing] = [p for _m, p in loopback_env.faults.requests[before:] if "Submissions?" in p]
    assert "filter%5BdeviceModel%5D=" + first.device.replace(",", "%2C") in listing

    version = first.build.marketing_version  # looked up among the app's versions
    rows = json.loads(run(capsys, [*argv, "--version", version, "--platform", "ios"]))
    expected = [r.id for r in records if r.build.marketing_version == version]
    assert [row["id"] for row in rows] == expected and 0 < len(expected) < len(records)

    rows = json.loads(run(capsys, [*argv[:3], "--tester", first.tester_id, "--json"]))
    assert sum(row["count"] for row in rows) == sum(r.tester == first.tester for r in records)

    shots = screenshot_submissions(BRACKETS_APP_ID)
    argv = ["feedback", "--app", BRACKETS_APP_ID, "--json", "--device", shots[0].device]
    rows = json.loads(run(capsys, argv))
    assert [row["id"] for row in rows] == [s.id for s in shots if s.device == shots[0].device]


def test_platform_filters_pick_a_part_of_the_unfiltered_list(
    loopback_env: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """An iOS app's crashes on iPhones and iPads, on Macs and on Apple Vision Pro: each
    device platform is a part of the whole, the parts add up to it, and the app platform
    is IOS for all of them."""
    argv = ["crashes", "--app", BIG_APP_ID, "--submissions", "--json"]
    every = json.loads(run(capsys, argv))
    assert len(every) == len(crash_submissions(BIG_APP_ID))
    parts = {
        platform: json.loads(run(capsys, [*argv, "--device-platform", platform]))
        for platform in ("IOS", "MAC_OS", "VISION_OS", "TV_OS")
    }
    for platform, rows in parts.items():
        assert [row["devicePlatform"] for row in rows] == [platform] * len(rows)
        assert [row["id"] for row in rows] == [
            row["id"] for row in every if row["devicePlatform"] == platform
        ]
    assert 0 < len(parts["MAC_OS"]) < len(parts["IOS"]) and len(parts["VISION_OS"]) > 0
    assert parts["TV_OS"] == []
    assert sum(map(len, parts.values())) == len(every)
    assert {row["device"][:3] for row in parts["MAC_OS"]} == {"Mac"}
    assert json.loads(run(capsys, [*argv, "--platform", "IOS"])) == every
    assert json.loads(run(capsys, [*argv, "--platform", "MAC_OS"])) == []

    signatures = ["crashes", "--app", BIG_APP_ID, "--json", "--device-platform", "VISION_OS"]
    rows = json.loads(run(capsys, signatures))
    assert sum(row["count"] for row in rows) == len(parts["VISION_OS"])
    assert {d for row in rows for d in row["devices"]} == {"RealityDevice14,1"}

    feedback = ["feedback", "--app", BIG_APP_ID, "--json"]
    shots = json.loads(run(capsys, feedback))
    on_macs = json.loads(run(capsys, [*feedback, "--device-platform", "MAC_OS"]))
    assert 0 < len(on_macs) < len(shots)
    assert {row["device"][:3] for row in on_macs} == {"Mac"}


def test_filter_mistakes_say_what_to_do(
    loopback_env: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    err = run(capsys, ["crashes", "--app", BRACKETS_APP_ID, "--version", "9.9"], 1)
    assert f"App {BRACKETS_APP_ID} has no version 9.9.\nIts versions: " in err
    listed = set(err.split("Its versions: ")[1].strip().rstrip(".").split(", "))
    assert {b.marketing_version for b in crashed_builds(BRACKETS_APP_ID)} <= listed
    with pytest.raises(SystemExit) as exit_info:
        main(["feedback", "--app", BRACKETS_APP_ID, "--platform", "android"])
    assert exit_info.value.code == 2
    assert "use one of IOS, MAC_OS, TV_OS, VISION_OS" in capsys.readouterr().err
