"""Finding and loading the two builds that ``metrics compare`` and ``check`` compare: by
build ID, by marketing version (its newest build), or "the version before" by default."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..api.side_by_side import side_by_side
from ..errors import AscError

if TYPE_CHECKING:
    from ..api.builds import Build
    from ..api.client import AscClient
    from ..metrics.pair import PairReport


class PairError(AscError):
    """The builds to compare cannot be found."""

    hint = "List the app's builds and versions with `asc-tui builds APP_ID`."


def newest_of_version(builds: Sequence[Build], version: str, app_id: str) -> Build:
    """The newest build of marketing version ``version`` (``builds`` newest first)."""
    for build in builds:
        if build.marketing_version == version:
            return build
    versions = list(dict.fromkeys(b.marketing_version for b in builds if b.marketing_version))
    raise PairError(
        f"App {app_id} has no build of version {version!r}.",
        hint=f"Versions, newest first: {', '.join(versions[:12]) or 'none'}.",
    )


def previous_version_build(builds: Sequence[Build], head: Build) -> Build:
    """The newest build of the marketing version uploaded before ``head``'s version."""
    ids = [b.id for b in builds]
    if head.id not in ids:
        raise PairError(f"Build {head.id} is not one of this app's builds.")
    for build in builds[ids.index(head.id) + 1 :]:
        if build.marketing_version and build.marketing_version != head.marketing_version:
            return build
    raise PairError(
        f"No version before {head.display_version} to compare with.",
        hint="Name the base build with --base BUILD_ID (or --base-version).",
    )


async def find_build(
    client: AscClient, builds: Sequence[Build], build_id: str, app_id: str
) -> Build:
    """The build among the app's; NotFoundError when there is no such build, WrongAppError
    when it is another app's."""
    from ..api.not_found import build_of_app

    for build in builds:
        if build.id == build_id:
            return build
    await build_of_app(client, build_id, app_id)
    raise PairError(f"Build {build_id} is not a build of app {app_id}.")  # not listed yet


async def choose_pair(
    client: AscClient,
    *,
    app_id: str | None,
    head_build: str | None,
    head_version: str | None,
    base_build: str | None,
    base_version: str | None,
) -> tuple[Build, Build]:
    """(base, head). Build IDs alone need no app; versions and the default base do."""
    if app_id is None:
        if not (head_build and base_build):
            raise PairError("Give two build IDs, or --app APP_ID with versions.")
        async with side_by_side() as group:
            base_task = group.create_task(client.get_build(base_build))
            head_task = group.create_task(client.get_build(head_build))
        return base_task.result(), head_task.result()
    from ..api.not_found import app_must_exist

    builds = await client.builds(app_id)
    if not builds:  # no builds, or no such app (404)
        await app_must_exist(client, app_id)
    head = (
        await find_build(client, builds, head_build, app_id)
        if head_build
        else newest_of_version(builds, head_version or "", app_id)
    )
    if base_build:
        base = await find_build(client, builds, base_build, app_id)
    elif base_version:
        base = newest_of_version(builds, base_version, app_id)
    else:
        base = previous_version_build(builds, head)
    if base.id == head.id:
        raise PairError(
            f"Both sides are build {head.display_version}: nothing to compare.",
            hint="Name another base with --base BUILD_ID or --base-version.",
        )
    return base, head


async def load_pair(
    client: AscClient,
    base: Build,
    head: Build,
    *,
    categories: Sequence[str] = (),
) -> PairReport:
    """Both builds' metrics and signatures, fetched side by side; no comparison rows yet
    (the caller picks the percentiles and devices)."""
    from ..metrics.pair import BuildSide, PairReport
    from ..metrics.signature_diff import signature_changes

    async with side_by_side() as group:
        base_metrics = group.create_task(client.build_metrics(base.id, metric_types=categories))
        head_metrics = group.create_task(client.build_metrics(head.id, metric_types=categories))
        base_signatures = group.create_task(client.signatures(base.id).all())
        head_signatures = group.create_task(client.signatures(head.id).all())
    base_report, head_report = base_metrics.result(), head_metrics.result()
    base_sigs, head_sigs = base_signatures.result(), head_signatures.result()
    # A build without metrics yet has no signatures yet either: comparing would call
    # every signature of the other build new or gone.
    enough = not (base_report.is_empty or head_report.is_empty)
    changes = signature_changes(base_sigs, head_sigs) if enough else []
    return PairReport(
        BuildSide(base, base_report), BuildSide(head, head_report), (), tuple(changes)
    )
