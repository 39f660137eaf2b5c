"""End to end: `asc-tui FILE.json` on a saved log big enough to open from its first part
(3 MB): the real app in tmux shows the whole log once its rest is read, b finds the blame
frame that was past the first part, q quits with 0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from asc_tui.logs import opening
from tests.support.logs_documents import log_document
from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_a_big_saved_log_opens_and_its_rest_is_read(tmux: Tmux, tmp_path: Path) -> None:
    path = tmp_path / "big-logs.json"
    path.write_text(json.dumps(log_document(24_000, callees_first=False)))
    assert path.stat().st_size >= opening.FIRST_PART_FROM  # opened from its first part
    exit_file = tmp_path / "exit-code"
    tmux.start_app({"HOME": str(tmp_path)}, exit_file, str(path))
    screen = tmux.wait_text("24,000 frames")  # the status line, once the whole log is read
    assert "-[Worker step1:] {1}" in screen and "Log 1/1" in screen
    assert "counting…" not in screen and "Reading the rest" not in screen
    tmux.keys("b")
    screen = tmux.wait_text("row 2")  # the blame frame is deep in the second thread
    assert "-[Worker step23995:] {23995}" in screen and "◆ blame" in screen
    tmux.keys("q")
    assert tmux.exit_status(exit_file) == "0"
