"""The analytics lists: report requests, reports (by category), report instances."""

from __future__ import annotations

from rich.text import Text

from ...api.analytics_reports import (
    AnalyticsReport,
    AnalyticsReportInstance,
    AnalyticsReportRequest,
)
from ..formatting import plain
from .item_table import ItemTable

REQUEST_COLUMNS = ("Access type", "State", "Request ID")


def request_cells(request: AnalyticsReportRequest) -> tuple[Text, ...]:
    state = (
        plain("stopped (inactivity)", "bold yellow")
        if request.stopped_due_to_inactivity
        else plain("active", "green")
    )
    return (plain(request.access_type or "—", "bold"), state, plain(request.id, "dim"))


class RequestsTable(ItemTable[AnalyticsReportRequest]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(REQUEST_COLUMNS, request_cells, lambda r: r.id, id=id)


CATEGORY_LABELS = {
    "APP_USAGE": "App usage",
    "APP_STORE_ENGAGEMENT": "App Store engagement",
    "COMMERCE": "Commerce",
    "FRAMEWORK_USAGE": "Framework usage",
    "PERFORMANCE": "Performance",
}


def report_cells(report: AnalyticsReport) -> tuple[Text, ...]:
    category = CATEGORY_LABELS.get(report.category, report.category)
    return (plain(category, "cyan"), plain(report.name, "bold"), plain(report.id, "dim"))


class ReportsTable(ItemTable[AnalyticsReport]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(("Category", "Report", "Report ID"), report_cells, lambda r: r.id, id=id)


def instance_cells(instance: AnalyticsReportInstance) -> tuple[Text, ...]:
    return (
        plain(instance.processing_date_text, "bold"),
        plain(instance.granularity or "—"),
        plain(instance.id, "dim"),
    )


class InstancesTable(ItemTable[AnalyticsReportInstance]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            ("Processing date", "Granularity", "Instance ID"), instance_cells, lambda i: i.id, id=id
        )
