"""One exception tree for everything a user can cause; each carries a message that says
what happened and what to do next. No exception message ever contains a secret. Hints name
no key of the TUI: the CLI prints the same message (the TUI's error panel names its keys)."""

from __future__ import annotations

from dataclasses import dataclass, field


class AscError(Exception):
    """Base class. ``str(error)`` is the user-facing message; ``hint`` says what to do next."""

    hint: str = ""
    tries: int = 1
    """How many times the request was tried before this error was given up on."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__

    def user_message(self) -> str:
        """The message plus the hint, ready to show in a terminal."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class CredentialsError(AscError):
    """Credentials are missing or malformed (before any request is made)."""


class MissingCredentialsError(CredentialsError):
    hint = (
        "Store a key with `asc-tui auth add --issuer-id ID --key-id KEYID --key-file "
        "AuthKey_KEYID.p8`, or set ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH (or "
        "ASC_PRIVATE_KEY) for this session, or try the built-in demo with `asc-tui --demo`."
    )


class ProfileError(CredentialsError):
    """A profile that does not exist, already exists, or has an unusable name."""

    hint = "See your profiles with `asc-tui auth list`."


class KeyringError(CredentialsError):
    """The OS keyring cannot be used: none is available, it is locked, or it does not
    answer. The message names the backend that was tried; the hint says how to fix it."""

    hint = (
        "For this session only, set ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY_PATH "
        "(nothing is stored), or try `asc-tui --demo`."
    )


class NoKeyringError(KeyringError):
    """No OS keyring backend is usable here (e.g. no D-Bus session over SSH)."""


class KeyringLockedError(KeyringError):
    """The keyring is locked and could not be unlocked (no prompt possible, or dismissed)."""


class ConfigError(AscError):
    """The settings file cannot be read or written."""

    hint = (
        "Fix or delete the file; the keys themselves stay in the keyring (add a profile "
        "again with `asc-tui auth add`)."
    )


class InvalidKeyError(CredentialsError):
    hint = (
        "Use the AuthKey_KEYID.p8 file downloaded from App Store Connect → Users and Access → "
        "Integrations → App Store Connect API. It can be downloaded only once: if it is lost, "
        "revoke the key there and create a new one."
    )


@dataclass(frozen=True)
class ErrorDetail:
    """One entry of Apple's ``ErrorResponse.errors``."""

    status: str
    code: str
    title: str
    detail: str | None = None
    id: str | None = None
    source: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        if self.detail and self.detail != self.title:
            return f"{self.title}: {self.detail}"
        return self.title


class NetworkError(AscError):
    hint = "Check your network connection or ASC_BASE_URL, then try again."


class ResponseFormatError(AscError):
    hint = "The server sent a response asc-tui cannot read. Try again."


class ApiError(AscError):
    """An HTTP error answer from the API, built from Apple's ErrorResponse body."""

    default_hint = "Try again."

    def __init__(
        self,
        status: int,
        errors: list[ErrorDetail] | None = None,
        *,
        request_id: str | None = None,
        message: str | None = None,
    ) -> None:
        self.status = status
        self.errors = errors or []
        self.request_id = request_id
        first = self.errors[0] if self.errors else None
        self.code = first.code if first else f"HTTP_{status}"
        text = message or (first.text() if first else f"The server answered HTTP {status}.")
        super().__init__(f"{text} ({status} {self.code})", hint=self.default_hint)

    @property
    def title(self) -> str:
        return self.errors[0].title if self.errors else f"HTTP {self.status}"


class BadRequestError(ApiError):
    default_hint = "The request was rejected as invalid; this is likely a bug in asc-tui."


class AuthenticationError(ApiError):
    default_hint = (
        "The API key was rejected: check the issuer ID and key ID, make sure the key has not "
        "been revoked in App Store Connect, and that this machine's clock is correct."
    )


class ForbiddenError(ApiError):
    default_hint = (
        "Your API key's role does not allow this. Ask an Admin in App Store Connect for a key "
        "with a role that can read this data."
    )


class NotFoundError(ApiError):
    """404. ``resource``: the (type, ID) the request's path named, when it named one."""

    default_hint = (
        "It may have been deleted or never existed, or this API key's team cannot see it."
    )
    resource: tuple[str, str] | None = None


class ConflictError(ApiError):
    default_hint = "It already exists or changed meanwhile. Look again, then try again."


class RateLimitError(ApiError):
    default_hint = (
        "App Store Connect's hourly request limit was reached. Wait a few minutes, then try again."
    )


class ServerError(ApiError):
    default_hint = "App Store Connect is having trouble. Wait a moment, then try again."


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def api_error_class(status: int) -> type[ApiError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


class DownloadError(AscError):
    """An analytics download failed; nothing was written (no partial file is left).

    ``reason`` says which check failed: ``size``, ``checksum``, ``gzip``, ``expired``,
    ``http``, ``interrupted``, ``empty``, ``too_large`` or ``filesystem``.
    """

    hint = "Nothing was saved. Download it again; if it keeps failing, try again later."

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reason = reason


class TsvError(AscError):
    """A file cannot be read (or written) as a tab-separated table."""

    hint = "Open a .tsv file as downloaded by asc-tui (it is already uncompressed)."


class UrlError(AscError):
    """A URL that cannot be used: from the user (base URL) or from the server (a next-page
    link, a download link). The message says which URL and what is wrong with it."""

    hint = "Use a URL such as https://api.appstoreconnect.apple.com"


class IncompleteListError(AscError):
    """A list stopped part way: a later page failed, or the server kept sending pages past
    the cap. ``items`` holds what was loaded (filled in by whoever collected the pages),
    ``resume_url`` the page to ask for next to load the rest (None: nothing to resume),
    ``cause`` the error that stopped it (None when the page cap did)."""

    def __init__(
        self,
        message: str,
        *,
        pages: int,
        resume_url: str | None,
        cause: AscError | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.pages = pages
        self.resume_url = resume_url
        self.cause = cause
        self.items: list[object] = []


class UsageError(AscError):
    """A flag's value that the data cannot answer (a device or percentile it lacks): the
    commands exit 2, as for a bad flag."""


class OfflineError(AscError):
    """``--offline``: something needed the network, which is not used in this session."""

    hint = "Run it again without --offline to use the network."


class NotCachedError(OfflineError):
    """``--offline`` and the answer is not in the response cache."""

    hint = (
        "not cached: open it once online (run without --offline); it is kept for the "
        "next offline session."
    )


class IncompleteCrashLogsError(AscError):
    """Some crash logs did not load: the signatures were built from the others.
    ``cause`` is one of the errors that stopped a log."""

    hint = "Run it again to fetch them (the crash logs that loaded are kept in the cache)."

    def __init__(self, message: str, *, cause: AscError) -> None:
        super().__init__(message)
        self.cause = cause
