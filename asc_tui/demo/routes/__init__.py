"""The URL map of the demo API."""

from __future__ import annotations

from starlette.routing import Route

from .analytics import (
    app_report_requests,
    create_report_request,
    delete_report_request,
    get_instance,
    get_report,
    get_report_request,
    get_segment,
    instance_segments,
    report_instances,
    request_reports,
)
from .analytics_downloads import download_segment
from .apps_and_builds import (
    app_builds,
    app_pre_release_versions,
    build_app,
    build_pre_release_version,
    get_app,
    get_build,
    get_pre_release_version,
    list_apps,
    list_builds,
    pre_release_version_app,
    pre_release_version_builds,
)
from .diagnostics import (
    app_perf_power_metrics,
    build_diagnostic_signatures,
    build_perf_power_metrics,
    signature_logs_route,
)
from .feedback import (
    app_crash_submissions,
    app_screenshot_submissions,
    crash_log,
    delete_crash_submission,
    delete_screenshot_submission,
    get_crash_submission,
    get_screenshot_submission,
    screenshot_image,
)

ROUTES = [
    Route("/v1/apps", list_apps),
    Route("/v1/apps/{id}", get_app),
    Route("/v1/apps/{id}/builds", app_builds),
    Route("/v1/apps/{id}/preReleaseVersions", app_pre_release_versions),
    Route("/v1/apps/{id}/perfPowerMetrics", app_perf_power_metrics),
    Route("/v1/builds", list_builds),
    Route("/v1/builds/{id}", get_build),
    Route("/v1/builds/{id}/preReleaseVersion", build_pre_release_version),
    Route("/v1/builds/{id}/app", build_app),
    Route("/v1/builds/{id}/perfPowerMetrics", build_perf_power_metrics),
    Route("/v1/builds/{id}/diagnosticSignatures", build_diagnostic_signatures),
    Route("/v1/preReleaseVersions/{id}", get_pre_release_version),
    Route("/v1/preReleaseVersions/{id}/builds", pre_release_version_builds),
    Route("/v1/preReleaseVersions/{id}/app", pre_release_version_app),
    Route("/v1/diagnosticSignatures/{id}/logs", signature_logs_route),
    Route("/v1/apps/{id}/analyticsReportRequests", app_report_requests),
    Route("/v1/analyticsReportRequests", create_report_request, methods=["POST"]),
    Route("/v1/analyticsReportRequests/{id}", get_report_request, methods=["GET"]),
    Route("/v1/analyticsReportRequests/{id}", delete_report_request, methods=["DELETE"]),
    Route("/v1/analyticsReportRequests/{id}/reports", request_reports),
    Route("/v1/analyticsReports/{id}", get_report),
    Route("/v1/analyticsReports/{id}/instances", report_instances),
    Route("/v1/analyticsReportInstances/{id}", get_instance),
    Route("/v1/analyticsReportInstances/{id}/segments", instance_segments),
    Route("/v1/analyticsReportSegments/{id}", get_segment),
    Route("/analytics-segments/{segment_id}.tsv.gz", download_segment),
    Route("/v1/apps/{id}/betaFeedbackCrashSubmissions", app_crash_submissions),
    Route("/v1/apps/{id}/betaFeedbackScreenshotSubmissions", app_screenshot_submissions),
    Route("/v1/betaFeedbackCrashSubmissions/{id}", get_crash_submission, methods=["GET"]),
    Route("/v1/betaFeedbackCrashSubmissions/{id}", delete_crash_submission, methods=["DELETE"]),
    Route("/v1/betaFeedbackCrashSubmissions/{id}/crashLog", crash_log),
    Route("/v1/betaFeedbackScreenshotSubmissions/{id}", get_screenshot_submission, methods=["GET"]),
    Route(
        "/v1/betaFeedbackScreenshotSubmissions/{id}",
        delete_screenshot_submission,
        methods=["DELETE"],
    ),
    Route("/feedback-screenshots/{id}/{n:int}.png", screenshot_image),
]
