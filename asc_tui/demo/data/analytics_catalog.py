"""The demo's Analytics Reports cast: the report types Apple offers (by category), the
columns of their TSV files, and the report requests each demo app starts with."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .catalog import BIG_APP, LEDGER_APP, NOTES_APP, REFERENCE_NOW

CATEGORIES = ("APP_USAGE", "APP_STORE_ENGAGEMENT", "COMMERCE", "FRAMEWORK_USAGE", "PERFORMANCE")
ACCESS_TYPES = ("ONE_TIME_SNAPSHOT", "ONGOING")
GRANULARITIES = ("DAILY", "WEEKLY", "MONTHLY")

TODAY: date = REFERENCE_NOW.date()
"""The demo's "today" (processing dates are at most yesterday; instances are kept 35 days)."""
RETENTION_DAYS = 35

APP_VERSIONS = ("{app-versions}",)
"""Placeholder values: the app's four newest marketing versions."""


@dataclass(frozen=True)
class Dimension:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    name: str
    low: int
    high: int
    kind: str = "count"
    """count: an integer in [low, high) scaled by the app's size; share: a share
    (low..high percent) of the previous metric; money: like count, two decimals."""


@dataclass(frozen=True)
class ReportKind:
    name: str
    category: str
    dimensions: tuple[Dimension, ...]
    metrics: tuple[Metric, ...]
    rows_per_day: int

    @property
    def combinations(self) -> int:
        """Distinct dimension combinations (rows possible per day)."""
        return math.prod(4 if d.values == APP_VERSIONS else len(d.values) for d in self.dimensions)

    @property
    def columns(self) -> tuple[str, ...]:
        return (
            "Date",
            "App Name",
            "App Apple Identifier",
            *(d.name for d in self.dimensions),
            *(m.name for m in self.metrics),
        )


TERRITORIES = Dimension(
    "Territory",
    (
        "US",
        "GB",
        "DE",
        "FR",
        "JP",
        "CA",
        "AU",
        "NL",
        "SE",
        "BR",
        "MX",
        "IT",
        "ES",
        "KR",
        "CN",
        "IN",
        "CH",
        "NO",
        "DK",
        "NZ",
    ),
)
DEVICES = Dimension("Device", ("iPhone", "iPad", "Mac", "Apple Vision Pro"))
PLATFORM_VERSIONS = Dimension(
    "Platform Version",
    ("iOS 17.6", "iOS 18.6", "iOS 26.0", "iOS 26.1", "iPadOS 18.6", "iPadOS 26.0"),
)
SOURCE_TYPES = Dimension(
    "Source Type",
    (
        "App Store search",
        "App Store browse",
        "App referrer",
        "Web referrer",
        "Institutional purchase",
        "Unavailable",
    ),
)
SOURCE_INFO = Dimension(
    "Source Info",
    ("", "com.google.ios.youtube", "www.reddit.com", "com.burbn.instagram", "duckduckgo.com"),
)
CAMPAIGNS = Dimension("Campaign", ("", "spring_launch", "newsletter-2026-10"))
PAGE_TYPES = Dimension("Page Type", ("Product page", "Store sheet", "In-app event", "Search"))
PAGE_TITLES = Dimension(
    "Page Title",
    ("Default product page", 'Custom page "Summit"', "Winter sale \u2013 40% off", "Trail's end"),
)
"""Apple's titles are free text: quotes and apostrophes appear literally in the TSV."""
VERSIONS = Dimension("App Version", APP_VERSIONS)
DOWNLOAD_TYPES = Dimension(
    "Download Type", ("First-time download", "Redownload", "Auto-update", "Manual update")
)

COUNTS = Metric("Counts", 1, 900)
UNIQUE_DEVICES = Metric("Unique Devices", 55, 95, "share")

REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "App Store Discovery and Engagement Standard",
        "APP_STORE_ENGAGEMENT",
        (
            Dimension("Event", ("Impression", "Page view", "Tap")),
            PAGE_TYPES,
            SOURCE_TYPES,
            DEVICES,
            PLATFORM_VERSIONS,
            TERRITORIES,
        ),
        (COUNTS, Metric("Unique Counts", 50, 90, "share")),
        40,
    ),
    ReportKind(
        "App Store Discovery and Engagement Detailed",
        "APP_STORE_ENGAGEMENT",
        (
            Dimension("Event", ("Impression", "Page view", "Tap")),
            PAGE_TYPES,
            PAGE_TITLES,
            SOURCE_TYPES,
            SOURCE_INFO,
            CAMPAIGNS,
            DEVICES,
            PLATFORM_VERSIONS,
            TERRITORIES,
        ),
        (COUNTS, Metric("Unique Counts", 50, 90, "share")),
        70,
    ),
    ReportKind(
        "App Downloads Standard",
        "COMMERCE",
        (DOWNLOAD_TYPES, VERSIONS, DEVICES, PLATFORM_VERSIONS, SOURCE_TYPES, TERRITORIES),
        (COUNTS,),
        50,
    ),
    ReportKind(
        "App Downloads Detailed",
        "COMMERCE",
        (
            DOWNLOAD_TYPES,
            VERSIONS,
            DEVICES,
            PLATFORM_VERSIONS,
            SOURCE_TYPES,
            SOURCE_INFO,
            CAMPAIGNS,
            PAGE_TYPES,
            PAGE_TITLES,
            Dimension("Pre Order", ("No", "Yes")),
            TERRITORIES,
        ),
        (COUNTS,),
        80,
    ),
    ReportKind(
        "App Store Purchases Standard",
        "COMMERCE",
        (
            Dimension("Purchase Type", ("In-app purchase", "Auto-renewable subscription")),
            Dimension("Content Name", ("Pro (Monthly)", "Pro (Yearly)", 'Map Pack "Alps"')),
            Dimension("Payment Method", ("Card", "Carrier billing", "Store credit")),
            DEVICES,
            TERRITORIES,
        ),
        (
            Metric("Purchases", 1, 60),
            Metric("Proceeds in USD", 70, 85, "money"),
            Metric("Paying Users", 80, 99, "share"),
        ),
        25,
    ),
    ReportKind(
        "App Sessions Standard",
        "APP_USAGE",
        (VERSIONS, DEVICES, PLATFORM_VERSIONS, SOURCE_TYPES, TERRITORIES),
        (Metric("Sessions", 5, 2400), Metric("Total Session Duration", 90, 400), UNIQUE_DEVICES),
        45,
    ),
    ReportKind(
        "App Sessions Detailed",
        "APP_USAGE",
        (
            VERSIONS,
            DEVICES,
            PLATFORM_VERSIONS,
            SOURCE_TYPES,
            SOURCE_INFO,
            CAMPAIGNS,
            TERRITORIES,
        ),
        (Metric("Sessions", 5, 2400), Metric("Total Session Duration", 90, 400), UNIQUE_DEVICES),
        90,
    ),
    ReportKind(
        "App Installations and Deletions Standard",
        "APP_USAGE",
        (
            Dimension("Event", ("Install", "Delete")),
            DOWNLOAD_TYPES,
            VERSIONS,
            DEVICES,
            PLATFORM_VERSIONS,
            SOURCE_TYPES,
            TERRITORIES,
        ),
        (COUNTS, UNIQUE_DEVICES),
        40,
    ),
    ReportKind(
        "App Opt In",
        "APP_USAGE",
        (DEVICES, PLATFORM_VERSIONS, TERRITORIES),
        (Metric("Opt-In Devices", 1, 300), Metric("Opt-In Rate", 20, 60, "share")),
        15,
    ),
    ReportKind(
        "Home Screen Widget Installs",
        "FRAMEWORK_USAGE",
        (
            Dimension("Widget Family", ("Small", "Medium", "Large", "Lock Screen")),
            DEVICES,
            PLATFORM_VERSIONS,
            TERRITORIES,
        ),
        (COUNTS, UNIQUE_DEVICES),
        20,
    ),
    ReportKind(
        "App Intents Usage",
        "FRAMEWORK_USAGE",
        (
            Dimension("Intent", ("OpenIntent", "ShowStatusIntent", "StartSessionIntent")),
            Dimension("Invocation Source", ("Siri", "Shortcuts", "Spotlight", "Action button")),
            DEVICES,
            PLATFORM_VERSIONS,
        ),
        (Metric("Invocations", 1, 400), UNIQUE_DEVICES),
        20,
    ),
    ReportKind(
        "Photos Picker Usage",
        "FRAMEWORK_USAGE",
        (
            Dimension("Event", ("Picker presented", "Assets selected", "Cancelled")),
            DEVICES,
            PLATFORM_VERSIONS,
        ),
        (COUNTS, UNIQUE_DEVICES),
        12,
    ),
    ReportKind(
        "App Crashes",
        "PERFORMANCE",
        (VERSIONS, DEVICES, PLATFORM_VERSIONS),
        (Metric("Crashes", 1, 40), UNIQUE_DEVICES),
        20,
    ),
    ReportKind(
        "App Crashes Expanded",
        "PERFORMANCE",
        (
            VERSIONS,
            Dimension(
                "Crash Type",
                (
                    "EXC_BAD_ACCESS (SIGSEGV)",
                    "EXC_CRASH (SIGABRT)",
                    "EXC_BREAKPOINT (SIGTRAP)",
                    "Watchdog (0x8badf00d)",
                ),
            ),
            DEVICES,
            PLATFORM_VERSIONS,
            TERRITORIES,
        ),
        (Metric("Crashes", 1, 40), UNIQUE_DEVICES),
        35,
    ),
)

APP_SCALE = {BIG_APP.app_id: 8, LEDGER_APP.app_id: 2, NOTES_APP.app_id: 1}
"""How much busier an app is than the smallest (multiplies counts)."""


@dataclass(frozen=True)
class RequestSeed:
    app_id: str
    access_type: str
    requested: date
    stopped_on: date | None = None
    """ONGOING requests Apple stopped for inactivity: no instances after this day."""


REQUEST_SEEDS: tuple[RequestSeed, ...] = (
    RequestSeed(BIG_APP.app_id, "ONGOING", date(2025, 3, 18)),
    RequestSeed(BIG_APP.app_id, "ONE_TIME_SNAPSHOT", date(2026, 10, 10)),
    RequestSeed(LEDGER_APP.app_id, "ONGOING", date(2026, 10, 20)),
    RequestSeed(NOTES_APP.app_id, "ONGOING", date(2026, 6, 2), stopped_on=date(2026, 10, 13)),
)
"""Tidepool Weather has no request yet: create one there."""

BIG_SEGMENT_REPORT = "App Sessions Detailed"
BIG_SEGMENT_DATE = date(2026, 11, 1)
BIG_SEGMENT_ROWS = 210_000
"""The MONTHLY "App Sessions Detailed" instance of Trailhead's ONGOING request processed on
BIG_SEGMENT_DATE has one segment of this many rows (see landmarks.BIG_SEGMENT_INSTANCE_ID)."""
ROWS_PER_SEGMENT = 1000
