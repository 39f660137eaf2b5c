"""Every command that talks to the API exits with the same code and says what to do next
for the same kind of failure: the real entry point, credentials from the environment, the
demo server on loopback over real HTTP answering every request with a scripted fault.

A command added to the parser must be listed here (``API_COMMANDS`` with arguments that
reach the API, or ``NO_API_COMMANDS`` with why not): the last test fails until it is."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.api.retry import RetryPolicy
from asc_tui.cli import build_parser, main
from asc_tui.commands.exit_codes import (
    EXIT_API,
    EXIT_CODES,
    EXIT_FORBIDDEN,
    EXIT_NETWORK,
    EXIT_NOT_FOUND,
    EXIT_RATE_LIMITED,
    EXIT_UNAUTHORIZED,
)
from asc_tui.demo import DemoServer
from asc_tui.demo.data.landmarks import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BIG_SEGMENT_INSTANCE_ID,
    GATE_PASS_HEAD_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
    NO_ANALYTICS_APP_ID,
)
from tests.support.auth import run_process

pytestmark = pytest.mark.usefixtures("loopback_env")

ROOT = Path(__file__).resolve().parents[2]
REPORT_ID = "86c56444-c1d5-5e5b-8861-da948ce16550"  # "App Installations and Deletions"
SUBMISSION_ID = "AoVvWepb_rz_1fmZCvwv-w6"  # a TestFlight crash of BIG_APP_ID
GONE_REQUEST_ID = "00000000-0000-0000-0000-000000000000"
"""Deleted by no fault: a dropped connection cuts the server's 404 in half (a real
request's 204 has no body to cut)."""

API_COMMANDS: dict[str, list[str]] = {
    "apps": ["apps", "--json"],
    "builds": ["builds", BIG_APP_ID, "--json"],
    "analytics requests": ["analytics", "requests", BIG_APP_ID],
    "analytics request": [
        "analytics", "request", NO_ANALYTICS_APP_ID, "--access-type", "ONE_TIME_SNAPSHOT",
    ],
    "analytics delete": ["analytics", "delete", GONE_REQUEST_ID, "--yes"],
    "analytics reports": ["analytics", "reports", ANALYTICS_REQUEST_ID],
    "analytics instances": ["analytics", "instances", REPORT_ID],
    "analytics download": ["analytics", "download", BIG_SEGMENT_INSTANCE_ID, "--quiet"],
    "metrics": ["metrics", HUGE_LOG_BUILD_ID, "--json"],
    "metrics-compare": ["metrics", "compare", GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID],
    "regressions": ["regressions", "--app", BIG_APP_ID],
    "signatures": ["signatures", HUGE_LOG_BUILD_ID],
    "logs": ["logs", HUGE_LOG_SIGNATURE_ID, "--json"],
    "crashes": ["crashes", "--app", BIG_APP_ID],
    "crashes log": ["crashes", "log", SUBMISSION_ID],
    "feedback": ["feedback", "--app", BIG_APP_ID],
    "check": ["check", "--app", BIG_APP_ID, "--build", HUGE_LOG_BUILD_ID],
    "auth check": ["auth", "check"],
}  # fmt: skip
"""Each command (as the parser names it) and arguments that make it ask the API."""

NO_API_COMMANDS = {
    "": "the TUI: errors are shown on screen, not as exit codes",
    "auth add": "asks the API only with --check, through `auth check` (test_auth_keyring)",
    "auth list": "reads the settings and the keyring only",
    "auth remove": "the settings and the keyring only",
    "auth default": "the settings only",
    "auth doctor": "reports each check as a line; exits 1 when one would stop asc-tui",
    "demo-server": "serves the demo; asks no API",
}

FAULTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "401": (EXIT_UNAUTHORIZED, ("(401 NOT_AUTHORIZED)", "issuer ID and key ID")),
    "403": (EXIT_FORBIDDEN, ("(403 FORBIDDEN", "role")),
    "404": (EXIT_NOT_FOUND, ("(404 NOT_FOUND)", "never existed")),
    "429": (EXIT_RATE_LIMITED, ("(429 RATE_LIMIT_EXCEEDED)", "Wait a few minutes")),
    "503": (EXIT_NETWORK, ("(503 ", "App Store Connect is having trouble")),
    "409": (EXIT_API, ("(409 CONFLICT)",)),
    "dropped": (EXIT_NETWORK, ("network connection",)),
}
"""A fault on every request → the exit code, and what stderr says (the status and code
Apple sent, then what to do next)."""


