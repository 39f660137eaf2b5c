"""What the subcommands share: connection flags (profile, base URL, key), a client, output
flags. Exit codes: ``exit_codes.py``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from ..api.client import AscClient
    from ..api.retry import RetryEvent
    from ..auth.connection import Connection
    from ..auth.credentials import KeyFlags

ENV_BASE_URL = "ASC_BASE_URL"


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="JSON")
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help="CSV")
    parser.set_defaults(format="table")


def add_profile_flag(
    parser: argparse.ArgumentParser, *, top_level: bool = False, help: str | None = None
) -> None:
    """``--profile NAME``. On a subcommand it defaults to "not given" (SUPPRESS) so that
    ``asc-tui --profile X apps`` and ``asc-tui apps --profile X`` both work."""
    default: Any = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=default,
        help=help
        or "use the keyring profile NAME (default: ASC_* variables, else the default profile)",
    )


def add_connection_flags(
    parser: argparse.ArgumentParser, *, top_level: bool = False, demo: bool = True
) -> None:
    """``--demo``, ``--profile``, ``--base-url`` and the key given directly (never stored)."""
    default: Any = None if top_level else argparse.SUPPRESS
    if demo:
        parser.add_argument(
            "--demo",
            action="store_true",
            default=False if top_level else argparse.SUPPRESS,
            help="use the built-in demo server (no Apple account, no network, no keyring)",
        )
        cache = parser.add_mutually_exclusive_group()
        cache.add_argument(
            "--offline",
            action="store_true",
            default=False if top_level else argparse.SUPPRESS,
            help="use only the response cache: no network, no keyring",
        )
        cache.add_argument(
            "--refresh",
            action="store_true",
            default=False if top_level else argparse.SUPPRESS,
            help="ask the server even for answers the cache holds (and keep the new ones)",
        )
    else:  # a command about your own key: `asc-tui --demo auth check` is refused
        parser.set_defaults(demo_refused_by=parser.prog)
    add_profile_flag(parser, top_level=top_level)
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help=f"API base URL (default: ${ENV_BASE_URL}, the profile's, or Apple's)",
    )
    key = parser.add_argument_group("key given on the command line (wins over all, not stored)")
    key.add_argument("--issuer-id", metavar="ID", default=default, help="issuer ID (a UUID)")
    key.add_argument("--key-id", metavar="KEYID", default=default, help="key ID (10 characters)")
    key.add_argument("--key-file", metavar="PATH", default=default, help="the .p8 private key")


def explicit_base_url(args: argparse.Namespace) -> str | None:
    """``--base-url`` or ``ASC_BASE_URL``, checked; None when neither is set."""
    from ..auth.config import check_base_url

    url = getattr(args, "base_url", None) or os.environ.get(ENV_BASE_URL, "").strip()
    return check_base_url(url) if url else None


def base_url(args: argparse.Namespace) -> str:
    """The explicit base URL, else Apple's (without looking at profiles)."""
    from ..api.urls import DEFAULT_BASE_URL

    return explicit_base_url(args) or DEFAULT_BASE_URL


def key_flags(args: argparse.Namespace) -> KeyFlags:
    from ..auth.credentials import KeyFlags

    return KeyFlags(
        getattr(args, "issuer_id", None),
        getattr(args, "key_id", None),
        getattr(args, "key_file", None),
    )


def connection_for(args: argparse.Namespace) -> Connection:
    """A Connection from the flags; credentials given as flags are read and checked now,
    the rest (environment, keyring) when the connection is resolved."""
    from ..auth.connection import Connection

    if getattr(args, "demo", False):
        refused_by = getattr(args, "demo_refused_by", None)
        if refused_by:
            raise UsageError(
                f"--demo does not apply to `{refused_by}`: it looks at your own API key.",
                hint="Run it without --demo; the demo needs no key.",
            )
        return Connection(demo=True, offline=getattr(args, "offline", False))
    offline = getattr(args, "offline", False)
    credentials = None
    if any(getattr(args, flag, None) for flag in ("issuer_id", "key_id", "key_file")):
        from ..auth.credentials import credentials_from_flags  # not before the first frame

        credentials = credentials_from_flags(key_flags(args))
    return Connection(
        credentials=credentials,
        profile=getattr(args, "profile", None),
        base_url_override=explicit_base_url(args),
        offline=offline,
    )


def print_retry(event: RetryEvent) -> None:
    """A retry as one line on stderr: ``asc-tui: GET /v1/apps: HTTP 503; retry 2/4 in 1 s``."""
    print(f"asc-tui: {event.text()}", file=sys.stderr, flush=True)


def warn(message: str) -> None:
    from ..safe_text import visible

    print(f"asc-tui: warning: {visible(message, multiline=True)}", file=sys.stderr)


def resolved_connection(args: argparse.Namespace) -> Connection:
    """The resolved Connection (reads the keyring); prints the keyring warning, if any."""
    connection = connection_for(args).resolved()
    if connection.warning:
        warn(connection.warning)
    return connection


@asynccontextmanager
async def api_client(
    args: argparse.Namespace, connection: Connection | None = None
) -> AsyncIterator[AscClient]:
    """A client for the configured server with the resolved credentials, or for the
    embedded demo server with ``--demo`` (started here, stopped when the block ends)."""
    from ..store.freshness import Mode, reading

    connection = connection or resolved_connection(args)
    client, on_close = await asyncio.to_thread(connection.open_client)
    client.on_retry = print_retry
    # --refresh; and a command about the key itself (auth check) always asks the server
    refresh = getattr(args, "refresh", False) or getattr(args, "demo_refused_by", None)
    try:
        async with client:
            with reading(Mode.REFRESH if refresh else None):
                yield client
    finally:
        if on_close is not None:
            on_close()
