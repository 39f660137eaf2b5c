"""Starting warm: the apps (and the place the last session ended) read from the response
cache before the first frame — the cache file alone, with the standard library: neither
httpx nor PyJWT, the keyring or the network (the connection opens in a worker after that
frame); and where this session ends, written down for the next (``store/last_place.py``).

Only a Connection (a server or the demo) starts warm; a store opened by the caller or a
saved file does not. Nothing here waits on anything slower than the cache file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import AscError

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..api.builds import Build
    from ..api.models import App
    from ..store import DataSource
    from ..store.cached_lists import CachedList
    from ..store.last_place import Place


@dataclass
class WarmStart:
    """What the first frame shows from the cache: the apps, and where the last session ended."""

    apps: list[App]
    fetched_at: float | None
    """When the oldest of them was fetched (``time.time()``)."""
    app: App | None = None
    builds: CachedList[Build] | None = None
    """``app``'s builds, when the cache holds them all."""
    build: Build | None = None
    pane: str | None = None
    """Where the last session ended, when the cache still holds it."""


def namespace_of(source: DataSource) -> str | None:
    """The response cache's name for ``source``'s answers (None: not a Connection)."""
    from ..auth.connection import Connection

    if not isinstance(source, Connection):
        return None
    try:
        return " ".join(source.cache_identity())
    except AscError:  # an unreadable config.json: said when the connection opens
        return None


def is_offline(source: DataSource) -> bool:
    """``--offline``: the cache alone, for the whole session (nothing to connect to)."""
    from ..auth.connection import Connection

    return isinstance(source, Connection) and source.offline


def read_warm_start(
    source: DataSource, restore: bool, tell: Callable[[str], None]
) -> WarmStart | None:
    """The apps the response cache holds for ``source`` (any age), and the last place if
    ``restore``; None when there is no cache file yet (a first launch: nothing to import
    early), it holds no whole list of apps, or ``source`` is no Connection. What the cache
    file has to say (rebuilt, unusable) goes to ``tell``."""
    from ..auth.connection import Connection

    if not isinstance(source, Connection):
        return None
    with source.cached_lists() as lists:
        if lists is None:  # a first launch: not even the modules that read the cache
            return None
        for notice in lists.cache.notices:
            tell(notice)
        from ..api.list_queries import apps_query, builds_query

        apps = lists.read(apps_query())
        if apps is None:  # not cached yet: the usual start
            return None
        start = WarmStart(apps.items, apps.fetched_at)
        from ..store.last_place import load_place

        place = load_place(lists.namespace) if restore else None
        if place is None:
            return start
        start.app = next((a for a in apps.items if a.id == place.app_id), None)
        if start.app is None:
            return start
        start.builds = lists.read(builds_query(start.app.id))
        if start.builds is None or place.build_id is None:
            return start
        start.build = next((b for b in start.builds.items if b.id == place.build_id), None)
        start.pane = place.pane
        return start


def place_of(stack: list[Screen[Any]]) -> Place | None:
    """Where the screens on ``stack`` are: the app and build open, and the build screen's
    focused pane; None at Apps."""
    # Only a screen whose module was imported can be on the stack: importing the build
    # screen here (its metrics, tables…) would only slow the way out.
    build_module = sys.modules.get(f"{__package__}.screens.build")
    builds_module = sys.modules.get(f"{__package__}.screens.builds")
    if builds_module is None:
        return None  # only the apps screen (and dialogs) were ever open
    from .screens.builds import BuildsScreen

    BuildScreen = build_module.BuildScreen if build_module is not None else None
    app_id = build_id = pane = None
    for screen in stack:
        if isinstance(screen, BuildsScreen):
            app_id = screen.app_model.id
        elif BuildScreen is not None and isinstance(screen, BuildScreen):
            app_id, build_id = screen.app_model.id, screen.build.id
            focused = screen.focused
            in_metrics = focused is not None and any(
                node.id == "metrics-pane" for node in focused.ancestors_with_self
            )
            pane = "metrics" if in_metrics else "signatures"
    from ..store.last_place import Place

    return Place(app_id, build_id, pane) if app_id else None
