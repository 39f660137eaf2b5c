"""What a failed answer or a failed connection means, as the typed errors users read.

Apple's ``ErrorResponse`` body becomes an :class:`asc_tui.errors.ApiError` subclass;
httpx's transport errors become sentences naming the server and what went wrong.
"""

from __future__ import annotations

import httpx

from ..errors import ApiError, ErrorDetail, NotFoundError, api_error_class
from ._coerce import as_dict, as_dicts, as_str
from .not_found import not_found_text, resource_in_detail, resource_in_path
from .retry import RetryPolicy


def _request_path(response: httpx.Response) -> str:
    try:
        return response.request.url.path
    except RuntimeError:  # a response made by hand, not for a request
        return ""


def error_from_response(response: httpx.Response) -> ApiError:
    """Build the typed exception for an error response from Apple's ErrorResponse body."""
    details: list[ErrorDetail] = []
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    for item in as_dicts(as_dict(body).get("errors")):
        source = {str(k): as_str(v) for k, v in as_dict(item.get("source")).items()}
        details.append(
            ErrorDetail(
                status=as_str(item.get("status"), str(response.status_code)),
                code=as_str(item.get("code"), f"HTTP_{response.status_code}"),
                title=as_str(item.get("title")) or response.reason_phrase or "Error",
                detail=as_str(item.get("detail")) or None,
                id=as_str(item.get("id")) or None,
                source=source,
            )
        )
    cls = api_error_class(response.status_code)
    message = None
    if not details:
        reason = response.reason_phrase or "error"
        message = f"The server answered HTTP {response.status_code} {reason} without details."
    resource = None  # a 404 for the resource the path names (not for the path itself)
    if cls is NotFoundError and (not details or details[0].code == "NOT_FOUND"):
        detail = details[0].detail if details else None
        resource = resource_in_path(_request_path(response)) or resource_in_detail(detail)
        message = not_found_text(resource, detail) if resource is not None else message
    error = cls(
        response.status_code,
        details,
        request_id=response.headers.get("x-request-id"),
        message=message,
    )
    if isinstance(error, NotFoundError):
        error.resource = resource
    return error


def origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def waited_too_long(error: ApiError, seconds: float, policy: RetryPolicy) -> ApiError:
    """``error`` with a hint saying how long the server asked to wait (Retry-After)."""
    if seconds >= 7200:
        wait = f"{seconds / 3600:,.0f} hours"
    elif seconds >= 120:
        wait = f"{seconds / 60:,.0f} minutes"
    else:
        wait = f"{seconds:,.0f} s"
    error.hint = (
        f"The server asked to wait {wait} before trying again (Retry-After); asc-tui waits "
        f"at most {policy.max_retry_after:.0f} s by itself. Try again later."
    )
    return error


def describe_transport_error(error: httpx.TransportError, url: httpx.URL | None) -> str:
    """What went wrong, e.g. "Could not connect to https://host."; with ``url`` None, the
    short form for a retry line ("could not connect")."""
    if url is None:
        if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
            return "could not connect"
        if isinstance(error, httpx.TimeoutException):
            return "no answer in time"
        if isinstance(error, httpx.RemoteProtocolError):
            return "connection closed early"
        return f"request failed ({type(error).__name__})"
    where = origin(url)
    if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
        return f"Could not connect to {where}."
    if isinstance(error, httpx.TimeoutException):
        return f"{where} did not answer in time."
    if isinstance(error, httpx.RemoteProtocolError):
        return f"The connection to {where} was closed before the response was complete."
    return f"The request to {where} failed ({type(error).__name__})."
