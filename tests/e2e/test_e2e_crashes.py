"""End to end: the real ``asc-tui`` in tmux against the demo server, by keyboard only:
apps → X crashes → a signature → a crash report → b blame → Esc back → q, exit 0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def footer(screen: str) -> str:
    return screen.rstrip().splitlines()[-1]


def status(screen: str) -> str:
    return screen.rstrip().splitlines()[-2]


def test_apps_to_a_crash_report_and_back(
    demo_env: dict[str, str], tmux: Tmux, tmp_path: Path
) -> None:
    exit_file = tmp_path / "exit-code"
    tmux.start_app({**demo_env, "HOME": str(tmp_path)}, exit_file, width=130)
    tmux.wait_text("Lumen [Beta] Notes")
    tmux.wait_for(lambda s: "X Crashes" in footer(s), "the apps' keys")
    # Apps come sorted by name: "Lumen [Beta] Notes" is the first row.
    tmux.keys("X")
    # The status line can be drawn before the rows: wait for both.
    screen = tmux.wait_for(
        lambda s: "34 crashes" in status(s) and "Lumen: NoteEditor.apply(_:)" in s,
        "the crash signatures",
    )
    assert "5 signatures" in status(screen)
    tmux.wait_for(lambda s: "y Copy as Markdown" in footer(s), "the crashes' keys")

    tmux.keys("Enter")
    crumb = "Crashes (all builds) \u203a Lumen: NoteEditor.apply(_:)"
    tmux.wait_for(
        lambda s: " 12 crashes" in status(s) and crumb in s, "the signature's submissions"
    )

    tmux.keys("Enter")
    screen = tmux.wait_for(
        lambda s: "Thread 0 Crashed" in s and "row 1/" in status(s) and "b Blame" in footer(s),
        "the crash report and the viewer's keys",
    )
    assert "EXC_BREAKPOINT (SIGTRAP)" in screen
    assert "Blame: Lumen: NoteEditor.apply(_:)" in screen
    assert "▸ Thread 1" in screen  # other threads folded

    tmux.keys("b")
    screen = tmux.wait_for(lambda s: "row 2/" in status(s), "the cursor on the blame frame")
    assert "◆ blame" in screen

    tmux.keys("Escape")
    tmux.wait_for(lambda s: " 12 crashes" in status(s), "back to the submissions")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "34 crashes" in status(s), "back to the signatures")
    tmux.keys("q")
    assert tmux.exit_status(exit_file) == "0"


def test_a_saved_crash_report_opens_offline(tmux: Tmux, tmp_path: Path) -> None:
    """`asc-tui FILE.crash`: the viewer on the file, no server, no credentials."""
    report = Path(__file__).resolve().parents[1] / "data" / "crashes" / "objc_exception.crash"
    exit_file = tmp_path / "exit-code"
    tmux.start_app({"HOME": str(tmp_path)}, exit_file, str(report))
    screen = tmux.wait_text("Last Exception Backtrace")
    assert "Blame: OrbitKit: -[ORBSyncSession applyPayload:]" in screen
    assert "▸ Thread 0 Crashed" in screen  # the abort, folded under the backtrace
    tmux.keys("q")
    assert tmux.exit_status(exit_file) == "0"
