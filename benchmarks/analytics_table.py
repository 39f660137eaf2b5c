"""Opening the demo's 210,000-row analytics segment for the table view: asc-tui's TsvTable
against reading the same file with the csv module, in the same run. Prints the time to
the first screen of rows, the time until every row is indexed, and peak memory
(tracemalloc; the memory-mapped file itself is page cache, not counted), with ratios.

    .venv/bin/python -m benchmarks.analytics_table [--rounds N] [--screen ROWS]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from asc_tui.analytics.download import DownloadResult, download_instance
from asc_tui.analytics.tsv import TsvTable
from asc_tui.api.analytics_reports import AnalyticsApi
from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import BIG_SEGMENT_INSTANCE_ID, DemoServer

Row = tuple[str, ...] | list[str]


async def fetch_segment(server: DemoServer, dest: Path) -> DownloadResult:
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    async with AscClient(server.base_url, auth) as client:
        return await download_instance(
            AnalyticsApi(client), BIG_SEGMENT_INSTANCE_ID, dest, report_name="big"
        )


def ours_first_screen(path: Path, screen: int) -> list[Row]:
    with TsvTable.open(path) as table:
        return list(table.rows(0, screen))


def ours_all_indexed(path: Path, screen: int) -> list[Row]:
    with TsvTable.open(path) as table:
        table.index_all()
        return list(table.rows(0, screen))


def ours_sorted(path: Path, screen: int) -> list[Row]:
    with TsvTable.open(path) as table:
        table.sort(table.header.index("Sessions"), descending=True)
        return list(table.rows(0, screen))


def csv_all_rows(path: Path, screen: int) -> list[Row]:
    """The baseline: what a table view built on the csv module has to do to scroll."""
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file, delimiter="\t"))
    return list(rows[1 : screen + 1])


def csv_all_rows_sorted(path: Path, screen: int) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as file:
        header, *rows = csv.reader(file, delimiter="\t")
    column = header.index("Sessions")
    rows.sort(key=lambda r: float(r[column]), reverse=True)
    return list(rows[:screen])


CASES: dict[str, Callable[[Path, int], list[Row]]] = {
    "TsvTable: first screen": ours_first_screen,
    "TsvTable: every row indexed": ours_all_indexed,
    "TsvTable: sorted by Sessions": ours_sorted,
    "csv module: every row read": csv_all_rows,
    "csv module: read and sorted": csv_all_rows_sorted,
}


def timed(fn: Callable[[Path, int], list[Row]], path: Path, screen: int) -> tuple[float, Row]:
    start = time.perf_counter()
    rows = fn(path, screen)
    return time.perf_counter() - start, rows[0]


def peak_memory(fn: Callable[[Path, int], list[Row]], path: Path, screen: int) -> int:
    tracemalloc.start()
    try:
        fn(path, screen)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--screen", type=int, default=60, help="rows in the first screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        started = time.perf_counter()
        result = asyncio.run(fetch_segment(server, Path(tmp)))
        took = time.perf_counter() - started
        path = result.path
        print(
            f"segment: {result.rows:,} rows, {result.bytes_downloaded / 1e6:.1f} MB gzip → "
            f"{result.bytes_written / 1e6:.1f} MB TSV; downloaded, verified and gunzipped "
            f"in {took:.2f} s"
        )
        timings: dict[str, list[float]] = {name: [] for name in CASES}
        firsts: dict[str, Row] = {}
        for _ in range(args.rounds):
            for name, fn in CASES.items():
                seconds, top = timed(fn, path, args.screen)
                timings[name].append(seconds)
                firsts[name] = top
        peaks = {name: peak_memory(fn, path, args.screen) for name, fn in CASES.items()}
    assert list(firsts["TsvTable: first screen"]) == list(firsts["csv module: every row read"])
    assert list(firsts["TsvTable: sorted by Sessions"]) == list(
        firsts["csv module: read and sorted"]
    )
    medians = {name: statistics.median(t) for name, t in timings.items()}
    print(f"median of {args.rounds} rounds; peak memory from tracemalloc (one round each):")
    for name in CASES:
        print(f"  {name:30} {medians[name] * 1000:9.1f} ms  {peaks[name] / 1e6:8.1f} MB")
    base, base_mem = medians["csv module: every row read"], peaks["csv module: every row read"]
    first, first_mem = medians["TsvTable: first screen"], peaks["TsvTable: first screen"]
    full, full_mem = medians["TsvTable: every row indexed"], peaks["TsvTable: every row indexed"]
    sort_ours, sort_csv = (
        medians["TsvTable: sorted by Sessions"],
        medians["csv module: read and sorted"],
    )
    print("ratios TsvTable/csv (below 1: TsvTable is faster or smaller):")
    print(f"  time to first rows          {first / base:8.4f}  ({base / first:.0f}x faster)")
    print(f"  time to every row indexed   {full / base:8.4f}")
    print(f"  time to sorted first rows   {sort_ours / sort_csv:8.4f}")
    print(f"  peak memory, first rows     {first_mem / base_mem:8.4f}")
    print(f"  peak memory, every row      {full_mem / base_mem:8.4f}")


if __name__ == "__main__":
    main()
