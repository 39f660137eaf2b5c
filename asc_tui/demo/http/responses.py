"""Shared by the endpoints: media types, JSON responses, absolute base URL, and lookups
that answer 404 NOT_FOUND like Apple."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..data import builds as db
from ..data.catalog import AppSpec
from .error_responses import not_found
from .json_bytes import encode

JSON = "application/json"
METRICS_JSON = "application/vnd.apple.xcode-metrics+json"
LOGS_JSON = "application/vnd.apple.diagnostic-logs+json"
PAGED = ("limit", "cursor")
"""Parameters every paged collection accepts (``cursor`` arrives in ``links.next``)."""


def json_response(document: Any, media_type: str = JSON) -> Response:
    return Response(encode(document), media_type=media_type)


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def find_app(request: Request) -> AppSpec:
    app_id = request.path_params["id"]
    app = db.app_spec(app_id)
    if app is None:
        raise not_found("apps", app_id)
    return app


def find_build(request: Request) -> db.BuildRecord:
    build_id = request.path_params["id"]
    build = db.build_by_id(build_id)
    if build is None:
        raise not_found("builds", build_id)
    return build


def find_version(request: Request) -> db.PreReleaseVersionRecord:
    version_id = request.path_params["id"]
    version = db.pre_release_version_by_id(version_id)
    if version is None:
        raise not_found("preReleaseVersions", version_id)
    return version
