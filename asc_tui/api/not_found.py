"""What a 404 was about, named for people ("App 123 was not found"), and the look-ups
that make a filtered list of something that does not exist a 404 too.

App Store Connect answers 404 for ``/v1/apps/{id}/…`` when there is no app ``id`` (or not
one this key can see), but an empty list for ``/v1/builds?filter[app]=id``: an empty
list of builds alone does not say whether the app exists."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..errors import AscError
from ._coerce import as_dict, as_str

if TYPE_CHECKING:
    from .client import AscClient

NOUNS = {
    "apps": "App",
    "builds": "Build",
    "preReleaseVersions": "App version",
    "diagnosticSignatures": "Diagnostic signature",
    "betaFeedbackCrashSubmissions": "Crash submission",
    "betaFeedbackScreenshotSubmissions": "Screenshot feedback",
    "betaCrashLogs": "Crash log",
    "betaTesters": "Tester",
    "analyticsReportRequests": "Analytics report request",
    "analyticsReports": "Analytics report",
    "analyticsReportInstances": "Analytics report instance",
    "analyticsReportSegments": "Analytics report segment",
}
"""JSON:API resource types, as a message names them."""


def resource_in_path(path: str) -> tuple[str, str] | None:
    """``("apps", "123")`` for ``/v1/apps/123`` or ``/v1/apps/123/builds`` (below any
    prefix of the base URL); None for a path naming no single resource (``/v1/builds``)."""
    parts = [unquote(p) for p in path.split("/") if p]
    for i, part in enumerate(parts[:-2]):
        if part[:1] == "v" and part[1:].isdigit():
            kind, resource_id = parts[i + 1], parts[i + 2]
            return (kind, resource_id) if resource_id != "relationships" else None
    return None


_APPLES_DETAIL = re.compile(r"There is no resource of type '([A-Za-z]+)' with id '([^']*)'")


def resource_in_detail(detail: str | None) -> tuple[str, str] | None:
    """``("apps", "123")`` from Apple's detail "There is no resource of type 'apps' with
    id '123'" (a 404 for an ID in a request's body, e.g. the app of a new report request)."""
    found = _APPLES_DETAIL.search(detail or "")
    return (found[1], found[2]) if found else None


def not_found_text(resource: tuple[str, str], detail: str | None = None) -> str:
    """``App 123 was not found``, then Apple's detail when it says more than that."""
    kind, resource_id = resource
    text = f"{NOUNS.get(kind, f'The {kind} resource')} {resource_id} was not found"
    return f"{text}: {detail}" if detail and resource_in_detail(detail) is None else text


async def app_must_exist(client: AscClient, app_id: str) -> None:
    """Raise NotFoundError naming the app when there is no app ``app_id`` (for this key)."""
    await client.get_json(f"/v1/apps/{app_id}", {"fields[apps]": "name"})


async def app_of_build(client: AscClient, build_id: str) -> str:
    """The ID of the build's app; NotFoundError naming the build when there is none."""
    document = await client.get_json(f"/v1/builds/{build_id}/app", {"fields[apps]": "name"})
    return as_str(as_dict(as_dict(document).get("data")).get("id"))


class WrongAppError(AscError):
    """A build ID given with an app it does not belong to."""

    def __init__(self, build_id: str, app_id: str, owner: str) -> None:
        super().__init__(
            f"Build {build_id} is a build of app {owner}, not of app {app_id}.",
            hint=f"Use --app {owner}, or another build of app {app_id}.",
        )


async def build_of_app(client: AscClient, build_id: str, app_id: str) -> None:
    """Raise NotFoundError when there is no build ``build_id``, WrongAppError when it is
    another app's."""
    owner = await app_of_build(client, build_id)
    if owner and owner != app_id:
        raise WrongAppError(build_id, app_id, owner)
