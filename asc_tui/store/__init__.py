"""The one place the UI and the CLI get data from: what has been loaded, and from where
(:mod:`.source`: the seam between the command line and the UI)."""

from .source import DataSource, OfflineSource, OpenedStore
from .store import Store

__all__ = ["DataSource", "OfflineSource", "OpenedStore", "Store"]
