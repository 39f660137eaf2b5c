"""An app's analytics report requests: list, create (n), delete (x), open (Enter)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType

from ...api.analytics_reports import FIRST_REPORTS_NOTE, AnalyticsReportRequest
from ...api.models import App
from ..dialogs.analytics import NewRequestDialog
from ..dialogs.confirm import ConfirmDialog
from ..keymap import bindings
from ..widgets.analytics_tables import RequestsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen
from .region import DataRegion

if TYPE_CHECKING:
    from ...store.analytics import AnalyticsSession


class AnalyticsScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("analytics")

    def __init__(self, app: App) -> None:
        super().__init__()
        self.app_model = app
        self.requests = DataRegion(
            self,
            "requests",
            "report requests",
            self.fetch_requests,
            widget="#requests",
            show=self.show_requests,
            empty="No report requests yet: press + to request analytics reports.",
        )

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name, "Analytics"]

    def compose_body(self) -> ComposeResult:
        yield RequestsTable(id="requests")

    @property
    def table(self) -> RequestsTable:
        return self.query_one(RequestsTable)

    def region_summary(self, region: DataRegion) -> Text | None:
        count = self.table.item_count
        text = Text(f"{count} report request{'s' if count != 1 else ''}")
        stopped = sum(r.stopped_due_to_inactivity for r in self.table.items)
        if stopped:
            text.append(f" · {stopped} stopped for inactivity", style="yellow")
        return text

    async def fetch_requests(self, refresh: bool) -> int:
        session = (await self.get_store()).analytics
        return self.show_requests(await session.requests(self.app_model.id, refresh=refresh))

    def show_requests(self, requests: list[AnalyticsReportRequest]) -> int:
        self.table.set_items(requests)
        return len(requests)

    @on(ItemTable.Opened, "#requests")
    def _open(self, event: ItemTable.Opened) -> None:
        from .analytics_reports import ReportsScreen

        self.app.push_screen(ReportsScreen(self.app_model, event.item))

    # -- create and delete -----------------------------------------------------------

    def action_new_request(self) -> None:
        def chosen(access_type: str | None) -> None:
            if access_type:
                self._create(access_type)

        self.app.push_screen(NewRequestDialog(self.app_model.name), chosen)

    @work(exclusive=True, exit_on_error=False, group="analytics-change")
    async def _create(self, access_type: str) -> None:
        self.clear_error()
        self.busy = f"Requesting {access_type} reports…"
        try:
            session = (await self.get_store()).analytics
            created = await session.create_request(self.app_model.id, access_type)
        finally:
            self.busy = ""
        self.notify(
            f"{created.access_type} report request created. {FIRST_REPORTS_NOTE}",
            title="Reports requested",
            markup=False,
            timeout=10,
        )
        await self._show_requests(session)
        if created.id in self.table.rows:
            self.table.move_cursor(row=self.table.get_row_index(created.id), animate=False)

    async def _show_requests(self, session: AnalyticsSession) -> None:
        requests = await session.requests(self.app_model.id)
        self.table.set_items(requests)
        self.requests.shown(len(requests))

    def acts(self, action: str) -> bool:
        if action == "delete_request":
            return self.table.selected_item is not None and not self.busy
        return True

    def action_delete_request(self) -> None:
        request = self.table.selected_item
        if request is None:
            return
        question = Text.assemble(
            "Delete the ",
            (request.access_type or "report", "bold"),
            " request ",
            (request.id, "dim"),
            " of ",
            (self.app_model.name, "bold"),
            "?\nApple stops generating its reports; the ones already made can no longer "
            "be listed or downloaded.",
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(request)

        self.app.push_screen(ConfirmDialog("Delete report request", question), answered)

    @work(exclusive=True, exit_on_error=False, group="analytics-change")
    async def _delete(self, request: AnalyticsReportRequest) -> None:
        self.clear_error()
        self.busy = "Deleting the report request…"
        try:
            session = (await self.get_store()).analytics
            await session.delete_request(self.app_model.id, request.id)
        finally:
            self.busy = ""
        self.notify(f"Deleted the {request.access_type} report request.", markup=False)
        await self._show_requests(session)