@pytest.fixture(autouse=True)
def retries_without_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The real retry policy decides; only its sleeps are skipped (no test waits on time)."""
    waits: list[float] = []

    async def no_wait(self: RetryPolicy, seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(RetryPolicy, "wait", no_wait)
    return waits


@pytest.fixture(autouse=True)
def no_faults_left(loopback_server: DemoServer) -> Iterator[None]:
    loopback_server.faults.clear()
    yield
    loopback_server.faults.clear()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder: where `analytics download` saves (no part may be left)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def plan(server: DemoServer, fault: str, prefix: str = "/v1/", *, after: int = 0) -> None:
    """Every request under ``prefix`` (after the first ``after``) fails with ``fault``."""
    if fault == "dropped":
        server.faults.drop_next(prefix, times=100, after=after)
    else:
        server.faults.fail_next(prefix, int(fault), times=100, after=after)


def messages(err: str) -> list[str]:
    """The lines of stderr that start a message (not the retries announced on the way)."""
    return [
        line for line in err.splitlines() if line.startswith("asc-tui") and "; retry " not in line
    ]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", list(API_COMMANDS))
def test_every_command_exits_with_the_code_of_the_api_error(
    command: str,
    fault: str,
    loopback_server: DemoServer,
    capsys: pytest.CaptureFixture[str],
    work: Path,
) -> None:
    plan(loopback_server, fault)
    code = main(API_COMMANDS[command])
    err = capsys.readouterr().err
    expected, says = FAULTS[fault]
    assert code == expected, err
    assert loopback_server.faults.requests, "the command asked the server nothing"
    assert len(messages(err)) == 1, err  # one message…
    for text in says:  # …naming what failed and what to do next
        assert text in err, err
    assert "Traceback" not in err
    assert list(work.iterdir()) == []  # nothing written, not even a part


def test_the_process_itself_exits_with_the_code(loopback_server: DemoServer) -> None:
    """``python -m asc_tui`` as a real process: the code reaches the shell."""
    loopback_server.faults.fail_next("/v1/builds", 404)
    result = run_process("builds", BIG_APP_ID, "--json", env=dict(os.environ))
    assert result.returncode == EXIT_NOT_FOUND, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("asc-tui: The specified resource does not exist")
    assert result.stderr.rstrip().endswith("or this API key's team cannot see it.")


@pytest.mark.parametrize("fault", ["429", "503", "dropped"])
def test_retried_faults_are_reported_after_the_retries(
    fault: str,
    loopback_server: DemoServer,
    capsys: pytest.CaptureFixture[str],
    retries_without_waiting: list[float],
) -> None:
    plan(loopback_server, fault)
    assert main(["apps"]) == FAULTS[fault][0]
    err = capsys.readouterr().err
    policy = RetryPolicy()
    assert len(loopback_server.faults.requests) == policy.attempts
    assert len(retries_without_waiting) == policy.attempts - 1
    assert f"retry {policy.attempts}/{policy.attempts}" in err


@pytest.mark.parametrize("fault", ["401", "403", "404", "429", "503", "dropped"])
def test_a_list_that_fails_on_page_two_prints_page_one_then_exits_with_the_failure(
    fault: str, loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["builds", BIG_APP_ID, "--json", "--refresh"]) == 0
    every = [b["id"] for b in json.loads(capsys.readouterr().out)]
    assert len(every) > 200  # more than one page
    loopback_server.faults.clear()
    plan(loopback_server, fault, "/v1/builds", after=1)  # page 1 answers, page 2 fails
    code = main(["builds", BIG_APP_ID, "--json", "--refresh"])
    out, err = capsys.readouterr()
    expected, says = FAULTS[fault]
    assert code == expected, err
    assert [b["id"] for b in json.loads(out)] == every[:200]
    assert "Only the first 1 page of the list loaded: page 2 failed." in err
    assert "The rows before it were written." in err
    assert says[-1] in err  # what to do next is the failure's
    assert len(messages(err)) == 1, err


@pytest.mark.parametrize("command", ["apps", "builds", "signatures", "metrics", "check"])
def test_an_answer_that_cannot_be_read_is_another_api_error(
    command: str, loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    loopback_server.faults.fail_next("/v1/", 200, body=b'{"data": [{"type": "apps"', times=100)
    assert main(API_COMMANDS[command]) == EXIT_API
    err = capsys.readouterr().err
    assert len(messages(err)) == 1 and "asc-tui cannot read" in err, err


def test_a_download_cut_off_is_a_network_error_and_saves_nothing(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str], work: Path
) -> None:
    loopback_server.faults.damage_segment_downloads("drop", times=100)
    assert main(API_COMMANDS["analytics download"]) == EXIT_NETWORK
    err = capsys.readouterr().err
    assert len(messages(err)) == 1, err
    assert "was interrupted after" in err and "Check the connection" in err, err
    assert list(work.iterdir()) == []  # no part left


def _commands(parser: argparse.ArgumentParser, path: str = "") -> Iterator[str]:
    """Every command the parser accepts, as "auth check"; "" is the TUI itself."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if path == "" or not subparsers:
        yield path
    for action in subparsers:
        for name, sub in action.choices.items():
            yield from _commands(sub, f"{path} {name}".strip())


def test_every_command_is_checked_or_said_to_ask_no_api() -> None:
    """A new command fails here until it is in API_COMMANDS (so the test above checks its
    exit codes) or in NO_API_COMMANDS with the reason."""
    registered = set(_commands(build_parser())) - {"auth"}  # `auth` alone prints its usage
    registered.add("crashes log")  # `crashes log ID` is an argument form, not a subparser
    listed = set(API_COMMANDS) | set(NO_API_COMMANDS)
    assert not set(API_COMMANDS) & set(NO_API_COMMANDS)
    assert registered - listed == set(), "add these to API_COMMANDS or NO_API_COMMANDS"
    assert listed - registered == set(), "these are listed but no longer exist"


def test_the_readme_and_help_show_the_one_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- exit-codes:start -->", 1)[1].split("<!-- exit-codes:end -->")[0]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ")]
    assert [(c.strip(" `"), m.strip()) for c, m in rows[1:]] == list(EXIT_CODES)
    help_text = build_parser().format_help()
    for code, meaning in EXIT_CODES:
        assert f"  {code}" in help_text and meaning in " ".join(help_text.split())
