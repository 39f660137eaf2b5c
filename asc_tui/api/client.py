"""The App Store Connect client: typed calls per endpoint (apps, builds, metrics,
diagnostics, TestFlight feedback) on the request core (:class:`asc_tui.api.core.AscCore`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from . import jsonio
from ._coerce import as_dict, as_dicts, as_str
from .builds import Build, PreReleaseVersion, pre_release_versions
from .core import AscCore
from .feedback import (
    CRASHES,
    NO_FILTER,
    SCREENSHOTS,
    CrashSubmission,
    FeedbackFilter,
    FeedbackKind,
    ScreenshotSubmission,
    build_numbers,
    crash_log_text,
)
from .list_queries import JSON, apps_query, builds_query
from .metrics_report import MetricsReport
from .models import App, Page
from .pagination import PAGE_LIMIT, Listing
from .query import filters
from .signatures import DiagnosticSignature

METRICS_JSON = "application/vnd.apple.xcode-metrics+json"
LOGS_JSON = "application/vnd.apple.diagnostic-logs+json"
T = TypeVar("T")


class AscClient(AscCore):
    """Async client for the App Store Connect API: the request core's ``auth``,
    ``transport`` and retry options, typed calls per endpoint. Use as an async context
    manager."""

    # -- apps and builds -------------------------------------------------------------

    def apps(self) -> Listing[App]:
        """Every app, by name."""
        return self.listing(apps_query())

    async def get_app(self, app_id: str) -> App:
        doc = await self.get_json(f"/v1/apps/{app_id}")
        return App.from_resource(as_dict(as_dict(doc).get("data")))

    def builds(self, app_id: str) -> Listing[Build]:
        """An app's builds, newest first, with their marketing versions."""
        return self.listing(builds_query(app_id))

    async def find_builds(
        self, *, number: str | None = None, version: str | None = None, limit: int = 20
    ) -> list[tuple[str, Build]]:
        """Builds of any app by build number (``filter[version]``) and/or app version
        (``filter[preReleaseVersion.version]``), newest first, each with its app's id."""
        params = {
            "sort": "-uploadedDate",
            "include": "preReleaseVersion,app",
            "limit": str(min(limit, PAGE_LIMIT)),
        }
        if number:
            params["filter[version]"] = number
        if version:
            params["filter[preReleaseVersion.version]"] = version
        doc = as_dict(await self.get_json("/v1/builds", params))
        versions = pre_release_versions(as_dicts(doc.get("included")))
        found: list[tuple[str, Build]] = []
        for resource in as_dicts(doc.get("data")):
            app = as_dict(as_dict(as_dict(resource.get("relationships")).get("app")).get("data"))
            found.append((as_str(app.get("id")), Build.from_resource(resource, versions)))
        return found

    async def get_build(self, build_id: str) -> Build:
        doc = as_dict(
            await self.get_json(f"/v1/builds/{build_id}", {"include": "preReleaseVersion"})
        )
        versions = pre_release_versions(as_dicts(doc.get("included")))
        return Build.from_resource(as_dict(doc.get("data")), versions)

    # -- power and performance metrics -----------------------------------------------

    @staticmethod
    def _metric_params(
        metric_types: Iterable[str] | None, device_types: Iterable[str] | None
    ) -> dict[str, str]:
        return filters(metricType=metric_types, deviceType=device_types)

    async def build_metrics_json(
        self,
        build_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> Any:
        params = self._metric_params(metric_types, device_types)
        path = f"/v1/builds/{build_id}/perfPowerMetrics"
        return await self.get_json(path, params, accept=f"{METRICS_JSON}, {JSON}")

    async def build_metrics(
        self,
        build_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> MetricsReport:
        doc = await self.build_metrics_json(
            build_id, metric_types=metric_types, device_types=device_types
        )
        return MetricsReport.from_json(doc)

    async def app_metrics(
        self,
        app_id: str,
        *,
        metric_types: Iterable[str] | None = None,
        device_types: Iterable[str] | None = None,
    ) -> MetricsReport:
        params = self._metric_params(metric_types, device_types)
        path = f"/v1/apps/{app_id}/perfPowerMetrics"
        doc = await self.get_json(path, params, accept=f"{METRICS_JSON}, {JSON}")
        return MetricsReport.from_json(doc)

    # -- diagnostics -----------------------------------------------------------------

    def signatures(
        self, build_id: str, *, diagnostic_types: Iterable[str] | None = None
    ) -> Listing[DiagnosticSignature]:
        """A build's diagnostic signatures; all of them come heaviest first."""
        return self.paginate(
            f"/v1/builds/{build_id}/diagnosticSignatures",
            filters(diagnosticType=diagnostic_types),
            lambda page: [DiagnosticSignature.from_resource(r) for r in page.data],
            finish=lambda found: sorted(found, key=lambda s: s.weight, reverse=True),
        )

    async def signature_logs_json(self, signature_id: str) -> Any:
        """The logs document as received. Logs run to megabytes, so it is decoded in a
        thread, keeping the event loop (and a UI on it) responsive."""
        return await asyncio.to_thread(jsonio.loads, await self.signature_logs_body(signature_id))

    async def signature_logs_body(self, signature_id: str) -> bytes:
        """The logs document's body, not decoded (``asc_tui.logs.opening`` reads it)."""
        path = f"/v1/diagnosticSignatures/{signature_id}/logs"
        accept = f"{LOGS_JSON}, {METRICS_JSON}, {JSON}"
        params = {"limit": str(PAGE_LIMIT)}
        response = await self.request("GET", path, params=params, accept=accept)
        return response.content

    # -- TestFlight feedback -----------------------------------------------------------

    def crash_submissions(
        self, app_id: str, where: FeedbackFilter = NO_FILTER
    ) -> Listing[CrashSubmission]:
        """An app's TestFlight crash submissions (those ``where`` picks), newest first."""
        return self._feedback(app_id, CRASHES, CrashSubmission.from_resource, where)

    def screenshot_submissions(
        self, app_id: str, where: FeedbackFilter = NO_FILTER
    ) -> Listing[ScreenshotSubmission]:
        """An app's TestFlight screenshot feedback (that ``where`` picks), newest first."""
        return self._feedback(app_id, SCREENSHOTS, ScreenshotSubmission.from_resource, where)

    async def feedback_submission(
        self, kind: FeedbackKind, submission_id: str
    ) -> CrashSubmission | ScreenshotSubmission:
        """One crash or screenshot submission."""
        doc = as_dict(await self.get_json(f"/v1/{kind}/{submission_id}"))
        model = CrashSubmission if kind == CRASHES else ScreenshotSubmission
        return model.from_resource(as_dict(doc.get("data")))

    def _feedback(
        self,
        app_id: str,
        kind: str,
        model: Callable[[Mapping[str, Any], Mapping[str, str]], T],
        where: FeedbackFilter,
    ) -> Listing[T]:
        params = {**where.params(), "include": "build", "sort": "-createdDate"}

        def parse(page: Page) -> list[T]:
            builds = build_numbers(page.included)
            return [model(resource, builds) for resource in page.data]

        return self.paginate(f"/v1/apps/{app_id}/{kind}", params, parse)

    def app_versions(self, app_id: str) -> Listing[PreReleaseVersion]:
        """An app's versions (``preReleaseVersions``), as Apple lists them."""
        return self.paginate(
            f"/v1/apps/{app_id}/preReleaseVersions",
            {},
            lambda page: list(pre_release_versions(page.data).values()),
        )

    async def delete_feedback(self, kind: FeedbackKind, submission_id: str) -> None:
        """DELETE a ``betaFeedbackCrashSubmissions`` or ``betaFeedbackScreenshotSubmissions``
        resource (Apple answers 204)."""
        await self.request("DELETE", f"/v1/{kind}/{submission_id}")

    async def crash_log(self, submission_id: str) -> str:
        """The crash report of a crash submission, as text (``.crash`` or ``.ips``)."""
        return crash_log_text(
            await self.get_json(f"/v1/betaFeedbackCrashSubmissions/{submission_id}/crashLog")
        )
