"""When and how long to wait before retrying a request: 429, 5xx and network failures,
exponential backoff with full jitter, honouring ``Retry-After`` up to a cap, and how long
one try may take in all.

Every retry is announced before its wait as a :class:`RetryEvent` to the client's
``on_retry`` listener (``AscClient(on_retry=…)`` or ``client.on_retry = …``): the command
line prints it as one line on stderr, the app shows it. The listener is called on the
event loop that makes the request and must not block.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryEvent:
    """A failed try that will be retried after ``delay`` seconds.

    ``attempt`` is the try about to be made (2 for the first retry) of at most
    ``attempts``; ``reason`` says what failed ("HTTP 503", "no answer in 20 s"…);
    ``retry_after`` is True when the delay is the server's ``Retry-After``.
    """

    method: str
    path: str
    attempt: int
    attempts: int
    delay: float
    reason: str
    retry_after: bool = False

    def text(self) -> str:
        """E.g. ``GET /v1/apps: HTTP 503; retry 2/4 in 3 s``."""
        wait = f"{self.delay:.0f} s" if self.delay >= 1 else f"{self.delay:.1f} s"
        asked = " (the server's Retry-After)" if self.retry_after else ""
        return (
            f"{self.method} {self.path}: {self.reason}; "
            f"retry {self.attempt}/{self.attempts} in {wait}{asked}"
        )


RetryListener = Callable[[RetryEvent], None]


def retry_after_seconds(response: httpx.Response, now: datetime | None = None) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or an HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class RetryPolicy:
    attempts: int = 4
    """Total tries per request, the first included."""
    timeout_attempts: int = 2
    """Total tries when the server does not answer in time (a mute server is reported
    after two read timeouts, not four)."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """The most time one request waits for ``Retry-After`` in all; a server asking for
    more ends the request at once with the error, saying how long it asked to wait."""
    deadline: float = 60.0
    """Seconds one try may take in all, the whole body included (httpx's timeouts count
    the silence between reads, so a server sending a byte a second never trips them).
    A try that runs past it is not retried."""
    sleep: Callable[[float], Awaitable[None]] | None = None
    """Override for tests; defaults to ``asyncio.sleep``."""
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based): full jitter."""
        cap = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(cap / 2, cap)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """The backoff, or the server's ``Retry-After`` (capped) when it sent one."""
        asked = retry_after_seconds(response) if response is not None else None
        if asked is not None:
            return min(asked, self.max_retry_after)
        return self.backoff(attempt)

    def too_long_to_wait(self, response: httpx.Response, *, already: float = 0.0) -> float | None:
        """The ``Retry-After`` seconds when, with the ``already`` waited for this request,
        they exceed ``max_retry_after``; else None."""
        asked = retry_after_seconds(response)
        if asked is None or already + asked <= self.max_retry_after:
            return None
        return asked

    def should_retry_status(self, method: str, status: int, attempt: int) -> bool:
        return method == "GET" and status in RETRY_STATUSES and attempt < self.attempts

    def should_retry_error(self, method: str, error: httpx.TransportError, attempt: int) -> bool:
        limit = self.timeout_attempts if isinstance(error, httpx.TimeoutException) else None
        return method == "GET" and attempt < min(self.attempts, limit or self.attempts)

    def most_attempts(self, error: httpx.TransportError | None = None) -> int:
        """The most tries a request failing this way gets (for "retry 2/N")."""
        if isinstance(error, httpx.TimeoutException):
            return min(self.attempts, self.timeout_attempts)
        return self.attempts

    async def wait(self, seconds: float) -> None:
        if self.sleep is not None:
            await self.sleep(seconds)
        else:
            import asyncio

            await asyncio.sleep(seconds)


NO_RETRY = RetryPolicy(attempts=1)
