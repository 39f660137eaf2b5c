"""One load lifecycle for every data region of a screen.

idle → loading (elapsed time; "retry 2/4 in 3 s" while the client retries) → loaded / empty /
failed / stale. The status line, the region's empty text and the error panel are all
derived from a region's ``LoadState``, so a failure never reads as "0 results" and a load
still under way never reads as "nothing here".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api.retry import RetryEvent
    from .error_report import ErrorReport


class Phase(Enum):
    IDLE = "idle"
    LOADING = "loading"
    LOADED = "loaded"
    EMPTY = "empty"
    FAILED = "failed"
    """Nothing to show: the load failed before anything arrived."""
    STALE = "stale"
    """What is shown is from before: the load that would have replaced it failed, or it
    came from the response cache past its freshness window (``cached_at``)."""


def retry_text(event: RetryEvent, waited: float = 0.0) -> str:
    """ "retry 2/4 in 3 s (HTTP 503)", the wait counted down by ``waited`` seconds."""
    left = event.delay - waited
    wait = f" in {math.ceil(left)} s" if left > 0 else ""
    reason = f" ({event.reason})" if event.reason else ""
    return f"retry {event.attempt}/{event.attempts}{wait}{reason}"


@dataclass(frozen=True, slots=True)
class LoadState:
    """A data region's load: its phase, the items shown, and timing."""

    phase: Phase = Phase.IDLE
    count: int = 0
    """Items shown: so far while loading, from before when failed/stale."""
    started: float = 0.0
    """``time.monotonic()`` when the load under way began."""
    retry: RetryEvent | None = None
    retry_at: float = 0.0
    """``time.monotonic()`` when the retry was announced (its wait counts down from it)."""
    error: ErrorReport | None = None
    before: Phase = Phase.IDLE
    """The phase before this load began (a cancelled load goes back to it)."""
    cached_at: float | None = None
    """``time.time()`` when what is shown was fetched, when it came from the response
    cache rather than from the server just now ("cached 3 h ago")."""

    @property
    def loading(self) -> bool:
        return self.phase is Phase.LOADING

    @property
    def has_data(self) -> bool:
        return self.count > 0

    def load(self, now: float) -> LoadState:
        before = self.before if self.loading else self.phase
        return LoadState(Phase.LOADING, self.count, now, before=before, cached_at=self.cached_at)

    def progress(self, count: int) -> LoadState:
        return replace(self, count=count, retry=None)

    def retrying(self, event: RetryEvent, now: float) -> LoadState:
        return replace(self, retry=event, retry_at=now) if self.loading else self

    def done(self, count: int, cached_at: float | None = None, *, stale: bool = False) -> LoadState:
        """Loaded; ``cached_at`` when it came from the response cache, ``stale`` when that
        is past its freshness window."""
        phase = Phase.STALE if stale and count else Phase.LOADED if count else Phase.EMPTY
        return LoadState(phase, count, cached_at=cached_at)

    def fail(self, report: ErrorReport) -> LoadState:
        phase = Phase.STALE if self.count else Phase.FAILED
        return LoadState(phase, self.count, error=report, cached_at=self.cached_at)

    def cancel(self) -> LoadState:
        """Back to what was shown before the load began (stale if it had data)."""
        if self.before in (Phase.IDLE, Phase.LOADING):
            phase = Phase.STALE if self.count else Phase.IDLE
            return LoadState(phase, self.count, cached_at=self.cached_at)
        return LoadState(self.before, self.count, error=self.error, cached_at=self.cached_at)

    def elapsed(self, now: float) -> float:
        return max(now - self.started, 0.0) if self.loading else 0.0


def loading_text(
    what: str, state: LoadState, now: float, *, so_far: bool = True, label: str = ""
) -> str:
    """ "Loading builds… 100 so far · 12 s · retry 2/4 in 3 s" (``label`` instead of
    "Loading builds…", e.g. "Connecting…")."""
    parts = [label or f"Loading {what}…"]
    if so_far and state.count:
        parts[0] += f" {state.count:,} so far"
    seconds = int(state.elapsed(now))
    if seconds >= 1:
        parts.append(f"{seconds} s")
    if state.retry is not None:
        parts.append(retry_text(state.retry, now - state.retry_at))
    return " · ".join(parts)


def age_text(seconds: float) -> str:
    """ "cached 3 h ago"; "" under a minute (as good as just fetched)."""
    if seconds < 60:
        return ""
    if seconds < 3600:
        return f"cached {int(seconds // 60)} min ago"
    if seconds < 2 * 86400:
        return f"cached {int(seconds // 3600)} h ago"
    return f"cached {int(seconds // 86400)} days ago"


def failed_text(what: str, state: LoadState) -> str:
    """What a failed or stale region says instead of a count: what failed, what is shown
    and what `r` does (first, so a narrow status line keeps them), then after how many
    tries it was given up."""
    error = state.error
    title = error.title if error is not None else "failed"
    tries = f" · gave up after {error.tries} tries" if error is not None and error.tries > 1 else ""
    if error is not None and error.stopped_at_page and state.phase is Phase.STALE:
        shown = f"{state.count:,} {what} shown, the rest not loaded"
        if error.resumable:
            return f"✗ {title} on page {error.stopped_at_page}: {shown} · r resumes{tries}"
        return f"✗ {title}: {shown} · r loads them again{tries}"
    if state.phase is Phase.STALE:
        text = f"✗ {title}: the {what} shown may be incomplete or out of date · r retries"
        return text + tries
    return f"✗ {title}: the {what} could not be loaded · r retries{tries}"
