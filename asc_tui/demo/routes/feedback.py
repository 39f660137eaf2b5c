"""TestFlight feedback endpoints: an app's crash and screenshot submissions (paged, with
the filters, sort and includes Apple takes), one submission, its crash log, and the
screenshot images (served without a token, like Apple's pre-signed image URLs)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..data.apple_time import apple_timestamp
from ..data.catalog import REFERENCE_NOW
from ..data.crash_logs import crash_log_text
from ..data.feedback import (
    TESTERS,
    FeedbackRecord,
    FeedbackState,
    crash_submission_by_id,
    crash_submissions,
    screenshot_submission_by_id,
    screenshot_submissions,
)
from ..data.feedback_devices import device_family, screen_points
from ..data.screenshot_png import HEIGHT, WIDTH, screenshot_png
from ..http.error_responses import invalid_parameter, not_found
from ..http.json_bytes import encode
from ..http.paging import paginate
from ..http.query import Filter, Query
from ..http.responses import PAGED, base_url, find_app, json_response
from .resources import build_resource, sparse

CRASHES = "betaFeedbackCrashSubmissions"
SCREENSHOTS = "betaFeedbackScreenshotSubmissions"
_FILTERS = (
    "filter[deviceModel]",
    "filter[osVersion]",
    "filter[appPlatform]",
    "filter[devicePlatform]",
    "filter[build]",
    "filter[build.preReleaseVersion]",
    "filter[tester]",
)
_PLATFORMS = ("IOS", "MAC_OS", "TV_OS", "VISION_OS")
SCREENSHOT_PREFIX = "/feedback-screenshots/"


def _attributes(record: FeedbackRecord, base: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "createdDate": apple_timestamp(record.created),
        "comment": record.comment,
        "email": record.email,
        "deviceModel": record.device,
        "osVersion": record.os_version.split(" ")[0],
        "locale": "en-US",
        "timeZone": "Europe/Paris",
        "architecture": "arm64e",
        "connectionType": record.connection,
        "appUptimeInMilliseconds": record.uptime_ms,
        "diskBytesAvailable": 18_000_000_000 + record.battery * 100_000_000,
        "diskBytesTotal": 128_000_000_000,
        "batteryPercentage": record.battery,
        "screenWidthInPoints": screen_points(record.device)[0],
        "screenHeightInPoints": screen_points(record.device)[1],
        "appPlatform": record.app_platform,
        "devicePlatform": record.device_platform,
        "deviceFamily": device_family(record.device),
        "buildBundleId": record.app.bundle_id,
    }
    if record.screenshots:
        expires = apple_timestamp(REFERENCE_NOW + timedelta(days=30))
        attributes["screenshots"] = [
            {
                "url": f"{base}{SCREENSHOT_PREFIX}{record.id}/{n}.png",
                "width": WIDTH,
                "height": HEIGHT,
                "expirationDate": expires,
            }
            for n in range(1, record.screenshots + 1)
        ]
    return attributes


def _resource(record: FeedbackRecord, kind: str, base: str) -> dict[str, Any]:
    relationships: dict[str, Any] = {
        "build": {"data": {"type": "builds", "id": record.build.id}},
        "tester": {"data": {"type": "betaTesters", "id": record.tester_id}},
    }
    if kind == CRASHES:
        related = f"{base}/v1/{CRASHES}/{record.id}/crashLog"
        relationships["crashLog"] = {"links": {"related": related}}
    return {
        "type": kind,
        "id": record.id,
        "attributes": _attributes(record, base),
        "relationships": relationships,
        "links": {"self": f"{base}/v1/{kind}/{record.id}"},
    }


def _tester(record: FeedbackRecord) -> dict[str, Any]:
    first, last, email = TESTERS[record.tester]
    attributes = {"firstName": first, "lastName": last, "email": email}
    return {"type": "betaTesters", "id": record.tester_id, "attributes": attributes}


def _included(records: Sequence[FeedbackRecord], includes: Filter, base: str) -> list[Any]:
    included: list[Any] = []
    if includes and "build" in includes:
        builds = {r.build.id: r.build for r in records}
        included.extend(build_resource(b, base) for b in builds.values())
    if includes and "tester" in includes:
        testers = {r.tester_id: r for r in records}
        included.extend(_tester(r) for r in testers.values())
    return included


def _device_models(query: Query) -> Filter:
    """``filter[deviceModel]``: model identifiers hold a comma themselves (``iPhone15,2``),
    so the list is split only at commas not followed by a digit."""
    raw = query.get("filter[deviceModel]")
    if raw is None:
        return None
    models = tuple(m.strip() for m in re.split(r",(?!\d)", raw) if m.strip())
    if not models:
        raise invalid_parameter("filter[deviceModel]", "The parameter requires a value")
    return models


def _filtered(query: Query, records: Sequence[FeedbackRecord]) -> list[FeedbackRecord]:
    checks: list[tuple[Filter, Callable[[FeedbackRecord], str]]] = [
        (_device_models(query), lambda r: r.device),
        (query.csv("filter[osVersion]"), lambda r: r.os_version.split(" ")[0]),
        (query.enum("filter[appPlatform]", _PLATFORMS), lambda r: r.app_platform),
        (query.enum("filter[devicePlatform]", _PLATFORMS), lambda r: r.device_platform),
        (query.csv("filter[build]"), lambda r: r.build.id),
        (query.csv("filter[build.preReleaseVersion]"), lambda r: r.build.pre_release_version_id),
        (query.csv("filter[tester]"), lambda r: r.tester_id),
    ]
    chosen = list(records)
    for wanted, value in checks:
        if wanted is not None:
            chosen = [r for r in chosen if value(r) in wanted]
    return chosen


def _listing(request: Request, kind: str, records: Sequence[FeedbackRecord]) -> Response:
    query = Query(request, (*_FILTERS, "sort", "include", *PAGED), prefixes=("fields[", "limit["))
    sort = query.choice("sort", ("createdDate", "-createdDate")) or "-createdDate"
    includes = query.enum("include", ("build", "tester"))
    chosen = _filtered(query, records)
    if sort == "createdDate":
        chosen.reverse()
    page = paginate(request, chosen)
    base, fields = base_url(request), query.fields(kind)
    document: dict[str, Any] = {
        "data": [sparse(_resource(r, kind, base), fields) for r in page.items]
    }
    if includes:
        document["included"] = _included(page.items, includes, base)
    document.update(links=page.links, meta=page.meta)
    return json_response(document)


def _state(request: Request) -> FeedbackState:
    state: FeedbackState = request.app.state.feedback
    return state


async def app_crash_submissions(request: Request) -> Response:
    records = crash_submissions(find_app(request).app_id)
    return _listing(request, CRASHES, _state(request).present(records))


async def app_screenshot_submissions(request: Request) -> Response:
    records = screenshot_submissions(find_app(request).app_id)
    return _listing(request, SCREENSHOTS, _state(request).present(records))


def _find(request: Request, kind: str) -> FeedbackRecord:
    """The submission in the path, or 404 (also once it was deleted)."""
    submission_id = request.path_params["id"]
    find = crash_submission_by_id if kind == CRASHES else screenshot_submission_by_id
    record = find(submission_id)
    if record is None or _state(request).deleted(submission_id):
        raise not_found(kind, submission_id)
    return record


async def delete_crash_submission(request: Request) -> Response:
    Query(request, ())
    _state(request).delete(_find(request, CRASHES).id)
    return Response(status_code=204)


async def delete_screenshot_submission(request: Request) -> Response:
    Query(request, ())
    _state(request).delete(_find(request, SCREENSHOTS).id)
    return Response(status_code=204)


async def get_crash_submission(request: Request) -> Response:
    Query(request, ("include",), prefixes=("fields[",))
    record = _find(request, CRASHES)
    data = _resource(record, CRASHES, base_url(request))
    return json_response({"data": data, "links": {"self": str(request.url)}})


async def get_screenshot_submission(request: Request) -> Response:
    Query(request, ("include",), prefixes=("fields[",))
    record = _find(request, SCREENSHOTS)
    data = _resource(record, SCREENSHOTS, base_url(request))
    return json_response({"data": data, "links": {"self": str(request.url)}})


@functools.lru_cache(maxsize=32)
def _crash_log_body(record: FeedbackRecord, base: str, url: str) -> bytes:
    data = {
        "type": "betaCrashLogs",
        "id": record.id,
        "attributes": {"logText": crash_log_text(record.crash_context)},
        "links": {"self": f"{base}/v1/betaCrashLogs/{record.id}"},
    }
    return encode({"data": data, "links": {"self": url}})


async def crash_log(request: Request) -> Response:
    Query(request, (), prefixes=("fields[",))
    record = _find(request, CRASHES)
    body = await run_in_threadpool(_crash_log_body, record, base_url(request), str(request.url))
    return Response(body, media_type="application/json")


async def screenshot_image(request: Request) -> Response:
    record = screenshot_submission_by_id(request.path_params["id"])
    number = request.path_params["n"]
    gone = record is None or _state(request).deleted(record.id)
    if record is None or gone or not 1 <= number <= record.screenshots:
        return Response("Not found", status_code=404, media_type="text/plain")
    return Response(screenshot_png(record.id, number), media_type="image/png")
