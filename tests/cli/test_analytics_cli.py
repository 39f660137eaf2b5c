"""``asc-tui analytics …`` end to end: the real CLI entry point, credentials from the
environment, against a demo server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asc_tui.cli import main
from asc_tui.demo import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BRACKETS_APP_ID,
    NO_ANALYTICS_APP_ID,
    STOPPED_REQUEST_ID,
    DemoServer,
    generate_demo_key,
)
from asc_tui.demo.data.analytics_records import seeded
from tests.support.auth import use_key

DEVELOPER = generate_demo_key()
FINANCE = generate_demo_key()


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    admin = generate_demo_key()
    roles = {DEVELOPER.key_id: "DEVELOPER", FINANCE.key_id: "FINANCE"}
    with DemoServer([admin, DEVELOPER, FINANCE], roles=roles) as running:
        yield running


@pytest.fixture
def admin_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: DemoServer) -> None:
    use_key(monkeypatch, tmp_path, server, server.key)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("admin_env")
def test_requests_reports_and_instances(capsys: pytest.CaptureFixture[str]) -> None:
    requests = run_json(capsys, "analytics", "requests", BIG_APP_ID, "--json")
    assert {r["accessType"]: r["id"] for r in requests}["ONGOING"] == ANALYTICS_REQUEST_ID
    assert all(r["stoppedDueToInactivity"] is False for r in requests)

    assert main(["analytics", "requests", BRACKETS_APP_ID]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "accessType", "stoppedDueToInactivity"]
    assert table[1].split() == [STOPPED_REQUEST_ID, "ONGOING", "True"]

    reports = run_json(
        capsys, "analytics", "reports", ANALYTICS_REQUEST_ID, "--category", "PERFORMANCE", "--json"
    )
    assert [r["name"] for r in reports] == ["App Crashes", "App Crashes Expanded"]
    assert {r["category"] for r in reports} == {"PERFORMANCE"}
    every = run_json(capsys, "analytics", "reports", ANALYTICS_REQUEST_ID, "--json")
    categories = [r["category"] for r in every]
    assert categories[0] == "APP_USAGE" and categories[-1] == "PERFORMANCE" and len(every) == 14

    instances = run_json(
        capsys, "analytics", "instances", reports[0]["id"], "--granularity", "MONTHLY", "--json"
    )
    assert [i["processingDate"] for i in instances] == ["2026-11-01", "2026-10-01"]
    # any case, as `signatures --type` and `metrics --category` take theirs
    assert (
        run_json(
            capsys,
            "analytics",
            "reports",
            ANALYTICS_REQUEST_ID,
            "--category",
            "performance",
            "--json",
        )
        == reports
    )
    assert (
        run_json(
            capsys, "analytics", "instances", reports[0]["id"], "--granularity", "Monthly", "--json"
        )
        == instances
    )
    ongoing = run_json(
        capsys, "analytics", "requests", BIG_APP_ID, "--access-type", "ongoing", "--json"
    )
    assert [r["id"] for r in ongoing] == [ANALYTICS_REQUEST_ID]
    assert main(["analytics", "instances", reports[0]["id"], "--date", "2026-10-05", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,granularity,processingDate"
    assert sorted(line.split(",", 1)[1] for line in lines[1:]) == [
        "DAILY,2026-10-05",
        "WEEKLY,2026-10-05",
    ]


@pytest.mark.usefixtures("admin_env")
def test_request_duplicate_and_delete(capsys: pytest.CaptureFixture[str]) -> None:
    [created] = run_json(
        capsys, "analytics", "request", NO_ANALYTICS_APP_ID, "--access-type", "ONGOING", "--json"
    )
    assert created["accessType"] == "ONGOING" and created["stoppedDueToInactivity"] is False
    assert main(["analytics", "request", NO_ANALYTICS_APP_ID, "--access-type", "ONGOING"]) == 6
    err = capsys.readouterr().err
    assert "(409 STATE_ERROR)" in err and "already has an active ONGOING report request" in err

    assert main(["analytics", "delete", created["id"], "--yes"]) == 0
    assert f"Deleted report request {created['id']}" in capsys.readouterr().err
    remaining = run_json(capsys, "analytics", "requests", NO_ANALYTICS_APP_ID, "--json")
    assert created["id"] not in {r["id"] for r in remaining}
    assert main(["analytics", "delete", created["id"], "--yes"]) == 9  # not found
    assert "404" in capsys.readouterr().err


@pytest.mark.usefixtures("admin_env")
def test_request_prints_when_reports_arrive(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["analytics", "request", NO_ANALYTICS_APP_ID, "--access-type", "ONE_TIME_SNAPSHOT"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "ONE_TIME_SNAPSHOT" in captured.out
    assert "24 to 48 hours" in captured.err


@pytest.mark.usefixtures("admin_env")
def test_download_writes_a_verified_tsv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    [report] = run_json(
        capsys, "analytics", "reports", ANALYTICS_REQUEST_ID, "--name", "App Crashes", "--json"
    )
    instances = run_json(capsys, "analytics", "instances", report["id"], "--json")
    newest = instances[0]["id"]
    out = tmp_path / "downloads"
    assert main(["analytics", "download", newest, "-o", str(out), "--report", report["id"]]) == 0
    captured = capsys.readouterr()
    path = (
        out / "App Crashes" / f"{instances[0]['processingDate']}-{instances[0]['granularity']}.tsv"
    )
    assert captured.out.strip() == str(path)
    rows = seeded().instances[newest].rows
    assert f"{rows:,} rows from 1 verified segment(s)." in captured.err
    assert "segment 1/1 verified" in captured.err
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[0].startswith("Date\tApp Name\tApp Apple Identifier\tApp Version")
    assert len(text) == rows + 1

    result = run_json(capsys, "analytics", "download", newest, "-o", str(out), "--json", "--quiet")
    assert result["rows"] == rows and result["segments"] == 1
    assert result["path"] == str(out / f"instance-{newest}" / path.name)
    assert Path(result["path"]).read_bytes() == path.read_bytes()


@pytest.mark.usefixtures("admin_env")
def test_a_failed_download_says_what_to_do_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server: DemoServer
) -> None:
    instance = next(
        i for i in seeded().instances.values() if i.report.request_id == ANALYTICS_REQUEST_ID
    )
    server.faults.damage_segment_downloads("checksum")
    out = tmp_path / "downloads"
    assert main(["analytics", "download", instance.id, "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "failed its checksum" in err and "Nothing was saved" in err
    assert not out.exists()  # not even the folders it would have made


def test_a_role_without_access_is_told_which_roles_can(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    server: DemoServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_key(monkeypatch, tmp_path, server, DEVELOPER)
    assert main(["analytics", "requests", BIG_APP_ID]) == 4  # forbidden
    err = capsys.readouterr().err
    assert "(403 FORBIDDEN_ERROR)" in err
    assert "Admin, Sales and Reports, or Finance role" in err
    assert DEVELOPER.private_key_pem.splitlines()[1] not in err

    use_key(monkeypatch, tmp_path, server, FINANCE)
    assert main(["analytics", "requests", BIG_APP_ID, "--json"]) == 0
    capsys.readouterr()
    assert main(["analytics", "request", BIG_APP_ID, "--access-type", "ONGOING"]) == 4
    assert "needs an API key with the Admin role" in capsys.readouterr().err


def test_bad_arguments_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analytics", "instances", "R", "--date", "Oct 5"])
    assert exit_.value.code == 2 and "is not a date like 2026-10-31" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["analytics", "request", "A", "--access-type", "WEEKLY"])
    assert "invalid choice" in capsys.readouterr().err
