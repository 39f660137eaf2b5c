"""Endpoints for power and performance metrics, diagnostic signatures and their logs.
Documents are generated off the event loop and cached as encoded bytes."""

from __future__ import annotations

import functools

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ..data import builds as db
from ..data.diagnostic_logs import limited, signature_logs
from ..data.metric_catalog import METRIC_TYPES
from ..data.perf_power_metrics import Filter, app_metrics, build_metrics
from ..data.signatures import DIAGNOSTIC_TYPES, SignatureRecord, signature_by_id, signatures_for
from ..http.error_responses import not_found
from ..http.json_bytes import encode
from ..http.paging import paginate, parse_limit
from ..http.query import Query
from ..http.responses import (
    LOGS_JSON,
    METRICS_JSON,
    PAGED,
    base_url,
    find_app,
    find_build,
    json_response,
)
from .resources import signature_resource, sparse

METRIC_PARAMS = ("filter[platform]", "filter[metricType]", "filter[deviceType]")


def _metric_filters(request: Request) -> tuple[Filter, Filter]:
    query = Query(request, METRIC_PARAMS, prefixes=())
    query.enum("filter[platform]", ("IOS",))
    devices = query.csv("filter[deviceType]")
    return query.enum("filter[metricType]", METRIC_TYPES), devices and tuple(sorted(set(devices)))


@functools.lru_cache(maxsize=128)
def _build_metrics_body(build: db.BuildRecord, types: Filter, devices: Filter) -> bytes:
    return encode(build_metrics(build, types, devices))


@functools.lru_cache(maxsize=32)
def _app_metrics_body(app_id: str, types: Filter, devices: Filter) -> bytes:
    return encode(app_metrics(app_id, types, devices))


async def build_perf_power_metrics(request: Request) -> Response:
    types, devices = _metric_filters(request)
    body = await run_in_threadpool(_build_metrics_body, find_build(request), types, devices)
    return Response(body, media_type=METRICS_JSON)


async def app_perf_power_metrics(request: Request) -> Response:
    types, devices = _metric_filters(request)
    body = await run_in_threadpool(_app_metrics_body, find_app(request).app_id, types, devices)
    return Response(body, media_type=METRICS_JSON)


async def build_diagnostic_signatures(request: Request) -> Response:
    query = Query(
        request, ("filter[diagnosticType]", "fields[diagnosticSignatures]", *PAGED), prefixes=()
    )
    kinds = query.enum("filter[diagnosticType]", DIAGNOSTIC_TYPES)
    signatures = [
        s
        for s in signatures_for(find_build(request))
        if kinds is None or s.diagnostic_type in kinds
    ]
    page = paginate(request, signatures)
    base, fields = base_url(request), query.fields("diagnosticSignatures")
    data = [sparse(signature_resource(s, base), fields) for s in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


@functools.lru_cache(maxsize=16)
def _logs_body(signature: SignatureRecord, limit: int) -> bytes:
    return encode(limited(signature_logs(signature), limit))


async def signature_logs_route(request: Request) -> Response:
    Query(request, ("limit",), prefixes=())
    limit = parse_limit(request)
    signature_id = request.path_params["id"]
    signature = signature_by_id(signature_id)
    if signature is None:
        raise not_found("diagnosticSignatures", signature_id)
    body = await run_in_threadpool(_logs_body, signature, limit)
    return Response(body, media_type=LOGS_JSON)
