"""Where ``metrics compare``, ``regressions`` and ``check`` write their reports: stdout in
``--format``, or one or more files (``-o perf.md -o perf.xml``), each written whole or not
at all, in the format its extension names unless ``--format`` says otherwise."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import AscError

EXTENSION_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".json": "json",
    ".csv": "csv",
    ".txt": "text",
}


def add_format_flags(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """``--format F`` (``--json``/``--csv`` as shortcuts) and ``-o/--output FILE``."""
    parser.add_argument(
        "--format", choices=formats, help=f"output format: {', '.join(formats)} (default text)"
    )
    parser.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    parser.add_argument(
        "--csv", dest="format", action="store_const", const="csv", help="same as --format csv"
    )
    parser.add_argument(
        "-o",
        "--output",
        action="append",
        metavar="FILE",
        help="write to FILE instead of stdout, atomically; repeatable. Without --format, "
        "the extension picks the format: "
        + ", ".join(f"{ext} {fmt}" for ext, fmt in EXTENSION_FORMATS.items() if fmt in formats),
    )


def targets(args: argparse.Namespace, formats: Sequence[str]) -> list[tuple[str, Path | None]]:
    """(format, file) for each output; file None is stdout."""
    if not args.output:
        return [(args.format or "text", None)]
    found: list[tuple[str, Path | None]] = []
    for name in args.output:
        path = Path(name)
        fmt = args.format or EXTENSION_FORMATS.get(path.suffix.lower(), "text")
        if fmt not in formats:
            raise AscError(
                f"{path.name}: this command does not write {fmt}.",
                hint=f"Formats: {', '.join(formats)} (give --format, or another extension).",
            )
        found.append((fmt, path))
    return found


def write_reports(
    args: argparse.Namespace, formats: Sequence[str], render: Callable[[str], str]
) -> None:
    """Render each asked-for format once and write it."""
    for fmt, path in targets(args, formats):
        write_output(render(fmt), path)


def write_output(text: str, path: Path | None) -> None:
    """``text`` to stdout, or to ``path`` whole or not at all (temp file, then rename)."""
    if path is None:
        sys.stdout.write(text)
        return
    from ..files.atomic import write_text_atomically

    try:
        write_text_atomically(path, text)
    except OSError as error:
        raise AscError(
            f"Could not write {path}: {error.strerror or error}.",
            hint="Choose a path in a folder you can write to.",
        ) from None
