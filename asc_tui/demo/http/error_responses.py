"""Apple-style error responses: ``{"errors": [{id, status, code, title, detail, source}]}``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

NOT_AUTHORIZED_DETAIL = (
    "Provide a properly configured and signed bearer token, and make sure that it has not "
    "expired. Learn more about Generating Tokens for API Requests "
    "https://developer.apple.com/go/?id=api-generating-tokens"
)

_STANDARD: dict[int, tuple[str, str, str]] = {
    400: ("PARAMETER_ERROR.INVALID", "A parameter has an invalid value", ""),
    401: (
        "NOT_AUTHORIZED",
        "Authentication credentials are missing or invalid.",
        NOT_AUTHORIZED_DETAIL,
    ),
    403: (
        "FORBIDDEN_ERROR",
        "This request is forbidden for security reasons",
        "The API key in use does not allow this request",
    ),
    404: ("NOT_FOUND", "The specified resource does not exist", ""),
    405: ("METHOD_NOT_ALLOWED", "The request method is not valid for the resource path", ""),
    409: ("CONFLICT", "The request cannot be fulfilled because of the state of the resource", ""),
    429: (
        "RATE_LIMIT_EXCEEDED",
        "The request rate limit has been reached.",
        "We've received too many requests for this API. Please wait and try again or slow "
        "down your request rate.",
    ),
    500: (
        "UNEXPECTED_ERROR",
        "An unexpected error occurred.",
        "An unexpected error occurred on the server side. If this issue continues, contact "
        "us at https://developer.apple.com/contact/.",
    ),
    503: (
        "SERVICE_UNAVAILABLE",
        "The service is temporarily unavailable.",
        "The App Store Connect API is temporarily unavailable. Try again later.",
    ),
}


class ApiError(Exception):
    """An error response; raised by handlers, rendered by the app's exception handler."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str = "",
        *,
        parameter: str | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {title}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.pointer = pointer

    def document(self, error_id: str) -> dict[str, Any]:
        error: dict[str, Any] = {
            "id": error_id,
            "status": str(self.status),
            "code": self.code,
            "title": self.title,
        }
        if self.detail:
            error["detail"] = self.detail
        if self.parameter is not None:
            error["source"] = {"parameter": self.parameter}
        elif self.pointer is not None:
            error["source"] = {"pointer": self.pointer}
        return {"errors": [error]}


def standard_error(status: int) -> ApiError:
    """What App Store Connect typically answers with ``status``."""
    known = _STANDARD.get(status)
    if known is not None:
        return ApiError(status, *known)
    try:
        phrase = HTTPStatus(status).phrase
        code = HTTPStatus(status).name
    except ValueError:
        phrase, code = "Error", "UNEXPECTED_ERROR"
    return ApiError(status, code, phrase)


def not_authorized() -> ApiError:
    return standard_error(401)


def rate_limited() -> ApiError:
    return standard_error(429)


def not_found(kind: str, resource_id: str) -> ApiError:
    return ApiError(
        404,
        "NOT_FOUND",
        "The specified resource does not exist",
        f"There is no resource of type '{kind}' with id '{resource_id}'",
    )


def path_error(path: str) -> ApiError:
    return ApiError(
        404,
        "PATH_ERROR",
        "The URL path is not valid",
        f"The path '{path}' does not match a defined resource type",
    )


def method_not_allowed(method: str) -> ApiError:
    return ApiError(
        405,
        "METHOD_NOT_ALLOWED",
        "The request method is not valid for the resource path",
        f"The method '{method}' is not allowed for this resource",
    )


def invalid_parameter(parameter: str, detail: str) -> ApiError:
    return ApiError(
        400,
        "PARAMETER_ERROR.INVALID",
        "A parameter has an invalid value",
        detail,
        parameter=parameter,
    )


def illegal_parameter(parameter: str) -> ApiError:
    return ApiError(
        400,
        "PARAMETER_ERROR.ILLEGAL",
        "A parameter is not allowed for this request",
        f"The parameter '{parameter}' can not be used with this request",
        parameter=parameter,
    )


def forbidden() -> ApiError:
    """What Apple answers when the API key's role does not allow the request."""
    return standard_error(403)


def unprocessable(pointer: str, detail: str) -> ApiError:
    """A request body that is not a valid entity (422)."""
    return ApiError(
        422,
        "ENTITY_UNPROCESSABLE",
        "The request entity is not valid.",
        detail,
        pointer=pointer,
    )


def state_conflict(detail: str) -> ApiError:
    """A create that would duplicate an existing resource (409)."""
    return ApiError(
        409,
        "STATE_ERROR",
        "The request cannot be fulfilled because of the state of another resource.",
        detail,
    )
