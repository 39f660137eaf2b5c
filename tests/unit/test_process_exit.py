"""Ending the process at once after the TUI: what Python would still do at exit is done
first (threads it waits for finish, atexit functions run, output is flushed), and the exit
status is the one given."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROGRAM = textwrap.dedent(
    """
    import atexit, sys, threading, time
    from pathlib import Path
    from asc_tui.process_exit import exit_now

    out = Path(sys.argv[1])
    main = threading.main_thread().ident

    def in_exit_now():
        frame = sys._current_frames()[main]
        while frame is not None and frame.f_code.co_name != "exit_now":
            frame = frame.f_back
        return frame is not None

    def late_writer():  # a non-daemon thread that writes once exit_now has been called
        while not in_exit_now():
            time.sleep(0.001)
        (out / "thread").write_text("written")

    threading.Thread(target=late_writer).start()
    atexit.register(lambda: (out / "atexit").write_text("ran"))
    sys.stdout.write("buffered, not flushed")
    exit_now(7)
    (out / "after").write_text("exit_now returned")
    """
)


def test_threads_finish_atexit_runs_output_is_flushed_and_the_status_kept(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 7
    assert done.stdout == "buffered, not flushed"
    assert (tmp_path / "thread").read_text() == "written"
    assert (tmp_path / "atexit").read_text() == "ran"
    assert not (tmp_path / "after").exists()


IDLE_POOL = textwrap.dedent(
    """
    from concurrent.futures import ThreadPoolExecutor
    from asc_tui.process_exit import exit_now

    pool = ThreadPoolExecutor(1)  # never shut down: its idle worker waits for work
    pool.submit(print, "worked").result()
    exit_now(3)
    """
)


def test_an_idle_thread_pool_is_woken_and_does_not_hold_the_exit() -> None:
    """The thread pool's exit hook runs before its worker is waited for, as at Python's own
    exit: waiting for the idle worker alone would never end (the timeout would fail)."""
    done = subprocess.run(
        [sys.executable, "-c", IDLE_POOL], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3
    assert done.stdout == "worked\n"
