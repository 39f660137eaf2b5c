"""The demo's fixed cast: apps, their release histories, and the devices they run on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class AppSpec:
    """One demo app and the shape of its build history."""

    app_id: str
    name: str
    bundle_id: str
    sku: str
    binary: str
    """Executable name, as it appears in signatures and call stacks."""
    versions: tuple[str, ...]
    """Marketing versions (CFBundleShortVersionString), oldest first."""
    builds_per_version: tuple[int, int]
    min_builds: int
    first_build_number: int
    first_upload: datetime
    last_upload: datetime
    has_ipad: bool
    nouns: tuple[str, str]
    """Two domain nouns used to name the app's own classes in call stacks."""


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


REFERENCE_NOW = _utc(2026, 11, 2)
"""The demo's "today": build expiry is computed against this, never the wall clock."""

BIG_APP = AppSpec(
    app_id="1583111882",
    name="Trailhead: Hike & Run",
    bundle_id="com.northpeak.trailhead",
    sku="TRAILHEAD2023",
    binary="Trailhead",
    versions=_words(
        "1.0 1.0.1 1.1 1.2 1.2.1 1.3 1.4 1.5 2.0 2.0.1 2.1 2.2 2.3 2.3.1 2.4 2.5 "
        "3.0 3.0.1 3.1 3.2 3.3 3.3.1 3.4 3.5 3.6 4.0 4.0.1 4.1 4.2 4.3 4.4 4.5"
    ),
    builds_per_version=(11, 22),
    min_builds=528,
    first_build_number=112,
    first_upload=_utc(2023, 11, 6, 17, 5),
    last_upload=_utc(2026, 11, 1, 18, 42),
    has_ipad=True,
    nouns=("Trail", "Track"),
)

LEDGER_APP = AppSpec(
    app_id="1609372514",
    name="Pocket Ledger",
    bundle_id="com.northpeak.pocketledger",
    sku="LEDGER2025",
    binary="PocketLedger",
    versions=("1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3"),
    builds_per_version=(2, 6),
    min_builds=34,
    first_build_number=1,
    first_upload=_utc(2025, 1, 14, 16, 20),
    last_upload=_utc(2026, 10, 21, 20, 3),
    has_ipad=False,
    nouns=("Ledger", "Transaction"),
)

NOTES_APP = AppSpec(
    app_id="1640258831",
    name="Lumen [Beta] Notes",
    bundle_id="com.northpeak.lumen.beta",
    sku="LUMENBETA",
    binary="Lumen",
    versions=("0.9", "0.9.1", "1.0", "1.1"),
    builds_per_version=(2, 4),
    min_builds=12,
    first_build_number=40,
    first_upload=_utc(2026, 5, 4, 9, 12),
    last_upload=_utc(2026, 10, 29, 22, 47),
    has_ipad=True,
    nouns=("Note", "Notebook"),
)

WEATHER_APP = AppSpec(
    app_id="1498807344",
    name="Tidepool Weather",
    bundle_id="com.northpeak.tidepool",
    sku="TIDEPOOL2024",
    binary="Tidepool",
    versions=("3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6"),
    builds_per_version=(2, 5),
    min_builds=22,
    first_build_number=300,
    first_upload=_utc(2024, 3, 2, 15, 0),
    last_upload=_utc(2026, 9, 8, 19, 30),
    has_ipad=True,
    nouns=("Forecast", "Radar"),
)

APPS: tuple[AppSpec, ...] = (BIG_APP, LEDGER_APP, NOTES_APP, WEATHER_APP)


@dataclass(frozen=True)
class Device:
    identifier: str
    """``filter[deviceType]`` value and ``filterCriteria.device``."""
    marketing_name: str
    is_ipad: bool
    speed: float
    """Multiplier for time-like metrics (launch, hangs, hitches): older devices are slower."""
    memory: float
    """Multiplier for memory-like metrics."""


DEVICES: tuple[Device, ...] = (
    Device("all_iphones", "All iPhones", False, 1.0, 1.0),
    Device("all_ipads", "All iPads", True, 0.92, 1.18),
    Device("iPhone14,5", "iPhone 13", False, 1.22, 0.94),
    Device("iPhone15,2", "iPhone 14 Pro", False, 1.04, 1.0),
    Device("iPhone15,3", "iPhone 14 Pro Max", False, 1.01, 1.03),
    Device("iPhone16,1", "iPhone 15 Pro", False, 0.86, 1.05),
    Device("iPhone17,1", "iPhone 16 Pro", False, 0.78, 1.07),
    Device("iPad13,1", "iPad Air (4th generation)", True, 1.15, 1.12),
    Device("iPad14,1", "iPad mini (6th generation)", True, 1.02, 1.1),
)

PERCENTILES: tuple[str, ...] = ("percentile.fifty", "percentile.ninety")


def devices_for(app: AppSpec) -> tuple[Device, ...]:
    return tuple(d for d in DEVICES if app.has_ipad or not d.is_ipad)


OS_VERSIONS: tuple[str, ...] = (
    "iPhone OS 17.5.1 (21F90)",
    "iPhone OS 17.6.1 (21G93)",
    "iPhone OS 18.1 (22B83)",
    "iPhone OS 18.3.2 (22D82)",
    "iPhone OS 18.6 (22G86)",
    "iPhone OS 26.0.1 (23A355)",
)

MIN_OS_BY_MAJOR: dict[str, str] = {"0": "17.0", "1": "16.0", "2": "16.4", "3": "17.0", "4": "17.4"}
