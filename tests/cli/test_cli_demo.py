"""``--demo`` on the command line: every command that talks to the API runs against the
embedded demo server (started for the command over loopback HTTP, stopped afterwards),
with no credentials anywhere: the same code path as ``asc-tui --demo``."""

from __future__ import annotations

import json
import threading

import pytest

from asc_tui.cli import build_parser, main
from asc_tui.commands.common import connection_for
from asc_tui.demo import BIG_APP_ID, HUGE_LOG_BUILD_ID
from asc_tui.demo.data.catalog import APPS


def demo_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "asc-tui-demo"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_apps_with_demo_and_no_credentials(where: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--demo", "apps", "--json"] if where == "before" else ["apps", "--json", "--demo"]
    assert main(argv) == 0
    names = [row["name"] for row in json.loads(capsys.readouterr().out)]
    assert sorted(names) == sorted(app.name for app in APPS)
    assert demo_threads() == []


def test_signatures_and_metrics_with_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["signatures", HUGE_LOG_BUILD_ID, "--demo", "--json", "--type", "hangs"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {row["type"] for row in rows} == {"HANGS"}
    assert main(["metrics", "--app", BIG_APP_ID, "--demo", "--json", "--category", "LAUNCH"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["category"] for row in rows} == {"LAUNCH"}
    assert demo_threads() == []


def test_every_api_command_accepts_demo() -> None:
    """The TUI and the commands share connection_for: --demo gives the demo connection."""
    for argv in (
        ["--demo"],
        ["apps", "--demo"],
        ["builds", BIG_APP_ID, "--demo"],
        ["metrics", HUGE_LOG_BUILD_ID, "--demo"],
        ["signatures", HUGE_LOG_BUILD_ID, "--demo"],
        ["logs", "x", "--demo"],
        ["analytics", "requests", BIG_APP_ID, "--demo"],
    ):
        connection = connection_for(build_parser().parse_args(argv))
        assert connection.demo, argv
    connection = connection_for(build_parser().parse_args(["apps"]))
    assert not connection.demo


@pytest.mark.parametrize("command", ["check", "doctor"])
def test_demo_is_refused_where_it_cannot_apply(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``auth check`` and ``auth doctor`` look at your own key: --demo says so."""
    assert main(["--demo", "auth", command]) == 1
    err = capsys.readouterr().err
    assert f"--demo does not apply to `asc-tui auth {command}`" in err
    assert "Traceback" not in err
