"""Every command given an ID that does not exist exits 9 and names what was not found and
the command that lists the right IDs: the real entry point over the demo server on
loopback HTTP (which answers Apple's 404 for them, or, for a filtered list such as an
app's builds, an empty list that the command then checks)."""

from __future__ import annotations

import json

import pytest

from asc_tui.cli import main
from asc_tui.commands.exit_codes import EXIT_ERROR, EXIT_NOT_FOUND
from asc_tui.demo import DemoServer
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.landmarks import BIG_APP_ID, BRACKETS_APP_ID, HUGE_LOG_BUILD_ID

pytestmark = pytest.mark.usefixtures("loopback_env")

NOPE = "0000000404"
APP = "App 0000000404 was not found (404 NOT_FOUND)"
BUILD = "Build 0000000404 was not found (404 NOT_FOUND)"
LIST_APPS = "List your apps and their IDs with `asc-tui apps`."
LIST_BUILDS = "List an app's builds, versions and their IDs with `asc-tui builds APP_ID`."
OTHER_BUILD = builds_of(BRACKETS_APP_ID)[0].id

UNKNOWN: dict[str, tuple[list[str], str, str]] = {
    "builds": (["builds", NOPE], APP, LIST_APPS),
    "metrics": (["metrics", NOPE], BUILD, LIST_BUILDS),
    "metrics --app": (["metrics", "--app", NOPE], APP, LIST_APPS),
    "metrics compare": (["metrics", "compare", NOPE, HUGE_LOG_BUILD_ID], BUILD, LIST_BUILDS),
    "metrics compare --app": (
        ["metrics", "compare", "--app", NOPE, "--versions", "4.4", "4.5"], APP, LIST_APPS,
    ),
    "regressions": (["regressions", "--app", NOPE], APP, LIST_APPS),
    "signatures": (["signatures", NOPE], BUILD, LIST_BUILDS),
    "logs": (
        ["logs", NOPE],
        "Diagnostic signature 0000000404 was not found",
        "`asc-tui signatures BUILD_ID`",
    ),
    "check --app": (["check", "--app", NOPE, "--build", HUGE_LOG_BUILD_ID], APP, LIST_APPS),
    "check --build": (["check", "--app", BIG_APP_ID, "--build", NOPE], BUILD, LIST_BUILDS),
    "check --base": (
        ["check", "--app", BIG_APP_ID, "--build", HUGE_LOG_BUILD_ID, "--base", NOPE],
        BUILD,
        LIST_BUILDS,
    ),
    "crashes": (["crashes", "--app", NOPE], APP, LIST_APPS),
    "crashes --submissions": (["crashes", "--app", NOPE, "--submissions"], APP, LIST_APPS),
    "crashes --build": (["crashes", "--app", BIG_APP_ID, "--build", NOPE], BUILD, LIST_BUILDS),
    "crashes --build --submissions": (
        ["crashes", "--app", BIG_APP_ID, "--build", NOPE, "--submissions"], BUILD, LIST_BUILDS,
    ),
    "crashes log": (
        ["crashes", "log", NOPE],
        "Crash submission 0000000404 was not found",
        "`asc-tui crashes --app APP_ID --submissions`",
    ),
    "crashes delete": (
        ["crashes", "delete", NOPE, "--yes"],
        "Crash submission 0000000404 was not found",
        "`asc-tui crashes --app APP_ID --submissions`",
    ),
    "feedback": (["feedback", "--app", NOPE], APP, LIST_APPS),
    "feedback --build": (["feedback", "--app", BIG_APP_ID, "--build", NOPE], BUILD, LIST_BUILDS),
    "feedback delete": (
        ["feedback", "delete", NOPE, "--yes"],
        "Screenshot feedback 0000000404 was not found",
        "`asc-tui feedback --app APP_ID`",
    ),
    "analytics requests": (["analytics", "requests", NOPE], APP, LIST_APPS),
    "analytics request": (
        ["analytics", "request", NOPE, "--access-type", "ONE_TIME_SNAPSHOT"], APP, LIST_APPS,
    ),
    "analytics delete": (
        ["analytics", "delete", NOPE, "--yes"],
        "Analytics report request 0000000404 was not found",
        "`asc-tui analytics requests APP_ID`",
    ),
    "analytics reports": (
        ["analytics", "reports", NOPE],
        "Analytics report request 0000000404 was not found",
        "`asc-tui analytics requests APP_ID`",
    ),
    "analytics instances": (
        ["analytics", "instances", NOPE],
        "Analytics report 0000000404 was not found",
        "`asc-tui analytics reports REQUEST_ID`",
    ),
    "analytics download": (
        ["analytics", "download", NOPE, "--quiet"],
        "Analytics report instance 0000000404 was not found",
        "`asc-tui analytics instances REPORT_ID`",
    ),
}  # fmt: skip
"""Each command with an ID that does not exist → what stderr names, and what to run."""


@pytest.mark.parametrize("command", list(UNKNOWN))
def test_an_unknown_id_exits_9_naming_it_and_what_lists_the_ids(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, names, next_step = UNKNOWN[command]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == EXIT_NOT_FOUND, err
    assert out == ""  # not "(none)": nothing was listed
    assert err.startswith(("asc-tui: ", "asc-tui check: ")), err
    assert names in err and next_step in err
    assert "Traceback" not in err


def test_an_unknown_app_stays_not_found_when_its_empty_list_is_cached(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):  # the second run has the empty list of builds in the response cache
        assert main(["builds", NOPE, "--json"]) == EXIT_NOT_FOUND
        out, err = capsys.readouterr()
        assert out == "" and APP in err
    assert main(["builds", BIG_APP_ID, "--json"]) == 0  # an app with builds: listed as ever
    assert len(json.loads(capsys.readouterr().out)) == len(builds_of(BIG_APP_ID))


@pytest.mark.parametrize("command", ["crashes", "feedback", "check"])
def test_another_apps_build_is_named_with_its_app(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([command, "--app", BIG_APP_ID, "--build", OTHER_BUILD])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR, err
    assert f"Build {OTHER_BUILD} is a build of app {BRACKETS_APP_ID}, not of app {BIG_APP_ID}." in (
        err
    )
    assert f"Use --app {BRACKETS_APP_ID}" in err
