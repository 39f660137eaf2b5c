"""Builds (``builds`` resource) and the app versions they belong to
(``preReleaseVersions``). Apart from ``models.py``: a warm first frame of the apps needs
neither class."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._coerce import as_bool, as_dict, as_opt_str, as_str
from .models import parse_datetime


@dataclass(frozen=True, slots=True)
class Build:
    """A build (``builds`` resource), with its app version when included."""

    id: str
    version: str
    """The build number (CFBundleVersion)."""
    marketing_version: str | None = None
    """The app version (CFBundleShortVersionString), from the preReleaseVersion."""
    platform: str | None = None
    uploaded_date: datetime | None = None
    expiration_date: datetime | None = None
    expired: bool = False
    processing_state: str | None = None
    min_os_version: str | None = None

    @property
    def display_version(self) -> str:
        if self.marketing_version:
            return f"{self.marketing_version} ({self.version})"
        return self.version

    @classmethod
    def from_resource(
        cls, resource: Mapping[str, Any], pre_release: Mapping[str, PreReleaseVersion] | None = None
    ) -> Build:
        # what as_dict/as_str do, done inline for the usual types: a page is 200 of these
        attrs = resource.get("attributes")
        if attrs.__class__ is not dict:
            attrs = as_dict(attrs)
        pre = None
        if pre_release:
            rel = as_dict(as_dict(resource.get("relationships")).get("preReleaseVersion"))
            pre = pre_release.get(as_str(as_dict(rel.get("data")).get("id")))
        version = attrs.get("version")
        state = attrs.get("processingState")
        min_os = attrs.get("minOsVersion")
        identifier = resource.get("id")
        expired = attrs.get("expired")
        return cls(
            identifier if identifier.__class__ is str else as_str(identifier),
            (version if version.__class__ is str else as_str(version)) or "?",
            pre.version if pre else None,
            pre.platform if pre else None,
            parse_datetime(attrs.get("uploadedDate")),
            parse_datetime(attrs.get("expirationDate")),
            expired is True or (expired.__class__ is str and as_bool(expired)),
            (state if state.__class__ is str else as_str(state)) or None,
            (min_os if min_os.__class__ is str else as_str(min_os)) or None,
        )


@dataclass(frozen=True, slots=True)
class PreReleaseVersion:
    """An app version builds belong to (``preReleaseVersions`` resource)."""

    id: str
    version: str
    platform: str | None = None

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> PreReleaseVersion:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            version=as_str(attrs.get("version")),
            platform=as_opt_str(attrs.get("platform")),
        )


def pre_release_versions(included: list[Mapping[str, Any]]) -> dict[str, PreReleaseVersion]:
    return {
        as_str(item.get("id")): PreReleaseVersion.from_resource(item)
        for item in included
        if item.get("type") == "preReleaseVersions"
    }
