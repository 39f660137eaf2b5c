"""Every URL asc-tui uses, from the user (the base URL, a profile's) or from the server (a
next-page link, a download link), is checked here first: an absolute http(s) URL with a
host and a valid port, without spaces or control characters. Anything else is a
:class:`~asc_tui.errors.UrlError` naming the URL and the problem, never a traceback.

:func:`origin_change` says how a URL leaves an origin (another scheme, host or port), so
that a message names the real difference. Standard library only: the command line checks
``--base-url`` before any network module is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import UrlError

DEFAULT_BASE_URL = "https://api.appstoreconnect.apple.com"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_BAD_CHARACTERS = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SHOWN = 80


@dataclass(frozen=True)
class Origin:
    """A URL's scheme, host and port."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        default = _DEFAULT_PORTS.get(self.scheme)
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{host}{port}"


def shown(url: str) -> str:
    """A URL as quoted in a message: escaped (no control characters), at most 80 long."""
    text = url if len(url) <= _SHOWN else url[: _SHOWN - 1] + "…"
    return repr(text)


def _origin(url: str, what: str) -> Origin:
    def bad(problem: str) -> UrlError:
        return UrlError(f"{what} {shown(url)} is not a usable URL: {problem}.")

    if _BAD_CHARACTERS.search(url):
        raise bad("it contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise bad(str(error).rstrip(".").lower() or "it cannot be parsed") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise bad(f"it is not an http(s) URL (scheme {scheme or 'missing'!r})")
    host = (parts.hostname or "").lower()
    if not host:
        raise bad("it has no host")
    if port == 0:
        raise bad("port 0 is not a port")
    return Origin(scheme, host, port if port is not None else _DEFAULT_PORTS[scheme])


def check_url(url: str, *, what: str = "The URL") -> str:
    """``url`` (stripped of surrounding blanks) if it is usable, else UrlError.

    ``what`` starts the message: "The base URL", "The server's next-page link"…
    """
    url = url.strip()
    _origin(url, what)
    return url


def origin_of(url: str, *, what: str = "The URL") -> Origin:
    return _origin(url.strip(), what)


def resolve(link: str, base: str, *, what: str) -> str:
    """``link`` made absolute against ``base`` (a relative link is allowed), checked."""
    try:
        joined = urljoin(base, link.strip())
    except ValueError:
        joined = link
    _origin(joined, what)
    return joined


def origin_change(url: str, origin: Origin, *, what: str = "The URL") -> str | None:
    """How ``url`` leaves ``origin``: "another host (h)", "another port (p)", "another
    scheme (s)"; None when it stays. ``url`` must already be checked."""
    other = _origin(url, what)
    if other.host != origin.host:
        return f"another host ({other.host})"
    if other.scheme != origin.scheme:
        return f"another scheme ({other.scheme}, not {origin.scheme})"
    if other.port != origin.port:
        return f"another port ({other.port}, not {origin.port})"
    return None
