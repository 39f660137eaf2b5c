"""The Analytics Reports API: report requests → reports → instances → segments.

Models are parsed as tolerantly as ``models.py`` (null or missing attributes, unknown
values kept as they come). :class:`AnalyticsApi` wraps an :class:`AscClient`; every call
pages through ``links.next`` and turns a 403 into a ForbiddenError whose hint names the
roles that can do it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from ..errors import ConflictError, ForbiddenError
from . import jsonio
from ._coerce import as_bool, as_dict, as_dicts, as_int, as_str
from .client import AscClient
from .models import Page
from .pagination import Listing
from .query import filters

CATEGORIES = ("APP_USAGE", "APP_STORE_ENGAGEMENT", "COMMERCE", "FRAMEWORK_USAGE", "PERFORMANCE")
ACCESS_TYPES = ("ONGOING", "ONE_TIME_SNAPSHOT")
GRANULARITIES = ("DAILY", "WEEKLY", "MONTHLY")

READ_ROLES_HINT = (
    "Reading and downloading analytics reports needs an API key with the Admin, "
    "Sales and Reports, or Finance role. Ask an Admin to create one in App Store Connect → "
    "Users and Access → Integrations."
)
MANAGE_ROLES_HINT = (
    "Creating or deleting analytics report requests needs an API key with the Admin role "
    "(requesting a report type for the first time always does); Sales and Reports and "
    "Finance keys can only read and download reports."
)
T = TypeVar("T")

FIRST_REPORTS_NOTE = (
    "Apple delivers the first reports of a new request about 24 to 48 hours after it is made."
)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(as_str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class AnalyticsReport:
    id: str
    name: str
    category: str
    """One of CATEGORIES, or whatever newer value Apple sends."""

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> AnalyticsReport:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            name=as_str(attrs.get("name")) or "(unnamed report)",
            category=as_str(attrs.get("category"), "UNKNOWN") or "UNKNOWN",
        )


@dataclass(frozen=True, slots=True)
class AnalyticsReportRequest:
    id: str
    access_type: str
    """ONGOING, ONE_TIME_SNAPSHOT, or "" when the server did not say."""
    stopped_due_to_inactivity: bool = False
    reports: tuple[AnalyticsReport, ...] = ()
    """Filled only when the reports were asked for with the request (include)."""

    @property
    def active(self) -> bool:
        return not self.stopped_due_to_inactivity

    @classmethod
    def from_resource(
        cls,
        resource: Mapping[str, Any],
        included: Mapping[str, AnalyticsReport] | None = None,
    ) -> AnalyticsReportRequest:
        attrs = as_dict(resource.get("attributes"))
        linkage = as_dicts(
            as_dict(as_dict(resource.get("relationships")).get("reports")).get("data")
        )
        known = included or {}
        reports = tuple(known[i] for i in (as_str(x.get("id")) for x in linkage) if i in known)
        return cls(
            id=as_str(resource.get("id")),
            access_type=as_str(attrs.get("accessType")),
            stopped_due_to_inactivity=as_bool(attrs.get("stoppedDueToInactivity")),
            reports=reports,
        )


@dataclass(frozen=True, slots=True)
class AnalyticsReportInstance:
    id: str
    granularity: str
    """DAILY, WEEKLY, MONTHLY, or "" when the server did not say."""
    processing_date: date | None = None

    @property
    def processing_date_text(self) -> str:
        return self.processing_date.isoformat() if self.processing_date else "unknown-date"

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> AnalyticsReportInstance:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            granularity=as_str(attrs.get("granularity")),
            processing_date=_date(attrs.get("processingDate")),
        )


@dataclass(frozen=True, slots=True)
class AnalyticsReportSegment:
    id: str
    url: str
    """Pre-signed: fetch it without the Authorization header, within minutes."""
    checksum: str = ""
    """MD5 of the gzip file, in hex ("" when not given)."""
    size_in_bytes: int | None = None

    def __repr__(self) -> str:  # the URL is a short-lived credential: keep it out of logs
        return (
            f"AnalyticsReportSegment(id={self.id!r}, checksum={self.checksum!r}, "
            f"size_in_bytes={self.size_in_bytes!r})"
        )

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> AnalyticsReportSegment:
        attrs = as_dict(resource.get("attributes"))
        size = as_int(attrs.get("sizeInBytes"), -1)
        return cls(
            id=as_str(resource.get("id")),
            url=as_str(attrs.get("url")),
            checksum=as_str(attrs.get("checksum")).strip().lower(),
            size_in_bytes=size if size >= 0 else None,
        )


@contextmanager
def _role_hint(hint: str) -> Iterator[None]:
    try:
        yield
    except ForbiddenError as error:
        error.hint = hint
        raise


class AnalyticsApi:
    """The analytics endpoints on an :class:`AscClient` (which keeps retries, paging and
    typed errors). Every list is a :class:`~asc_tui.api.pagination.Listing`: iterate it for
    a page at a time, or await it for every item."""

    def __init__(self, client: AscClient) -> None:
        self.client = client

    def _list(
        self, path: str, params: Mapping[str, str], parse: Callable[[Mapping[str, Any]], T]
    ) -> Listing[T]:
        """The collection at ``path``, each resource parsed; a 403 names the roles."""
        return self.client.paginate(
            path,
            params,
            lambda page: [parse(r) for r in page.data],
            forbidden_hint=READ_ROLES_HINT,
        )

    async def _read(self, path: str, parse: Callable[[Mapping[str, Any]], T]) -> T:
        """The resource at ``path``, parsed; a 403 names the roles that can read it."""
        with _role_hint(READ_ROLES_HINT):
            doc = as_dict(await self.client.get_json(path))
        return parse(as_dict(doc.get("data")))

    # -- report requests -------------------------------------------------------------

    def requests(
        self,
        app_id: str,
        access_type: str | Iterable[str] | None = None,
        *,
        include_reports: bool = False,
    ) -> Listing[AnalyticsReportRequest]:
        """An app's report requests (optionally only of ``access_type``)."""
        params = filters(accessType=access_type)
        if include_reports:
            params["include"] = "reports"

        def parse(page: Page) -> list[AnalyticsReportRequest]:
            reports = _included_reports(page.included)
            return [AnalyticsReportRequest.from_resource(r, reports) for r in page.data]

        path = f"/v1/apps/{app_id}/analyticsReportRequests"
        return self.client.paginate(path, params, parse, forbidden_hint=READ_ROLES_HINT)

    async def get_request(self, request_id: str) -> AnalyticsReportRequest:
        return await self._read(
            f"/v1/analyticsReportRequests/{request_id}", AnalyticsReportRequest.from_resource
        )

    async def create_request(self, app_id: str, access_type: str) -> AnalyticsReportRequest:
        """Request reports for an app (201). A second active request of the same access
        type is a ConflictError; reports arrive 24 to 48 hours later (FIRST_REPORTS_NOTE)."""
        body = {
            "data": {
                "type": "analyticsReportRequests",
                "attributes": {"accessType": access_type},
                "relationships": {"app": {"data": {"type": "apps", "id": app_id}}},
            }
        }
        try:
            with _role_hint(MANAGE_ROLES_HINT):
                response = await self.client.request(
                    "POST", "/v1/analyticsReportRequests", json_body=body
                )
        except ConflictError as error:
            error.hint = (
                f"This app already has an active {access_type} report request: use that "
                "one, or delete it first."
            )
            raise
        doc = as_dict(jsonio.loads(response.content))
        return AnalyticsReportRequest.from_resource(as_dict(doc.get("data")))

    async def delete_request(self, request_id: str) -> None:
        """Delete a report request (204); its reports stop being generated."""
        with _role_hint(MANAGE_ROLES_HINT):
            await self.client.request("DELETE", f"/v1/analyticsReportRequests/{request_id}")

    # -- reports ---------------------------------------------------------------------

    def reports(
        self,
        request_id: str,
        *,
        category: str | Iterable[str] | None = None,
        name: str | Iterable[str] | None = None,
    ) -> Listing[AnalyticsReport]:
        """A request's reports, optionally only of some categories or exact names."""
        return self._list(
            f"/v1/analyticsReportRequests/{request_id}/reports",
            filters(category=category, name=name),
            AnalyticsReport.from_resource,
        )

    async def get_report(self, report_id: str) -> AnalyticsReport:
        return await self._read(f"/v1/analyticsReports/{report_id}", AnalyticsReport.from_resource)

    # -- instances and segments ------------------------------------------------------

    def instances(
        self,
        report_id: str,
        *,
        granularity: str | Iterable[str] | None = None,
        processing_dates: Iterable[date | str] | None = None,
    ) -> Listing[AnalyticsReportInstance]:
        """A report's instances (kept 35 days), optionally of some granularities/dates."""
        dates = [d.isoformat() if isinstance(d, date) else d for d in processing_dates or ()]
        return self._list(
            f"/v1/analyticsReports/{report_id}/instances",
            filters(granularity=granularity, processingDate=dates),
            AnalyticsReportInstance.from_resource,
        )

    async def get_instance(self, instance_id: str) -> AnalyticsReportInstance:
        return await self._read(
            f"/v1/analyticsReportInstances/{instance_id}", AnalyticsReportInstance.from_resource
        )

    def segments(self, instance_id: str) -> Listing[AnalyticsReportSegment]:
        """Every segment of an instance, with URLs valid for about five minutes."""
        return self._list(
            f"/v1/analyticsReportInstances/{instance_id}/segments",
            {},
            AnalyticsReportSegment.from_resource,
        )

    async def get_segment(self, segment_id: str) -> AnalyticsReportSegment:
        return await self._read(
            f"/v1/analyticsReportSegments/{segment_id}", AnalyticsReportSegment.from_resource
        )


def _included_reports(included: list[Mapping[str, Any]]) -> dict[str, AnalyticsReport]:
    return {
        as_str(item.get("id")): AnalyticsReport.from_resource(item)
        for item in included
        if item.get("type") == "analyticsReports"
    }
