"""Endpoints for apps, builds and pre-release versions (JSON:API collections and
instances, with paging, filters, sorting, includes and sparse fieldsets)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..data import builds as db
from ..data.catalog import APPS, AppSpec
from ..http.error_responses import not_found
from ..http.paging import paginate
from ..http.query import Filter, Query
from ..http.responses import PAGED, base_url, find_app, find_build, find_version, json_response
from .resources import app_of, app_resource, build_resource, pre_release_version_resource, sparse

BUILD_INCLUDES = (
    "preReleaseVersion",
    "individualTesters",
    "betaGroups",
    "betaBuildLocalizations",
    "appEncryptionDeclaration",
    "betaAppReviewSubmission",
    "app",
    "buildBetaDetail",
    "appStoreVersion",
    "icons",
    "buildBundles",
    "buildUpload",
)
"""Accepted ``include`` values of builds; only preReleaseVersion and app are served."""
METRIC_PARAMS = ("filter[platform]", "filter[metricType]", "filter[deviceType]")


def _paged_builds(request: Request, builds: Sequence[db.BuildRecord]) -> Response:
    query = Query(request, ("fields[builds]", *PAGED), prefixes=())
    page = paginate(request, builds)
    base, fields = base_url(request), query.fields("builds")
    data = [sparse(build_resource(b, base), fields) for b in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


def _newest_first(builds: Iterable[db.BuildRecord]) -> list[db.BuildRecord]:
    return sorted(builds, key=lambda b: (b.uploaded, b.id), reverse=True)


# --- apps -------------------------------------------------------------------------------

_APP_SORTS: dict[str, Callable[[AppSpec], str]] = {
    "name": lambda a: a.name,
    "bundleId": lambda a: a.bundle_id,
    "sku": lambda a: a.sku,
}


async def list_apps(request: Request) -> Response:
    query = Query(
        request,
        ("filter[name]", "filter[bundleId]", "filter[sku]", "filter[id]", "sort", *PAGED),
        prefixes=("fields[", "limit["),
    )
    sort = query.choice("sort", [s for k in _APP_SORTS for s in (k, f"-{k}")]) or "name"
    apps = sorted(APPS, key=_APP_SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    for name, attribute in (
        ("filter[name]", "name"),
        ("filter[bundleId]", "bundle_id"),
        ("filter[sku]", "sku"),
        ("filter[id]", "app_id"),
    ):
        wanted = query.csv(name)
        if wanted is not None:
            apps = [a for a in apps if getattr(a, attribute) in wanted]
    page = paginate(request, apps)
    fields = query.fields("apps")
    data = [sparse(app_resource(a, base_url(request)), fields) for a in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


async def get_app(request: Request) -> Response:
    query = Query(request, (), prefixes=("fields[", "limit["))
    app = find_app(request)
    data = sparse(app_resource(app, base_url(request)), query.fields("apps"))
    return json_response({"data": data, "links": {"self": str(request.url)}})


async def app_builds(request: Request) -> Response:
    return _paged_builds(request, _newest_first(db.builds_of(find_app(request).app_id)))


async def app_pre_release_versions(request: Request) -> Response:
    query = Query(request, ("fields[preReleaseVersions]", *PAGED), prefixes=())
    versions = list(reversed(db.pre_release_versions(find_app(request).app_id)))
    page = paginate(request, versions)
    fields, base = query.fields("preReleaseVersions"), base_url(request)
    data = [sparse(pre_release_version_resource(v, base), fields) for v in page.items]
    return json_response({"data": data, "links": page.links, "meta": page.meta})


# --- builds -----------------------------------------------------------------------------


def _marketing_key(build: db.BuildRecord) -> tuple[str, int, int]:
    return (build.app_id, build.version_index, build.number)


_BUILD_SORTS: dict[str, Callable[[db.BuildRecord], Any]] = {
    "uploadedDate": lambda b: (b.uploaded, b.id),
    "version": lambda b: (b.number, b.id),
    "preReleaseVersion": _marketing_key,
}
_BUILD_FILTERS = (
    "filter[app]",
    "filter[id]",
    "filter[version]",
    "filter[expired]",
    "filter[processingState]",
    "filter[preReleaseVersion.version]",
    "filter[preReleaseVersion]",
    "filter[buildAudienceType]",
)


def _filter_builds(query: Query, builds: list[db.BuildRecord]) -> list[db.BuildRecord]:
    checks: list[tuple[Filter, Callable[[db.BuildRecord], str]]] = [
        (query.csv("filter[app]"), lambda b: b.app_id),
        (query.csv("filter[id]"), lambda b: b.id),
        (query.csv("filter[version]"), lambda b: str(b.number)),
        (query.enum("filter[expired]", ("false", "true")), lambda b: str(b.expired).lower()),
        (
            query.enum("filter[processingState]", ("PROCESSING", "FAILED", "INVALID", "VALID")),
            lambda b: b.processing_state,
        ),
        (query.csv("filter[preReleaseVersion.version]"), lambda b: b.marketing_version),
        (query.csv("filter[preReleaseVersion]"), lambda b: b.pre_release_version_id),
        (
            query.enum("filter[buildAudienceType]", ("INTERNAL_ONLY", "APP_STORE_ELIGIBLE")),
            lambda b: b.audience,
        ),
    ]
    for wanted, value in checks:
        if wanted is not None:
            builds = [b for b in builds if value(b) in wanted]
    return builds


def _included(query: Query, includes: Filter, page: Sequence[db.BuildRecord], base: str) -> Any:
    included: list[dict[str, Any]] = []
    if includes and "preReleaseVersion" in includes:
        fields = query.fields("preReleaseVersions")
        for version_id in dict.fromkeys(b.pre_release_version_id for b in page):
            version = db.pre_release_version_by_id(version_id)
            if version is not None:
                included.append(sparse(pre_release_version_resource(version, base), fields))
    if includes and "app" in includes:
        fields = query.fields("apps")
        for build in {b.app_id: b for b in page}.values():
            included.append(sparse(app_resource(app_of(build), base), fields))
    return included


async def list_builds(request: Request) -> Response:
    query = Query(
        request, (*_BUILD_FILTERS, "sort", "include", *PAGED), prefixes=("fields[", "limit[")
    )
    sort = query.choice("sort", [s for k in _BUILD_SORTS for s in (k, f"-{k}")])
    sort = sort or "-uploadedDate"
    includes = query.enum("include", BUILD_INCLUDES)
    builds = _filter_builds(query, list(db.all_builds()))
    builds.sort(key=_BUILD_SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    page = paginate(request, builds)
    base, fields = base_url(request), query.fields("builds")
    data = [sparse(build_resource(b, base, linkage=includes or ()), fields) for b in page.items]
    document: dict[str, Any] = {"data": data}
    if includes:
        document["included"] = _included(query, includes, page.items, base)
    document.update(links=page.links, meta=page.meta)
    return json_response(document)


async def get_build(request: Request) -> Response:
    query = Query(request, ("include",), prefixes=("fields[", "limit["))
    includes = query.enum("include", BUILD_INCLUDES)
    build, base = find_build(request), base_url(request)
    data = sparse(build_resource(build, base, linkage=includes or ()), query.fields("builds"))
    document: dict[str, Any] = {"data": data}
    if includes:
        document["included"] = _included(query, includes, [build], base)
    document["links"] = {"self": str(request.url)}
    return json_response(document)


async def build_pre_release_version(request: Request) -> Response:
    query = Query(request, ("fields[preReleaseVersions]",), prefixes=())
    version = db.pre_release_version_by_id(find_build(request).pre_release_version_id)
    if version is None:
        raise not_found("preReleaseVersions", request.path_params["id"])
    data = pre_release_version_resource(version, base_url(request))
    return json_response(
        {
            "data": sparse(data, query.fields("preReleaseVersions")),
            "links": {"self": str(request.url)},
        }
    )


async def build_app(request: Request) -> Response:
    query = Query(request, ("fields[apps]",), prefixes=())
    data = sparse(
        app_resource(app_of(find_build(request)), base_url(request)), query.fields("apps")
    )
    return json_response({"data": data, "links": {"self": str(request.url)}})


# --- pre-release versions ---------------------------------------------------------------


async def get_pre_release_version(request: Request) -> Response:
    query = Query(request, ("include",), prefixes=("fields[", "limit["))
    includes = query.enum("include", ("app", "builds")) or ()
    version, base = find_version(request), base_url(request)
    data = pre_release_version_resource(version, base)
    app = db.app_spec(version.app_id)
    if "app" in includes and app is not None:
        data["relationships"]["app"]["data"] = {"type": "apps", "id": app.app_id}
    document: dict[str, Any] = {"data": sparse(data, query.fields("preReleaseVersions"))}
    if "app" in includes and app is not None:
        document["included"] = [sparse(app_resource(app, base), query.fields("apps"))]
    document["links"] = {"self": str(request.url)}
    return json_response(document)


async def pre_release_version_builds(request: Request) -> Response:
    version = find_version(request)
    builds = [b for b in db.builds_of(version.app_id) if b.pre_release_version_id == version.id]
    return _paged_builds(request, _newest_first(builds))


async def pre_release_version_app(request: Request) -> Response:
    query = Query(request, ("fields[apps]",), prefixes=())
    app = db.app_spec(find_version(request).app_id)
    if app is None:
        raise not_found("apps", request.path_params["id"])
    data = sparse(app_resource(app, base_url(request)), query.fields("apps"))
    return json_response({"data": data, "links": {"self": str(request.url)}})
