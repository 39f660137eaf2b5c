"""When and how long to wait before retrying a request: 429, 5xx and network failures,
exponential backoff with full jitter, honouring ``Retry-After`` when a server sends it."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class RetryPolicy:
    attempts: int = 4
    """Total tries per request, the first included."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], Awaitable[None]] | None = None
    """Override for tests; defaults to ``asyncio.sleep``."""
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        if response is not None:
            retry_after = response.headers.get("Retry-After", "").strip()
            if retry_after.isdigit():
                return min(float(retry_after), self.max_delay * 4)
        cap = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(cap / 2, cap)

    def should_retry_status(self, method: str, status: int, attempt: int) -> bool:
        return method == "GET" and status in RETRY_STATUSES and attempt < self.attempts

    def should_retry_error(self, method: str, error: httpx.TransportError, attempt: int) -> bool:
        return method == "GET" and attempt < self.attempts

    async def wait(self, seconds: float) -> None:
        if self.sleep is not None:
            await self.sleep(seconds)
        else:
            import asyncio

            await asyncio.sleep(seconds)


NO_RETRY = RetryPolicy(attempts=1)
