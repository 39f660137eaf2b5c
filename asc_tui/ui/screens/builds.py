"""An app's builds, newest first, appearing page by page as they arrive."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from ...api.builds import Build
from ...api.models import App
from ..keymap import bindings
from ..widgets.builds_table import BuildsTable
from ..widgets.item_table import ItemTable
from .base import BrowserScreen
from .region import DataRegion


class BuildsScreen(BrowserScreen):
    BINDINGS: ClassVar[list[BindingType]] = bindings("builds")

    def __init__(self, app: App, *, cached: tuple[list[Build], float | None] | None = None) -> None:
        """``cached``: the builds read from the response cache before the first frame,
        and when they were fetched (a session restored where the last one ended)."""
        super().__init__()
        self.app_model = app
        self._cached = cached
        self.builds = DataRegion(
            self,
            "builds",
            "builds",
            self.fetch_builds,
            widget="#builds",
            so_far=True,
            empty="No builds uploaded for this app yet.",
        )

    def breadcrumb(self) -> list[str]:
        return [self.app_model.name]

    def compose_body(self) -> ComposeResult:
        yield BuildsTable(id="builds")

    @property
    def table(self) -> BuildsTable:
        return self.query_one(BuildsTable)

    def mounted(self) -> None:
        cached, self._cached = self._cached, None
        if cached is not None:  # painted in the first frame; the load still follows
            builds, fetched_at = cached
            self.table.set_items(builds)
            self.builds.set(self.builds.state.done(len(builds), fetched_at))

    def status_extras(self) -> list[Text]:
        extras = super().status_extras()
        marked = self.asc.marked_build
        if marked is not None and marked[0].id == self.app_model.id:
            extras.append(Text(f"{marked[1].display_version} marked to compare"))
        return extras

    async def fetch_builds(self, refresh: bool) -> int:
        """Builds appear page by page: the first page replaces what was shown."""
        table = self.table
        first = True
        store = await self.get_store()
        async for chunk in store.iter_builds(self.app_model.id, refresh=refresh):
            if first:
                table.set_items(chunk)
                first = False
            else:
                table.add_items(chunk)
            self.builds.progress(table.item_count)
        if first:
            table.set_items([])
        return table.item_count

    @on(ItemTable.Opened, "#builds")
    def _open(self, event: ItemTable.Opened) -> None:
        self.asc.open_build(self.app_model, event.item)

    def acts(self, action: str) -> bool:
        if action in ("mark", "crashes", "feedback"):
            return self.table.selected_item is not None
        return True

    def action_mark(self) -> None:
        build = self.table.selected_item
        if build is None:
            return
        self.asc.marked_build = (self.app_model, build)
        self.refresh_status()
        self.notify(
            f"Marked {build.display_version} — open another build and press c to compare.",
            markup=False,
        )

    def action_app_metrics(self) -> None:
        self.asc.open_app_metrics(self.app_model)

    def action_analytics(self) -> None:
        app = self.app_model
        if app is not None:
            self.asc.open_analytics(app)

    def action_crashes(self) -> None:
        build = self.table.selected_item
        if build is not None:
            self.asc.open_crashes(self.app_model, build)

    def action_feedback(self) -> None:
        build = self.table.selected_item
        if build is not None:
            self.asc.open_feedback(self.app_model, build)
