"""Typed models of the JSON:API resources used by asc-tui (apps, builds, signatures).

Parsers accept what the API really sends: null or missing attributes, unknown keys and
relationships without data. Metrics and log documents live in ``metrics.py``/``logs.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from ._coerce import as_bool, as_dict, as_dicts, as_float, as_opt_str, as_str


def parse_datetime(value: Any) -> datetime | None:
    text = value if value.__class__ is str else as_str(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class App:
    """An app (``apps`` resource)."""

    id: str
    name: str
    bundle_id: str = ""
    sku: str = ""
    primary_locale: str = ""

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> App:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            name=as_str(attrs.get("name")) or as_str(attrs.get("bundleId")) or "(unnamed app)",
            bundle_id=as_str(attrs.get("bundleId")),
            sku=as_str(attrs.get("sku")),
            primary_locale=as_str(attrs.get("primaryLocale")),
        )


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


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """A metric's value in an earlier version that an insight compares with."""

    version: str
    value: float | None


@dataclass(frozen=True, slots=True)
class SignatureInsight:
    """Apple's insight on a diagnostic signature: which way it moved, against which versions."""

    insight_type: str
    direction: str
    """UP, DOWN or UNDEFINED."""
    reference_versions: tuple[ReferenceValue, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> SignatureInsight | None:
        obj = as_dict(data)
        if not obj:
            return None
        return cls(
            insight_type=as_str(obj.get("insightType")),
            direction=as_str(obj.get("direction"), "UNDEFINED"),
            reference_versions=tuple(
                ReferenceValue(as_str(ref.get("version")), as_float(ref.get("value")))
                for ref in as_dicts(obj.get("referenceVersions"))
            ),
        )


@dataclass(frozen=True, slots=True)
class DiagnosticSignature:
    """A diagnostic signature of a build (``diagnosticSignatures`` resource)."""

    id: str
    diagnostic_type: str
    """DISK_WRITES, HANGS or LAUNCHES (or something newer)."""
    signature: str
    weight: float
    insight: SignatureInsight | None = None

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> DiagnosticSignature:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            diagnostic_type=as_str(attrs.get("diagnosticType"), "UNKNOWN"),
            signature=as_str(attrs.get("signature")) or "(no signature)",
            weight=as_float(attrs.get("weight")) or 0.0,
            insight=SignatureInsight.from_json(attrs.get("insight")),
        )


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The API budget from the ``X-Rate-Limit`` header: the hourly limit and what is left."""

    limit: int | None
    remaining: int | None

    @classmethod
    def from_header(cls, value: str | None) -> RateLimit | None:
        """Parse ``user-hour-lim:3600;user-hour-rem:3121;``."""
        if not value:
            return None
        fields: dict[str, int] = {}
        for part in value.split(";"):
            key, sep, number = part.partition(":")
            if sep and number.strip().isdigit():
                fields[key.strip()] = int(number.strip())
        if not fields:
            return None
        return cls(limit=fields.get("user-hour-lim"), remaining=fields.get("user-hour-rem"))


@dataclass(slots=True)
class Page:
    """One page of a JSON:API collection."""

    data: list[Mapping[str, Any]]
    included: list[Mapping[str, Any]] = field(default_factory=list)
    next_url: str | None = None
    total: int | None = None
