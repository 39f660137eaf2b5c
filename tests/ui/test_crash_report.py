"""An unexpected exception on the app's main thread: the app ends with a short report and
the path of a full log; neither prints local variables (a frame may hold a key or a
token), and the log holds the traceback that a bug report needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from asc_tui.crash_log import write_crash_log
from asc_tui.demo import generate_demo_key
from tests.support.auth import ROOT, leaks_in, secret_markers

SCRIPT = """
import sys
from asc_tui.auth.connection import Connection
from asc_tui.ui.app import AscApp

def sparkline_like(values):
    private_key_pem = sys.stdin.read()  # a frame holding a secret, as a real one might
    token = "eyJhbGciOiJFUzI1NiIsImtpZCI6IkRFTU8ifQ.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
    return int(float("nan")) + len(private_key_pem) + len(token)

async def auto_pilot(pilot):
    await pilot.pause()
    pilot.app.call_later(sparkline_like, [1e308, -1e308])

app = AscApp(Connection(demo=True))
app.run(headless=True, auto_pilot=auto_pilot)
print("return code", app.return_code)
"""


def test_a_crash_prints_a_short_report_and_logs_no_locals(tmp_path: Path) -> None:
    key = generate_demo_key()
    markers = [*secret_markers([key.private_key_pem]), "eyJhbGciOiJFUzI1NiIsImtpZCI6"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASC_", "XDG_"))}
    env |= {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    script = tmp_path / "crashing_app.py"
    script.write_text(SCRIPT)
    result = subprocess.run(
        [sys.executable, str(script)],
        input=key.private_key_pem,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    printed = result.stdout + result.stderr
    assert "asc-tui stopped on an unexpected error" in printed, printed[-3000:]
    assert "ValueError: cannot convert float NaN to integer in sparkline_like" in printed
    assert leaks_in(printed, markers) == []
    assert "locals" not in printed and "private_key_pem =" not in printed
    assert len(printed.splitlines()) < 20  # not a 15,000-line traceback

    logs = list((tmp_path / "state" / "asc-tui" / "log").glob("crash-*.log"))
    assert len(logs) == 1 and f"\n  {logs[0]}\n" in printed
    assert "return code 1" in printed
    assert logs[0].stat().st_mode & 0o077 == 0  # the user's own
    log = logs[0].read_text()
    assert "Traceback (most recent call last)" in log
    assert 'return int(float("nan")) + len(private_key_pem) + len(token)' in log
    assert "ValueError: cannot convert float NaN to integer" in log
    assert leaks_in(log, markers) == []


def test_the_log_shows_controls_in_messages_and_falls_back_when_unwritable(
    tmp_path: Path,
) -> None:
    try:
        raise RuntimeError("bad \x1b]0;title\x07 name")
    except RuntimeError as error:
        report = write_crash_log(error, tmp_path)
        assert report.path is not None and "\x1b" not in report.path.read_text()
        assert "RuntimeError: bad ␛]0;title␇ name in test_the_log" in report.summary
        blocked = tmp_path / "file"
        blocked.write_text("")
        assert write_crash_log(error, blocked / "log").path is None
