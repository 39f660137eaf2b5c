"""Time from launch to the first frame on screen, in a real terminal (tmux): asc-tui
--demo against a minimal Textual app (one Static widget) as the same-run baseline, and
time until the demo's apps are listed, with an empty response cache and with a warm one
(the apps painted from the cache in the first frame). Prints medians, ratios and goals,
and the machine's load average before and after (the runs share the CPU with it); then
the processor time each used until its first frame, measured headless in the process
(less sensitive to that load), where the connection that asc-tui opens after its first
frame is held so that it does not count, beside a plain Textual app with the widgets of
asc-tui's apps screen (a title, a table of four rows, a status line and a footer): the part
of the ratio that is Textual's own cost of a fuller first screen. Last, the wait from
pressing q until the process has ended, against the minimal app's (given a q key).

asc-tui's modules are compiled to bytecode first, as installing a package does (Textual's
already are): with PYTHONDONTWRITEBYTECODE set, as in some shells, an editable checkout
would otherwise compile about 90 modules from source on every launch (~0.2 s), which
measures the environment rather than the app. ``--source`` skips that step.

    .venv/bin/python -m benchmarks.startup [--rounds N] [--source]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import shutil
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
    BINDINGS = [("q", "quit", "Quit")]  # as asc-tui's q (Textual's own key is Ctrl+Q)

    def compose(self):
        yield Static("baseline ready")

Hello().run()
"""

CPU_PROBE = """
import asyncio, pathlib, sys, time
from textual.app import App

def ready(app: App) -> None:  # Textual's Ready: the first frame has been drawn
    print(f"{time.process_time():.4f}")
    app.exit()

if sys.argv[1] == "baseline":
    from textual.widgets import Static

    class Hello(App[None]):
        def compose(self):
            yield Static("baseline ready")

        on_ready = ready

    Hello().run(headless=True, size=(120, 40))
elif sys.argv[1] == "same-widgets":
    from textual.widgets import DataTable, Static

    class SameWidgets(App[None]):  # the apps screen's widgets, nothing of asc-tui's
        def compose(self):
            yield Static("asc-tui > Apps")
            table = DataTable()
            table.add_columns("Name", "Bundle ID", "SKU", "Apple ID")
            for i in range(4):
                table.add_row(f"App {i}", f"com.example.app{i}", f"SKU{i}", str(1600000000 + i))
            yield table
            yield Static("4 apps  DEMO  demo server (no Apple account)")
            yield Static("⏎ Open M Metrics a Analytics X Crashes / Filter r Refresh ? Help q Quit")

        on_ready = ready

    SameWidgets().run(headless=True, size=(120, 40))
else:
    import asc_tui.ui.app as app_module
    from asc_tui.cli import main

    class FirstFrame(app_module.AscApp):
        CSS_PATH = str(pathlib.Path(app_module.__file__).with_name("app.tcss"))
        on_ready = ready

        async def get_store(self):  # the connection, opened after the first frame, is held
            await asyncio.Event().wait()

        def run(self, *args, **kwargs):
            return super().run(headless=True, size=(120, 40))

    app_module.AscApp = FirstFrame
    main(["--demo"])
"""


