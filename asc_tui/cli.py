"""Command line: ``asc-tui`` starts the TUI; subcommands serve the demo and print data.

Heavy modules (Textual, the demo server, httpx) are imported only by the command that
needs them, so ``asc-tui --help`` and the first frame of the TUI stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .errors import AscError

if TYPE_CHECKING:
    from .api.client import AscClient
    from .credentials import Credentials

ENV_BASE_URL = "ASC_BASE_URL"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _add_output_flags(parser: argparse.ArgumentParser) -> None:
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="JSON")
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help="CSV")
    parser.set_defaults(format="table")


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

    demo = sub.add_parser("demo-server", help="serve the demo App Store Connect API alone")
    demo.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    demo.add_argument("--port", type=int, default=0, help="port (default: a free one)")

    apps = sub.add_parser("apps", help="list apps")
    _add_output_flags(apps)
    builds = sub.add_parser("builds", help="list an app's builds, newest first")
    builds.add_argument("app_id", metavar="APP_ID")
    _add_output_flags(builds)
    return parser


def _fail(error: AscError) -> int:
    print(f"asc-tui: {error.user_message()}", file=sys.stderr)
    return EXIT_ERROR


def _base_url(args: argparse.Namespace) -> str:
    from .api.client import DEFAULT_BASE_URL

    url: str = args.base_url or os.environ.get(ENV_BASE_URL, "").strip() or DEFAULT_BASE_URL
    if not url.startswith(("http://", "https://")):
        raise AscError(
            f"The base URL {url!r} is not an http(s) URL.",
            hint="Use a URL such as https://api.appstoreconnect.apple.com",
        )
    return url.rstrip("/")


def make_client(base_url: str, credentials: Credentials) -> AscClient:
    from .api.auth import JwtAuth
    from .api.client import AscClient

    auth = JwtAuth(credentials.issuer_id, credentials.key_id, credentials.private_key())
    return AscClient(base_url, auth)


def _run_tui(args: argparse.Namespace) -> int:
    from .credentials import Credentials, resolve_credentials

    server = None
    if args.demo:
        from .demo import DemoServer

        server = DemoServer()
        server.start()
        key = server.key
        creds = Credentials(key.issuer_id, key.key_id, key.private_key_pem, source="demo")
        base_url = server.base_url
        label = f"demo · {base_url.removeprefix('http://')}"
    else:
        creds = resolve_credentials()
        base_url = _base_url(args)
        label = f"{base_url.split('://', 1)[1]} · key {creds.key_id} ({creds.source})"
    try:
        from .store import Store
        from .ui.app import AscApp

        app = AscApp(Store(make_client(base_url, creds)), source_label=label, demo=args.demo)
        result = app.run()
        return result if isinstance(result, int) else EXIT_OK
    finally:
        if server is not None:
            server.stop()


def _serve_demo(args: argparse.Namespace) -> int:
    import signal
    import tempfile
    import threading
    from pathlib import Path

    from .demo import DemoServer

    server = DemoServer(host=args.host, port=args.port)
    server.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with tempfile.TemporaryDirectory(prefix="asc-tui-demo-") as tmp:
        key_path = Path(tmp) / f"AuthKey_{server.key.key_id}.p8"
        key_path.touch(mode=0o600)
        key_path.write_text(server.key.private_key_pem)
        print(f"asc-tui demo server: {server.base_url}")
        print("Point asc-tui (or any App Store Connect client) at it with:")
        print(f"  export {ENV_BASE_URL}={server.base_url}")
        print(f"  export ASC_ISSUER_ID={server.key.issuer_id}")
        print(f"  export ASC_KEY_ID={server.key.key_id}")
        print(f"  export ASC_PRIVATE_KEY_PATH={key_path}")
        print("(a throwaway demo key, deleted when the server stops) — Ctrl+C to stop.", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return EXIT_OK


def _print_data(args: argparse.Namespace) -> int:
    import asyncio

    from .credentials import resolve_credentials
    from .output import write_rows

    creds = resolve_credentials()
    client = make_client(_base_url(args), creds)

    async def fetch() -> list[dict[str, object]]:
        async with client:
            if args.command == "apps":
                return [
                    {"id": a.id, "name": a.name, "bundleId": a.bundle_id, "sku": a.sku}
                    for a in await client.list_apps()
                ]
            return [
                {
                    "id": b.id,
                    "version": b.marketing_version or "",
                    "build": b.version,
                    "uploadedDate": b.uploaded_date.isoformat() if b.uploaded_date else "",
                    "processingState": b.processing_state or "",
                    "expired": b.expired,
                }
                for b in await client.list_builds(args.app_id)
            ]

    write_rows(asyncio.run(fetch()), args.format, sys.stdout)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo-server":
            return _serve_demo(args)
        if args.command in ("apps", "builds"):
            return _print_data(args)
        return _run_tui(args)
    except AscError as error:
        return _fail(error)
    except KeyboardInterrupt:
        return 130
