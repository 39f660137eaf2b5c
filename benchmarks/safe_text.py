"""What the one sanitiser costs where it runs most: every visible call-tree row of the log
viewer and every cell of a command's table. Renders 10,000 call-tree rows (Objective-C
symbols, binaries, offsets) and a 20,000-row apps table with ``safe_text.visible`` and,
in the same run, with a plain ``str`` in its place, alternating round by round; prints
the median times and their ratio.

    .venv/bin/python -m benchmarks.safe_text [--rounds N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from unittest import mock

from rich.style import Style

from asc_tui.api.diagnostic_logs import Frame
from asc_tui.commands import output
from asc_tui.logs.calltree import CallTree
from asc_tui.ui.widgets import call_tree_row


def seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def raw(value: object, *, multiline: bool = False) -> str:
    return "" if value is None else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    roots = [
        Frame(
            symbol=f"-[DatabaseQueue inDatabase:{n}]",
            binary="LumenNotes" if n % 3 else "CoreFoundation",
            address=f"0x1{n:08x}",
            offset_into_binary=str(n * 64),
        )
        for n in range(10_000)
    ]
    tree = CallTree([("Thread 0", roots)], app_binaries={"LumenNotes"})
    tree.build_all()
    rows = list(tree.rows())
    plain_style = Style()

    def render_rows() -> None:
        for row in rows:
            call_tree_row.row_text(row, lambda _: plain_style)

    names = [
        {"id": str(n), "name": f"App {n} [Beta]", "bundleId": f"com.example.app{n}", "sku": "S"}
        for n in range(20_000)
    ]

    def write_table() -> None:
        output.write_rows(names, "table", io.StringIO())

    for label, run, module in (
        (f"call-tree rows ({len(rows):,})", render_rows, call_tree_row),
        (f"table cells ({len(names) * 4:,})", write_table, output),
    ):
        plain, safe = [], []
        for _ in range(args.rounds):  # alternating, so both see the same machine load
            with mock.patch.object(module, "visible", raw):
                plain.append(seconds(run))
            safe.append(seconds(run))
        baseline, sanitised = statistics.median(plain), statistics.median(safe)
        print(
            f"{label:28} str: {baseline * 1000:7.1f} ms   visible: {sanitised * 1000:7.1f} ms"
            f"   ratio {sanitised / baseline:4.2f}x"
        )


if __name__ == "__main__":
    main()
