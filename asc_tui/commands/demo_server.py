"""``asc-tui demo-server``: the demo App Store Connect API alone, on loopback."""

from __future__ import annotations

import argparse
from typing import Any

from .common import ENV_BASE_URL
from .exit_codes import EXIT_OK


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "demo-server", help="serve the demo App Store Connect API alone"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument(
        "--date-skew",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="run the server's clock this far ahead (negative: behind) of this machine's, in "
        "its Date header and token checks (try `asc-tui auth doctor` against it)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import signal
    import tempfile
    import threading
    from pathlib import Path

    from ..demo import DemoServer

    server = DemoServer(host=args.host, port=args.port, date_skew=args.date_skew)
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
