"""The apps list: name, bundle ID, SKU, Apple ID."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..formatting import plain
from .item_table import ItemTable

if TYPE_CHECKING:
    from ...api.models import App

COLUMNS = ("Name", "Bundle ID", "SKU", "Apple ID")


def app_cells(app: App) -> tuple[Text, ...]:
    return (plain(app.name, "bold"), plain(app.bundle_id), plain(app.sku), plain(app.id, "dim"))


class AppsTable(ItemTable["App"]):  # the models are imported with the first apps
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, app_cells, lambda app: app.id, id=id)
