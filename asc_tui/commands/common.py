"""What the subcommands share: the base URL, credentials, a client, output flags."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from ..errors import AscError

if TYPE_CHECKING:
    from ..api.client import AscClient

ENV_BASE_URL = "ASC_BASE_URL"
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", dest="format", action="store_const", const="json", help="JSON")
    fmt.add_argument("--csv", dest="format", action="store_const", const="csv", help="CSV")
    parser.set_defaults(format="table")


def base_url(args: argparse.Namespace) -> str:
    from ..api.client import DEFAULT_BASE_URL

    url: str = (
        getattr(args, "base_url", None)
        or os.environ.get(ENV_BASE_URL, "").strip()
        or DEFAULT_BASE_URL
    )
    if not url.startswith(("http://", "https://")):
        raise AscError(
            f"The base URL {url!r} is not an http(s) URL.",
            hint="Use a URL such as https://api.appstoreconnect.apple.com",
        )
    return url.rstrip("/")


def api_client(args: argparse.Namespace) -> AscClient:
    """A client for the configured server with the resolved credentials."""
    from ..api.auth import JwtAuth
    from ..api.client import AscClient
    from ..credentials import resolve_credentials

    creds = resolve_credentials()
    auth = JwtAuth(creds.issuer_id, creds.key_id, creds.private_key())
    return AscClient(base_url(args), auth)
