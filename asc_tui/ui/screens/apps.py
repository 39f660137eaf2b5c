"""The first screen: every app the API key can see."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from ...errors import IncompleteListError
from ..widgets.apps_table import AppsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen, Filterable

if TYPE_CHECKING:
    from ...api.models import App


class AppsScreen(BrowserScreen):
    is_root = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "app_metrics", "Metrics"),
        Binding("a", "analytics", "Analytics"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loading_apps = False

    def breadcrumb(self) -> list[str]:
        return ["Apps"]

    def compose_body(self) -> ComposeResult:
        yield AppsTable(id="apps")

    @property
    def table(self) -> AppsTable:
        return self.query_one(AppsTable)

    def default_filter_target(self) -> Filterable | None:
        return self.table

    def status_text(self) -> Text:
        if self.loading_apps:
            return Text("Loading apps…" if self.asc.store else "Connecting…")
        table = self.table
        text = Text(f"{table.item_count} apps")
        if table.filter_text:
            text.append(f" · {table.row_count} match “{table.filter_text}”")
        return text

    def load(self, *, refresh: bool) -> None:
        self._load(refresh)

    @work(exclusive=True, exit_on_error=False, group="apps")
    async def _load(self, refresh: bool) -> None:
        table = self.table
        self.loading_apps = True
        table.loading = not table.item_count
        self.refresh_status()
        try:
            store = await self.get_store()
            apps = await store.apps(refresh=refresh)
        except IncompleteListError as error:  # keep the apps that did load; r resumes
            table.set_items(cast("list[App]", error.items))
            raise
        finally:
            self.loading_apps = False
            table.loading = False
        table.set_items(apps)
        self.asc.known_apps = list(apps)

    @on(ItemTable.Opened, "#apps")
    def _open(self, event: ItemTable.Opened) -> None:
        self.asc.open_app(event.item)

    def action_app_metrics(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_app_metrics(app)

    def action_analytics(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_analytics(app)
