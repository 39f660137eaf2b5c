"""The first screen: every app the API key can see."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from ..keymap import bindings
from ..widgets.apps_table import AppsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen
from .region import DataRegion

if TYPE_CHECKING:
    from ...api.models import App


class AppsScreen(BrowserScreen):
    is_root = True
    BINDINGS: ClassVar[list[BindingType]] = bindings("apps")

    def __init__(self) -> None:
        super().__init__()
        self.apps = DataRegion(
            self,
            "apps",
            "apps",
            self.fetch_apps,
            widget="#apps",
            show=self.show_apps,
            empty="This API key sees no apps. Check its team and role in App Store Connect "
            "(Users and Access → Integrations), or press P to switch profile.",
        )

    def breadcrumb(self) -> list[str]:
        return ["Apps"]

    def compose_body(self) -> ComposeResult:
        yield AppsTable(id="apps")

    @property
    def table(self) -> AppsTable:
        return self.query_one(AppsTable)

    def mounted(self) -> None:
        cached, self.asc.cached_apps = self.asc.cached_apps, None
        if cached is not None:  # painted in the first frame; the load still follows
            apps, fetched_at = cached
            self.table.set_items(apps)
            self.asc.known_apps = list(apps)
            self.apps.set(self.apps.state.done(len(apps), fetched_at))

    def loading_label(self, region: DataRegion) -> str:
        from ..warm_start import is_offline

        connecting = self.asc.store is None and not is_offline(self.asc.source)
        return "Connecting…" if connecting else ""

    async def fetch_apps(self, refresh: bool) -> int:
        store = await self.get_store()
        return self.show_apps(await store.apps(refresh=refresh))

    def show_apps(self, apps: list[App]) -> int:
        self.table.set_items(apps)
        self.asc.known_apps = list(apps)
        return len(apps)

    @on(ItemTable.Opened, "#apps")
    def _open(self, event: ItemTable.Opened) -> None:
        self.asc.open_app(event.item)

    def acts(self, action: str) -> bool:
        if action in ("app_metrics", "analytics", "crashes", "feedback"):
            return self.table.selected_item is not None
        return True

    def action_app_metrics(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_app_metrics(app)

    def action_analytics(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_analytics(app)

    def action_crashes(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_crashes(app)

    def action_feedback(self) -> None:
        app = self.table.selected_item
        if app is not None:
            self.asc.open_feedback(app)
