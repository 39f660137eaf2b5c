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
    title: str
    message: str
    hint: str = ""

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


def _short(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= MAX_MESSAGE else first[: MAX_MESSAGE - 1] + "…"


def describe_error(error: BaseException) -> ErrorReport:
    """An AscError's own message and hint; anything else as a one-line generic message."""
    if isinstance(error, AscError):
        title = next((t for cls, t in _TITLES if isinstance(error, cls)), "Error")
        return ErrorReport(
            title, visible(error.message, multiline=True), visible(error.hint, multiline=True)
        )
    detail = visible(_short(str(error)))
    message = f"Unexpected error: {type(error).__name__}" + (f": {detail}" if detail else "")
    return ErrorReport("Unexpected error", message, "Press r to retry, Esc to go back.")
