"""How large a downloaded report may grow when it is gunzipped: a gzip bomb (a megabyte
that expands to gigabytes) is stopped while it is being written, and nothing is kept.

A segment may expand to at most ``EXPANSION_RATIO`` times the compressed size Apple
declared for it (``sizeInBytes``; real TSV files compress 5 to 20 times, a bomb about 1,000),
and a whole report to at most the ceiling: 2,048 MB, or ``$ASC_TUI_MAX_REPORT_MB``.
"""

from __future__ import annotations

import os
import time

from ..errors import DownloadError

EXPANSION_RATIO = 200
CEILING_ENV = "ASC_TUI_MAX_REPORT_MB"
DEFAULT_CEILING_MB = 2048
_MB = 1024 * 1024


def ceiling_bytes() -> int:
    """The most bytes one report may have once gunzipped (``$ASC_TUI_MAX_REPORT_MB``)."""
    text = os.environ.get(CEILING_ENV, "").strip()
    try:
        megabytes = float(text) if text else DEFAULT_CEILING_MB
    except ValueError:
        raise DownloadError(
            f"{CEILING_ENV}={text!r} is not a number of megabytes.",
            reason="too_large",
            hint=f"Set it to a number such as {DEFAULT_CEILING_MB}, or unset it.",
        ) from None
    return max(1, int(megabytes * _MB))


def segment_limit(declared: int | None, room: int) -> tuple[int, bool]:
    """The most bytes a segment of ``declared`` compressed bytes may expand to, when
    ``room`` bytes are left under the ceiling; and whether the ratio (not the ceiling) set it."""
    if declared is not None and declared * EXPANSION_RATIO < room:
        return max(declared * EXPANSION_RATIO, 1), True
    return room, False


def _size(count: int) -> str:
    return f"{count / _MB:,.0f} MB" if count >= _MB else f"{count:,} bytes"


def too_large(label: str, limit: int, declared: int | None, by_ratio: bool) -> DownloadError:
    if by_ratio and declared is not None:
        why = (
            f"more than {EXPANSION_RATIO} times the {_size(declared)} Apple declared "
            f"({_size(limit)})"
        )
    else:
        why = f"past the limit of {_size(limit)} for a report ({CEILING_ENV})"
    return DownloadError(
        f"{label.capitalize()} expands to {why} when gunzipped; asc-tui stopped there.",
        reason="too_large",
        hint="Nothing was saved. A file that grows this much is damaged or hostile; if this "
        f"report is really that large, raise {CEILING_ENV} (now {ceiling_bytes() // _MB:,}).",
    )


STALL_SECONDS = 60.0
STALL_BYTES = 16 * 1024
"""A download that brings fewer than 16 KB in any 60 s is given up (a server trickling a
byte a second never trips the read timeout, which counts only silence)."""


class StallGuard:
    """Fed every chunk of one download; raises DownloadError when it crawls."""

    def __init__(self, label: str, *, seconds: float | None = None) -> None:
        self._clock = time.monotonic
        self.label = label
        self.seconds = STALL_SECONDS if seconds is None else seconds
        self._window_start = self._clock()
        self._window_bytes = 0

    def feed(self, count: int) -> None:
        self._window_bytes += count
        now = self._clock()
        if now - self._window_start < self.seconds:
            return
        if self._window_bytes < STALL_BYTES:
            raise DownloadError(
                f"The download of {self.label} almost stopped: {self._window_bytes:,} bytes "
                f"in the last {self.seconds:g} s.",
                reason="interrupted",
                hint="Nothing was saved. Check the connection and download it again.",
            )
        self._window_start, self._window_bytes = now, 0
