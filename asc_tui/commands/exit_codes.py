"""What every subcommand exits with: the one table of exit codes, and the one place that
turns an error into its exit code and its message on stderr (``cli.main`` calls
:func:`report_error` for any error a command lets through).

Scripts tell the classes apart by code: the key (3, 4), what was asked for (9), the rate
limit (10), the service or the network (5); the README's table is this one."""

from __future__ import annotations

import sys

from ..errors import (
    ApiError,
    AscError,
    AuthenticationError,
    DownloadError,
    ForbiddenError,
    IncompleteListError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    UsageError,
)

EXIT_OK = 0
EXIT_ERROR = 1
"""No usable credentials, a keyring problem, or another error with a message."""
EXIT_USAGE = 2
EXIT_UNAUTHORIZED = 3
"""401: the key was rejected (revoked, or wrong issuer/key ID)."""
EXIT_FORBIDDEN = 4
"""403: the key works but its role may not read this."""
EXIT_NETWORK = 5
"""The service is down for now: the server could not be reached, the connection broke,
or it kept answering with a server error (5xx) after the retries."""
EXIT_API = 6
"""Another error answer from the API (400, 409, 422…) or an answer that cannot be read."""
EXIT_RULE_FAILED = 7
"""``check``: the head build broke at least one rule."""
EXIT_NOT_ENOUGH_DATA = 8
"""``check``: Apple has not collected enough data yet to check every rule."""
EXIT_NOT_FOUND = 9
"""404: the app, build, signature, report… asked for does not exist (or not for this key)."""
EXIT_RATE_LIMITED = 10
"""429: the hourly request limit was still reached after the retries."""

EXIT_CODES: tuple[tuple[str, str], ...] = (
    (str(EXIT_OK), "success"),
    (str(EXIT_ERROR), "no usable credentials, a keyring problem, or another error"),
    (str(EXIT_USAGE), "usage: a bad flag or argument"),
    (str(EXIT_UNAUTHORIZED), "key rejected (401): revoked, or wrong issuer or key ID"),
    (str(EXIT_FORBIDDEN), "forbidden (403): the key's role may not read this"),
    (str(EXIT_NETWORK), "network or server down: no connection, or 5xx after the retries"),
    (str(EXIT_API), "another API error (400, 409, 422…) or an unreadable answer"),
    (str(EXIT_RULE_FAILED), "`check`: a rule failed"),
    (str(EXIT_NOT_ENOUGH_DATA), "`check`: not enough data yet"),
    (str(EXIT_NOT_FOUND), "not found (404)"),
    (str(EXIT_RATE_LIMITED), "rate limited (429) after the retries"),
    ("130, 143, 129", "stopped by Ctrl+C, SIGTERM, SIGHUP"),
    ("141", "the reader of stdout went away (piped into `head`)"),
)
"""Every exit code a subcommand can end with and what it means (README, ``--help``)."""

_BY_ERROR: tuple[tuple[type[AscError], int], ...] = (
    (AuthenticationError, EXIT_UNAUTHORIZED),
    (ForbiddenError, EXIT_FORBIDDEN),
    (NotFoundError, EXIT_NOT_FOUND),
    (RateLimitError, EXIT_RATE_LIMITED),
    (ServerError, EXIT_NETWORK),
    (NetworkError, EXIT_NETWORK),
    (ApiError, EXIT_API),
    (ResponseFormatError, EXIT_API),
    (UsageError, EXIT_USAGE),
)


_BUILDS = "List an app's builds, versions and their IDs with `asc-tui builds APP_ID`."
_INSTANCES = "List a report's instances with `asc-tui analytics instances REPORT_ID`."
LIST_WITH = {
    "apps": "List your apps and their IDs with `asc-tui apps`.",
    "builds": _BUILDS,
    "preReleaseVersions": _BUILDS,
    "diagnosticSignatures": "List a build's signatures with `asc-tui signatures BUILD_ID`.",
    "betaFeedbackCrashSubmissions": (
        "List an app's crash submissions with `asc-tui crashes --app APP_ID --submissions`."
    ),
    "betaFeedbackScreenshotSubmissions": (
        "List an app's screenshot feedback with `asc-tui feedback --app APP_ID`."
    ),
    "analyticsReportRequests": (
        "List an app's report requests with `asc-tui analytics requests APP_ID`."
    ),
    "analyticsReports": "List a request's reports with `asc-tui analytics reports REQUEST_ID`.",
    "analyticsReportInstances": _INSTANCES,
    "analyticsReportSegments": _INSTANCES,
}
"""After "App 123 was not found": the command that lists the IDs of that kind."""


def exit_codes_text() -> str:
    """The table for ``--help``, one code a line."""
    width = max(len(code) for code, _ in EXIT_CODES)
    lines = [f"  {code:<{width}}  {meaning}" for code, meaning in EXIT_CODES]
    return "exit codes (every command):\n" + "\n".join(lines)


def _cause(error: AscError) -> AscError | None:
    """What stopped a partial result (a list that stopped part way, crash logs that did
    not all load): its rows are written, and it says why."""
    cause = getattr(error, "cause", None)
    return cause if isinstance(cause, AscError) else None


def exit_code_for(error: AscError) -> int:
    """The exit code for an error (see :data:`EXIT_CODES`). A partial result exits with
    the code of what stopped it; a download cut off exits as a network error."""
    error = _cause(error) or error
    if isinstance(error, DownloadError) and error.reason == "interrupted":
        return EXIT_NETWORK
    for kind, code in _BY_ERROR:
        if isinstance(error, kind):
            return code
    return EXIT_ERROR


def report_error(error: AscError, *, command: str = "") -> int:
    """Print the error's message and what to do next on stderr (as data: control
    characters are made visible); return its exit code."""
    from ..safe_text import visible

    text = error.user_message()
    if isinstance(error, IncompleteListError) and error.cause is not None:
        # its own hint is the app's (r loads the rest); what stopped it says what to do
        text = f"{error.message}\nThe rows before it were written. {error.cause.hint}".rstrip()
    elif isinstance(error, NotFoundError) and error.resource is not None:
        text = f"{text} {LIST_WITH.get(error.resource[0], '')}".rstrip()
    prefix = f"asc-tui {command}" if command else "asc-tui"
    print(f"{prefix}: {visible(text, multiline=True)}", file=sys.stderr)
    return exit_code_for(error)
