"""End to end: the real ``asc-tui`` in tmux against ``asc-tui demo-server`` on loopback,
driven by keystrokes only, as a person over SSH would."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from tests.support.tmux import Tmux, asc_tui

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_browse_to_a_log_by_keyboard_and_quit(
    demo_env: dict[str, str], tmux: Tmux, tmp_path: Path
) -> None:
    exit_file = tmp_path / "exit-code"
    tmux.start_app(demo_env, exit_file)
    screen = tmux.wait_text("Trailhead: Hike & Run")
    assert "Lumen [Beta] Notes" in screen  # brackets survive: data is not markup
    assert "127.0.0.1" in screen  # the status line names the server in use
    # The list's keys are in the footer once it has loaded, with or without terminal focus.
    tmux.wait_for(lambda s: "⏎ Open" in s.rstrip().splitlines()[-1], "the list's keys")

    # Apps are sorted by name and Trailhead is the last: G jumps there, Enter opens it.
    tmux.keys("G")
    tmux.keys("Enter")
    screen = tmux.wait_text("4.5 (953)")
    tmux.wait_for(lambda s: "528 builds" in s, "all builds loaded")

    tmux.keys("Enter")
    tmux.wait_text("launchTime")
    tmux.wait_text("14 signatures")

    # The metrics pane has the focus (Enter: a metric's trend); Tab goes to the signatures,
    # where Enter opens the heaviest signature's logs.
    tmux.wait_for(lambda s: "⏎ Trend" in s.rstrip().splitlines()[-1], "the metrics' keys")
    tmux.keys("Tab")
    tmux.wait_for(lambda s: "⏎ Open" in s.rstrip().splitlines()[-1], "the signatures' keys")
    tmux.keys("Enter")
    screen = tmux.wait_text("frames")
    assert "Log 1/" in screen

    tmux.keys("b")
    screen = tmux.wait_text("◆ blame")

    # The footer follows the screen even though a detached tmux never gives the app focus.
    def footer(text: str) -> str:
        return text.rstrip().splitlines()[-1]

    tmux.wait_for(lambda s: "b Blame" in footer(s) and "H Heaviest" in footer(s), "keys")
    tmux.keys("Escape")
    tmux.wait_text("Diagnostic signatures")
    tmux.wait_for(lambda s: "esc Back" in footer(s) and "Blame" not in footer(s), "build keys")
    tmux.keys("q")
    assert tmux.exit_status(exit_file) == "0"


def test_keys_typed_in_one_write_with_slash_filter_every_list(
    demo_env: dict[str, str], tmux: Tmux, tmp_path: Path
) -> None:
    """Over SSH `/quokka` arrives in one read: every filterable screen must put "quokka"
    in its filter (q would quit, k move, a open Analytics if they reached the list)."""
    command = " ".join(
        shlex.quote(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *asc_tui()]
    )
    env_args = [arg for name, value in demo_env.items() for arg in ("-e", f"{name}={value}")]
    exit_file = tmp_path / "exit-code"
    tmux.run(
        "new-session", "-d", "-s", "app", "-x", "120", "-y", "40",
        "-e", "TERM=xterm-256color", "-e", f"HOME={tmp_path}", *env_args,
        f"{command}; echo $? > {shlex.quote(str(exit_file))}",
    )  # fmt: skip

    def footer(text: str) -> str:
        lines = text.rstrip().splitlines()
        return lines[-1] if lines else ""

    def quokka(place: str, status: str) -> None:
        tmux.keys("/quokka")  # one send-keys: one write to the terminal
        screen = tmux.wait_text(status)
        assert "/ quokka" in screen and place in screen.splitlines()[0]
        tmux.keys("Escape")  # clears and closes the filter
        tmux.wait_for(lambda s: "quokka" not in s and "? Help" in footer(s), "filter closed")

    tmux.wait_for(lambda s: "⏎ Open" in footer(s), "the apps")
    quokka("Apps", "none of 4 match “quokka”")
    tmux.keys("G")
    tmux.keys("Enter")
    tmux.wait_text("528 builds")
    quokka("Trailhead: Hike & Run", "none of 528 match “quokka”")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "⏎ Trend" in footer(s) and "14 signatures" in s, "the build")
    tmux.keys("Tab")
    tmux.wait_for(lambda s: "⏎ Open" in footer(s), "the signatures")
    quokka("4.5 (953)", "none of 14 match “quokka”")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "frames" in s and "⏎ Fold" in footer(s), "the log viewer")
    quokka("Launches", "filter “quokka”")
    tmux.keys("Escape")
    tmux.wait_text("Diagnostic signatures")
    tmux.keys("Escape")
    tmux.wait_text("528 builds")
    tmux.keys("a")
    tmux.wait_text("2 report requests")
    quokka("Analytics", "none of 2 match “quokka”")
    tmux.keys("Enter")
    tmux.wait_text("14 reports in 5 categories")
    quokka("ONGOING", "none of 14 match “quokka”")
    tmux.keys("Enter")
    tmux.wait_text("42 instances")
    quokka("App Installations", "none of 42 match “quokka”")
    tmux.keys("Enter")  # downloads the newest instance into $HOME, then shows the table
    tmux.wait_text("45 rows")
    quokka("2026-11-01-DAILY.tsv", "match “quokka”")
    tmux.keys("q")
    assert tmux.exit_status(exit_file) == "0"


def start(tmux: Tmux, demo_env: dict[str, str], *env: str, size: tuple[int, int]) -> None:
    # env, not tmux's -e: tmux sets TERM for the pane itself
    command = " ".join(
        shlex.quote(part) for part in ["env", "-u", "COLUMNS", "-u", "LINES", *env, *asc_tui()]
    )
    env_args = [arg for name, value in demo_env.items() for arg in ("-e", f"{name}={value}")]
    tmux.run(
        "new-session", "-d", "-s", "app", "-x", str(size[0]), "-y", str(size[1]),
        *env_args, command,
    )  # fmt: skip


def test_the_linux_console_gets_ascii(demo_env: dict[str, str], tmux: Tmux) -> None:
    start(tmux, demo_env, "TERM=linux", size=(80, 24))
    screen = tmux.wait_for(lambda s: "enter Open" in s, "the apps, in ASCII")
    tmux.keys("G")
    tmux.keys("Enter")
    screen = tmux.wait_text("528 builds")
    tmux.keys("Enter")
    screen = tmux.wait_for(lambda s: "14 signatures" in s and "+ good" in s, "the build")
    assert screen.isascii(), [c for c in screen if not c.isascii()]
    assert "asc-tui > Trailhead: Hike & Run > 4.5 (953)" in screen  # the breadcrumb
    assert "+--" in screen and "| LAUNCH" in screen  # the panes' borders


def test_no_color_marks_the_cursor_without_colour(demo_env: dict[str, str], tmux: Tmux) -> None:
    start(tmux, demo_env, "TERM=xterm-256color", "NO_COLOR=1", size=(80, 24))
    tmux.wait_for(lambda s: "⏎ Open" in s, "the apps")
    drawn = tmux.run("capture-pane", "-p", "-e", "-t", "app")  # with the escape codes
    assert "\x1b[7m" in drawn or ";7m" in drawn  # the cursor row: reverse video
    colours = [code for code in ("38;5;", "48;5;", "38;2;", "48;2;") if code in drawn]
    assert colours == []  # no colour at all, so none can be unreadable
    cursor = next(line for line in drawn.splitlines() if "7m" in line)
    assert "Lumen [Beta] Notes" in cursor  # the first app, under the cursor
