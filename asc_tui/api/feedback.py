"""TestFlight feedback resources: crash submissions (``betaFeedbackCrashSubmissions``), their
crash logs (``betaCrashLogs``) and screenshot submissions
(``betaFeedbackScreenshotSubmissions``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ._coerce import as_dict, as_dicts, as_int, as_str
from .models import parse_datetime
from .query import filters

FeedbackKind = Literal["betaFeedbackCrashSubmissions", "betaFeedbackScreenshotSubmissions"]
CRASHES: FeedbackKind = "betaFeedbackCrashSubmissions"
SCREENSHOTS: FeedbackKind = "betaFeedbackScreenshotSubmissions"
PLATFORMS = ("IOS", "MAC_OS", "TV_OS", "VISION_OS")
"""Values of the ``appPlatform`` and ``devicePlatform`` filters."""


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    """Which submissions to list: Apple's filters of ``betaFeedbackCrashSubmissions`` and
    ``betaFeedbackScreenshotSubmissions`` (IDs for build, pre-release version and tester;
    an empty value does not filter)."""

    build: str = ""
    pre_release_version: str = ""
    device_model: str = ""
    os_version: str = ""
    tester: str = ""
    app_platform: str = ""
    device_platform: str = ""

    def params(self) -> dict[str, str]:
        return filters(
            **{
                "build": self.build,
                "build.preReleaseVersion": self.pre_release_version,
                "deviceModel": self.device_model,
                "osVersion": self.os_version,
                "tester": self.tester,
                "appPlatform": self.app_platform,
                "devicePlatform": self.device_platform,
            }
        )


NO_FILTER = FeedbackFilter()


def _related_id(resource: Mapping[str, Any], name: str) -> str:
    relationship = as_dict(as_dict(resource.get("relationships")).get(name))
    return as_str(as_dict(relationship.get("data")).get("id"))


def build_numbers(included: list[Mapping[str, Any]]) -> dict[str, str]:
    """Build id → build number, from a page's ``included`` builds."""
    return {
        as_str(item.get("id")): as_str(as_dict(item.get("attributes")).get("version"))
        for item in included
        if item.get("type") == "builds"
    }


@dataclass(frozen=True, slots=True)
class FeedbackSubmission:
    """What crash and screenshot submissions share: who sent it, from which device."""

    id: str
    created: datetime | None = None
    comment: str = ""
    email: str = ""
    device_model: str = ""
    os_version: str = ""
    locale: str = ""
    architecture: str = ""
    connection_type: str = ""
    battery_percentage: int | None = None
    app_uptime_ms: int | None = None
    app_platform: str = ""
    device_platform: str = ""
    """Where it ran: ``MAC_OS`` for an iOS app on a Mac, ``VISION_OS`` on Vision Pro…"""
    build_bundle_id: str = ""
    build_id: str = ""
    build_number: str = ""
    tester_id: str = ""

    @staticmethod
    def fields(resource: Mapping[str, Any], builds: Mapping[str, str]) -> dict[str, Any]:
        attrs = as_dict(resource.get("attributes"))
        battery, uptime = attrs.get("batteryPercentage"), attrs.get("appUptimeInMilliseconds")
        build_id = _related_id(resource, "build")
        return {
            "id": as_str(resource.get("id")),
            "created": parse_datetime(attrs.get("createdDate")),
            "comment": as_str(attrs.get("comment")),
            "email": as_str(attrs.get("email")),
            "device_model": as_str(attrs.get("deviceModel")),
            "os_version": as_str(attrs.get("osVersion")),
            "locale": as_str(attrs.get("locale")),
            "architecture": as_str(attrs.get("architecture")),
            "connection_type": as_str(attrs.get("connectionType")),
            "battery_percentage": as_int(battery) if isinstance(battery, int) else None,
            "app_uptime_ms": as_int(uptime) if isinstance(uptime, int) else None,
            "app_platform": as_str(attrs.get("appPlatform")),
            "device_platform": as_str(attrs.get("devicePlatform")),
            "build_bundle_id": as_str(attrs.get("buildBundleId")),
            "build_id": build_id,
            "build_number": builds.get(build_id, ""),
            "tester_id": _related_id(resource, "tester"),
        }


@dataclass(frozen=True, slots=True)
class CrashSubmission(FeedbackSubmission):
    @classmethod
    def from_resource(
        cls, resource: Mapping[str, Any], builds: Mapping[str, str] | None = None
    ) -> CrashSubmission:
        return cls(**cls.fields(resource, builds or {}))


@dataclass(frozen=True, slots=True)
class Screenshot:
    url: str
    width: int = 0
    height: int = 0
    expires: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScreenshotSubmission(FeedbackSubmission):
    screenshots: list[Screenshot] = field(default_factory=list)

    @classmethod
    def from_resource(
        cls, resource: Mapping[str, Any], builds: Mapping[str, str] | None = None
    ) -> ScreenshotSubmission:
        images = as_dicts(as_dict(resource.get("attributes")).get("screenshots"))
        shots = [
            Screenshot(
                url=as_str(image.get("url")),
                width=as_int(image.get("width")),
                height=as_int(image.get("height")),
                expires=parse_datetime(image.get("expirationDate")),
            )
            for image in images
            if as_str(image.get("url"))
        ]
        return cls(**cls.fields(resource, builds or {}), screenshots=shots)


def crash_log_text(document: Any) -> str:
    """``logText`` of a ``BetaCrashLogResponse``."""
    data = as_dict(as_dict(document).get("data"))
    return as_str(as_dict(data.get("attributes")).get("logText"))
