"""Reading the demo's 5,000-frame crash report (a stack overflow) into the viewer's call
tree: asc-tui's parser plus the tree against a same-run baseline that only splits the
text into lines and matches each with the frame pattern (the least any parser does).
Also the .ips form of a report against ``json.loads`` of its two documents.

    .venv/bin/python -m benchmarks.crash_report [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from asc_tui.demo.data.catalog import NOTES_APP
from asc_tui.demo.data.crash_context import CrashContext
from asc_tui.demo.data.crash_logs import crash_log_text
from asc_tui.logs.crash_report import parse_crash_report
from asc_tui.logs.crash_tree import crash_call_tree

FRAME = re.compile(r"^(\d+)\s+(.+?)\s+(0x[0-9A-Fa-f]+)\s+(.*?)\s*$")


def report(kind: str) -> str:
    context = CrashContext(
        NOTES_APP, kind, "bench", 64, "1.1", "iPhone15,2", "18.1 (22B83)", datetime.now(UTC)
    )
    return crash_log_text(context)


def best(function: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    deep = report("recursion")
    ours = best(lambda: crash_call_tree(parse_crash_report(deep)).rows(), rounds)
    base = best(lambda: [FRAME.match(line.strip()) for line in deep.splitlines()], rounds)
    lines = deep.count("\n")
    print(
        f"text report, {lines:,} lines: parse + call tree {ours * 1000:.1f} ms, "
        f"line match baseline {base * 1000:.1f} ms, ratio {ours / base:.1f}x"
    )
    ips = report("cpp")
    head, _, body = ips.partition("\n")
    ours = best(lambda: crash_call_tree(parse_crash_report(ips)).rows(), rounds * 20)
    base = best(lambda: (json.loads(head), json.loads(body)), rounds * 20)
    print(
        f".ips report, {len(ips):,} bytes: parse + call tree {ours * 1e6:.0f} µs, "
        f"json.loads baseline {base * 1e6:.0f} µs, ratio {ours / base:.1f}x"
    )


if __name__ == "__main__":
    main()
