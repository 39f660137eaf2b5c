"""End to end: q ends the process without Python's teardown (its SQLite connections are
not closed by the interpreter, its objects not freed): the exit status is still the app's,
and the response cache it leaves is whole: the next launch, offline, lists what it fetched.
(That the writes in hand are committed before the end is tested where it is deterministic:
the cache's close in test_response_cache.py, exit_now in test_process_exit.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_after_q_the_cache_holds_what_was_fetched(
    demo_env: dict[str, str], tmux: Tmux, tmp_path: Path
) -> None:
    env = {
        **demo_env,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    first = tmp_path / "first-exit"
    tmux.start_app(env, first, "--fresh")
    tmux.wait_for(lambda s: "Trailhead: Hike & Run" in s and " apps" in s, "the apps listed")
    tmux.keys("q")
    assert tmux.exit_status(first) == "0"

    second = tmp_path / "second-exit"
    tmux.start_app(env, second, "--fresh", "--offline")
    screen = tmux.wait_text("Trailhead: Hike & Run")
    assert "not cached" not in screen
    tmux.keys("q")
    assert tmux.exit_status(second) == "0"
