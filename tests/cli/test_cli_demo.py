"""``--demo`` on the command line: every command that talks to the API runs against the
embedded demo server (started for the command over loopback HTTP, stopped afterwards),
with no credentials anywhere: the same code path as ``asc-tui --demo``."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

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
        ["crashes", "--app", BIG_APP_ID, "--demo"],
        ["feedback", "--app", BIG_APP_ID, "--demo"],
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
    assert main(["--demo", "auth", command]) == 2  # a flag that does not apply: usage
    err = capsys.readouterr().err
    assert f"--demo does not apply to `asc-tui auth {command}`" in err
    assert "Traceback" not in err


def test_check_in_its_own_process_with_demo(tmp_path: Path) -> None:
    """The shell sees the gate's exit code; stdout holds the JUnit XML whole."""
    rules = Path(__file__).resolve().parents[2] / "examples" / "asc-perf.toml"
    argv = ["--demo", "check", "--app", BIG_APP_ID, "--version", "4.5", "--rules", str(rules)]
    done = subprocess.run(
        [sys.executable, "-m", "asc_tui", *argv, "--format", "junit"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 7, done.stderr
    suite = ET.fromstring(done.stdout).find("testsuite")
    assert suite is not None and suite.get("failures") == "4"
    assert done.stderr == "asc-tui check 4.4 (925) → 4.5 (953): FAIL: 4 of 6 checks failed\n"
