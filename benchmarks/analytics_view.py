"""The table view of the demo's 210,000-row analytics segment, headless (Textual's
``run_test``): time from pushing the screen to its first rows painted, time until every
row is indexed (meanwhile ↓ is pressed 50 times a second: the slowest reaction is
reported),
and peak memory (tracemalloc; the memory-mapped file itself is page cache, not counted),
next to reading the same file with the csv module in the same run.

    .venv/bin/python -m benchmarks.analytics_view [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from textual import events

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import DemoServer
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.tsv import TsvScreen

from .analytics_table import fetch_segment


@dataclass
class ViewRun:
    first_rows: float
    all_indexed: float
    slowest_key: float
    median_key: float
    peak: int


def painted(app: AscApp, text: str) -> bool:
    strips = app.screen._compositor.render_strips()
    return any(text in strip.text for strip in strips)


async def view_once(
    server: DemoServer, path: Path, first_cell: str, *, memory: bool = False
) -> ViewRun:
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    store = Store(AscClient(server.base_url, auth))
    app = AscApp(store, source_label="benchmark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        if memory:
            tracemalloc.start()
        started = time.perf_counter()
        screen = TsvScreen(path)
        await app.push_screen(screen)
        while not painted(app, first_cell):
            await asyncio.sleep(0.001)
        first = time.perf_counter() - started
        latencies: list[float] = []
        while screen.table is None or not screen.table.fully_indexed:
            latencies.append(await key_latency(app, screen))
            await asyncio.sleep(0.02)  # a fast typist: 50 keys a second
        indexed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if memory else 0
        tracemalloc.stop()
        await pilot.press("q")
    return ViewRun(
        first, indexed, max(latencies, default=0.0), statistics.median(latencies or [0.0]), peak
    )


async def key_latency(app: AscApp, screen: TsvScreen) -> float:
    """Seconds from a ↓ key event to the cursor having moved (the app handled it)."""
    before = screen.view.cursor
    pressed = time.perf_counter()
    app.post_message(events.Key("down", None))
    while screen.view.cursor == before:
        await asyncio.sleep(0.0005)
    return time.perf_counter() - pressed


def csv_module(path: Path, *, memory: bool = False) -> tuple[float, int, list[str]]:
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter="\t"))
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return took, peak, rows[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        result = asyncio.run(fetch_segment(server, Path(tmp)))
        print(f"segment: {result.rows:,} rows, {result.bytes_written / 1e6:.1f} MB TSV")
        views: list[ViewRun] = []
        baselines: list[float] = []
        for _ in range(args.rounds):  # timings without tracemalloc (it slows Python down)
            seconds, _, first_row = csv_module(result.path)
            baselines.append(seconds)
            views.append(asyncio.run(view_once(server, result.path, first_row[2])))
        # peak memory: one more round of each, under tracemalloc
        _, base_peak, _ = csv_module(result.path, memory=True)
        view_peak = asyncio.run(view_once(server, result.path, first_row[2], memory=True)).peak
    first = statistics.median(v.first_rows for v in views)
    indexed = statistics.median(v.all_indexed for v in views)
    slowest = max(v.slowest_key for v in views)
    typical = statistics.median(v.median_key for v in views)
    base = statistics.median(baselines)
    print(f"median of {args.rounds} rounds; peak memory (tracemalloc) from one more round:")
    print(f"  table view: first rows painted     {first * 1000:9.1f} ms")
    print(f"  table view: every row indexed      {indexed * 1000:9.1f} ms")
    print(f"  table view: slowest ↓ meanwhile    {slowest * 1000:9.1f} ms")
    print(f"  table view: median ↓ meanwhile     {typical * 1000:9.1f} ms")
    print(f"  table view: peak memory            {view_peak / 1e6:9.1f} MB")
    print(f"  csv module: every row read         {base * 1000:9.1f} ms")
    print(f"  csv module: peak memory            {base_peak / 1e6:9.1f} MB")
    print("ratios table view / csv module (below 1: the view is faster or smaller):")
    print(f"  time to first rows painted  {first / base:8.4f}")
    print(f"  peak memory                 {view_peak / base_peak:8.4f}")


if __name__ == "__main__":
    main()
