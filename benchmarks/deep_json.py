"""Reading and writing the 100,000-frame log of ``benchmarks.log_viewer`` (chains 2,000+
frames deep) with asc-tui's JSON, against the ``json`` module in the same run: the reader
asc-tui had before (``json.loads`` with the recursion limit raised and the cycle collector
paused) where this Python's ``json`` can read the log at all, else ``json.loads`` of the
same frames laid out flat. CPU time, best of ``--rounds``; prints ratios.

    .venv/bin/python -m benchmarks.deep_json [--frames 100000] [--depth 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asc_tui import deepjson
from asc_tui.api import jsonio
from benchmarks.log_viewer import deep_enough, flat_twin, generate


def best(fn: Callable[[], Any], rounds: int) -> float:
    """Least CPU time of ``rounds`` runs, the cycle collector paused (as jsonio does)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        started = time.process_time()
        try:
            fn()
        finally:
            times.append(time.process_time() - started)
            gc.enable()
    return min(times)


def peak(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--depth", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    value = generate(args.frames, args.depth)
    content = jsonio.dumps(value).encode()
    try:
        deep_enough(lambda: json.loads(content))
        baseline, base_content = "json.loads, limit raised (before)", content
    except RecursionError:
        baseline, base_content = "json.loads, same frames flat", flat_twin(value)
    base_value = deep_enough(lambda: json.loads(base_content))

    rows = [
        (baseline, best(lambda: deep_enough(lambda: json.loads(base_content)), args.rounds)),
        ("jsonio.loads (now)", best(lambda: jsonio.loads(content), args.rounds)),
        ("deepjson.loads_in_pieces", best(lambda: deepjson.loads_in_pieces(content), args.rounds)),
        (
            baseline.replace("loads", "dumps"),
            best(lambda: deep_enough(lambda: json.dumps(base_value)), args.rounds),
        ),
        ("jsonio.dumps (now)", best(lambda: jsonio.dumps(value), args.rounds)),
        ("deepjson.dumps_in_pieces", best(lambda: deepjson.dumps_in_pieces(value), args.rounds)),
    ]
    size = len(content)
    print(f"Python {sys.version.split()[0]}: {args.frames:,} frames, {size / 1e6:.1f} MB JSON")
    print(f"{'':36} {'CPU s':>7} {'x baseline':>11}")
    for name, seconds in rows:
        base = rows[0][1] if "loads" in name else rows[3][1]
        print(f"{name:36} {seconds:7.3f} {seconds / base:11.2f}")
    print(f"{'peak memory while reading':36} {'MB':>7} {'x JSON size':>11}")
    for name, fn in [
        (baseline, lambda: deep_enough(lambda: json.loads(base_content))),
        ("jsonio.loads (now)", lambda: jsonio.loads(content)),
    ]:
        top = peak(fn)
        print(f"{name:36} {top / 1e6:7.1f} {top / size:11.2f}")


if __name__ == "__main__":
    main()
