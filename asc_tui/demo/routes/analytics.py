"""Analytics Reports endpoints: report requests (list, read, create, delete), their reports,
report instances and segments, as JSON:API with paging, filters and sparse fieldsets.

Roles as in App Store Connect: Admin (and the Account Holder) may do everything; Finance
and Sales and Reports may read and download but not create or delete requests; every other
role gets 403 from all of these endpoints.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..data.analytics_catalog import ACCESS_TYPES, CATEGORIES, GRANULARITIES
from ..data.analytics_records import (
    AnalyticsState,
    InstanceRecord,
    ReportRecord,
    RequestRecord,
    SegmentRecord,
)
from ..data.builds import app_spec
from ..http.error_responses import (
    forbidden,
    invalid_parameter,
    not_found,
    state_conflict,
    unprocessable,
)
from ..http.json_bytes import encode
from ..http.paging import paginate
from ..http.query import Query
from ..http.responses import PAGED, base_url, find_app, json_response
from .analytics_downloads import segment_attributes
from .resources import sparse

MANAGING_ROLES = frozenset({"ADMIN", "ACCOUNT_HOLDER"})
READING_ROLES = MANAGING_ROLES | {"FINANCE", "SALES", "SALES_AND_REPORTS"}
MAX_INCLUDED = 50
"""``include=reports`` links at most this many reports per request (Apple's limit[...])."""


def _require_role(request: Request, *, manage: bool = False) -> None:
    key_id = request.scope.get("state", {}).get("key_id")
    role = request.app.state.roles.get(key_id, "ADMIN")
    if role not in (MANAGING_ROLES if manage else READING_ROLES):
        raise forbidden()


def _state(request: Request) -> AnalyticsState:
    state: AnalyticsState = request.app.state.analytics
    return state


def _relationship(base: str, kind: str, resource_id: str, name: str) -> dict[str, Any]:
    return {
        name: {
            "links": {
                "self": f"{base}/v1/{kind}/{resource_id}/relationships/{name}",
                "related": f"{base}/v1/{kind}/{resource_id}/{name}",
            }
        }
    }


def request_resource(
    record: RequestRecord, base: str, reports: Sequence[ReportRecord] | None = None
) -> dict[str, Any]:
    relationships = _relationship(base, "analyticsReportRequests", record.id, "reports")
    if reports is not None:
        relationships["reports"]["data"] = [
            {"type": "analyticsReports", "id": r.id} for r in reports[:MAX_INCLUDED]
        ]
    return {
        "type": "analyticsReportRequests",
        "id": record.id,
        "attributes": {
            "accessType": record.access_type,
            "stoppedDueToInactivity": record.stopped,
        },
        "relationships": relationships,
        "links": {"self": f"{base}/v1/analyticsReportRequests/{record.id}"},
    }


def report_resource(record: ReportRecord, base: str) -> dict[str, Any]:
    return {
        "type": "analyticsReports",
        "id": record.id,
        "attributes": {"name": record.kind.name, "category": record.kind.category},
        "relationships": _relationship(base, "analyticsReports", record.id, "instances"),
        "links": {"self": f"{base}/v1/analyticsReports/{record.id}"},
    }


def instance_resource(record: InstanceRecord, base: str) -> dict[str, Any]:
    return {
        "type": "analyticsReportInstances",
        "id": record.id,
        "attributes": {
            "granularity": record.granularity,
            "processingDate": record.processing_date.isoformat(),
        },
        "relationships": _relationship(base, "analyticsReportInstances", record.id, "segments"),
        "links": {"self": f"{base}/v1/analyticsReportInstances/{record.id}"},
    }


def segment_resource(request: Request, record: SegmentRecord) -> dict[str, Any]:
    return {
        "type": "analyticsReportSegments",
        "id": record.id,
        "attributes": segment_attributes(request, record),
        "links": {"self": f"{base_url(request)}/v1/analyticsReportSegments/{record.id}"},
    }


def _single(request: Request, data: dict[str, Any], **extra: Any) -> Response:
    return json_response({"data": data, **extra, "links": {"self": str(request.url)}})


# --- report requests --------------------------------------------------------------------


def _requests_document(
    request: Request, query: Query, records: Sequence[RequestRecord], *, single: bool
) -> Response:
    includes = query.enum("include", ("reports",))
    base, state = base_url(request), _state(request)
    fields = query.fields("analyticsReportRequests")
    page = None if single else paginate(request, records)
    chosen = records if page is None else page.items
    data: list[dict[str, Any]] = []
    included: dict[str, dict[str, Any]] = {}
    for record in chosen:
        reports = state.reports_of(record) if includes else None
        data.append(sparse(request_resource(record, base, reports), fields))
        for report in (reports or [])[:MAX_INCLUDED]:
            resource = report_resource(report, base)
            included[report.id] = sparse(resource, query.fields("analyticsReports"))
    document: dict[str, Any] = {"data": data[0] if single else data}
    if includes:
        document["included"] = list(included.values())
    if page is None:
        document["links"] = {"self": str(request.url)}
    else:
        document.update(links=page.links, meta=page.meta)
    return json_response(document)


async def app_report_requests(request: Request) -> Response:
    _require_role(request)
    query = Query(
        request, ("filter[accessType]", "include", *PAGED), prefixes=("fields[", "limit[")
    )
    app = find_app(request)
    access = query.enum("filter[accessType]", ACCESS_TYPES)
    records = [
        r
        for r in _state(request).requests_of(app.app_id)
        if access is None or r.access_type in access
    ]
    return _requests_document(request, query, records, single=False)


def _find_request(request: Request) -> RequestRecord:
    request_id = request.path_params["id"]
    record = _state(request).request(request_id)
    if record is None:
        raise not_found("analyticsReportRequests", request_id)
    return record


async def get_report_request(request: Request) -> Response:
    _require_role(request)
    query = Query(request, ("include",), prefixes=("fields[", "limit["))
    return _requests_document(request, query, [_find_request(request)], single=True)


async def delete_report_request(request: Request) -> Response:
    _require_role(request, manage=True)
    Query(request, ())
    record = _find_request(request)
    _state(request).delete(record.id)
    return Response(status_code=204)


def _create_body(document: Any) -> tuple[str, str]:
    """(access type, app ID) from an AnalyticsReportRequestCreateRequest, or 422."""
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise unprocessable("/data", "The request body must have a 'data' object.")
    if data.get("type") != "analyticsReportRequests":
        raise unprocessable("/data/type", "The type must be 'analyticsReportRequests'.")
    attributes = data.get("attributes")
    access = attributes.get("accessType") if isinstance(attributes, dict) else None
    if access not in ACCESS_TYPES:
        raise unprocessable(
            "/data/attributes/accessType",
            f"'{access}' is not a valid accessType. Expected one of: {', '.join(ACCESS_TYPES)}",
        )
    relationships = data.get("relationships")
    app = relationships.get("app") if isinstance(relationships, dict) else None
    linkage = app.get("data") if isinstance(app, dict) else None
    if (
        not isinstance(linkage, dict)
        or linkage.get("type") != "apps"
        or not isinstance(linkage.get("id"), str)
    ):
        raise unprocessable(
            "/data/relationships/app", "The relationship 'app' is required: {type: apps, id}."
        )
    return str(access), str(linkage["id"])


async def create_report_request(request: Request) -> Response:
    _require_role(request, manage=True)
    Query(request, ())
    try:
        document = await request.json()
    except ValueError:
        raise unprocessable("", "The request body is not valid JSON.") from None
    access, app_id = _create_body(document)
    if app_spec(app_id) is None:
        raise not_found("apps", app_id)
    created = _state(request).create(app_id, access)
    if created is None:
        raise state_conflict(
            f"An active {access} report request already exists for the app '{app_id}'."
        )
    data = request_resource(created, base_url(request))
    body = encode({"data": data, "links": {"self": data["links"]["self"]}})
    return Response(body, status_code=201, media_type="application/json")


# --- reports ----------------------------------------------------------------------------


async def request_reports(request: Request) -> Response:
    _require_role(request)
    query = Query(request, ("filter[name]", "filter[category]", *PAGED), prefixes=("fields[",))
    names, categories = query.csv("filter[name]"), query.enum("filter[category]", CATEGORIES)
    reports = [
        r
        for r in _state(request).reports_of(_find_request(request))
        if (names is None or r.kind.name in names)
        and (categories is None or r.kind.category in categories)
    ]
    page = paginate(request, reports)
    fields, base = query.fields("analyticsReports"), base_url(request)
    data = [sparse(report_resource(r, base), fields) for r in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


def _find_report(request: Request) -> ReportRecord:
    report_id = request.path_params["id"]
    record = _state(request).report(report_id)
    if record is None:
        raise not_found("analyticsReports", report_id)
    return record


async def get_report(request: Request) -> Response:
    _require_role(request)
    query = Query(request, ())
    resource = report_resource(_find_report(request), base_url(request))
    return _single(request, sparse(resource, query.fields("analyticsReports")))


# --- instances --------------------------------------------------------------------------


def _dates(query: Query, name: str) -> Collection[date] | None:
    values = query.csv(name)
    if values is None:
        return None
    try:
        return {date.fromisoformat(v) for v in values}
    except ValueError:
        raise invalid_parameter(
            name, f"'{','.join(values)}' is not a valid value for '{name}': use YYYY-MM-DD"
        ) from None


async def report_instances(request: Request) -> Response:
    _require_role(request)
    query = Query(
        request, ("filter[granularity]", "filter[processingDate]", *PAGED), prefixes=("fields[",)
    )
    granularities = query.enum("filter[granularity]", GRANULARITIES)
    dates = _dates(query, "filter[processingDate]")
    instances = [
        i
        for i in _state(request).instances_of(_find_report(request))
        if (granularities is None or i.granularity in granularities)
        and (dates is None or i.processing_date in dates)
    ]
    page = paginate(request, instances)
    fields, base = query.fields("analyticsReportInstances"), base_url(request)
    data = [sparse(instance_resource(i, base), fields) for i in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


def _find_instance(request: Request) -> InstanceRecord:
    instance_id = request.path_params["id"]
    record = _state(request).instance(instance_id)
    if record is None:
        raise not_found("analyticsReportInstances", instance_id)
    return record


async def get_instance(request: Request) -> Response:
    _require_role(request)
    query = Query(request, ())
    resource = instance_resource(_find_instance(request), base_url(request))
    return _single(request, sparse(resource, query.fields("analyticsReportInstances")))


# --- segments ---------------------------------------------------------------------------


async def instance_segments(request: Request) -> Response:
    _require_role(request)
    query = Query(request, PAGED, prefixes=("fields[",))
    segments = _state(request).segments_of(_find_instance(request))
    page = paginate(request, segments)
    fields = query.fields("analyticsReportSegments")

    def build() -> list[dict[str, Any]]:  # sizes and checksums: gzip of the whole file
        return [sparse(segment_resource(request, s), fields) for s in page.items]

    data = await run_in_threadpool(build)
    return json_response({"data": data, "links": page.links, "meta": page.meta})


async def get_segment(request: Request) -> Response:
    _require_role(request)
    query = Query(request, ())
    segment_id = request.path_params["id"]
    record = _state(request).segment(segment_id)
    if record is None:
        raise not_found("analyticsReportSegments", segment_id)
    resource = await run_in_threadpool(segment_resource, request, record)
    return _single(request, sparse(resource, query.fields("analyticsReportSegments")))
