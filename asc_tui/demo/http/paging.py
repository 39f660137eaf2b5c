"""Collection paging like App Store Connect: ``limit`` ≤ 200 (default 50), an absolute
``links.next`` carrying an opaque, tamper-evident ``cursor``, and ``meta.paging``."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

from .error_responses import invalid_parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_CURSOR_KEY = b"asc-tui demo cursor v1"
_MAC_BYTES = 5

T = TypeVar("T")


def parse_limit(request: Request, *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if not 1 <= value <= maximum:
        raise invalid_parameter(
            "limit",
            f"'{raw}' is not a valid value for the parameter 'limit'. "
            f"The value must be an integer between 1 and {maximum}",
        )
    return value


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(payload: bytes) -> bytes:
    return hmac.new(_CURSOR_KEY, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def make_cursor(offset: int) -> str:
    """``<offset>.<mac>``, both URL-safe base64 (Apple's look like ``Aw.AOYOFlQ``)."""
    payload = offset.to_bytes(max(1, (offset.bit_length() + 7) // 8), "big")
    return f"{_b64(payload)}.{_b64(_mac(payload))}"


def read_cursor(text: str) -> int:
    payload_text, dot, mac_text = text.partition(".")
    try:
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (binascii.Error, ValueError):
        payload, mac = b"", b""
    if not dot or not payload or len(payload) > 4 or not hmac.compare_digest(mac, _mac(payload)):
        raise invalid_parameter("cursor", f"'{text}' is not a valid cursor for this request")
    return int.from_bytes(payload, "big")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    links: dict[str, str]
    meta: dict[str, Any]


def paginate(request: Request, items: Sequence[T]) -> Page[T]:
    """The slice of ``items`` that ``limit`` and ``cursor`` select, with links and meta."""
    limit = parse_limit(request)
    cursor = request.query_params.get("cursor")
    offset = read_cursor(cursor) if cursor is not None else 0
    chosen = items[offset : offset + limit]
    links = {"self": str(request.url)}
    paging: dict[str, Any] = {"total": len(items), "limit": limit}
    if offset + limit < len(items):
        next_cursor = make_cursor(offset + limit)
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        query = urlencode([("cursor", next_cursor), *rest])
        links["next"] = str(request.url.replace(query=query))
        paging["nextCursor"] = next_cursor
    return Page(chosen, links, {"paging": paging})