def gone_by(pid: int | None, deadline: float) -> None:
    """Wait until process ``pid`` has ended (asc-tui stops its demo server on the way out),
    so that the next launch does not share the processor with it."""
    while pid is not None and running(pid) and time.perf_counter() < deadline:
        time.sleep(0.01)


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
    pid = subprocess.run(
        [*tmux, "display-message", "-p", "-t", "b", "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()
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
        gone_by(int(pid) if pid.isdigit() else None, time.perf_counter() + 15)
    if len(found) < len(markers):
        raise SystemExit(f"{markers[len(found)]!r} never appeared for {cmd}")
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` runs: not ended, not a zombie (ended, not yet reaped by tmux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def time_to_exit(command: list[str], marker: str, timeout: float = 30) -> float:
    """Seconds from pressing q (once ``marker`` is on screen and the app has settled) until
    the process has ended: the wait before the shell is back."""
    socket = f"asc-bench-exit-{os.getpid()}-{time.monotonic_ns()}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    cmd = " ".join(shlex.quote(c) for c in command)
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "b", "-x", "120", "-y", "40", cmd], check=True
    )
    pid = int(
        subprocess.run(
            [*tmux, "display-message", "-p", "-t", "b", "#{pane_pid}"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    try:
        deadline = time.perf_counter() + timeout
        while (
            marker
            not in subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True
            ).stdout
        ):
            if time.perf_counter() > deadline:
                raise SystemExit(f"{marker!r} never appeared for {cmd}")
            time.sleep(0.01)
        time.sleep(0.5)  # what follows the list (the status line, the footer) is done
        start = time.perf_counter()
        subprocess.run([*tmux, "send-keys", "-t", "b", "q"], check=True)
        while running(pid):
            if time.perf_counter() > deadline:
                raise SystemExit(f"{cmd} did not exit after q")
            time.sleep(0.001)
        return time.perf_counter() - start
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def cpu_to_first_frame(which: str, env: dict[str, str]) -> float:
    """Processor seconds the process used until its first frame (headless, 120x40): less
    sensitive to other load on the machine than the time on a clock."""
    out = subprocess.run(
        [sys.executable, "-c", CPU_PROBE, which], env=env, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--source", action="store_true", help="do not compile asc-tui's modules to bytecode first"
    )
    args = parser.parse_args()
    if not args.source:
        import asc_tui

        compileall.compile_dir(Path(asc_tui.__file__).parent, quiet=1)
    load_before = os.getloadavg()
    exe = str(Path(sys.executable).parent / "asc-tui")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BASELINE_APP)
    cache = tempfile.mkdtemp(prefix="asc-bench-startup-")
    home = tempfile.mkdtemp(prefix="asc-bench-home-")  # no config or last place of the user's
    folders = {"XDG_STATE_HOME": f"{home}/state", "XDG_CONFIG_HOME": f"{home}/config"}
    demo = ["env", f"XDG_CACHE_HOME={cache}", *(f"{k}={v}" for k, v in folders.items()), exe]
    demo.append("--demo")
    base, frame, apps, warm, base_exit, demo_exit = [], [], [], [], [], []
    cpu: dict[str, list[float]] = {"baseline": [], "same-widgets": [], "cold": [], "warm": []}
    probe_env = {**os.environ, "XDG_CACHE_HOME": cache, **folders}
    for _ in range(args.rounds):
        base.append(first_seen([sys.executable, f.name], ["baseline ready"])[0])
        shutil.rmtree(cache, ignore_errors=True)
        t_frame, t_apps = first_seen(demo, ["asc-tui", "Trailhead"])
        frame.append(t_frame)
        apps.append(t_apps)
        warm.append(first_seen(demo, ["Trailhead"])[0])  # the cache the run before left
        base_exit.append(time_to_exit([sys.executable, f.name], "baseline ready"))
        demo_exit.append(time_to_exit(demo, "Trailhead"))
        cpu["baseline"].append(cpu_to_first_frame("baseline", probe_env))
        cpu["same-widgets"].append(cpu_to_first_frame("same-widgets", probe_env))
        cpu["warm"].append(cpu_to_first_frame("asc-tui", probe_env))
        shutil.rmtree(cache, ignore_errors=True)
        cpu["cold"].append(cpu_to_first_frame("asc-tui", probe_env))
    os.unlink(f.name)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    b, fr, ap, wa = (statistics.median(x) for x in (base, frame, apps, warm))
    load_after = os.getloadavg()
    code = "source (no bytecode written)" if args.source else "bytecode compiled ahead"
    print(f"{args.rounds} rounds, median seconds from launch (tmux, 120x40), {code};")
    print(f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(f"  minimal Textual app, first frame   {b:6.3f}")
    ok = "meets" if fr / b <= 1.2 else "misses"
    print(f"  asc-tui --demo, first frame        {fr:6.3f}   ratio {fr / b:.2f} ({ok} ≤ 1.2)")
    print(f"  asc-tui --demo, apps listed, cold  {ap:6.3f}   ratio {ap / b:.2f}")
    ok = "meets" if wa / b <= 1.3 else "misses"
    print(f"  asc-tui --demo, apps listed, warm  {wa:6.3f}   ratio {wa / b:.2f} ({ok} ≤ 1.3)")
    be, de = statistics.median(base_exit), statistics.median(demo_exit)
    print("median seconds from pressing q until the process has ended (tmux):")
    print(f"  minimal Textual app                {be:6.3f}")
    print(f"  asc-tui --demo, apps listed        {de:6.3f}   ratio {de / be:.2f}")
    cb, cs, cc, cw = (
        statistics.median(cpu[k]) for k in ("baseline", "same-widgets", "cold", "warm")
    )
    print("median processor seconds until the first frame (headless, Textual's Ready):")
    print(f"  minimal Textual app                {cb:6.3f}")
    print(f"  Textual app, the apps screen's widgets {cs:6.3f}   ratio {cs / cb:.2f}")
    print(f"  asc-tui --demo, empty cache        {cc:6.3f}   ratio {cc / cb:.2f}")
    print(f"  asc-tui --demo, warm (apps shown)  {cw:6.3f}   ratio {cw / cb:.2f}")


if __name__ == "__main__":
    main()
