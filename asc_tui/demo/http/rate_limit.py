"""The hourly request budget per API key, over a rolling hour, as in ``X-Rate-Limit``."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW = 3600.0


class RateLimiter:
    def __init__(self, limit: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 0:
            raise ValueError("the rate limit cannot be negative")
        self.limit = limit
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str) -> tuple[bool, int]:
        """Count a request for ``bucket``: (allowed, remaining after it). A request over
        the budget is refused and not counted."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(bucket, deque())
            while hits and hits[0] <= now - WINDOW:
                hits.popleft()
            if len(hits) >= self.limit:
                return False, 0
            hits.append(now)
            return True, self.limit - len(hits)

    def header(self, remaining: int) -> str:
        return f"user-hour-lim:{self.limit};user-hour-rem:{remaining};"
