"""SIGTERM, SIGHUP, Ctrl+C (SIGINT) and a terminal hang-up during an analytics download
leave no partial file, from the command line and from the app (real subprocesses, a
hostile server that holds the segment half sent, so the download is under way)."""

from __future__ import annotations

import gzip
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.hostile_server import (
    INSTANCE_ID,
    Server,
    cli_env,
    serve_analytics_browse,
    serve_instance,
)

SEGMENT = gzip.compress(
    b"Date\tCount\n" + b"".join(b"2026-11-01\t%d\n" % n for n in range(100_000))
)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def state(pid: int) -> str:
    """The process's state letter from /proc ("" when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[0]


def threads(pid: int) -> str:
    """What each thread of ``pid`` waits in (for a failure message)."""
    found = []
    for task in sorted(Path(f"/proc/{pid}/task").glob("*")):
        try:
            found.append(f"{task.name}: {(task / 'wchan').read_text()} {state(int(task.name))}")
        except OSError:
            continue
    return "; ".join(found)


def running(pid: int) -> bool:
    return state(pid) not in ("", "Z", "X")  # a zombie has exited (its parent, tmux, is gone)


def wait_for_files(folder: Path, process: subprocess.Popen[bytes] | None) -> list[Path]:
    """Poll until the download's temporary files exist (the server holds the body)."""
    for _ in range(6000):
        found = files_under(folder)
        if len(found) >= 2 or (process is not None and process.poll() is not None):
            return found
        time.sleep(0.01)
    raise AssertionError("no temporary files appeared")


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_cli_download_interrupted_by_a_signal_leaves_nothing(
    tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "out"
    with Server() as server:
        serve_instance(server, [SEGMENT], hold=0)
        process = subprocess.Popen(
            [sys.executable, "-m", "asc_tui", "analytics", "download", INSTANCE_ID, "-o", str(out)],
            env=cli_env(server, tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            server.wait_reached("segment-held")
            partial = wait_for_files(out, process)
            assert {p.suffix for p in partial} == {".part", ".gz"}, partial
            process.send_signal(signum)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == code, stderr
    assert files_under(tmp_path / "out") == []
    assert b"Traceback" not in stderr


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_terminal_hang_up_during_an_app_download_leaves_nothing(tmp_path: Path) -> None:
    from tests.support.tmux import Tmux, asc_tui

    home, cwd = tmp_path / "home", tmp_path / "cwd"
    (home / "Downloads").mkdir(parents=True)
    cwd.mkdir()
    tmux = Tmux(tmp_path)
    with Server() as server:
        serve_analytics_browse(server, [SEGMENT], hold=0)
        env = {**cli_env(server, tmp_path), "HOME": str(home), "TERM": "xterm-256color"}
        names = [*(k for k in env if k.startswith(("ASC_", "XDG_"))), "HOME", "TERM"]
        assigned = " ".join(f"{k}={shlex.quote(env[k])}" for k in names)
        command = f"cd {shlex.quote(str(cwd))} && exec env {assigned} {shlex.join(asc_tui())}"
        try:
            tmux.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)
            pid = int(tmux.run("display-message", "-p", "-t", "app", "#{pane_pid}"))
            tmux.wait_text("App 0")
            tmux.keys("a")
            tmux.wait_text("ONGOING")
            tmux.keys("Enter")
            tmux.wait_text("Held Report")
            tmux.keys("Enter")
            tmux.wait_text("2026-11-01")
            tmux.keys("Enter")
            server.wait_reached("segment-held")
            partial = wait_for_files(home / "Downloads", None)
            assert {p.suffix for p in partial} == {".part", ".gz"}, partial
        finally:
            tmux.kill()  # the terminal hangs up: SIGHUP
        for _ in range(12000):  # until the app has exited (a bound, not a timing)
            if not running(pid):
                break
            time.sleep(0.01)
        else:
            raise AssertionError(f"the app did not exit after the hang-up: {threads(pid)}")
    assert files_under(home / "Downloads") == []
    assert files_under(cwd) == []
