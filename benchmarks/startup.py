"""Time from launch to the first frame on screen, in a real terminal (tmux): asc-tui
--demo against a minimal Textual app (one Static widget) as the same-run baseline, and
time until the demo's apps are listed. Prints medians and ratios.

    .venv/bin/python -m benchmarks.startup [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE_APP = """
from textual.app import App
from textual.widgets import Static

class Hello(App[None]):
    def compose(self):
        yield Static("baseline ready")

Hello().run()
"""


def first_seen(command: list[str], markers: list[str], timeout: float = 30) -> list[float]:
    """Seconds from launch until each marker is on screen (in order)."""
    socket = f"asc-bench-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    cmd = " ".join(shlex.quote(c) for c in command)
    start = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", cmd], check=True
    )
    found: list[float] = []
    try:
        while len(found) < len(markers) and time.perf_counter() - start < timeout:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True
            ).stdout
            if markers[len(found)] in screen:
                found.append(time.perf_counter() - start)
                continue
            time.sleep(0.005)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    if len(found) < len(markers):
        raise SystemExit(f"{markers[len(found)]!r} never appeared for {cmd}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "asc-tui")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BASELINE_APP)
    base, frame, apps = [], [], []
    for _ in range(args.rounds):
        base.append(first_seen([sys.executable, f.name], ["baseline ready"])[0])
        t_frame, t_apps = first_seen([exe, "--demo"], ["asc-tui", "Trailhead"])
        frame.append(t_frame)
        apps.append(t_apps)
    os.unlink(f.name)
    b, fr, ap = (statistics.median(x) for x in (base, frame, apps))
    print(f"{args.rounds} rounds, median seconds from launch (tmux, 120x40):")
    print(f"  minimal Textual app, first frame   {b:6.3f}")
    print(f"  asc-tui --demo, first frame        {fr:6.3f}   ratio {fr / b:.2f}")
    print(f"  asc-tui --demo, apps listed        {ap:6.3f}   ratio {ap / b:.2f}")


if __name__ == "__main__":
    main()
