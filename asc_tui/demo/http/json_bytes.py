"""The demo server's JSON bodies: compact UTF-8, for documents of any depth (call-stack
trees nest deeper than the ``json`` module allows; see ``asc_tui.deepjson``)."""

from __future__ import annotations

from typing import Any

from ... import deepjson


def encode(document: Any) -> bytes:
    """Compact UTF-8 JSON of ``document``, however deeply it nests."""
    return deepjson.dumps(
        document, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()
