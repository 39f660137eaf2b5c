"""What the user sees for an exception: a title, the message and what to do next.

Only ``AscApp.show_error`` calls this; nothing else in the UI formats exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import (
    AscError,
    AuthenticationError,
    ConflictError,
    CredentialsError,
    DownloadError,
    ForbiddenError,
    IncompleteListError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
)
from ..safe_text import visible

_TITLES: list[tuple[type[AscError], str]] = [
    (AuthenticationError, "API key rejected"),
    (ForbiddenError, "Access denied"),
    (NotFoundError, "Not found"),
    (ConflictError, "Refused: conflicts with what exists"),
    (RateLimitError, "Rate limit reached"),
    (ServerError, "Server error"),
    (NetworkError, "Network error"),
    (ResponseFormatError, "Unreadable response"),
    (CredentialsError, "Credentials problem"),
    (DownloadError, "Download failed"),
]

MAX_MESSAGE = 200


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """An error as shown: title, message, what to do next."""

    title: str
    message: str
    hint: str = ""
    stopped_at_page: int = 0
    """A list that stopped part way: the page it stopped at (0: not a list that stopped)."""
    resumable: bool = False
    """That list can go on from that page (``r`` asks for it, not for page 1 again)."""
    tries: int = 1
    """How many times the request that failed was tried."""

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= MAX_MESSAGE else first[: MAX_MESSAGE - 1] + "…"


def _title(error: AscError) -> str:
    return next((t for cls, t in _TITLES if isinstance(error, cls)), "Error")


def describe_error(error: BaseException) -> ErrorReport:
    """An AscError's own message and hint; anything else as a one-line generic message."""
    if isinstance(error, IncompleteListError):  # titled by what stopped it
        title = _title(error.cause) if error.cause is not None else "List stopped"
        return ErrorReport(
            title,
            visible(error.message, multiline=True),
            visible(error.hint, multiline=True),
            stopped_at_page=error.pages + 1,
            resumable=error.resume_url is not None,
            tries=error.cause.tries if error.cause is not None else 1,
        )
    if isinstance(error, AscError):
        return ErrorReport(
            _title(error),
            visible(error.message, multiline=True),
            visible(error.hint, multiline=True),
            tries=error.tries,
        )
    detail = visible(_short(str(error)))
    message = f"Unexpected error: {type(error).__name__}" + (f": {detail}" if detail else "")
    return ErrorReport("Unexpected error", message, "Press r to retry, Esc to go back.")
