"""``asc-tui signatures BUILD_ID``, ``asc-tui logs SIGNATURE_ID`` and ``asc-tui logs open
FILE`` (the log viewer on a saved file, offline): diagnostics for scripts and for later."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from .common import add_connection_flags, add_output_flags, api_client
from .exit_codes import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..api.diagnostic_logs import DiagnosticLogsDocument

TYPES = {
    "hangs": "HANGS",
    "disk-writes": "DISK_WRITES",
    "disk_writes": "DISK_WRITES",
    "launches": "LAUNCHES",
}


def diagnostic_type(value: str) -> str:
    kind = TYPES.get(value.lower())
    if kind is None:
        raise argparse.ArgumentTypeError(
            f"unknown diagnostic type {value!r}: use hangs, disk-writes or launches"
        )
    return kind


def register(sub: Any) -> None:
    signatures = sub.add_parser(
        "signatures", help="a build's diagnostic signatures, heaviest first"
    )
    signatures.add_argument("build_id", metavar="BUILD_ID")
    signatures.add_argument(
        "--type",
        dest="types",
        action="append",
        type=diagnostic_type,
        metavar="TYPE",
        help="only hangs, disk-writes or launches (repeatable)",
    )
    add_output_flags(signatures)
    add_connection_flags(signatures)
    signatures.set_defaults(run=run_signatures)

    logs = sub.add_parser(
        "logs",
        help="a signature's logs as a text report or JSON; `logs open FILE` views a saved file",
        description=(
            "asc-tui logs SIGNATURE_ID [--json|--text] [-o FILE|DIR] prints or saves a "
            "signature's logs (a DIR gets both <id>.json and <id>.txt); "
            "asc-tui logs open FILE opens a saved JSON file in the log viewer, offline."
        ),
    )
    logs.add_argument("signature_id", metavar="SIGNATURE_ID|open")
    logs.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="with `open`: a saved logs .json, or a crash report (.crash, .ips)",
    )
    fmt = logs.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="JSON")
    fmt.add_argument(
        "--text", dest="format", action="store_const", const="text", help="text (default)"
    )
    logs.set_defaults(format="text")
    logs.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="write here instead of stdout; a folder (or a path ending in /) gets both files",
    )
    add_connection_flags(logs)
    logs.set_defaults(run=run_logs)


def run_signatures(args: argparse.Namespace) -> int:
    from .output import write_rows

    async def fetch() -> list[dict[str, object]]:
        async with api_client(args) as client:
            found = await client.signatures(args.build_id, diagnostic_types=args.types)
        return [
            {
                "id": s.id,
                "type": s.diagnostic_type,
                "weight": round(s.weight * 100, 2) if args.format != "json" else s.weight,
                "insight": s.insight.direction if s.insight else "",
                "signature": s.signature,
            }
            for s in found
        ]

    write_rows(asyncio.run(fetch()), args.format, sys.stdout)
    return EXIT_OK


def run_logs(args: argparse.Namespace) -> int:
    if args.signature_id == "open":
        if not args.file:
            print("asc-tui: logs open needs a FILE (a saved logs .json)", file=sys.stderr)
            return EXIT_USAGE
        return open_file(Path(args.file))
    if args.file:
        print(f"asc-tui: unexpected argument {args.file!r}", file=sys.stderr)
        return EXIT_USAGE
    from ..api import jsonio
    from ..api.diagnostic_logs import DiagnosticLogsDocument
    from ..logs.files import save_logs
    from ..logs.report import text_report
    from .reports import write_output

    async def fetch() -> Any:
        async with api_client(args) as client:
            return await client.signature_logs_json(args.signature_id)

    raw = asyncio.run(fetch())
    document = DiagnosticLogsDocument.from_json(raw)
    output = Path(args.output) if args.output else None
    # a path ending in a slash names a folder, made if need be: never a file named so
    folder = bool(args.output) and args.output.endswith(("/", os.sep))
    if output is not None and (folder or output.is_dir()):
        saved = save_logs(raw, document, output, args.signature_id)
        print(saved.json_path)
        print(saved.text_path)
        return EXIT_OK
    if args.format == "json":
        text = jsonio.dumps(raw, ensure_ascii=False) + "\n"
    else:
        text = text_report(document)
    write_output(text, output)
    if output is not None:
        print(output)
    return EXIT_OK


def viewer_app(
    path: Path,
    raw: Any,
    document: DiagnosticLogsDocument,
    rest: Callable[[], tuple[Any, DiagnosticLogsDocument]] | None = None,
) -> Any:
    """The app showing a saved file in the log viewer (no store, no credentials); the
    arguments as ``open_logs_file`` gives them."""
    from ..store.source import OfflineSource
    from ..ui.app import AscApp
    from ..ui.screens.offline_logs import OfflineLogsScreen

    return AscApp(
        OfflineSource(path),
        first_screen=lambda: OfflineLogsScreen(path, raw, document, rest),
    )


PROGRESS_FROM = 16 * 1024 * 1024
"""Files this large (or larger) show their progress while they are read and parsed."""


class _LoadProgress:
    """Reading a big saved file, on stderr: one updating line on a terminal (cleared
    before the viewer starts), else a line per stage."""

    STAGES: ClassVar[dict[str, str]] = {
        "read": "reading",
        "parse": "parsing the JSON of",
        "index": "building the call trees of",
    }

    def __init__(self, path: Path, out: TextIO) -> None:
        self.name = path.name
        self.out = out
        self.tty = out.isatty()
        self.stage = ""
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        size = f"{total / 1e6:,.0f} MB"
        text = f"asc-tui: {self.STAGES.get(stage, stage)} {self.name} ({size})…"
        if self.tty:
            if stage == "read":
                text = f"asc-tui: reading {self.name}: {done / 1e6:,.0f} of {size}"
            self.out.write(f"\r{text:<{self.width}}")  # spaces over a longer line
            self.width = len(text)
        elif stage != self.stage:
            self.out.write(f"{text}\n")
        self.stage = stage
        self.out.flush()

    def finish(self) -> None:
        if self.tty and self.stage:
            self.out.write("\r" + " " * self.width)
            self.out.write("\r")  # a carriage return is kept only where a write starts
            self.out.flush()


def open_file(path: Path) -> int:
    """Check the file first (a bad one exits 1 with a message), then start the viewer.
    A big file shows its progress on stderr meanwhile."""
    from ..logs.files import CRASH_SUFFIXES, open_logs_file

    if path.suffix.lower() in CRASH_SUFFIXES:
        return open_crash_file(path)
    progress = _LoadProgress(path, sys.stderr)
    try:
        opened = open_logs_file(path, progress)
    finally:
        progress.finish()
    result = viewer_app(path, *opened).run()
    return result if isinstance(result, int) else EXIT_OK


def open_crash_file(path: Path) -> int:
    """A saved ``.crash`` / ``.ips`` crash report in the viewer (checked first: a file that
    is not one exits 1 with a message)."""
    from ..logs.files import load_crash_file
    from ..store.crashes import CrashLog
    from ..store.source import OfflineSource
    from ..ui.app import AscApp
    from ..ui.screens.crash_report import OfflineCrashScreen

    text, report = load_crash_file(path)
    log = CrashLog(path.stem, text, report)
    app = AscApp(OfflineSource(path), first_screen=lambda: OfflineCrashScreen(path, log))
    result = app.run()
    return result if isinstance(result, int) else EXIT_OK
