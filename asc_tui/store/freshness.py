"""How long each kind of cached answer counts as fresh, and how a read may use the cache.

The store owns this policy; the caching transport (:mod:`.cache_transport`) applies it to
each request. A read runs in one of four modes, set for the task doing it
(:func:`reading`):

- NORMAL: a cached answer younger than its kind's window is used, else the server is asked;
- REFRESH (``r``, ``--refresh``): the server is asked, and the answer kept;
- STALE_OK: any cached answer is used at once (a screen then refreshes it in the
  background when it is older than its window: stale-while-revalidate);
- offline (``--offline``, a property of the whole cache, not a mode): only the cache.

What each read used is counted in a :class:`CacheUse` (how old the oldest cached answer
was, whether one was stale), so a screen can say "cached 3 h ago".
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

MINUTE = 60.0
HOUR = 60 * MINUTE
DAY = 24 * HOUR
FOREVER = float("inf")

DEFAULT_WINDOWS: dict[str, float] = {
    "apps": 5 * MINUTE,
    "builds": 5 * MINUTE,
    "metrics": DAY,
    "signatures": DAY,
    "logs": DAY,
    "analytics": HOUR,
    "analytics-instance": FOREVER,
    "other": 5 * MINUTE,
}
"""Seconds an answer of each kind stays fresh. Apps and builds change often; Apple
recomputes metrics, signatures and their logs about once a day; an analytics report
instance, once produced, never changes."""

NOT_KEPT = ("/segments", "/analyticsReportSegments/", "/betaFeedbackScreenshotSubmissions")
"""Answers never kept: analytics segments and screenshot feedback hold pre-signed download
URLs (a secret, valid for a while only)."""


_FEEDBACK_ITEM = re.compile(r"^/v1/betaFeedback(?:Crash|Screenshot)Submissions/([^/]+)$")


def deleted_feedback(method: str, path: str) -> str | None:
    """The ID of the TestFlight feedback submission a DELETE of ``path`` removes (the kept
    answers that hold it are then wrong), else None."""
    found = _FEEDBACK_ITEM.match(path) if method == "DELETE" else None
    return found.group(1) if found else None


def kind_of(path: str) -> str:
    """The kind of answer at an API path (``/v1/builds/1/perfPowerMetrics`` → metrics)."""
    if path.endswith("/perfPowerMetrics"):
        return "metrics"
    if path.endswith("/diagnosticSignatures"):
        return "signatures"
    if path.endswith(("/logs", "/crashLog")):
        return "logs"
    if "/analyticsReportInstances/" in path:
        return "analytics-instance"
    if "/analyticsReport" in path:
        return "analytics"
    if "/builds" in path or "/preReleaseVersions" in path:
        return "builds"
    if path.endswith("/apps") or "/apps/" in path:
        return "apps"
    return "other"


def keeps(path: str) -> bool:
    """Whether an answer from ``path`` may be kept at all (API paths, no download links)."""
    return "/v1/" in path and not any(part in path for part in NOT_KEPT)


class Mode(Enum):
    NORMAL = "normal"
    REFRESH = "refresh"
    STALE_OK = "stale-ok"


@dataclass
class CacheUse:
    """What one read took from the cache."""

    hits: int = 0
    """Answers served from the persistent cache instead of the network."""
    fetched: int = 0
    """Answers fetched from the server."""
    oldest: float | None = None
    """``time.time()`` when the oldest answer served from the cache was fetched."""
    stale: bool = False
    """An answer served was older than its kind's window."""
    children: list[CacheUse] = field(default_factory=list, repr=False)

    def served(self, fetched_at: float, stale: bool) -> None:
        self.hits += 1
        self.noted(fetched_at, stale)

    def noted(self, fetched_at: float, stale: bool) -> None:
        """Data from before was used (from the cache or from memory)."""
        self.oldest = fetched_at if self.oldest is None else min(self.oldest, fetched_at)
        self.stale = self.stale or stale

    def add(self, other: CacheUse) -> None:
        self.hits += other.hits
        self.fetched += other.fetched
        if other.oldest is not None:
            self.noted(other.oldest, other.stale)

    def age(self, now: float | None = None) -> float | None:
        if self.oldest is None:
            return None
        return max((time.time() if now is None else now) - self.oldest, 0.0)


_READING: ContextVar[tuple[Mode, CacheUse] | None] = ContextVar("cache_reading", default=None)


def current() -> tuple[Mode, CacheUse | None]:
    reading = _READING.get()
    return (Mode.NORMAL, None) if reading is None else reading


@contextlib.contextmanager
def reading(mode: Mode | None = None) -> Iterator[CacheUse]:
    """Reads in this block use ``mode`` (default: the enclosing block's, else NORMAL) and
    are counted in the CacheUse yielded, which is added to the enclosing block's."""
    outer_mode, outer = current()
    use = CacheUse()
    token = _READING.set((mode or outer_mode, use))
    try:
        yield use
    finally:
        with contextlib.suppress(ValueError):  # a generator closed from another context
            _READING.reset(token)
        if outer is not None:
            outer.add(use)


@dataclass(frozen=True)
class CacheSettings:
    """The ``cache`` section of config.json: ``{"max_megabytes": 200, "fresh_seconds":
    {"apps": 300, "metrics": 86400, …}}`` (a window of ``null`` is forever)."""

    max_megabytes: float = 200
    windows: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WINDOWS))

    @property
    def max_bytes(self) -> int:
        return int(self.max_megabytes * 1024 * 1024)

    def window(self, kind: str) -> float:
        return self.windows.get(kind, self.windows.get("other", DEFAULT_WINDOWS["other"]))

    def is_stale(self, kind: str, age: float) -> bool:
        return age > self.window(kind)

    @classmethod
    def from_json(cls, data: Any) -> CacheSettings:
        """Raises ValueError saying what is wrong."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("'cache' is not an object")
        size = data.get("max_megabytes", 200)
        if isinstance(size, bool) or not isinstance(size, int | float) or size < 0:
            raise ValueError("'cache.max_megabytes' is not a number of megabytes ≥ 0")
        raw = data.get("fresh_seconds") or {}
        if not isinstance(raw, dict):
            raise ValueError("'cache.fresh_seconds' is not an object")
        windows = dict(DEFAULT_WINDOWS)
        for kind, seconds in raw.items():
            if kind not in DEFAULT_WINDOWS:
                known = ", ".join(DEFAULT_WINDOWS)
                raise ValueError(f"'cache.fresh_seconds' names {kind!r} (known: {known})")
            if seconds is None:
                windows[kind] = FOREVER
            elif isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
                raise ValueError(f"'cache.fresh_seconds.{kind}' is not a number of seconds ≥ 0")
            else:
                windows[kind] = float(seconds)
        return cls(float(size), windows)

    def to_json(self) -> dict[str, Any] | None:
        """The section to write (None when everything is the default)."""
        if self == CacheSettings():
            return None
        changed = {
            kind: (None if seconds == FOREVER else seconds)
            for kind, seconds in self.windows.items()
            if DEFAULT_WINDOWS.get(kind) != seconds
        }
        return {"max_megabytes": self.max_megabytes, "fresh_seconds": changed}
