"""The collections listed on the first screens (every app, an app's builds): their path,
query and how a page becomes items. The client requests them; the warm start reads the
same requests' answers straight from the response cache, before httpx is imported, so this
module uses the standard library only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from .models import App, Page
from .query import filters

if TYPE_CHECKING:
    from .builds import Build

T = TypeVar("T")

JSON = "application/json"


class ListQuery(NamedTuple, Generic[T]):
    """One list request: its path and query, and how its pages are parsed. (A named tuple:
    a warm start creates the class before its first frame, and a dataclass costs more.)"""

    path: str
    """Below the base URL: ``/v1/apps``."""
    params: Mapping[str, str]
    parse: Callable[[Page], list[T]]
    shape: type | None = None
    """What ``parse`` reads of a page, if not all of it (see ``jsonio.loads``)."""


def _apps(page: Page) -> list[App]:
    return [App.from_resource(r) for r in page.data]


def _builds(page: Page) -> list[Build]:
    from .builds import Build, pre_release_versions  # not before a warm first frame of the apps

    versions = pre_release_versions(page.included)
    return [Build.from_resource(r, versions) for r in page.data]


def apps_query() -> ListQuery[App]:
    """Every app, by name."""
    return ListQuery("/v1/apps", {"sort": "name"}, _apps)


def builds_query(app_id: str) -> ListQuery[Build]:
    """An app's builds, newest first, with their marketing versions."""
    from .shapes import BuildsPage  # not before a warm first frame of the apps

    params = {**filters(app=app_id), "sort": "-uploadedDate", "include": "preReleaseVersion"}
    return ListQuery("/v1/builds", params, _builds, BuildsPage)
