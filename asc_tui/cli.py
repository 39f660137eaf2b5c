"""Command line: ``asc-tui`` starts the TUI; subcommands (``asc_tui/commands/``) serve the
demo and print data for scripts.

Heavy modules (Textual, httpx, the demo server) are imported only by the command that
needs them, so ``asc-tui --help`` is instant and the TUI draws its first frame early: the
TUI's own flags are parsed without importing the subcommands or building their parsers.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .commands.common import add_connection_flags
from .commands.exit_codes import EXIT_OK, exit_codes_text, report_error
from .errors import AscError
from .interrupts import raise_on_termination
from .safe_text import clean_output

SUBCOMMANDS = {
    "auth": ("auth",),
    "demo_server": ("demo-server",),
    "listing": ("apps", "builds"),
    "analytics": ("analytics",),
    "metrics": ("metrics",),
    "compare": ("metrics-compare",),
    "regressions": ("regressions",),
    "diagnostics": ("signatures", "logs"),
    "crashes": ("crashes", "feedback"),
    "check": ("check",),
}
"""The modules of ``asc_tui.commands`` that add subcommands, in the order --help lists them,
with the commands each adds."""
MODULE_OF = {command: module for module, commands in SUBCOMMANDS.items() for command in commands}
EXIT_BROKEN_PIPE = 128 + 13
"""What a shell reports for a command killed by SIGPIPE (``ls | head``)."""


class _NotTheTuisFlags(Exception):
    """Raised instead of exiting by the parser of the TUI's flags alone."""


class _TuiParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheTuisFlags(message)


def build_parser(*, subcommands: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; without ``subcommands``, the TUI's flags alone: a parser
    that raises instead of exiting, and without --help and --version (which would act as
    soon as they are read, even where they belong to a subcommand); with ``only`` (a
    module of SUBCOMMANDS), the subcommands of that module alone."""
    parser = (argparse.ArgumentParser if subcommands else _TuiParser)(
        add_help=subcommands,
        prog="asc-tui",
        description="Browse App Store Connect power, performance and diagnostics data.",
        epilog=textwrap.fill(
            "Credentials, first match wins: --issuer-id/--key-id/--key-file; --profile NAME "
            "(OS keyring); ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH (or "
            "ASC_PRIVATE_KEY); the default profile. Store a key with `asc-tui auth add`. "
            "Try it without an Apple account: asc-tui --demo",
            width=78,
            break_on_hyphens=False,
        )
        + "\n\n"
        + exit_codes_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if subcommands:
        parser.add_argument("--version", action="version", version=f"asc-tui {__version__}")
    add_connection_flags(parser, top_level=True)
    parser.add_argument(
        "--source-root",
        metavar="DIR",
        help="your checkout: o in the log viewer opens a frame's File.swift:123 from it in "
        "$VISUAL/$EDITOR (default: $ASC_TUI_SOURCE_ROOT)",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start at Apps instead of where the last session ended",
    )
    parser.set_defaults(run=run_tui, command=None)
    if subcommands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name in [only] if only else SUBCOMMANDS:
            importlib.import_module(f"{__package__}.commands.{name}").register(sub)
    return parser


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Flags for the TUI alone are parsed without the subcommands (importing their modules
    and building their parsers delays the first frame); a subcommand, by a parser that
    has only its module's subcommands (building all of them took longer than a listing
    from the cache); anything else (--help, an unknown or wrong argument) goes to the
    whole parser, which says what is wrong as usual."""
    try:
        args, rest = build_parser(subcommands=False).parse_known_args(argv)
    except _NotTheTuisFlags:
        rest = ["?"]
    if not rest:
        return args
    return build_parser(only=MODULE_OF.get(rest[0])).parse_args(argv)


def run_tui(args: argparse.Namespace) -> int:
    from .commands.common import connection_for

    # --demo, or key flags read now; the environment and the keyring are read by the app in
    # a worker (Connection.resolved), which shows the first-run screen if there are none.
    connection = connection_for(args)
    from .api.gcpause import end_startup_pause, pause_for_startup

    pause_for_startup()  # the app ends it once its first frame is on screen
    try:
        from .ui.app import AscApp

        result = AscApp(connection, restore=not args.fresh, remember=True).run()
    finally:
        end_startup_pause()
    return result if isinstance(result, int) else EXIT_OK


def saved_logs_shortcut(argv: Sequence[str]) -> list[str]:
    """``asc-tui FILE.json`` (or ``.crash``, ``.ips``: an existing file) means ``asc-tui logs
    open FILE``;
    ``asc-tui metrics compare …`` is the ``metrics-compare`` command."""
    args = list(argv)
    for i in range(len(args) - 1):
        if args[i : i + 2] == ["metrics", "compare"]:
            from .commands import compare

            return [*args[:i], compare.COMMAND, *args[i + 2 :]]
    saved = (".json", ".crash", ".ips")
    if len(args) == 1 and args[0].lower().endswith(saved) and Path(args[0]).is_file():
        return ["logs", "open", args[0]]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(saved_logs_shortcut(sys.argv[1:] if argv is None else argv))
    raise_on_termination()  # SIGTERM/SIGHUP unwind like Ctrl+C: no partial file is left
    if getattr(args, "source_root", None):
        os.environ["ASC_TUI_SOURCE_ROOT"] = args.source_root  # read where `o` is pressed
    try:
        with clean_output(getattr(args, "format", None)):
            code: int = args.run(args)
            sys.stdout.flush()  # a closed pipe shows up here rather than at exit
    except AscError as error:  # the one place an error becomes a message and an exit code
        return report_error(error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
    if argv is None and args.run is run_tui:
        # the program itself, not a caller in the same process: the shell is back at once
        from .process_exit import exit_now

        exit_now(code)
    return code


def _quiet_broken_pipe() -> int:
    """The reader of stdout went away (``asc-tui apps --json | head``): stop quietly.
    Python would flush stdout again at exit and print a second error, so stdout is
    pointed at the null device first."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass
    return EXIT_BROKEN_PIPE
