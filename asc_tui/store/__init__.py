"""The one place the UI and the CLI get data from: what has been loaded, and from where
(:mod:`.source`: the seam between the command line and the UI).

The names are imported when first asked for: the first frame reads the response cache
(``store.freshness``, ``store.cached_lists``) without the store and its sources."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .source import DataSource, OfflineSource, OpenedStore
    from .store import Store

__all__ = ["DataSource", "OfflineSource", "OpenedStore", "Store"]

_MODULE_OF = {"DataSource": ".source", "OfflineSource": ".source", "OpenedStore": ".source"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULE_OF.get(name, ".store"), __name__), name)
    globals()[name] = value
    return value
