"""Apps, pre-release (marketing) versions and builds: small records, generated once per app
from the app's seed and cached. Metrics, signatures and logs hang off these lazily."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .catalog import APPS, MIN_OS_BY_MAJOR, NOTES_APP, REFERENCE_NOW, AppSpec
from .seeding import rng, stable_uuid

BUILD_LIFETIME = timedelta(days=90)


@dataclass(frozen=True)
class PreReleaseVersionRecord:
    id: str
    app_id: str
    version: str
    index: int
    """Position of the version in the app's history (0 = oldest)."""


@dataclass(frozen=True)
class BuildRecord:
    id: str
    app_id: str
    number: int
    """The build number (CFBundleVersion), served as the ``version`` attribute."""
    marketing_version: str
    version_index: int
    pre_release_version_id: str
    uploaded: datetime
    processing_state: str
    audience: str
    min_os: str

    @property
    def expires(self) -> datetime:
        return self.uploaded + BUILD_LIFETIME

    @property
    def expired(self) -> bool:
        return self.expires <= REFERENCE_NOW


def app_spec(app_id: str) -> AppSpec | None:
    return next((app for app in APPS if app.app_id == app_id), None)


def pre_release_version_id(app_id: str, version: str) -> str:
    return stable_uuid("preReleaseVersion", app_id, version)


@functools.cache
def pre_release_versions(app_id: str) -> tuple[PreReleaseVersionRecord, ...]:
    """The app's marketing versions, oldest first (empty for an unknown app)."""
    app = app_spec(app_id)
    if app is None:
        return ()
    return tuple(
        PreReleaseVersionRecord(pre_release_version_id(app_id, v), app_id, v, i)
        for i, v in enumerate(app.versions)
    )


def _build_counts(app: AppSpec) -> list[int]:
    r = rng("build-counts", app.app_id)
    counts = [r.randint(*app.builds_per_version) for _ in app.versions]
    while sum(counts) < app.min_builds:
        counts[r.randrange(len(counts))] += 1
    return counts


def _upload_times(app: AppSpec, counts: list[int]) -> list[datetime]:
    """Increasing upload times from ``first_upload`` to exactly ``last_upload``; gaps
    between marketing versions are longer than gaps between builds of one version."""
    r = rng("upload-times", app.app_id)
    gaps: list[float] = []
    for version_builds in counts:
        gaps.append(r.expovariate(1.0) * 6.0 + 2.0)
        gaps.extend(r.expovariate(1.0) + 0.05 for _ in range(version_builds - 1))
    gaps[0] = 0.0
    span = (app.last_upload - app.first_upload).total_seconds()
    scale = span / sum(gaps)
    times: list[datetime] = []
    elapsed = 0.0
    for gap in gaps:
        elapsed += gap * scale
        times.append(app.first_upload + timedelta(seconds=round(elapsed)))
    times[-1] = app.last_upload
    return times


@functools.cache
def builds_of(app_id: str) -> tuple[BuildRecord, ...]:
    """Every build of the app, oldest first (empty for an unknown app)."""
    app = app_spec(app_id)
    if app is None:
        return ()
    counts = _build_counts(app)
    times = _upload_times(app, counts)
    versions = pre_release_versions(app_id)
    r = rng("build-attributes", app_id)
    number = app.first_build_number
    result: list[BuildRecord] = []
    for version in versions:
        for _ in range(counts[version.index]):
            uploaded = times[len(result)]
            roll = r.random()
            state = "INVALID" if roll < 0.012 else "FAILED" if roll < 0.016 else "VALID"
            audience = "INTERNAL_ONLY" if r.random() < 0.08 else "APP_STORE_ELIGIBLE"
            result.append(
                BuildRecord(
                    id=stable_uuid("build", app_id, number),
                    app_id=app_id,
                    number=number,
                    marketing_version=version.version,
                    version_index=version.index,
                    pre_release_version_id=version.id,
                    uploaded=uploaded,
                    processing_state=state,
                    audience=audience,
                    min_os=MIN_OS_BY_MAJOR.get(version.version.split(".")[0], "17.0"),
                )
            )
            number += r.choice((1, 1, 1, 2, 3))
    newest = result[-1]
    if app_id == NOTES_APP.app_id:
        # Just uploaded: still processing, so App Store Connect has no metrics for it yet.
        result[-1] = _replace_state(newest, "PROCESSING")
    elif newest.processing_state != "VALID":
        result[-1] = _replace_state(newest, "VALID")
    return tuple(result)


def _replace_state(build: BuildRecord, state: str) -> BuildRecord:
    return replace(build, processing_state=state)


@functools.cache
def _build_index() -> dict[str, BuildRecord]:
    return {b.id: b for app in APPS for b in builds_of(app.app_id)}


def build_by_id(build_id: str) -> BuildRecord | None:
    return _build_index().get(build_id)


def all_builds() -> tuple[BuildRecord, ...]:
    return tuple(_build_index().values())


@functools.cache
def _version_index() -> dict[str, PreReleaseVersionRecord]:
    return {v.id: v for app in APPS for v in pre_release_versions(app.app_id)}


def pre_release_version_by_id(version_id: str) -> PreReleaseVersionRecord | None:
    return _version_index().get(version_id)


def newest_build(app_id: str) -> BuildRecord | None:
    builds = builds_of(app_id)
    return builds[-1] if builds else None
