"""Command line: ``asc-tui`` starts the TUI; subcommands (``asc_tui/commands/``) serve the
demo and print data for scripts.

Heavy modules (Textual, httpx, the demo server) are imported only by the command that
needs them, so ``asc-tui --help`` is instant and the TUI draws its first frame early.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .commands import analytics, demo_server, listing
from .commands.common import ENV_BASE_URL, EXIT_ERROR, EXIT_OK, base_url
from .errors import AscError

SUBCOMMANDS = [demo_server, listing, analytics]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asc-tui",
        description="Browse App Store Connect power, performance and diagnostics data.",
        epilog=(
            "Credentials come from ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH "
            "(or ASC_PRIVATE_KEY). Try it without an Apple account: asc-tui --demo"
        ),
    )
    parser.add_argument("--version", action="version", version=f"asc-tui {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="run on the built-in demo server (no account needed)"
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=f"API base URL (default: ${ENV_BASE_URL} or https://api.appstoreconnect.apple.com)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(sub)
    parser.set_defaults(run=run_tui)
    return parser


def run_tui(args: argparse.Namespace) -> int:
    from .connection import Connection

    if args.demo:
        connection = Connection(demo=True)
    else:
        from .credentials import resolve_credentials

        connection = Connection(base_url(args), resolve_credentials())
    from .ui.app import AscApp

    result = AscApp(connection).run()
    return result if isinstance(result, int) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except AscError as error:
        print(f"asc-tui: {error.user_message()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
