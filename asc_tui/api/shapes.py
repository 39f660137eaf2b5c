"""The shapes (see ``jsonio.loads``) that msgspec reads large pages into: only the members
the parsers in ``builds.py`` read. Kept apart from the models: a TypedDict costs a
fraction of a millisecond to create, and the warm start's first frame needs none."""

from __future__ import annotations

from typing import Any, TypedDict


class _BuildAttributes(TypedDict, total=False):
    """What Build and PreReleaseVersion read of a resource's attributes."""

    version: Any
    platform: Any
    uploadedDate: Any
    expirationDate: Any
    expired: Any
    processingState: Any
    minOsVersion: Any


class _ToOne(TypedDict, total=False):
    data: Any


class _BuildRelationships(TypedDict, total=False):
    preReleaseVersion: _ToOne | None


class _BuildResource(TypedDict, total=False):
    type: Any
    id: Any
    attributes: _BuildAttributes | None
    relationships: _BuildRelationships | None


class BuildsPage(TypedDict, total=False):
    """The shape (see ``jsonio.loads``) of a page of builds with their preReleaseVersions
    included: every member :meth:`Build.from_resource`, :func:`pre_release_versions` and
    ``parse_page`` read, and nothing else."""

    data: list[_BuildResource]
    included: list[_BuildResource]
    links: Any
    meta: Any
