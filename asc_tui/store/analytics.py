"""What the analytics screens loaded this session, so going back and forth between
requests, reports and instances does not fetch them again; and the one place the UI
downloads an instance from. Reached as ``Store.analytics``. No Textual here.

``segment_http`` makes the plain HTTP client used for the pre-signed segment URLs; by
default ``download_instance`` makes its own (tests and the in-process demo give one so the
URLs reach the in-process server).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from ..analytics.download import (
    DownloadResult,
    ProgressCallback,
    download_instance,
    instance_path,
)
from ..api.analytics_reports import (
    CATEGORIES,
    AnalyticsApi,
    AnalyticsReport,
    AnalyticsReportInstance,
    AnalyticsReportRequest,
)
from ..api.client import AscClient
from .partial_lists import PartialLists

_CATEGORY_ORDER = {name: n for n, name in enumerate(CATEGORIES)}


def report_sort_key(report: AnalyticsReport) -> tuple[int, str, str]:
    """Reports grouped by category (Apple's order, unknown ones last), then by name."""
    return (_CATEGORY_ORDER.get(report.category, len(CATEGORIES)), report.category, report.name)


def request_sort_key(request: AnalyticsReportRequest) -> tuple[bool, str, str]:
    """ONGOING first, then by access type and ID."""
    return (request.access_type != "ONGOING", request.access_type, request.id)


def instance_sort_key(instance: AnalyticsReportInstance) -> tuple[str, int]:
    """Newest first; on one date DAILY, WEEKLY, then MONTHLY."""
    order = {"DAILY": 0, "WEEKLY": 1, "MONTHLY": 2}
    return (instance.processing_date_text, -order.get(instance.granularity, 3))


class AnalyticsSession:
    def __init__(
        self,
        client: AscClient,
        segment_http: Callable[[], httpx.AsyncClient] | None = None,
        partial: PartialLists | None = None,
    ) -> None:
        self.api = AnalyticsApi(client)
        self.segment_http = segment_http
        self.partial = partial or PartialLists()
        """Lists that stopped part way resume at the page that failed."""
        self._requests: dict[str, list[AnalyticsReportRequest]] = {}
        self._reports: dict[str, list[AnalyticsReport]] = {}
        self._instances: dict[str, list[AnalyticsReportInstance]] = {}

    async def requests(self, app_id: str, *, refresh: bool = False) -> list[AnalyticsReportRequest]:
        """An app's report requests: ONGOING first, then by ID."""
        if refresh or app_id not in self._requests:
            listing = self.api.requests(app_id)
            self._requests[app_id] = await self.partial.all(
                ("requests", app_id), listing, lambda found: sorted(found, key=request_sort_key)
            )
        return self._requests[app_id]

    async def create_request(self, app_id: str, access_type: str) -> AnalyticsReportRequest:
        created = await self.api.create_request(app_id, access_type)
        self._requests.pop(app_id, None)
        self.partial.forget(("requests", app_id))
        return created

    async def delete_request(self, app_id: str, request_id: str) -> None:
        await self.api.delete_request(request_id)
        self._requests.pop(app_id, None)
        self._reports.pop(request_id, None)
        self.partial.forget(("requests", app_id))

    async def reports(self, request_id: str, *, refresh: bool = False) -> list[AnalyticsReport]:
        """A request's reports, grouped by category (see report_sort_key)."""
        if refresh or request_id not in self._reports:
            listing = self.api.reports(request_id)
            self._reports[request_id] = await self.partial.all(
                ("reports", request_id), listing, lambda found: sorted(found, key=report_sort_key)
            )
        return self._reports[request_id]

    async def instances(
        self, report_id: str, *, refresh: bool = False
    ) -> list[AnalyticsReportInstance]:
        """A report's instances, newest first."""
        if refresh or report_id not in self._instances:
            listing = self.api.instances(report_id)
            self._instances[report_id] = await self.partial.all(
                ("instances", report_id),
                listing,
                lambda found: sorted(found, key=instance_sort_key, reverse=True),
            )
        return self._instances[report_id]

    async def download(
        self,
        instance: AnalyticsReportInstance,
        report_name: str,
        dest_dir: Path,
        progress: ProgressCallback | None = None,
    ) -> DownloadResult:
        """Every segment of ``instance`` as one verified TSV under ``dest_dir``."""
        http = self.segment_http() if self.segment_http is not None else None
        try:
            return await download_instance(
                self.api, instance, dest_dir, report_name=report_name, progress=progress, http=http
            )
        finally:
            if http is not None:
                await http.aclose()

    @staticmethod
    def target(instance: AnalyticsReportInstance, report_name: str, dest_dir: Path) -> Path:
        """Where ``download`` writes ``instance``."""
        return instance_path(dest_dir, instance, report_name)
