"""``asc-tui crashes delete ID`` and ``asc-tui feedback delete ID`` over the demo server on
loopback HTTP: a yes on a real terminal (a pty) or ``--yes`` deletes, anything else does
not; without a terminal ``--yes`` is required; what the response cache held of the
submission is dropped, and the server then answers 404."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from asc_tui.cli import main
from asc_tui.demo import BRACKETS_APP_ID, DemoServer
from asc_tui.demo.data.feedback import crash_submissions, screenshot_submissions
from tests.support.auth import use_key


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DemoServer]:
    """A server of its own: deletions stay on it."""
    with DemoServer() as running:
        use_key(monkeypatch, tmp_path, running, running.key)
        yield running


def deletes(server: DemoServer) -> list[str]:
    return [path for method, path in server.faults.requests if method == "DELETE"]


def on_a_terminal(argv: list[str], answer: str) -> subprocess.CompletedProcess[str]:
    """The real command with a pty as its stdin, answering ``answer``."""
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")
        return subprocess.run(
            [sys.executable, "-m", "asc_tui", *argv],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(controller)
        os.close(terminal)


def test_yes_deletes_and_the_cache_forgets_it(
    server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    doomed = records[2]
    listing = ["crashes", "--app", BRACKETS_APP_ID, "--submissions", "--json"]
    assert main(listing) == 0  # now in the response cache, as is its crash log:
    assert main(["crashes", "log", doomed.id]) == 0
    capsys.readouterr()

    assert main(["crashes", "delete", doomed.id, "--yes"]) == 0
    assert capsys.readouterr().out == f"Deleted crash submission {doomed.id}.\n"
    assert deletes(server) == [f"/v1/betaFeedbackCrashSubmissions/{doomed.id}"]

    before = len(server.faults.requests)
    assert main(listing) == 0
    ids = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert ids == [r.id for r in records if r.id != doomed.id]
    assert len(server.faults.requests) > before  # asked the server, not the cache
    assert main(["crashes", "log", doomed.id]) == 9  # not found
    err = capsys.readouterr().err
    assert f"Crash submission {doomed.id} was not found" in err  # 404 now
    assert main(["crashes", "delete", doomed.id, "--yes"]) == 9  # gone: said so
    assert doomed.id in capsys.readouterr().err


def test_without_a_terminal_yes_is_required(
    server: DemoServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shot = screenshot_submissions(BRACKETS_APP_ID)[0]
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 - closed by pytest
    assert main(["feedback", "delete", shot.id]) == 2
    err = capsys.readouterr().err
    assert "no terminal to confirm on" in err and "--yes" in err
    assert deletes(server) == []
    assert main(["feedback", "--app", BRACKETS_APP_ID, "--json"]) == 0
    ids = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert shot.id in ids
    assert main(["feedback", "delete"]) == 2
    assert "feedback delete SUBMISSION_ID [--yes]" in capsys.readouterr().err


def test_the_terminal_is_asked_and_only_yes_deletes(server: DemoServer) -> None:
    shot = screenshot_submissions(BRACKETS_APP_ID)[0]
    said_no = on_a_terminal(["feedback", "delete", shot.id], "n")
    assert said_no.returncode == 1, said_no.stderr
    prompt = said_no.stderr.splitlines()[0]
    assert prompt.startswith(f"Delete screenshot feedback {shot.id} ({shot.device}, ")
    assert f'"{shot.comment}"' in prompt and prompt.endswith("[y/N] asc-tui: nothing deleted.")
    assert deletes(server) == []

    said_yes = on_a_terminal(["feedback", "delete", shot.id], "y")
    assert said_yes.returncode == 0, said_yes.stderr
    assert said_yes.stdout == f"Deleted screenshot feedback {shot.id}.\n"
    assert deletes(server) == [f"/v1/betaFeedbackScreenshotSubmissions/{shot.id}"]
    rest = subprocess.run(
        [sys.executable, "-m", "asc_tui", "feedback", "--app", BRACKETS_APP_ID, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    ids = [row["id"] for row in json.loads(rest.stdout)]
    assert ids == [s.id for s in screenshot_submissions(BRACKETS_APP_ID) if s.id != shot.id]
