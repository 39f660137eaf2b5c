"""Fetching one analytics report segment from its pre-signed URL into a file, and checking
it against what Apple announced (``sizeInBytes`` and the MD5 ``checksum``).

The URL is checked first (``api/urls.py``) and fetched with the plain HTTP client it is
given, which never sends the API token. A URL that answers 401 or 403 (expired: they live
about five minutes) raises :class:`UrlRefused`, so that the caller can ask for fresh ones;
every other failure is a DownloadError that says what happened.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import httpx

from ..api.analytics_reports import AnalyticsReportSegment
from ..api.urls import check_url
from ..errors import DownloadError, UrlError
from .limits import StallGuard

CHUNK = 64 * 1024
"""Bytes read from the network at a time."""


class UrlRefused(Exception):
    """The segment's URL answered 401 or 403: it has expired (or was never good)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(f"HTTP {status} {code}")
        self.status = status
        self.code = code


def _s3_code(body: bytes) -> str:
    match = re.search(rb"<Code>([A-Za-z]+)</Code>", body)
    return match.group(1).decode() if match else ""


def segment_url(segment: AnalyticsReportSegment, label: str) -> str:
    """The segment's download URL, checked; a DownloadError when it has none or a bad one."""
    if not segment.url.strip():
        raise DownloadError(
            f"Apple gave no download link for {label}.",
            reason="http",
            hint="Refresh the instance and try again later.",
        )
    try:
        return check_url(segment.url, what=f"The download link of {label}")
    except UrlError as error:
        raise DownloadError(
            error.message, reason="http", hint="Refresh the instance and try again later."
        ) from None


async def fetch_segment(
    http: httpx.AsyncClient,
    url: str,
    label: str,
    expected: int | None,
    target: Path,
    received: Callable[[int], None],
) -> tuple[int, str]:
    """Stream ``url`` into ``target``; ``received(n)`` is called after each chunk of ``n``
    bytes. Stops reading once past ``expected`` bytes (the announced size). Returns the
    bytes read and their MD5 (hex). Raises UrlRefused or DownloadError."""
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    try:
        async with http.stream("GET", url) as response:
            if response.status_code in (401, 403):
                code = _s3_code(await response.aread())
                raise UrlRefused(response.status_code, code or "Forbidden")
            if response.status_code != 200:
                raise DownloadError(
                    f"The download of {label} answered HTTP {response.status_code}.",
                    reason="http",
                )
            stall = StallGuard(label)
            with target.open("wb") as out:
                async for chunk in response.aiter_raw(CHUNK):
                    stall.feed(len(chunk))
                    out.write(chunk)
                    md5.update(chunk)
                    size += len(chunk)
                    received(len(chunk))
                    if expected is not None and size > expected:
                        break
    except httpx.InvalidURL as error:
        raise DownloadError(
            f"The download link of {label} is not a usable URL ({error}).",
            reason="http",
            hint="Refresh the instance and try again later.",
        ) from None
    except httpx.TransportError as error:
        raise DownloadError(
            f"The download of {label} was interrupted after {size:,} bytes "
            f"({type(error).__name__}).",
            reason="interrupted",
            hint="Nothing was saved. Check the connection and download it again.",
        ) from None
    return size, md5.hexdigest()


def verify_segment(segment: AnalyticsReportSegment, label: str, size: int, md5: str) -> None:
    """A DownloadError unless ``size`` and ``md5`` are what Apple announced for it."""
    expected = segment.size_in_bytes
    if expected is not None and size != expected:
        raise DownloadError(
            f"{label.capitalize()} has {size:,} bytes instead of the {expected:,} Apple announced.",
            reason="size",
            hint="Nothing was saved. The transfer was incomplete: download it again.",
        )
    if segment.checksum and md5 != segment.checksum:
        raise DownloadError(
            f"{label.capitalize()} failed its checksum: its MD5 is {md5}, "
            f"Apple announced {segment.checksum}.",
            reason="checksum",
            hint="Nothing was saved. The file was damaged in transit: download it again; "
            "if it keeps failing, Apple's copy is damaged, so try again tomorrow.",
        )
